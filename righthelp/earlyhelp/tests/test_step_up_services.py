"""Step-up consultations and their three outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import Episode, LocalityCase, LocalityMeeting, Plan, PlanAction
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor.models import ContactKind, ContactStatus
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _episode(cast: Cast) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory(given_name="Ellie")],
        adults=[PersonFactory(given_name="Jo")],
        lead=cast.team_member,
    )


def test_advice_is_recorded_as_a_consultation(cast: Cast) -> None:
    episode = _episode(cast)
    consultation = services.step_up_consult(
        actor=cast.team_member,
        episode=episode,
        worry="Bruise on arm",
        outcome="advice",
        advice="Talk to the school nurse; joint visit next week",
    )
    assert consultation.contact is None and consultation.locality_case is None
    assert Event.objects.exclude(verb=Verb.CONSENT_RECORDED).get().verb == Verb.STEP_UP_CONSULTED


def test_advice_needs_the_advice(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.step_up_consult(
            actor=cast.team_member, episode=_episode(cast), worry="Bruise", outcome="advice"
        )


def test_the_action_meeting_outcome_puts_the_episode_on_the_next_meeting(cast: Cast) -> None:
    episode = _episode(cast)
    consultation = services.step_up_consult(
        actor=cast.team_member, episode=episode, worry="Concern rising", outcome="action_meeting"
    )
    case = consultation.locality_case
    assert case is not None and case.reason == "rising" and case.episode == episode
    # A second consultation goes to the same planned meeting.
    services.step_up_consult(
        actor=cast.team_member, episode=episode, worry="Still rising", outcome="action_meeting"
    )
    assert LocalityMeeting.objects.count() == 1
    assert LocalityCase.objects.count() == 1


def test_a_formal_step_up_makes_a_front_door_contact_carrying_the_plan(cast: Cast) -> None:
    episode = _episode(cast)
    now = timezone.now()
    plan = Plan.objects.create(
        episode=episode, number=1, status="agreed", created_at=now, created_by=cast.team_member
    )
    PlanAction.objects.create(plan=plan, what="Daily check-in at school", due_on=now.date())

    consultation = services.step_up_consult(
        actor=cast.team_member,
        episode=episode,
        worry="Ellie said she is scared to go home",
        outcome="front_door",
        urgency="significant_harm",
    )

    contact = consultation.contact
    assert contact is not None
    assert contact.kind == ContactKind.STEP_UP
    assert contact.status == ContactStatus.RECEIVED
    assert contact.reference.startswith("FD-")
    assert contact.worry == "Ellie said she is scared to go home"
    assert contact.handover.episode == episode and contact.handover.plan == plan
    assert "Daily check-in at school" in contact.what_tried
    assert {s.person_id for s in contact.subjects.all()} == set(
        episode.members.values_list("person_id", flat=True)
    )
    event = Event.objects.exclude(verb=Verb.CONSENT_RECORDED).get()
    assert event.verb == Verb.STEPPED_UP
    assert event.payload["plan"] == plan.pk
    assert event.payload["contact"] == contact.pk
