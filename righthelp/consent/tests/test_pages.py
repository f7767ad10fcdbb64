"""Consent pages on a person's record: decisions in force, history, recording, withdrawal and
sharing without consent."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.consent import services
from righthelp.consent.models import ConsentRecord, LawfulBasisRecord
from righthelp.consent.selectors import consent_current
from righthelp.consent.tests.access_expectations import rows
from righthelp.consent.tests.factories import VALID, VALID_FORM
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def url(name: str, cast: Cast, **kwargs: Any) -> str:
    return reverse(f"consent:{name}", kwargs={"person_id": cast.child.pk, **kwargs})


def give(cast: Cast, **overrides: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "person": cast.child,
        "purpose": "early_help",
        "decision": "given",
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "share_with": ["early_help", "childrens_social_care"],
        "method": "written",
        "validity": VALID,
    }
    values.update(overrides)
    return services.consent_record(**values)


def date_fields(name: str, value: date) -> dict[str, Any]:
    return {f"{name}-day": value.day, f"{name}-month": value.month, f"{name}-year": value.year}


def consent_form(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "purpose": "early_help",
        "decision": "given",
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "share_with": ["early_help", "school"],
        "method": "verbal",
        "notes": "Agreed at the school gate",
        **date_fields("decided_on", today),
        **date_fields("review_on", today + timedelta(days=180)),
        **VALID_FORM,
    }
    data.update(overrides)
    return data


# --- The consent page -------------------------------------------------------------------------


def test_the_page_shows_the_decision_in_force_per_purpose_and_the_whole_history(
    cast: Cast, client: Client
) -> None:
    consent = give(cast, review_on=timezone.localdate() + timedelta(days=90))
    give(cast, purpose="assessment", decision="refused", given_by="child", given_by_name="Kayden")
    services.lawful_basis_record(
        actor=cast.team_member,
        person=cast.child,
        basis="safeguarding",
        reasons="Bruising seen at school",
        parents_told=False,
        not_told_reason="Father may be responsible",
        share_with=["childrens_social_care", "police"],
    )
    client.force_login(cast.team_member)
    response = client.get(url("list", cast))
    assert response.status_code == 200
    page = response.content.decode()
    current = {item.purpose: item for item in response.context["current"]}
    assert current["early_help"].line.record == consent and current["early_help"].can_withdraw
    assert current["assessment"].line.record.decision == "refused"
    assert current["information_sharing"].line is None
    assert "No decision recorded" in page
    assert "Jo Fletcher (parent or carer)" in page
    assert "Kayden (the child or young person (with capacity to decide))" in page
    assert "Early help service" in page and "Local authority children&#x27;s social care" in page
    assert "Bruising seen at school" in page and "Father may be responsible" in page
    assert "Police" in page  # who the sharing without consent is for
    assert "Agreed freely" in page and "Could understand and decide" in page
    assert url("withdraw", cast, consent_id=consent.pk) in page
    assert len(response.context["history"]) == 3
    assert 'aria-current="page"' in page and ">Consent</a>" in page


def test_reading_the_consent_page_is_logged_as_a_read_of_the_person(
    cast: Cast, client: Client
) -> None:
    give(cast)
    client.force_login(cast.involved)
    client.get(url("list", cast))
    record = AccessRecord.objects.get(action=AccessAction.VIEW_PERSON)
    assert record.user == cast.involved
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]
    assert record.detail["page"] == "consent"


def test_consent_past_its_review_date_is_shown_as_not_counting(cast: Cast, client: Client) -> None:
    consent = give(cast, decided_on=timezone.localdate() - timedelta(days=400))
    ConsentRecord.objects.filter(pk=consent.pk).update(
        review_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(cast.involved)
    page = client.get(url("list", cast)).content.decode()
    assert "Review date passed" in page


def test_the_person_record_links_to_the_consent_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    page = client.get(reverse("people:detail", kwargs={"person_id": cast.child.pk}))
    assert url("list", cast) in page.content.decode()


# --- Recording a decision ---------------------------------------------------------------------


def test_recording_consent_saves_it_and_says_so(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    response = client.post(url("record", cast), consent_form(), follow=True)
    assert response.redirect_chain[-1][0] == url("list", cast)
    assert "Consent given for a request for early help and support has been recorded" in (
        response.content.decode()
    )
    record = ConsentRecord.objects.get()
    assert record.recorded_by == cast.involved
    assert record.share_with == ["early_help", "school"]
    assert record.notes == "Agreed at the school gate"
    assert record.review_on == timezone.localdate() + timedelta(days=180)
    assert Event.objects.filter(verb=Verb.CONSENT_RECORDED, subjects__person_id=cast.child.pk)


def test_a_refusal_can_be_recorded(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    client.post(url("record", cast), consent_form(decision="refused"))
    consent = consent_current(cast.child, "early_help")
    assert consent is not None and consent.decision == "refused"


def test_an_incomplete_decision_says_why_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    response = client.post(
        url("record", cast),
        consent_form(given_by="", share_with=[], method="", given_by_name="Jo Fletcher"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["given_by"] == ["Select who gave or refused consent"]
    assert errors["share_with"] == ["Select who the information may be shared with"]
    assert errors["method"] == ["Select how consent was given or refused"]
    page = response.content.decode()
    assert 'value="Jo Fletcher"' in page and "Agreed at the school gate" in page
    assert not ConsentRecord.objects.exists()


def test_the_services_refusals_appear_on_their_fields(cast: Cast, client: Client) -> None:
    unborn = PersonFactory(kind="unborn", date_of_birth=None)
    from righthelp.people.tests.factories import InvolvementFactory

    InvolvementFactory(person=unborn, user=cast.involved, organisation=cast.involved.organisation)
    client.force_login(cast.involved)
    response = client.post(
        reverse("consent:record", kwargs={"person_id": unborn.pk}),
        consent_form(given_by="child"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["given_by"] == [
        "An unborn baby's parent or carer decides"
    ]
    assert not ConsentRecord.objects.exists()


def test_a_decision_in_the_future_is_refused_on_its_field(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(url("record", cast), consent_form(**date_fields("decided_on", tomorrow)))
    assert "decided_on" in response.context["form"].errors
    assert not ConsentRecord.objects.exists()


def test_the_purpose_can_be_chosen_from_the_consent_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    response = client.get(url("record", cast) + "?purpose=assessment")
    assert response.context["form"]["purpose"].value() == "assessment"


# --- Withdrawal -------------------------------------------------------------------------------


def test_withdrawing_explains_itself_then_stops_sharing_and_tells_the_people_involved(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    cast.involved.email = "involved@example.org"
    cast.involved.save()
    cast.team_member.email = "member@example.org"
    cast.team_member.save()
    consent = give(cast)
    client.force_login(cast.team_manager)
    withdraw_url = url("withdraw", cast, consent_id=consent.pk)
    page = client.get(withdraw_url).content.decode()
    assert "Sharing for this purpose stops now" in page and "by e-mail" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            withdraw_url, {"given_by_name": "Jo Fletcher", "method": "verbal"}, follow=True
        )
    assert response.redirect_chain[-1][0] == url("list", cast)
    banner = response.content.decode()
    assert "has been withdrawn" in banner
    # The banner names who was told, as they were told.
    for user in (cast.involved, cast.team_member):
        assert f"{user.display_name} (involved with them)" in banner
    current = consent_current(cast.child, "early_help")
    assert current is not None and current.decision == "withdrawn"
    assert current.withdraws == consent and current.recorded_by == cast.team_manager
    consent.refresh_from_db()
    assert consent.decision == "given"  # the original is kept as it was
    decision = services.sharing_allowed(
        people=[cast.child], agency_kind="early_help", purposes=["early_help"]
    )[cast.child.pk]
    assert not decision.allowed and decision.why_not.startswith("consent was withdrawn on")
    # Each person is e-mailed once, on their own.
    assert sorted(m.to[0] for m in mail.outbox) == ["involved@example.org", "member@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert Event.objects.filter(verb=Verb.CONSENT_WITHDRAWN).count() == 1


def test_withdrawing_needs_who_and_how(cast: Cast, client: Client) -> None:
    consent = give(cast)
    client.force_login(cast.involved)
    response = client.post(url("withdraw", cast, consent_id=consent.pk), {"given_by_name": " "})
    errors = response.context["form"].errors
    assert "given_by_name" in errors and "method" in errors
    assert consent_current(cast.child, "early_help") == consent


def test_consent_not_in_force_cannot_be_withdrawn_again(cast: Cast, client: Client) -> None:
    consent = give(cast)
    services.consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo", method="verbal"
    )
    client.force_login(cast.involved)
    response = client.get(url("withdraw", cast, consent_id=consent.pk))
    assert response.status_code == 302 and response["Location"] == url("list", cast)
    refused = give(cast, decision="refused")
    assert client.get(url("withdraw", cast, consent_id=refused.pk)).status_code == 302
    assert ConsentRecord.objects.filter(decision="withdrawn").count() == 1


def test_another_persons_consent_cannot_be_withdrawn_through_this_record(
    cast: Cast, client: Client
) -> None:
    other = PersonFactory()
    from righthelp.people.tests.factories import InvolvementFactory

    InvolvementFactory(person=other, user=cast.involved, organisation=cast.involved.organisation)
    theirs = give(cast, person=other)
    client.force_login(cast.involved)
    response = client.post(
        url("withdraw", cast, consent_id=theirs.pk), {"given_by_name": "Jo", "method": "verbal"}
    )
    assert response.status_code == 404
    assert consent_current(other, "early_help") == theirs


# --- Sharing without consent ------------------------------------------------------------------


def test_sharing_without_consent_needs_the_reason_the_parents_were_not_told(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    data = {
        "basis": "safeguarding",
        "reasons": "Disclosure of abuse",
        "parents_told": "no",
        "share_with": ["childrens_social_care"],
    }
    response = client.post(url("lawful-basis", cast), data)
    assert response.status_code == 200
    assert response.context["form"].errors["not_told_reason"] == [
        "Explain why telling the parents would increase the risk to the child"
    ]
    assert "Disclosure of abuse" in response.content.decode()
    assert not LawfulBasisRecord.objects.exists()

    data["not_told_reason"] = "The alleged abuser is a parent"
    response = client.post(url("lawful-basis", cast), data, follow=True)
    assert "Sharing without consent has been recorded" in response.content.decode()
    basis = LawfulBasisRecord.objects.get()
    assert basis.decided_by == cast.involved and basis.parents_told is False
    assert Event.objects.filter(verb=Verb.LAWFUL_BASIS_RECORDED).exists()


def test_sharing_without_consent_with_parents_told_needs_no_further_reason(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    response = client.post(
        url("lawful-basis", cast),
        {
            "basis": "safeguarding",
            "reasons": "Disclosure",
            "parents_told": "yes",
            "share_with": ["childrens_social_care", "police"],
        },
    )
    assert response.status_code == 302
    basis = LawfulBasisRecord.objects.get()
    assert basis.parents_told is True
    assert basis.share_with == ["childrens_social_care", "police"]


def test_sharing_without_consent_needs_basis_reasons_and_an_answer(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    response = client.post(url("lawful-basis", cast), {})
    assert set(response.context["form"].errors) == {
        "basis",
        "reasons",
        "parents_told",
        "share_with",
    }


# --- Who may reach the pages ------------------------------------------------------------------


def test_a_person_the_user_cannot_see_is_404_on_every_consent_page(
    cast: Cast, client: Client
) -> None:
    consent = give(cast)
    client.force_login(cast.practitioner)
    for name, kwargs in [
        ("list", {}),
        ("record", {}),
        ("lawful-basis", {}),
        ("withdraw", {"consent_id": consent.pk}),
    ]:
        assert client.get(url(name, cast, **kwargs)).status_code == 404, name
    response = client.post(
        url("lawful-basis", cast),
        {"basis": "safeguarding", "reasons": "x", "parents_told": "yes"},
    )
    assert response.status_code == 404
    assert not LawfulBasisRecord.objects.exists()
    assert not AccessRecord.objects.exists()


def test_the_consent_rows_hold_for_every_role(cast: Cast, client: Client) -> None:
    for name, row in rows(cast).items():
        for label, user in cast.by_label().items():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(row.url)
            if label in row.allowed:
                expected = row.ok
            elif label == "anonymous":
                expected = row.anonymous
            else:
                expected = frozenset({404})
            assert response.status_code in expected, (name, label, response.status_code)
