"""Every write for professional disagreements: raising one and recording each stage.

Anyone who may see the child may raise a disagreement or record a stage's conversation (and so
may whoever holds one of its stages); the person recording is kept as who decided. Each call
records one typed event. Each stage that opens is given its owners
(``selectors.level_holders``), who are told at once ("raised with you" or "escalated to you"),
in the app and by e-mail after the transaction commits.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.services import event_record
from righthelp.core.checkpoint import visible_people
from righthelp.core.selectors import working_calendar
from righthelp.escalations.ladder import add_working_hours, ladder_for, timescale_for
from righthelp.escalations.models import (
    Disagreement,
    DisagreementKind,
    DisagreementStatus,
    Stage,
    StageOutcome,
)
from righthelp.escalations.permissions import held_disagreements_q
from righthelp.escalations.selectors import level_holders, respondent_for
from righthelp.frontdoor.models import Contact, Decision
from righthelp.frontdoor.permissions import can_view_contact
from righthelp.people.models import Person
from righthelp.workdue.models import NotificationKind
from righthelp.workdue.services import notification_send

MAX_TEXT = 5000


def _open_stage(disagreement: Disagreement, number: int, opened_at: datetime) -> Stage:
    """Open stage ``number`` with its due times, its owners and the next level's holders (who
    are told if it runs late), both as they are now."""
    calendar = working_calendar()
    timescale = timescale_for(high_risk=disagreement.high_risk)
    stage = Stage.objects.create(
        disagreement=disagreement,
        number=number,
        level=disagreement.ladder[number - 1],
        opened_at=opened_at,
        respond_by=add_working_hours(calendar, opened_at, timescale.first_response_hours),
        due_at=add_working_hours(calendar, opened_at, timescale.resolution_hours),
    )
    respondent = respondent_for(disagreement)
    stage.owners.set(level_holders(disagreement, number, respondent))
    if number < len(disagreement.ladder):
        stage.next_level_holders.set(level_holders(disagreement, number + 1, respondent))
    return stage


def _notify_owners(disagreement: Disagreement, stage: Stage, *, escalated: bool) -> list[int]:
    """Tell the stage's owners a disagreement has reached them: once per owner and stage, in
    the app now and by e-mail after commit. The notice names no child."""
    about = disagreement.get_kind_display()
    if disagreement.about_contact is not None:
        about += f" ({disagreement.about_contact.reference})"
    risk = "High risk. " if disagreement.high_risk else ""
    due = timezone.localtime(stage.due_at).strftime("%d %B %Y %H:%M")
    respond = timezone.localtime(stage.respond_by).strftime("%d %B %Y %H:%M")
    subject = (
        f"A professional disagreement has been escalated to you ({stage.level})"
        if escalated
        else "A professional disagreement has been raised with you"
    )
    owners = list(stage.owners.order_by("pk"))
    for owner in owners:
        notification_send(
            recipient=owner,
            kind=NotificationKind.ESCALATION_RAISED,
            key=f"escalation:stage:{stage.pk}",
            subject=subject,
            body=(
                f"{risk}{about}. Stage {stage.number}: {stage.level}. "
                f"First response by {respond}; resolution aimed for by {due}."
            ),
            link=reverse("escalations:detail", args=[disagreement.pk]),
        )
    return [owner.pk for owner in owners]


def _require_text(errors: dict[str, str], field: str, value: str, message: str) -> None:
    if not value.strip():
        errors[field] = message
    elif len(value) > MAX_TEXT:
        errors[field] = f"Must be {MAX_TEXT} characters or fewer"


def _may_raise_from_contact(
    actor: User, child: Person, contact: Contact | None, decision: Decision | None
) -> bool:
    """Raising from a front-door contact: its referrer (or the front door) may raise about a
    child named in it without seeing the child's record (the seed's "decision not to accept"
    scenario). The decision, if given, must be that contact's."""
    return (
        contact is not None
        and (decision is None or decision.contact_id == contact.pk)
        and can_view_contact(actor, contact)
        and contact.subjects.filter(person=child).exists()
    )


