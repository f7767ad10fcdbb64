"""Locality early help action meetings: planning, adding cases and deciding them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.earlyhelp.events import (
    locality_case_added_event,
    locality_case_decided_event,
    locality_meeting_planned_event,
)
from righthelp.earlyhelp.models import (
    CaseReason,
    Episode,
    LeadPractitioner,
    LeadStatus,
    LocalityCase,
    LocalityMeeting,
)
from righthelp.earlyhelp.permissions import (
    can_work_on_episode,
)
from righthelp.earlyhelp.plan_selectors import can_use_locality

# --- Locality early help action meetings ----------------------------------------------------


@transaction.atomic
def locality_meeting_plan(
    *,
    actor: User,
    locality: Locality,
    meets_on: date,
    location: str,
    attendees: Sequence[User] = (),
) -> LocalityMeeting:
    """Arrange the locality's early help action meeting (its early help workers and the
    managers of its teams only), with the agencies' attendees expected."""
    if not can_use_locality(actor, locality):
        raise PermissionError("Only early help workers and managers of this locality")
    meeting = LocalityMeeting.objects.create(
        locality=locality,
        meets_on=meets_on,
        location=location.strip(),
        created_by=actor,
        created_at=timezone.now(),
    )
    if attendees:
        meeting.attendees.set(list(attendees))
    locality_meeting_planned_event(
        actor=actor, meeting=meeting, locality=locality, attendees=attendees
    )
    return meeting


@transaction.atomic
def locality_case_add(
    *, actor: User, meeting: LocalityMeeting, episode: Episode, reason: str, summary: str
) -> LocalityCase:
    """Bring an episode of the meeting's locality to the meeting, with why."""
    if not can_use_locality(actor, meeting.locality) or not can_work_on_episode(actor, episode):
        raise PermissionError("Only early help workers and managers of this locality")
    errors: dict[str, list[str]] = {}
    if episode.locality_id != meeting.locality_id:
        errors["episode"] = ["Bring only a family from this locality"]
    elif LocalityCase.objects.filter(meeting=meeting, episode=episode).exists():
        errors["episode"] = ["This family is already on the agenda"]
    if reason not in CaseReason.values:
        errors["reason"] = ["Select why the family is being brought"]
    if not summary.strip():
        errors["summary"] = ["Say briefly what the meeting needs to know"]
    if errors:
        raise ValidationError(errors)
    case = LocalityCase.objects.create(
        meeting=meeting, episode=episode, reason=reason, brought_by=actor, summary=summary.strip()
    )
    locality_case_added_event(actor=actor, case=case)
    return case


def _propose_lead(*, actor: User, episode: Episode, practitioner: User) -> LeadPractitioner:
    from righthelp.earlyhelp import services as episode_services

    proposer = getattr(episode_services, "lead_propose", None)
    if proposer is not None:
        try:
            lead: LeadPractitioner = proposer(
                actor=actor, episode=episode, practitioner=practitioner
            )
        except PermissionError:
            # A locality manager may chair the meeting without being able to work on the
            # family; the lead module only lets those who can work on it propose a lead.
            raise ValidationError(
                {
                    "new_lead": [
                        "Only an early help worker of this locality can propose the new lead: "
                        "ask one to record this decision"
                    ]
                }
            ) from None
        return lead
    if practitioner.organisation is None:
        raise ValidationError({"new_lead": ["The new lead must belong to an agency"]})
    return LeadPractitioner.objects.create(
        episode=episode,
        practitioner=practitioner,
        organisation=practitioner.organisation,
        status=LeadStatus.PROPOSED,
        proposed_at=timezone.now(),
        proposed_by=actor,
    )


@transaction.atomic
def locality_case_decide(
    *,
    actor: User,
    case: LocalityCase,
    outcome: str,
    actions: str,
    new_lead: User | None = None,
    step_up: bool = False,
) -> LocalityCase:
    """Record what the meeting decided for a case. A new lead is proposed (and must still
    agree, with the family) only when the episode has no current lead."""
    locked = (
        LocalityCase.objects.select_for_update()
        .select_related("meeting", "episode")
        .get(pk=case.pk)
    )
    if not can_use_locality(actor, locked.meeting.locality):
        raise PermissionError("Only early help workers and managers of this locality")
    errors: dict[str, list[str]] = {}
    if locked.decided_at is not None:
        raise ValidationError("This case has already been decided")
    if not outcome.strip():
        errors["outcome"] = ["Enter what the meeting decided"]
    has_lead = LeadPractitioner.objects.filter(
        episode=locked.episode, status__in=[LeadStatus.PROPOSED, LeadStatus.ACTIVE]
    ).exists()
    if new_lead is not None and has_lead:
        errors["new_lead"] = ["The family already has a lead practitioner"]
    if errors:
        raise ValidationError(errors)
    lead = None
    if new_lead is not None:
        lead = _propose_lead(actor=actor, episode=locked.episode, practitioner=new_lead)
    locked.outcome = outcome.strip()
    locked.actions = actions.strip()
    locked.new_lead = lead
    locked.step_up = step_up
    locked.decided_at = timezone.now()
    locked.save()
    locality_case_decided_event(actor=actor, case=locked, new_lead=new_lead)
    return locked
