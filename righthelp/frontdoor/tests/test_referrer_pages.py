"""Referrer pages through the test client: a request for support from finding the child to the
confirmation, consent and lawful basis on sending, Think Family, My requests, "Is this child
known?" and anonymous consultations."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Locality
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID, VALID_FORM
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import services
from righthelp.frontdoor.models import (
    Consultation,
    Contact,
    ContactStatus,
    SubjectRole,
)
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.people import services as people_services
from righthelp.people.models import InvolvedProfessional, Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory
from righthelp.thresholds.selectors import framework_active

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

CONSENT = {
    "consent": "yes",
    "given_by": "parent_or_carer",
    "given_by_name": "Jo Fletcher",
    "method": "verbal",
    **VALID_FORM,
}


def consent_for(child: Person) -> dict[str, object]:
    """The consent questions answered: the parent agreed (valid consent) and, as Hull asks for
    the child's consent too, why asking ``child`` was not appropriate."""
    return {
        **CONSENT,
        f"child_{child.pk}_answer": "not_appropriate",
        f"child_{child.pk}_reason": CHILD_NOT_ASKED,
    }


def draft(cast: Cast, **overrides: Any) -> Contact:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "subjects": [SubjectDetails(role="child", person=cast.child)],
        "worry": "Kayden has been coming to school hungry and withdrawn",
    }
    values.update(overrides)
    return services.request_save(**values)


def edit_data(contact: Contact, **overrides: Any) -> dict[str, Any]:
    data = {
        "version": contact.version,
        "worry": "Kayden has been coming to school hungry and withdrawn",
        "what_tried": "Breakfast club since September",
        "child_views": "He says there is no food at home",
        "urgency": "routine",
        "referrer_view_scale": "3",
        "family_knows": "yes",
        "action": "draft",
    }
    data.update(overrides)
    return data


def html(response: TestResponse) -> str:
    return response.content.decode()


# --- A request for support, end to end --------------------------------------------------------


def test_drafting_and_sending_with_consent_makes_a_received_contact_in_my_requests(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    new_url = reverse("frontdoor:request-new")
    assert client.get(new_url).status_code == 200
    found = client.get(new_url, {"q": "kayden"})
    assert "Kayden Fletcher, born 1 June 2015" in html(found)

    picked = client.post(
        new_url,
        {"action": "pick", "person": cast.child.pk, "q": "kayden", "submission_key": uuid.uuid4()},
    )
    contact = Contact.objects.get()
    edit_url = reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk})
    assert picked.status_code == 302 and picked["Location"] == edit_url
    assert contact.status == ContactStatus.DRAFT and contact.referrer == cast.involved

    saved = client.post(edit_url, edit_data(contact), follow=True)
    assert "Your draft request has been saved" in html(saved)
    assert "Breakfast club since September" in html(saved)

    contact.refresh_from_db()
    continued = client.post(edit_url, edit_data(contact, action="continue"))
    send_url = reverse("frontdoor:request-submit", kwargs={"contact_id": contact.pk})
    assert continued["Location"] == send_url
    check = html(client.get(send_url))
    assert "Check your request before sending it" in check
    assert "He says there is no food at home" in check
    assert f'href="{edit_url}#id_worry"' in check
    assert "Level 3: Targeted early help" in check

    contact.refresh_from_db()
    sent = client.post(send_url, {"version": contact.version, **consent_for(cast.child)})
    sent_url = reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk})
    assert sent["Location"] == sent_url
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED
    assert contact.consent is not None and contact.consent.given_by_name == "Jo Fletcher"
    confirmation = html(client.get(sent_url))
    assert "govuk-panel--confirmation" in confirmation and contact.reference in confirmation
    assert "What happens next" in confirmation

    mine = html(client.get(reverse("frontdoor:my-requests")))
    assert contact.reference in mine and "Being considered" in mine
    assert "Kayden Fletcher" in mine

    # A second click on "Send request" (or the back button) shows where it went.
    again = client.post(send_url, {"version": contact.version, **consent_for(cast.child)})
    assert again["Location"] == sent_url
    assert Contact.objects.count() == 1


