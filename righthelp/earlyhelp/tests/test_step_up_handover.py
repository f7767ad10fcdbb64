"""A formal step-up hands over the record, not pasted text: the front door (and, once it is a
referral, children's social care) opens the episode's assessment, agreed plan and chronology
from the contact, read-only, each read logged with the contact as its reason; everyone else
keeps the 404 they had."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.accounts.models import Role
from righthelp.accounts.tests.factories import TeamFactory, UserFactory
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.earlyhelp.tests.access_expectations_handover import handover_url, stepped_up
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.models import Contact, ContactKind, ContactStatus

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

PARTS = ("assessment", "plan", "chronology")


# --- What the step-up hands over ---------------------------------------------------------------


def test_a_step_up_hands_over_the_agreed_plan_never_the_draft(cast: Cast) -> None:
    # Given an episode with plan version 3 agreed and a later draft version 4
    stepped = stepped_up(cast)

    # Then the contact links the agreed version and the signed-off assessment, not the draft
    handover = stepped.contact.handover
    assert handover.episode == stepped.episode
    assert handover.plan == stepped.agreed
    assert handover.assessment == stepped.assessment and handover.assessment_completed
    # and its text cites the agreed plan by name, with no bare path to paste into a browser
    assert "Plan version 3, agreed 12 November 2026" in stepped.contact.what_tried
    assert "Daily check-in at school" in stepped.contact.what_tried
    assert "parenting course" not in stepped.contact.what_tried
    for text in (stepped.contact.worry, stepped.contact.what_tried, stepped.contact.child_views):
        assert "/early-help/" not in text
    event = Event.objects.get(verb=Verb.STEPPED_UP)
    assert stepped.agreed is not None and stepped.assessment is not None
    assert event.payload["plan"] == stepped.agreed.pk and event.payload["plan_number"] == 3
    assert event.payload["assessment"] == stepped.assessment.pk


def test_an_assessment_in_progress_is_handed_over_marked_as_such(
    cast: Cast, client: Client
) -> None:
    stepped = stepped_up(cast, assessment="draft")
    assert stepped.contact.handover.assessment == stepped.assessment
    assert not stepped.contact.handover.assessment_completed

    client.force_login(cast.front_door_worker)
    contact_page = client.get(reverse("frontdoor:contact", args=[stepped.contact.pk]))
    assert "In progress" in contact_page.content.decode()
    page = client.get(handover_url("assessment", stepped)).content.decode()
    assert "In progress when the family was stepped up" in page
    assert "I don&#x27;t like it when dad shouts" in page


def test_without_an_agreed_plan_no_plan_is_handed_over(cast: Cast, client: Client) -> None:
    stepped = stepped_up(cast, agreed_plan=False)
    assert stepped.contact.handover.plan is None

    client.force_login(cast.front_door_worker)
    page = client.get(handover_url("plan", stepped)).content.decode()
    assert "No agreed plan" in page
    assert "parenting course" not in page


# --- The front door opens it from the contact --------------------------------------------------


def test_the_front_door_opens_the_assessment_agreed_plan_and_chronology_from_the_contact(
    cast: Cast, client: Client
) -> None:
    stepped = stepped_up(cast)
    client.force_login(cast.front_door_worker)

    contact_page = client.get(reverse("frontdoor:contact", args=[stepped.contact.pk]))
    html = contact_page.content.decode()
    assert "Handed over from early help" in html
    assert "Plan version 3, agreed 12 November 2026" in html
    for part in PARTS:
        assert handover_url(part, stepped) in html

    assessment = client.get(handover_url("assessment", stepped))
    plan = client.get(handover_url("plan", stepped))
    chronology = client.get(handover_url("chronology", stepped))

    assert assessment.status_code == plan.status_code == chronology.status_code == 200
    assert "Dad&#x27;s drinking has got worse" in assessment.content.decode()
    plan_html = plan.content.decode()
    assert "Plan version 3, agreed 12 November 2026" in plan_html
    assert "Daily check-in at school" in plan_html and "parenting course" not in plan_html
    assert "Stepped up to the front door" in chronology.content.decode()
    # Each read is logged with the contact as its reason, naming the family.
    reads = AccessRecord.objects.filter(
        user=cast.front_door_worker, reason=f"Step-up handover: contact {stepped.contact.reference}"
    )
    assert reads.count() == 3
    assert {r.action for r in reads} == {AccessAction.VIEW_EPISODE, AccessAction.VIEW_CHRONOLOGY}
    assert all(r.detail["contact"] == stepped.contact.pk for r in reads)
    members = set(stepped.episode.members.values_list("person_id", flat=True))
    assert all(set(r.people.values_list("person_id", flat=True)) == members for r in reads)


def test_the_handover_is_read_only_and_the_episode_stays_closed_to_the_front_door(
    cast: Cast, client: Client
) -> None:
    stepped = stepped_up(cast)
    client.force_login(cast.front_door_worker)

    page = client.get(handover_url("plan", stepped)).content.decode()
    assert (
        "Update" not in page
        and reverse("earlyhelp:plan-edit", args=[stepped.episode.pk]) not in page
    )
    for name in ("earlyhelp:episode", "earlyhelp:assessment", "earlyhelp:plan"):
        key = "episode_id" if name == "earlyhelp:episode" else "episode_pk"
        url = reverse(name, kwargs={key: stepped.episode.pk})
        assert client.get(url).status_code == 404, name


# --- Everyone else keeps the 404 ----------------------------------------------------------------


def test_a_practitioner_with_the_same_address_gets_404(cast: Cast, client: Client) -> None:
    stepped = stepped_up(cast)
    for user in (cast.practitioner, cast.involved, cast.analyst):
        client.force_login(user)
        for part in PARTS:
            assert client.get(handover_url(part, stepped)).status_code == 404, (user, part)


def test_a_contact_that_is_not_a_step_up_of_that_episode_opens_nothing(
    cast: Cast, client: Client
) -> None:
    stepped = stepped_up(cast)
    other = stepped_up(cast, family_name="Other")
    not_a_step_up = Contact.objects.create(
        reference="FD-T-999999",
        kind=ContactKind.REQUEST_FOR_SUPPORT,
        status=ContactStatus.RECEIVED,
        created_at=stepped.contact.created_at,
        received_at=stepped.contact.received_at,
    )
    client.force_login(cast.front_door_worker)
    for contact_pk in (other.contact.pk, not_a_step_up.pk, 999999):
        for part in PARTS:
            url = reverse(
                f"earlyhelp:handover-{part}",
                kwargs={"episode_pk": stepped.episode.pk, "contact_pk": contact_pk},
            )
            assert client.get(url).status_code == 404, (contact_pk, part)


def test_once_decided_for_early_help_only_whoever_decided_keeps_it(
    cast: Cast, client: Client
) -> None:
    stepped = stepped_up(cast)
    frontdoor_services.decision_record(
        actor=cast.front_door_manager,
        contact=stepped.contact,
        outcome="early_help_targeted",
        locality=cast.holding_team.locality,
        rationale="Early help can carry on with a stronger plan",
    )

    client.force_login(cast.front_door_worker)  # a front-door worker without the contact
    assert client.get(handover_url("assessment", stepped)).status_code == 404
    page = client.get(reverse("frontdoor:contact", args=[stepped.contact.pk])).content.decode()
    assert handover_url("assessment", stepped) not in page

    client.force_login(cast.front_door_manager)  # who decided it
    assert client.get(handover_url("assessment", stepped)).status_code == 200


def test_once_it_is_a_referral_childrens_social_care_opens_it(cast: Cast, client: Client) -> None:
    stepped = stepped_up(cast)
    social_worker = UserFactory(
        username="csc_social_worker",
        organisation=cast.front_door_worker.organisation,
        roles=[Role.PRACTITIONER],
        teams=[
            TeamFactory(name="Assessment team", organisation=cast.front_door_worker.organisation)
        ],
    )
    client.force_login(social_worker)
    # Before the referral, social care outside the front door has no ground to open it.
    assert client.get(handover_url("plan", stepped)).status_code == 404

    decision = frontdoor_services.decision_record(
        actor=cast.front_door_worker,
        contact=stepped.contact,
        outcome="csc_assessment",
        rationale="Needs a child in need assessment",
    )
    frontdoor_services.decision_sign_off(
        actor=cast.front_door_manager, decision=decision, agreed=True
    )

    for part in PARTS:
        assert client.get(handover_url(part, stepped)).status_code == 200, part
    referrals = client.get(reverse("frontdoor:referrals")).content.decode()
    assert handover_url("assessment", stepped) in referrals
    # The way back from the handover is to the referrals, not the front door's contact page.
    page = client.get(handover_url("plan", stepped)).content.decode()
    assert reverse("frontdoor:referrals") in page
    assert AccessRecord.objects.filter(
        user=social_worker, reason=f"Step-up handover: contact {stepped.contact.reference}"
    ).exists()

    client.force_login(cast.practitioner)
    assert client.get(handover_url("plan", stepped)).status_code == 404