@transaction.atomic
def disagreement_raise(
    *,
    actor: User,
    child: Person,
    kind: str,
    disagree_with: str,
    reason: str,
    risk: str,
    high_risk: bool,
    wanted: str,
    about_contact: Contact | None = None,
    about_decision: Decision | None = None,
    now: datetime | None = None,
) -> Disagreement:
    """Raise a disagreement about a child the actor may see, opening the first stage of the
    ladder of the actor's agency with its due times and owners, and telling the owners.
    Refuses a child the actor cannot see (as
    not found), an unknown kind and missing statements. A child named in ``about_contact``
    may be raised about by whoever may see that contact, even without seeing the child."""
    if not visible_people(actor).filter(pk=child.pk).exists() and not _may_raise_from_contact(
        actor, child, about_contact, about_decision
    ):
        raise ValidationError("The child could not be found")
    errors: dict[str, str] = {}
    if kind not in DisagreementKind.values:
        errors["kind"] = "Select what the disagreement is about"
    _require_text(errors, "disagree_with", disagree_with, "Enter what you disagree with")
    _require_text(errors, "reason", reason, "Enter why you disagree")
    _require_text(errors, "risk", risk, "Enter the risk you see for the child")
    _require_text(errors, "wanted", wanted, "Enter what you want to happen")
    if (
        kind == DisagreementKind.FRONT_DOOR_DECISION
        and about_decision is None
        and (about_contact is None)
    ):
        errors["kind"] = "Say which front-door contact or decision you disagree with"
    if about_decision is not None and about_contact is None:
        about_contact = about_decision.contact
    if errors:
        raise ValidationError(errors)
    raised_at = now or timezone.now()
    ladder = ladder_for(actor.organisation.kind if actor.organisation else "")
    disagreement = Disagreement.objects.create(
        child=child,
        about_contact=about_contact,
        about_decision=about_decision,
        kind=kind,
        raised_by=actor,
        organisation=actor.organisation,
        disagree_with=disagree_with.strip(),
        reason=reason.strip(),
        risk=risk.strip(),
        high_risk=high_risk,
        wanted=wanted.strip(),
        ladder=ladder,
        raised_at=raised_at,
    )
    stage = _open_stage(disagreement, 1, raised_at)
    owner_ids = _notify_owners(disagreement, stage, escalated=False)
    event_record(
        actor=actor,
        verb=Verb.ESCALATION_RAISED,
        subject_ids=[child.pk],
        summary=f"Disagreement raised: {disagreement.get_kind_display()}",
        payload={
            "disagreement": disagreement.pk,
            "kind": kind,
            "high_risk": high_risk,
            "level": stage.level,
            "due_at": stage.due_at.isoformat(),
            "owners": owner_ids,
        },
    )
    return disagreement


@transaction.atomic
def stage_record(
    *,
    actor: User,
    disagreement: Disagreement,
    conversation: str,
    outcome: str,
    resolution: str = "",
    now: datetime | None = None,
) -> Stage:
    """Record the conversation and outcome of the disagreement's current stage.

    "escalate" opens the next level of the ladder with its own due times and owners, who are
    told; "resolved" closes the disagreement with what was agreed. Whoever may see the child,
    or holds a stage of the disagreement (or the level above one), may record it. Refuses
    anyone else (as not found), a closed disagreement, a missing conversation, and escalation
    beyond the top of the ladder.
    """
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    if (
        not visible_people(actor).filter(pk=disagreement.child_id).exists()
        and not Disagreement.objects.filter(
            held_disagreements_q(actor), pk=disagreement.pk
        ).exists()
    ):
        raise ValidationError("The disagreement could not be found")
    if disagreement.status != DisagreementStatus.OPEN:
        raise ValidationError("This disagreement has already been resolved")
    errors: dict[str, str] = {}
    _require_text(errors, "conversation", conversation, "Enter what was discussed")
    if outcome not in StageOutcome.values:
        errors["outcome"] = "Select the outcome of this stage"
    elif outcome == StageOutcome.RESOLVED:
        _require_text(errors, "resolution", resolution, "Enter what was agreed")
    elif disagreement.current_stage_number >= len(disagreement.ladder):
        errors["outcome"] = (
            "This is the top of the ladder: the disagreement cannot be escalated further"
        )
    if errors:
        raise ValidationError(errors)
    at = now or timezone.now()
    stage = disagreement.stages.get(number=disagreement.current_stage_number)
    stage.conversation = conversation.strip()
    stage.outcome = outcome
    stage.decided_by = actor
    stage.decided_at = at
    stage.save()
    if outcome == StageOutcome.ESCALATE:
        next_stage = _open_stage(disagreement, stage.number + 1, at)
        disagreement.current_stage_number = next_stage.number
        disagreement.save(update_fields=["current_stage_number"])
        owner_ids = _notify_owners(disagreement, next_stage, escalated=True)
        verb = Verb.ESCALATION_ESCALATED
        summary = f"Disagreement escalated from {stage.level} to {next_stage.level}"
        payload = {
            "disagreement": disagreement.pk,
            "stage": stage.number,
            "from_level": stage.level,
            "to_level": next_stage.level,
            "due_at": next_stage.due_at.isoformat(),
            "owners": owner_ids,
        }
    else:
        disagreement.status = DisagreementStatus.RESOLVED
        disagreement.resolved_at = at
        disagreement.outcome = resolution.strip()
        disagreement.save(update_fields=["status", "resolved_at", "outcome"])
        verb = Verb.ESCALATION_RESOLVED
        summary = f"Disagreement resolved at {stage.level}"
        payload = {
            "disagreement": disagreement.pk,
            "stage": stage.number,
            "level": stage.level,
            "old": {"status": DisagreementStatus.OPEN},
            "new": {"status": DisagreementStatus.RESOLVED},
        }
    event_record(
        actor=actor,
        verb=verb,
        subject_ids=[disagreement.child_id],
        summary=summary,
        payload=payload,
    )
    return stage