def test_sending_without_consent_shows_the_consent_error_and_keeps_the_draft(
    cast: Cast, client: Client
) -> None:
    contact = draft(cast)
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-submit", kwargs={"contact_id": contact.pk})

    unanswered = html(client.post(url, {"version": contact.version}))
    assert "Select whether the family has agreed to the request" in unanswered

    refused = client.post(url, {"version": contact.version, "consent": "no"})
    page = html(refused)
    assert refused.status_code == 200 and "govuk-error-summary" in page
    assert "needs the family&#x27;s consent for Kayden Fletcher" in page
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT and contact.consent is None

    # Consent without the name of who gave it: the refusal names the field, and keeps the rest.
    incomplete = html(
        client.post(
            url, {**consent_for(cast.child), "version": contact.version, "given_by_name": ""}
        )
    )
    assert "Enter the name of the person who decided" in incomplete
    assert 'href="#id_given_by_name"' in incomplete
    assert 'value="verbal" checked' in incomplete
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT


def test_significant_harm_without_consent_needs_the_lawful_basis(
    cast: Cast, client: Client
) -> None:
    contact = draft(cast, urgency="significant_harm")
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-submit", kwargs={"contact_id": contact.pk})
    check = html(client.get(url))
    assert "phone the front door on" in check

    refused = html(client.post(url, {"version": contact.version, "consent": "no"}))
    assert "You can send a concern about significant harm without consent" in refused
    assert 'href="#id_reasons"' in refused

    reasons = "Bruising on the face the child says a parent caused"
    no_why = html(
        client.post(
            url,
            {"version": contact.version, "consent": "no", "reasons": reasons, "parents_told": "no"},
        )
    )
    assert "Explain why telling the parents would increase the risk to the child" in no_why
    assert reasons in no_why
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT

    sent = client.post(
        url,
        {
            "version": contact.version,
            "consent": "no",
            "reasons": reasons,
            "parents_told": "no",
            "not_told_reason": "Telling the parent could put the child at greater risk",
            "significant_harm_suspected": "on",
        },
    )
    assert sent.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED and contact.priority == "red"
    assert contact.lawful_basis is not None and contact.lawful_basis.parents_told is False
    assert contact.consent is None
    confirmation = html(client.get(sent["Location"]))
    assert "This request is your written confirmation" in confirmation


