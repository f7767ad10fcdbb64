"""The multi-agency chronology: entries, corrections, filters, the family view and exports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.chronology import selectors, services
from righthelp.chronology.models import ChronologyEntry
from righthelp.chronology.selectors import ChronologyFilter, ChronologyItem
from righthelp.consent.services import consent_record, consent_withdraw, lawful_basis_record
from righthelp.consent.tests.factories import VALID
from righthelp.people.models import Address, Household, HouseholdMember, Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def add(
    actor: User,
    person: Person,
    what: str = "Missed school",
    on: date = date(2026, 9, 1),
    significance: str = "routine",
    **kw: Any,
) -> ChronologyEntry:
    return services.chronology_entry_add(
        actor=actor,
        person=person,
        occurred_on=on,
        what_happened=what,
        significance=significance,
        **kw,
    )


def entries_seen(user: User, person: Person, **filters: Any) -> list[str]:
    _, page = selectors.person_chronology(
        user=user, person_id=person.pk, chronology_filter=ChronologyFilter(**filters), per_page=500
    )
    return [i.description for i in page.object_list if i.entry is not None]


def test_adding_an_entry_records_it_with_provenance_and_one_event(cast: Cast) -> None:
    entry = add(cast.involved, cast.child, impact_on_child="Hungry in class")

    assert entry.source_agency == cast.involved.organisation
    assert entry.recorded_by == cast.involved
    assert Event.objects.filter(verb=Verb.CHRONOLOGY_ENTRY_ADDED).count() == 1


def test_an_entry_cannot_be_dated_in_the_future(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        add(cast.involved, cast.child, on=timezone.localdate() + timedelta(days=1))


def test_a_user_who_cannot_see_the_child_cannot_add_an_entry(cast: Cast) -> None:
    with pytest.raises(Http404):
        add(cast.practitioner, cast.child)


def test_a_correction_adds_an_amendment_and_keeps_the_original_marked_corrected(cast: Cast) -> None:
    original = add(cast.involved, cast.child, what="Seen with a bruise on the left arm")

    amendment = services.chronology_entry_amend(
        actor=cast.involved,
        entry=original,
        occurred_on=original.occurred_on,
        what_happened="Seen with a bruise on the right arm",
        significance="significant",
    )

    original.refresh_from_db()
    assert original.what_happened == "Seen with a bruise on the left arm"
    assert amendment.amends == original
    _, page = selectors.person_chronology(user=cast.involved, person_id=cast.child.pk)
    by_entry = {i.entry.pk: i for i in page.object_list if i.entry is not None}
    assert by_entry[original.pk].corrected is True
    assert by_entry[amendment.pk].corrects == original
    assert Event.objects.filter(verb=Verb.CHRONOLOGY_ENTRY_AMENDED).count() == 1
    with pytest.raises(ValidationError):
        services.chronology_entry_amend(
            actor=cast.involved,
            entry=original,
            occurred_on=original.occurred_on,
            what_happened="again",
            significance="routine",
        )


def test_the_chronology_merges_typed_events_and_entries_newest_first(cast: Cast) -> None:
    add(cast.involved, cast.child, what="Older", on=date(2020, 1, 1))
    lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="Injuries seen at school",
        parents_told=True,
        share_with=["early_help"],
    )
    add(cast.involved, cast.child, what="Newer", on=timezone.localdate())

    _, page = selectors.person_chronology(user=cast.involved, person_id=cast.child.pk)

    dates = [i.occurred_on for i in page.object_list]
    assert dates == sorted(dates, reverse=True)
    assert [i.event.verb for i in page.object_list if i.event] == [Verb.LAWFUL_BASIS_RECORDED]
    assert page.object_list[-1].description == "Older"


def test_filters_by_significance_date_agency_and_kind(cast: Cast) -> None:
    add(cast.involved, cast.child, what="Routine", on=date(2026, 1, 5))
    add(cast.involved, cast.child, what="Critical", on=date(2026, 3, 5), significance="critical")
    add(cast.team_member, cast.child, what="Early help", on=date(2026, 2, 5))

    assert entries_seen(cast.involved, cast.child, significant_only=True) == ["Critical"]
    assert entries_seen(cast.involved, cast.child, significance="routine") == ["Routine"]
    assert entries_seen(
        cast.involved, cast.child, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)
    ) == ["Routine"]
    assert entries_seen(
        cast.team_member, cast.child, agency_id=cast.team_member.organisation_id
    ) == ["Early help"]
    lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="Injuries seen at school",
        parents_told=True,
        share_with=["early_help"],
    )
    _, page = selectors.person_chronology(
        user=cast.involved,
        person_id=cast.child.pk,
        chronology_filter=ChronologyFilter(kind=Verb.LAWFUL_BASIS_RECORDED.value),
    )
    assert [i.event.verb for i in page.object_list if i.event] == [Verb.LAWFUL_BASIS_RECORDED]
    assert all(i.entry is None for i in page.object_list)


def test_another_agencys_entry_is_shown_only_with_consent_or_lawful_basis(cast: Cast) -> None:
    add(cast.involved, cast.child, what="From the school")

    assert entries_seen(cast.team_member, cast.child) == []
    lawful_basis_record(
        actor=cast.team_member,
        person=cast.child,
        basis="safeguarding",
        reasons="Injuries seen at school",
        parents_told=True,
        share_with=["early_help"],
    )
    assert entries_seen(cast.team_member, cast.child) == ["From the school"]


def family(cast: Cast) -> Person:
    home = Household.objects.create(
        address=Address.objects.create(line1="1 Elm Road", town="Hull", postcode="HU1 1AA")
    )
    sibling = PersonFactory(given_name="Ruby", family_name="Fletcher", kind="child")
    for child in (cast.child, sibling):
        HouseholdMember.objects.create(household=home, person=child)
    return sibling


def test_the_family_view_shows_every_childs_entries_marked_with_whose(cast: Cast) -> None:
    sibling = family(cast)
    InvolvementFactory(person=sibling, user=cast.involved)
    add(cast.involved, sibling, what="Ruby's entry")
    add(cast.involved, cast.child, what="Kayden's entry")

    _, children, page = selectors.family_chronology(user=cast.involved, person_id=cast.child.pk)

    assert {c.pk for c in children} == {cast.child.pk, sibling.pk}
    whose = {i.description: i.person_names for i in page.object_list if i.entry is not None}
    assert whose == {"Ruby's entry": ["Ruby Fletcher"], "Kayden's entry": ["Kayden Fletcher"]}


def test_the_family_view_is_refused_when_one_child_is_not_visible(
    cast: Cast, client: Client
) -> None:
    family(cast)  # the sibling has no involvement for anyone

    with pytest.raises(Http404):
        selectors.family_chronology(user=cast.involved, person_id=cast.child.pk)
    client.force_login(cast.involved)
    response = client.get(reverse("chronology:family", kwargs={"person_id": cast.child.pk}))
    assert response.status_code == 404


def test_the_export_excludes_entries_the_exporter_cannot_see_and_is_logged(
    cast: Cast, client: Client
) -> None:
    add(cast.involved, cast.child, what="School only: seen hungry")
    add(cast.team_member, cast.child, what="Early help visit")
    client.force_login(cast.team_member)

    url = reverse("chronology:export-csv", kwargs={"person_id": cast.child.pk})
    response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Early help visit" in body
    assert "School only" not in body
    log = AccessRecord.objects.get(action=AccessAction.EXPORT)
    assert log.user == cast.team_member
    assert log.detail["format"] == "csv"


def test_the_pdf_export_is_a_pdf_and_is_logged(cast: Cast, client: Client) -> None:
    add(cast.involved, cast.child, what="Seen hungry")
    client.force_login(cast.involved)

    response = client.get(reverse("chronology:export-pdf", kwargs={"person_id": cast.child.pk}))

    assert response.content.startswith(b"%PDF")
    assert AccessRecord.objects.filter(action=AccessAction.EXPORT, user=cast.involved).exists()


def test_reading_the_chronology_is_logged(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    client.get(reverse("chronology:person", kwargs={"person_id": cast.child.pk}))

    assert AccessRecord.objects.filter(
        action=AccessAction.VIEW_CHRONOLOGY, user=cast.involved
    ).exists()


def test_adding_an_entry_on_the_page_redirects_with_a_banner(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    data = {
        "occurred_on-day": "3",
        "occurred_on-month": "9",
        "occurred_on-year": "2026",
        "what_happened": "Told a teacher about a row at home",
        "significance": "significant",
    }

    response = client.post(url, data, follow=True)

    assert response.redirect_chain[-1][0].endswith(
        reverse("chronology:person", kwargs={"person_id": cast.child.pk})
    )
    assert "The entry has been added" in response.content.decode()
    assert ChronologyEntry.objects.get().significance == "significant"


def test_a_form_with_mistakes_shows_the_error_summary_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})

    response = client.post(url, {"what_happened": "Kept this text", "significance": "routine"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Kept this text" in page
    assert not ChronologyEntry.objects.exists()


def test_an_impossible_date_range_shows_an_error_and_keeps_the_filter(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:person", kwargs={"person_id": cast.child.pk})

    response = client.get(
        url,
        {
            "date_from-day": "5",
            "date_from-month": "3",
            "date_from-year": "2026",
            "date_to-day": "1",
            "date_to-month": "3",
            "date_to-year": "2026",
        },
    )

    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="2026"' in page


def test_consent_covering_the_readers_agency_shows_another_agencys_entry_until_withdrawn(
    cast: Cast,
) -> None:
    add(cast.involved, cast.child, what="From the school")
    consent = consent_record(
        actor=cast.involved,
        person=cast.child,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=["early_help"],
        method="verbal",
        validity=VALID,
    )
    assert entries_seen(cast.team_member, cast.child) == ["From the school"]

    consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo Fletcher", method="verbal"
    )
    assert entries_seen(cast.team_member, cast.child) == []


def test_after_a_withdrawal_only_the_agencies_a_lawful_basis_names_still_see_other_entries(
    cast: Cast,
) -> None:
    from righthelp.accounts.models import OrganisationKind, Role
    from righthelp.accounts.tests.factories import OrganisationFactory, UserFactory

    health = OrganisationFactory(name="Health visiting", kind=OrganisationKind.HEALTH)
    health_visitor = UserFactory(organisation=health, roles=[Role.PRACTITIONER])
    InvolvementFactory(person=cast.child, user=health_visitor, organisation=health)
    add(cast.involved, cast.child, what="From the school")
    consent = consent_record(
        actor=cast.involved,
        person=cast.child,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=["all"],
        method="verbal",
        validity=VALID,
    )
    # Sharing with health without consent, recorded for health alone.
    lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="Bruising the health visitor must know about",
        parents_told=True,
        share_with=["health"],
    )
    assert entries_seen(cast.team_member, cast.child) == ["From the school"]
    assert entries_seen(health_visitor, cast.child) == ["From the school"]

    consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo Fletcher", method="verbal"
    )

    assert entries_seen(cast.team_member, cast.child) == []
    assert entries_seen(health_visitor, cast.child) == ["From the school"]
    assert entries_seen(cast.involved, cast.child) == ["From the school"]  # their own


def test_the_record_of_another_agencys_entry_does_not_leak_through_its_event(cast: Cast) -> None:
    add(cast.involved, cast.child, what="From the school", significance="critical")

    _, page = selectors.person_chronology(user=cast.team_member, person_id=cast.child.pk)

    assert page.object_list == []


def test_a_family_export_is_refused_when_one_child_is_not_visible(
    cast: Cast, client: Client
) -> None:
    family(cast)
    client.force_login(cast.involved)

    url = reverse("chronology:export-csv", kwargs={"person_id": cast.child.pk})
    response = client.get(url, {"family": "1"})

    assert response.status_code == 404
    assert not AccessRecord.objects.filter(action=AccessAction.EXPORT).exists()


def test_correcting_on_the_page_prefills_the_entry_and_shows_both_after_saving(
    cast: Cast, client: Client
) -> None:
    original = add(cast.involved, cast.child, what="Seen with a bruise on the left arm")
    client.force_login(cast.involved)
    url = reverse("chronology:entry-amend", kwargs={"entry_id": original.pk})

    assert "Seen with a bruise on the left arm" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "occurred_on-day": "1",
            "occurred_on-month": "9",
            "occurred_on-year": "2026",
            "what_happened": "Seen with a bruise on the right arm",
            "significance": "significant",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "The correction has been added" in page
    assert "left arm" in page and "right arm" in page
    assert "Corrected" in page
    assert ChronologyEntry.objects.count() == 2


def test_the_family_page_marks_each_line_with_whose_it_is(cast: Cast, client: Client) -> None:
    sibling = family(cast)
    InvolvementFactory(person=sibling, user=cast.involved)
    add(cast.involved, sibling, what="Ruby's entry")
    client.force_login(cast.involved)

    response = client.get(reverse("chronology:family", kwargs={"person_id": cast.child.pk}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ruby Fletcher: Entry" in page


def test_pages_follow_on_from_each_other_in_the_same_order_as_the_whole(cast: Cast) -> None:
    for n in range(7):
        add(cast.involved, cast.child, what=f"Entry {n}", on=date(2026, 1, 1 + n % 3))
        lawful_basis_record(
            actor=cast.involved,
            person=cast.child,
            basis="safeguarding",
            reasons=f"Reason {n}",
            parents_told=True,
            share_with=["early_help"],
        )
    _, whole = selectors.person_chronology(
        user=cast.involved, person_id=cast.child.pk, per_page=100
    )

    paged: list[ChronologyItem] = []
    for number in range(1, 6):
        _, page = selectors.person_chronology(
            user=cast.involved, person_id=cast.child.pk, per_page=3, page_number=number
        )
        paged += page.object_list

    assert len(whole.object_list) == 14
    assert [i.key for i in paged] == [i.key for i in whole.object_list]


def test_every_page_counts_the_whole_chronology_and_a_page_past_the_end_is_the_last(
    cast: Cast,
) -> None:
    # Given 7 entries and 7 typed events: a page of 3 reaches less far than either source, a
    # page of 10 further than each, a page of 20 past both
    for n in range(7):
        add(cast.involved, cast.child, what=f"Entry {n}", on=date(2026, 1, 1 + n))
        lawful_basis_record(
            actor=cast.involved,
            person=cast.child,
            basis="safeguarding",
            reasons=f"Reason {n}",
            parents_told=True,
            share_with=["early_help"],
        )
    _, whole = selectors.person_chronology(
        user=cast.involved, person_id=cast.child.pk, per_page=100
    )
    assert len(whole.object_list) == 14
    for per_page, number in [(3, 1), (3, 2), (3, 5), (10, 1), (10, 2), (20, 1)]:
        _, page = selectors.person_chronology(
            user=cast.involved, person_id=cast.child.pk, per_page=per_page, page_number=number
        )
        # Then each counts all 14 lines and shows its own
        assert page.paginator.count == 14
        start = (number - 1) * per_page
        expected = whole.object_list[start : start + per_page]
        assert [i.key for i in page.object_list] == [i.key for i in expected]
    # and a page number past the end, or not a number, shows the last or the first page
    _, past = selectors.person_chronology(
        user=cast.involved, person_id=cast.child.pk, per_page=3, page_number=99
    )
    assert past.number == 5 and [i.key for i in past.object_list] == [
        i.key for i in whole.object_list[12:]
    ]
    _, odd = selectors.person_chronology(
        user=cast.involved, person_id=cast.child.pk, per_page=3, page_number="x"
    )
    assert odd.number == 1 and [i.key for i in odd.object_list] == [
        i.key for i in whole.object_list[:3]
    ]


def test_the_family_view_reads_the_same_number_of_queries_for_two_children_as_for_five(
    cast: Cast,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = Household.objects.create(
        address=Address.objects.create(line1="1 Elm Road", town="Hull", postcode="HU1 1AA")
    )
    HouseholdMember.objects.create(household=home, person=cast.child)

    def sibling(name: str) -> None:
        child = PersonFactory(given_name=name, family_name="Fletcher", kind="child")
        HouseholdMember.objects.create(household=home, person=child)
        InvolvementFactory(person=child, user=cast.involved)
        add(cast.involved, child, what=f"{name}'s entry")
        lawful_basis_record(
            actor=cast.involved,
            person=child,
            basis="safeguarding",
            reasons="Injuries seen at school",
            parents_told=True,
            share_with=["early_help"],
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _, children, page = selectors.family_chronology(
                user=cast.involved, person_id=cast.child.pk
            )
        assert len({i.description for i in page.object_list if i.entry}) == len(children) - 1
        return len(captured)

    sibling("Ruby")
    two = queries()
    for name in ("Amir", "Bea", "Cal"):
        sibling(name)
    assert queries() == two


ENTRY_ON_THE_PAGE = {
    "occurred_on-day": "3",
    "occurred_on-month": "9",
    "occurred_on-year": "2025",
    "significance": "routine",
}


def test_the_entry_page_states_the_limit_and_lets_no_browser_cut_the_text(
    cast: Cast, client: Client
) -> None:
    # Given the page for adding an entry
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    page = client.get(url).content.decode()
    # Then each long text box says its limit, and none has a maxlength for a browser to cut at
    # (a browser dropped, without a word, all but 4,834 of 10,000 characters typed)
    assert page.count("You can enter up to 5,000 characters") == 2
    assert 'data-module="govuk-character-count" data-maxlength="5000"' in page
    assert " maxlength=" not in page


def test_an_over_long_entry_is_refused_with_an_error_that_keeps_every_character(
    cast: Cast, client: Client
) -> None:
    # Given 10,000 characters typed as what happened
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    typed = ("Mum said the landlord shouted 🙂 again.\r\n" * 250)[:10000]
    # When the entry is saved
    response = client.post(url, {**ENTRY_ON_THE_PAGE, "what_happened": typed})
    # Then it is refused, saying why, and the page still holds all of it
    page = response.content.decode()
    assert response.status_code == 200
    assert "What happened must be 5,000 characters or fewer" in page
    assert typed.replace("\r\n", "\n") in page
    assert not ChronologyEntry.objects.exists()


def test_an_entry_at_the_limit_is_saved_whole(cast: Cast, client: Client) -> None:
    # Given exactly 5,000 characters, counting each line break (sent as CR LF) and emoji as one
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    line = "Seen at the gate, no coat 🧥\r\n"
    text = (line * 200)[: 5000 + (5000 // (len(line) - 1))]
    text = text.replace("\r\n", "\n")[:5000].replace("\n", "\r\n")
    assert len(text.replace("\r\n", "\n")) == 5000
    # When the entry is saved
    response = client.post(url, {**ENTRY_ON_THE_PAGE, "what_happened": text})
    # Then it is saved, every character of it
    assert response.status_code == 302
    assert ChronologyEntry.objects.get().what_happened == text.replace("\r\n", "\n")


def test_an_entry_from_another_agency_shows_who_recorded_it_and_the_source_apart(
    cast: Cast, client: Client
) -> None:
    # Given an early help worker who types in what the police told them
    from righthelp.accounts.models import OrganisationKind
    from righthelp.accounts.tests.factories import OrganisationFactory

    police = OrganisationFactory(name="Humberside Police", kind=OrganisationKind.POLICE)
    worker = cast.team_member
    assert worker.organisation is not None
    # (no consent or lawful basis is recorded: whoever recorded an entry always reads it)
    add(worker, cast.child, what="Police called to a row at home", source_agency=police)
    recorder = f"{worker.display_name}, {worker.organisation.name}"
    client.force_login(worker)
    # When the chronology is read on screen
    page = client.get(reverse("chronology:person", kwargs={"person_id": cast.child.pk}))
    html = page.content.decode()
    # Then the worker is shown as its recorder, with their own agency, and the police apart
    assert f"by {recorder}</p>" in html
    assert f"by {worker.display_name}, Humberside Police" not in html
    assert "Source agency: Humberside Police" in html
    # and so in the CSV
    csv = client.get(reverse("chronology:export-csv", kwargs={"person_id": cast.child.pk}))
    header, *rows = csv.content.decode().splitlines()
    assert header.endswith("Source agency,Recorded by,Recorded by (agency),Status")
    (row,) = [row for row in rows if "Police called" in row]
    assert row.endswith(f"Humberside Police,{worker.display_name},{worker.organisation.name},")
    # and in the PDF
    from righthelp.chronology.tests.test_pdf_export import pdf_text

    pdf = client.get(reverse("chronology:export-pdf", kwargs={"person_id": cast.child.pk}))
    text = pdf_text(pdf.content)
    assert f"Recorded by {recorder}" in text
    assert "Source agency: Humberside Police" in text
    assert f"Recorded by {worker.display_name}, Humberside Police" not in text
