"""Who may open what a step-up handed to the front door (see ``righthelp/core/tests/access.py``).

``stepped_up`` builds an episode of its own (never ``cast.child``) with a signed-off
assessment, an agreed plan and a later draft, and steps it up through the service, so the
front door has an open step-up contact. While it is open the front door, and nobody else,
opens its assessment, agreed plan and chronology.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from righthelp.core.tests.access import FRONT_DOOR, Row
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    ChildVoice,
    Episode,
    Plan,
    PlanAction,
    PlanStatus,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor.models import Contact
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

AGREED_ON = date(2026, 11, 12)


@dataclass
class SteppedUp:
    episode: Episode
    contact: Contact
    assessment: Assessment | None
    agreed: Plan | None
    draft: Plan | None


def stepped_up(
    cast: Cast,
    *,
    assessment: str = "completed",  # "completed", "draft" or "" (none)
    agreed_plan: bool = True,
    draft_plan: bool = True,
    family_name: str = "Handover",
) -> SteppedUp:
    """An episode led by ``cast.team_member``, stepped up to the front door as a formal
    contact: with plan version 3 agreed on 12 November 2026 and a draft version 4 (unless told
    otherwise), and a signed-off assessment with the child's voice (or one in progress)."""
    child = PersonFactory(given_name="Ellie", family_name=family_name)
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[child],
        adults=[PersonFactory(given_name="Jo", family_name=family_name)],
        lead=cast.team_member,
    )
    now = timezone.now()
    made: Assessment | None = None
    if assessment:
        made = Assessment.objects.create(
            episode=episode,
            status=AssessmentStatus.COMPLETED if assessment == "completed" else "draft",
            started_at=now,
            started_by=cast.team_member,
            due_on=now.date(),
            risk_factors="Dad's drinking has got worse since the summer",
            child_voice="Ellie: I don't like it when dad shouts",
            completed_at=now if assessment == "completed" else None,
            signed_off_by=cast.team_manager if assessment == "completed" else None,
        )
        ChildVoice.objects.create(
            assessment=made, person=child, voice="I don't like it when dad shouts"
        )
    agreed = draft = None
    for number in (1, 2):
        Plan.objects.create(
            episode=episode,
            number=number,
            status=PlanStatus.SUPERSEDED,
            created_at=now,
            created_by=cast.team_member,
        )
    if agreed_plan:
        agreed = Plan.objects.create(
            episode=episode,
            number=3,
            status=PlanStatus.AGREED,
            contingency="Bring the family to the early help action meeting",
            created_at=now,
            created_by=cast.team_member,
            agreed_at=now,
            agreed_by=cast.team_member,
            agreed_on=AGREED_ON,
        )
        PlanAction.objects.create(plan=agreed, what="Daily check-in at school", due_on=now.date())
    if draft_plan:
        draft = Plan.objects.create(
            episode=episode,
            number=4,
            status=PlanStatus.DRAFT,
            created_at=now,
            created_by=cast.team_member,
        )
        PlanAction.objects.create(
            plan=draft, what="Unagreed idea: a parenting course", due_on=now.date()
        )
    consultation = services.step_up_consult(
        actor=cast.team_member,
        episode=episode,
        worry="Ellie said she is scared to go home",
        outcome="front_door",
        urgency="urgent",
    )
    assert consultation.contact is not None
    return SteppedUp(episode, consultation.contact, made, agreed, draft)


def handover_url(name: str, stepped: SteppedUp) -> str:
    return reverse(
        f"earlyhelp:handover-{name}",
        kwargs={"episode_pk": stepped.episode.pk, "contact_pk": stepped.contact.pk},
    )


def rows(cast: Cast) -> dict[str, Row]:
    stepped = stepped_up(cast, family_name="Handover-Matrix")
    return {
        f"earlyhelp:handover-{name}": Row(handover_url(name, stepped), FRONT_DOOR)
        for name in ("assessment", "plan", "chronology")
    }