def test_a_double_submitted_new_request_makes_one_contact(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-new")
    key = str(uuid.uuid4())
    pick = {"action": "pick", "person": cast.child.pk, "q": "kay", "submission_key": key}
    first = client.post(url, pick)
    second = client.post(url, pick)
    assert first["Location"] == second["Location"]
    assert Contact.objects.count() == 1


def test_a_child_not_found_is_added_once_and_the_practitioner_is_involved(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-new")
    searched = html(client.get(url, {"q": "Ruby Okafor"}))
    assert "No child found" in searched and 'value="Okafor"' in searched
    add = {
        "action": "add",
        "q": "Ruby Okafor",
        "add-submission_key": str(uuid.uuid4()),
        "add-given_name": "Ruby",
        "add-family_name": "Okafor",
        "add-date_of_birth-day": "3",
        "add-date_of_birth-month": "4",
        "add-date_of_birth-year": "2016",
        "add-involvement_role": "school_dsl",
    }
    first = client.post(url, add)
    second = client.post(url, add)
    assert first.status_code == second.status_code == 302
    ruby = Person.objects.get(family_name="Okafor")
    assert InvolvedProfessional.objects.filter(person=ruby, user=cast.involved).exists()
    contact = Contact.objects.get()
    assert [s.person for s in contact.subjects.all()] == [ruby]


def test_adding_a_child_with_mistakes_shows_them_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    response = client.post(
        reverse("frontdoor:request-new"),
        {
            "action": "add",
            "q": "Ruby",
            "add-given_name": "Ruby",
            "add-family_name": "",
            "add-date_of_birth-day": "31",
            "add-date_of_birth-month": "2",
            "add-date_of_birth-year": "2016",
        },
    )
    page = html(response)
    assert "Enter the child&#x27;s family name" in page
    assert "Date of birth must be a real date" in page
    assert "Select your role with this child" in page
    assert 'value="Ruby"' in page and 'value="31"' in page
    assert not Contact.objects.exists() and not Person.objects.filter(given_name="Ruby").exists()


def test_another_child_can_be_added_to_the_draft_and_removed(cast: Cast, client: Client) -> None:
    sister = PersonFactory(given_name="Mia", family_name="Fletcher")
    InvolvementFactory(person=sister, user=cast.involved)
    contact = draft(cast)
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-children", kwargs={"contact_id": contact.pk})
    added = client.post(url, {"action": "pick", "person": sister.pk, "q": "mia"}, follow=True)
    assert "Mia Fletcher has been added to the request" in html(added)
    children = contact.subjects.filter(role=SubjectRole.CHILD)
    assert {s.person_id for s in children} == {cast.child.pk, sister.pk}

    contact.refresh_from_db()
    mia = contact.subjects.get(person=sister)
    removed = client.post(
        reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk}),
        edit_data(contact, remove_child=mia.pk),
        follow=True,
    )
    assert "Mia Fletcher has been removed from the request" in html(removed)
    assert list(contact.subjects.values_list("person_id", flat=True)) == [cast.child.pk]
    contact.refresh_from_db()
    assert contact.what_tried == "Breakfast club since September"


def test_think_family_lists_the_household_and_records_whom_the_concern_touches(
    cast: Cast, client: Client
) -> None:
    mother = PersonFactory(kind="adult", given_name="Jo", family_name="Fletcher")
    brother = PersonFactory(given_name="Tyler", family_name="Fletcher")
    InvolvementFactory(person=brother, user=cast.involved)
    people_services.relationship_add(
        actor=cast.involved, from_person=mother, to_person=cast.child, kind="parent"
    )
    people_services.relationship_add(
        actor=cast.involved, from_person=brother, to_person=cast.child, kind="sibling"
    )
    contact = draft(cast)
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk})
    page = html(client.get(url))
    assert "Jo Fletcher" in page and "Tyler Fletcher" in page
    # Only the people this practitioner works with are links.
    assert reverse("people:detail", kwargs={"person_id": brother.pk}) in page
    assert reverse("people:detail", kwargs={"person_id": mother.pk}) not in page

    client.post(url, edit_data(contact, concern_applies=[str(mother.pk)]))
    subjects = {s.person_id: s for s in contact.subjects.all()}
    assert subjects[cast.child.pk].role == SubjectRole.CHILD
    assert subjects[mother.pk].role == SubjectRole.ADULT and subjects[mother.pk].concern_applies
    assert subjects[brother.pk].role == SubjectRole.OTHER_CHILD
    assert not subjects[brother.pk].concern_applies
    again = html(client.get(url))
    assert f'value="{mother.pk}" aria-describedby="id_concern_applies_0-hint" checked' in again


def test_a_stale_save_is_refused_with_an_explanation_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    contact = draft(cast)
    old_version = contact.version
    draft(cast, contact=contact, worry="Changed in another tab")
    client.force_login(cast.involved)
    response = client.post(
        reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk}),
        edit_data(contact, version=old_version, worry="Typed in this tab"),
    )
    page = html(response)
    assert "changed by someone else after you opened it" in page
    assert "Typed in this tab" in page
    contact.refresh_from_db()
    assert contact.worry == "Changed in another tab"


