"""A referral to children's social care waits to step down to early help only when social care
says its work is ending (who, when, why, what support is still needed), never the moment the
referral is signed off."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.core.services import new_submission_key
from righthelp.earlyhelp import services as earlyhelp_services
from righthelp.frontdoor import services
from righthelp.frontdoor.models import Contact, SocialCareReferral, StepDownRequest
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def signed_off_referral(cast: Cast) -> SocialCareReferral:
    """A request for support about a child of its own, decided by the front door as a referral
    for a child in need assessment and signed off by a manager (so the referral exists)."""
    child = PersonFactory(given_name="Milo", family_name="Stepdown")
    InvolvementFactory(person=child, user=cast.involved)
    contact = sent_contact(cast, child=child)
    # From the early help team's own locality: a referral from there used to wait for them at
    # once, merely for being accepted.
    Contact.objects.filter(pk=contact.pk).update(locality=cast.holding_team.locality)
    contact.refresh_from_db()
    decision = services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="csc_assessment",
        rationale="Needs a child in need assessment",
        decided_scale=4,
        differs_reason="More worrying than the school thought",
    )
    services.decision_sign_off(actor=cast.front_door_manager, decision=decision, agreed=True)
    decision.refresh_from_db()
    return decision.referral


def work_ending(cast: Cast, referral: SocialCareReferral, **overrides: Any) -> StepDownRequest:
    values: dict[str, Any] = {
        "actor": cast.front_door_worker,
        "referral": referral,
        "work_ends_on": date(2026, 12, 18),
        "locality": cast.holding_team.locality,
        "why": "The child in need plan ends: the home is safe enough now",
        "support_needed": "Help with routines and getting Milo to school on time",
    }
    values.update(overrides)
    return services.step_down_request(**values)


def test_a_signed_off_referral_is_not_waiting_to_step_down(cast: Cast, client: Client) -> None:
    # Given a referral to social care, just signed off
    assert cast.holding_team.locality is not None
    referral = signed_off_referral(cast)
    client.force_login(cast.team_member)

    # Then early help does not see it waiting, cannot open its step-down page, nor step it down
    page = client.get(reverse("earlyhelp:requests")).content.decode()
    assert referral.decision.contact.reference not in page
    assert "No family is waiting to step down." in page
    assert client.get(reverse("earlyhelp:step-down", args=[referral.pk])).status_code == 404
    with pytest.raises(ValidationError, match="has not said its work"):
        earlyhelp_services.episode_step_down(
            actor=cast.team_member,
            referral=referral,
            locality=cast.holding_team.locality,
            level="targeted",
            reason="Support still needed",
            to_locality_meeting=True,
        )


def test_social_care_says_its_work_is_ending_and_the_family_waits_for_early_help(
    cast: Cast, client: Client
) -> None:
    assert cast.holding_team.locality is not None
    referral = signed_off_referral(cast)
    reference = referral.decision.contact.reference

    # When the front door (children's social care) records that its work is ending
    client.force_login(cast.front_door_worker)
    listing = client.get(reverse("frontdoor:referrals")).content.decode()
    form_url = reverse("frontdoor:referral-work-ending", args=[referral.pk])
    assert reference in listing and form_url in listing
    response = client.post(
        form_url,
        {
            "work_ends_on-day": "18",
            "work_ends_on-month": "12",
            "work_ends_on-year": "2026",
            "locality": cast.holding_team.locality.pk,
            "why": "The child in need plan ends: the home is safe enough now",
            "support_needed": "Help with routines and getting Milo to school on time",
            "submission_key": new_submission_key(),
        },
        follow=True,
    )

    # Then it is recorded (who, when, why, what support), with a typed event
    assert "has been asked to take over" in response.content.decode()
    asked = StepDownRequest.objects.get(referral=referral)
    assert asked.requested_by == cast.front_door_worker
    assert asked.work_ends_on == date(2026, 12, 18)
    event = Event.objects.get(verb=Verb.STEP_DOWN_REQUESTED)
    assert event.payload["referral"] == referral.pk
    assert event.payload["support_needed"] == asked.support_needed
    assert set(event.subjects.values_list("person_id", flat=True)) == {
        s.person_id for s in referral.decision.contact.subjects.all()
    }
    # and the family waits for the locality's early help, with what social care said
    client.force_login(cast.team_member)
    page = client.get(reverse("earlyhelp:requests")).content.decode()
    assert reference in page and "18 Dec 2026" in page
    assert "Help with routines and getting Milo to school on time" in page
    step_down = client.get(reverse("earlyhelp:step-down", args=[referral.pk])).content.decode()
    assert "The child in need plan ends" in step_down
    # and once stepped down, it waits no more
    earlyhelp_services.episode_step_down(
        actor=cast.team_member,
        referral=referral,
        locality=cast.holding_team.locality,
        level="targeted",
        reason="Support still needed",
        to_locality_meeting=True,
    )
    page = client.get(reverse("earlyhelp:requests")).content.decode()
    assert reference not in page
    # nor on children's social care's list of referrals not yet stepped down
    client.force_login(cast.front_door_worker)
    assert reference not in client.get(reverse("frontdoor:referrals")).content.decode()


def test_the_front_door_sees_on_the_contact_whether_social_care_has_asked(
    cast: Cast, client: Client
) -> None:
    referral = signed_off_referral(cast)
    client.force_login(cast.front_door_worker)
    contact_url = reverse("frontdoor:contact", args=[referral.decision.contact.pk])

    page = client.get(contact_url).content.decode()
    assert "Not asked for: children's social care's work goes on" in page
    assert reverse("frontdoor:referral-work-ending", args=[referral.pk]) in page

    work_ending(cast, referral)
    page = client.get(contact_url).content.decode()
    assert "Waiting for early help" in page and "18 December 2026" in page


def test_only_childrens_social_care_says_its_work_is_ending(cast: Cast, client: Client) -> None:
    referral = signed_off_referral(cast)
    for user in (cast.team_member, cast.practitioner, cast.team_manager):
        with pytest.raises(PermissionError):
            work_ending(cast, referral, actor=user)
        client.force_login(user)
        assert client.get(reverse("frontdoor:referrals")).status_code == 404
        url = reverse("frontdoor:referral-work-ending", args=[referral.pk])
        assert client.get(url).status_code == 404
    assert not StepDownRequest.objects.exists()


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(cast: Cast, client: Client) -> None:
    referral = signed_off_referral(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(
        reverse("frontdoor:referral-work-ending", args=[referral.pk]),
        {"why": "The plan has ended", "locality": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter date children&#x27;s social care&#x27;s work ends" in html
    assert "Say what support the family still needs" in html
    assert "Select the locality whose early help team should take over" in html
    assert "The plan has ended" in html
    assert not StepDownRequest.objects.exists()


def test_a_repeated_post_makes_one_request_and_a_second_request_is_refused(
    cast: Cast, client: Client
) -> None:
    referral = signed_off_referral(cast)
    key = new_submission_key()
    first = work_ending(cast, referral, submission_key=key)
    again = work_ending(cast, referral, submission_key=key)
    assert first.pk == again.pk
    with pytest.raises(ValidationError, match="already said"):
        work_ending(cast, referral)
    assert StepDownRequest.objects.count() == 1
    assert Event.objects.filter(verb=Verb.STEP_DOWN_REQUESTED).count() == 1


def test_the_request_needs_when_why_and_what_support(cast: Cast) -> None:
    referral = signed_off_referral(cast)
    with pytest.raises(ValidationError) as refused:
        work_ending(cast, referral, work_ends_on=None, why=" ", support_needed="", locality=None)
    assert set(refused.value.message_dict) == {
        "work_ends_on",
        "why",
        "support_needed",
        "locality",
    }