def test_the_threshold_selection_is_recorded_with_the_draft(cast: Cast, client: Client) -> None:
    framework = framework_active()
    need = framework.needs()[-1]
    contact = draft(cast)
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk})
    client.post(
        url,
        edit_data(
            contact,
            referrer_view_scale=str(need.scale),
            **{"threshold-needs": [need.id], "threshold-age_years": "9"},
        ),
    )
    contact.refresh_from_db()
    evaluation = contact.threshold_evaluation
    assert evaluation is not None and evaluation.needs == [need.id]
    assert evaluation.person_ids == [cast.child.pk]
    assert evaluation.context == f"request-for-support:{contact.pk}"
    assert contact.referrer_view_scale == need.scale
    # Saving again unchanged keeps the same evaluation; the page shows it ticked.
    client.post(
        url,
        edit_data(
            contact,
            referrer_view_scale=str(need.scale),
            **{"threshold-needs": [need.id], "threshold-age_years": "9"},
        ),
    )
    contact.refresh_from_db()
    assert contact.threshold_evaluation == evaluation
    page = html(client.get(url))
    assert f'value="{need.id}"' in page and 'govuk-details" open' in page
    check = html(client.get(reverse("frontdoor:request-submit", kwargs={"contact_id": contact.pk})))
    assert need.text in check


def test_oversized_worry_is_refused_and_nothing_changes(cast: Cast, client: Client) -> None:
    contact = draft(cast)
    client.force_login(cast.involved)
    response = client.post(
        reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk}),
        edit_data(contact, worry="x" * 10_001),
    )
    assert "What you are worried about must be 10,000 characters or fewer" in html(response)
    contact.refresh_from_db()
    assert contact.worry == "Kayden has been coming to school hungry and withdrawn"


def test_someone_elses_draft_is_not_found(cast: Cast, client: Client) -> None:
    contact = draft(cast)
    client.force_login(cast.practitioner)
    for name in ("request-edit", "request-submit", "request-children", "request-sent"):
        url = reverse(f"frontdoor:{name}", kwargs={"contact_id": contact.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"consent": "yes"}).status_code == 404, name


# --- My requests -----------------------------------------------------------------------------


def test_my_requests_shows_feedback_and_overdue_feedback(cast: Cast, client: Client) -> None:
    overdue = services.request_submit(
        actor=cast.involved,
        contact=draft(cast),
        consent=ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Jo",
            method="verbal",
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )
    Contact.objects.filter(pk=overdue.pk).update(
        feedback_due_at=timezone.now() - timedelta(hours=1)
    )
    told = services.request_submit(actor=cast.involved, contact=draft(cast))
    services.feedback_send(
        actor=cast.front_door_worker, contact=told, message="Passed to targeted early help"
    )
    waiting = draft(cast)
    client.force_login(cast.involved)
    page = html(client.get(reverse("frontdoor:my-requests")))
    assert page.count("govuk-tag--red") == 1 and "Overdue" in page
    assert "Passed to targeted early help" in page
    assert reverse("frontdoor:request-edit", kwargs={"contact_id": waiting.pk}) in page
    # Someone else's requests are not listed.
    client.force_login(cast.practitioner)
    assert overdue.reference not in html(client.get(reverse("frontdoor:my-requests")))


def test_my_requests_takes_the_same_number_of_queries_for_3_and_20_requests(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:my-requests")

    def make(count: int) -> None:
        for n in range(count):
            contact = draft(cast)
            if n % 2:
                services.request_submit(
                    actor=cast.involved,
                    contact=contact,
                    consent=ConsentDetails(
                        given_by="parent_or_carer",
                        given_by_name="Jo",
                        method="verbal",
                        validity=VALID,
                        child_not_asked_reason=CHILD_NOT_ASKED,
                    ),
                )
                services.feedback_send(actor=None, contact=contact, message=f"Outcome {n}")

    make(3)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(17)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "20 requests" in html(response)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Is this child known? --------------------------------------------------------------------


def test_the_known_check_shows_whom_to_contact_and_never_the_childs_details(
    cast: Cast, client: Client
) -> None:
    episode = make_episode(
        locality=Locality.objects.get(slug="west"),
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )
    people_services.person_address_add(
        actor=cast.involved,
        person=cast.child,
        address=people_services.AddressDetails(
            line1="12 Acacia Avenue", town="Hull", postcode="HU3 1AB"
        ),
    )
    client.force_login(cast.practitioner)
    url = reverse("frontdoor:known-check")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "given_name": "Kayden",
            "family_name": "Fletcher",
            "date_of_birth-day": "1",
            "date_of_birth-month": "6",
            "date_of_birth-year": "2015",
        },
    )
    page = html(response)
    assert "This child is known" in page
    assert (
        f"Open to early help in West locality: contact the lead practitioner, "
        f"{cast.team_member.display_name} (Early Help West)." in page
    )
    assert "Your check has been recorded" in page
    for detail in (
        "2015",
        "1 June",
        "Acacia",
        "HU3",
        cast.child.local_person_id,
        episode.reference,
    ):
        assert detail not in page, detail
    records = AccessRecord.objects.filter(user=cast.practitioner, action=AccessAction.KNOWN_CHECK)
    assert records.count() == 1
    assert list(records.get().people.values_list("person_id", flat=True)) == [cast.child.pk]


def test_the_known_check_answers_not_known_and_needs_enough_to_match(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.practitioner)
    url = reverse("frontdoor:known-check")
    missing = html(client.post(url, {"given_name": "Kayden"}))
    assert "Enter the child&#x27;s family name, or their NHS number" in missing
    assert "Enter the child&#x27;s date of birth, or their NHS number" in missing
    assert 'value="Kayden"' in missing
    bad_nhs = html(client.post(url, {"nhs_number": "1234567890"}))
    assert 'href="#id_nhs_number"' in bad_nhs
    assert not AccessRecord.objects.filter(action=AccessAction.KNOWN_CHECK).exists()
    nobody = html(
        client.post(
            url,
            {
                "family_name": "Nobody",
                "date_of_birth-day": "1",
                "date_of_birth-month": "1",
                "date_of_birth-year": "2010",
            },
        )
    )
    assert "No match found" in nobody and "No record matches these details" in nobody


# --- Anonymous consultations -----------------------------------------------------------------


def test_an_anonymous_consultation_is_asked_once_and_the_advice_is_shown(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:consultation-new")
    form = html(client.get(url))
    assert (
        "Do not include names, dates of birth, addresses or anything that identifies the child "
        "or family" in form
    )
    assert 'name="given_name"' not in form and 'name="date_of_birth' not in form
    data = {
        "question": "A 9-year-old says she looks after her mum most evenings. What next?",
        "submission_key": str(uuid.uuid4()),
    }
    sent = client.post(url, data, follow=True)
    client.post(url, data)
    assert "Your question has been sent to the front door" in html(sent)
    consultation = Consultation.objects.get()
    assert "Waiting for advice" in html(sent)
    services.consultation_advise(
        actor=cast.front_door_worker, consultation=consultation, advice="Consider a young carers"
    )
    page = html(client.get(reverse("frontdoor:consultations")))
    assert "Consider a young carers" in page and "Advice given" in page
    client.force_login(cast.front_door_worker)
    assert "looks after her mum" not in html(client.get(reverse("frontdoor:consultations")))


def test_a_consultation_needs_a_question_and_may_carry_a_threshold_selection(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:consultation-new")
    empty = html(client.post(url, {"question": ""}))
    assert "Describe the situation you want advice on" in empty
    need = framework_active().needs()[0]
    client.post(url, {"question": "What level is this?", "threshold-needs": [need.id]})
    consultation = Consultation.objects.get()
    assert consultation.threshold_evaluation is not None
    assert consultation.threshold_evaluation.person_ids == []
