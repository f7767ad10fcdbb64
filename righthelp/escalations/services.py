"""Every write for professional disagreements: raising one, the first response to a stage,
and recording each stage.

Anyone who may see the child may raise a disagreement or record a stage's conversation (and so
may whoever holds one of its stages); the person recording is kept as who decided. Each call
records one typed event. Each stage that opens is given its owners
(``selectors.level_holders``), who are told at once ("raised with you" or "escalated to you"),
and, on a ladder with the referrer's side, the raiser's line manager or equivalents, who are
told too. Whoever raised it is told at each escalation and of the outcome. Every notice goes out
in the app and by e-mail after the transaction commits, once. A stage nobody can hold is
refused (``NoStageHolder``), saying whom to phone; ``ladder_gap_report`` tells the
administrators.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.core.checkpoint import visible_people
from righthelp.core.selectors import working_calendar
from righthelp.escalations.events import (
    escalation_escalated_event,
    escalation_raised_event,
    escalation_resolved_event,
    escalation_stage_recorded_event,
)
from righthelp.escalations.ladder import (
    could_not_reach,
    due_after,
    ladder_for,
    partnership_for,
    timescale_for,
)
from righthelp.escalations.models import (
    RESOLVING_OUTCOMES,
    Disagreement,
    DisagreementKind,
    DisagreementStatus,
    Stage,
    StageOutcome,
)
from righthelp.escalations.permissions import held_disagreements_q
from righthelp.escalations.selectors import (
    Respondent,
    latest_decision,
    level_holders,
    referrer_side_holders,
    respondent_for,
)
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.handoff_selectors import contact_by_id
from righthelp.frontdoor.models import Contact, ContactStatus, Decision
from righthelp.frontdoor.permissions import can_view_contact
from righthelp.notifications.models import NotificationKind
from righthelp.notifications.services import notification_send
from righthelp.people.models import Person

MAX_TEXT = 5000


def front_door_phone_advice() -> str:
    """ "Phone the front door", with its number when one is configured."""
    phone = settings.RIGHTHELP_FRONT_DOOR_PHONE.strip()
    return f"phone the front door on {phone}" if phone else "phone the front door"


class NoStageHolder(ValidationError):
    """Nobody can hold a stage: no worker, manager or named holder, and no escalation lead
    configured (or only the raiser, or the person whose decision is disputed). The message says
    what to do instead; the caller tells the administrators with ``ladder_gap_report``."""

    def __init__(self, *, level: str, service_kind: str, raising: bool) -> None:
        self.level = level
        self.service_kind = service_kind
        action = "raise it" if raising else "take it to the next level"
        super().__init__(
            "Nobody can take up this disagreement at the "
            f"{level.lower()} level in RightHelp: nobody holds that level and no escalation "
            f"lead is set up. If a child is in immediate danger, call 999. Otherwise "
            f"{front_door_phone_advice()} to {action} now. Your administrators have been told."
        )


def _open_stage(
    disagreement: Disagreement,
    number: int,
    opened_at: datetime,
    *,
    respondent: Respondent,
    previous_ids: tuple[int, ...] = (),
    because: str = "",
) -> Stage:
    """Open stage ``number`` with its due times, its owners, the next level's holders (who
    are told if it runs late) and the referrer's side, all as they are now. Refuses
    (``NoStageHolder``) a stage nobody can hold."""
    level = disagreement.ladder[number - 1]
    owners = level_holders(disagreement, number, respondent, previous_ids)
    if not owners:
        raise NoStageHolder(
            level=level,
            service_kind=respondent.organisation_kind,
            raising=not previous_ids,
        )
    calendar = working_calendar()
    timescale = timescale_for(
        high_risk=disagreement.high_risk, partnership=disagreement.partnership
    )
    stage = Stage.objects.create(
        disagreement=disagreement,
        number=number,
        level=level,
        opened_at=opened_at,
        respond_by=due_after(
            calendar,
            opened_at,
            timescale.first_response_hours,
            clock_hours=timescale.clock_hours,
        ),
        due_at=due_after(
            calendar, opened_at, timescale.resolution_hours, clock_hours=timescale.clock_hours
        ),
        reached_directly_because=because.strip(),
    )
    stage.owners.set(owners)
    if number < len(disagreement.ladder):
        stage.next_level_holders.set(
            level_holders(disagreement, number + 1, respondent, tuple(user.pk for user in owners))
        )
    stage.referrer_side.set(referrer_side_holders(disagreement, number))
    return stage


def _about(disagreement: Disagreement) -> str:
    about = disagreement.get_kind_display()
    if disagreement.about_contact is not None:
        about += f" ({disagreement.about_contact.reference})"
    return about


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d %B %Y %H:%M")


def _link(disagreement: Disagreement) -> str:
    return reverse("escalations:detail", args=[disagreement.pk])


def _notify_owners(disagreement: Disagreement, stage: Stage, *, escalated: bool) -> list[int]:
    """Tell the stage's owners a disagreement has reached them, and the referrer's side that it
    has reached this level: once per person and stage, in the app now and by e-mail after
    commit. The notices name no child."""
    risk = "High risk. " if disagreement.high_risk else ""
    timing = (
        f"Stage {stage.number}: {stage.level}. First response by {_when(stage.respond_by)}; "
        f"resolution aimed for by {_when(stage.due_at)}."
    )
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
            body=f"{risk}{_about(disagreement)}. {timing}",
            link=_link(disagreement),
        )
    raiser = disagreement.raised_by
    for person in stage.referrer_side.exclude(pk=raiser.pk).order_by("pk"):
        notification_send(
            recipient=person,
            kind=NotificationKind.FEEDBACK_ARRIVED,
            key=f"escalation:referrer-side:{stage.pk}",
            subject=(
                f"A professional disagreement raised by {raiser.display_name} has reached "
                f"{stage.level}: you are on their side"
            ),
            body=(
                f"{risk}{_about(disagreement)}. {timing} As their line manager, safeguarding "
                "lead or equivalent, discuss it with whoever holds this stage."
            ),
            link=_link(disagreement),
        )
    return [owner.pk for owner in owners]


def _notify_raiser_escalated(disagreement: Disagreement, stage: Stage) -> None:
    """Tell whoever raised the disagreement that it has climbed to ``stage``, once."""
    holders = ", ".join(owner.display_name for owner in stage.owners.order_by("pk"))
    notification_send(
        recipient=disagreement.raised_by,
        kind=NotificationKind.FEEDBACK_ARRIVED,
        key=f"escalation:raiser:stage:{stage.pk}",
        subject=f"Your professional disagreement has been escalated to {stage.level}",
        body=(
            f"{_about(disagreement)}. Stage {stage.number}: {stage.level}, held by {holders}. "
            f"First response by {_when(stage.respond_by)}; resolution aimed for by "
            f"{_when(stage.due_at)}."
        ),
        link=_link(disagreement),
    )


def _notify_raiser_outcome(disagreement: Disagreement, stage: Stage, *, reopened: bool) -> None:
    """Tell whoever raised the disagreement its outcome, once."""
    if disagreement.upheld:
        subject = "Your professional disagreement has been upheld"
        body = f"Upheld at {stage.level}: the decision changes."
        if reopened:
            body += (
                " The front door is making a new decision on the contact; the disagreement's "
                "page links to it once it is made."
            )
    else:
        subject = "Your professional disagreement has been resolved"
        body = f"Resolved at {stage.level}. The disagreement's page says what was agreed."
    notification_send(
        recipient=disagreement.raised_by,
        kind=NotificationKind.FEEDBACK_ARRIVED,
        key=f"escalation:raiser:outcome:{disagreement.pk}",
        subject=subject,
        body=f"{_about(disagreement)}. {body}",
        link=_link(disagreement),
    )


@transaction.atomic
def ladder_gap_report(*, actor: User, level: str, service_kind: str) -> int:
    """Tell the administrators (in the app and by e-mail, once a day per service and level)
    that a disagreement could not be raised or escalated because nobody can hold ``level``.
    Called by the pages after ``NoStageHolder``, outside the refused write so the notice stays.
    Each notice records its own event (``USER_NOTIFIED``). Returns how many were told."""
    today = timezone.localdate().isoformat()
    service = service_kind or "any"
    administrators = User.objects.filter(
        is_active=True, role_assignments__role=Role.ADMINISTRATOR
    ).distinct()
    told = 0
    for administrator in administrators.order_by("pk"):
        _, created = notification_send(
            recipient=administrator,
            kind=NotificationKind.ESCALATION_RAISED,
            key=f"escalation:ladder-gap:{service}:{level}:{today}",
            subject=f"A professional disagreement was refused: nobody holds {level}",
            body=(
                f"{actor.display_name}"
                + (f" ({actor.organisation.name})" if actor.organisation else "")
                + f" could not raise or escalate a professional disagreement: nobody can hold "
                f"the {level.lower()} level for this service ({service}) and no escalation "
                "lead is configured. Name the ladder's holders in Django admin (Escalations, "
                "Ladder holders) or set RIGHTHELP_ESCALATION_LEAD."
            ),
            link=reverse("admin:escalations_ladderholder_changelist"),
        )
        told += int(created)
    return told


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


def _first_stage_number(partnership: str, ladder: list[str], errors: dict[str, str]) -> int:
    """For a disagreement raised "could not reach": the stage number of the level the
    partnership's ladder goes straight to (an error if it has no such route)."""
    route = could_not_reach(partnership)
    if route is None or ladder[0] not in route.from_levels or route.to_level not in ladder:
        errors["could_not_reach"] = "This ladder has no route straight to a higher level"
        return 1
    return ladder.index(route.to_level) + 1


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
    could_not_reach: bool = False,
    could_not_reach_reason: str = "",
    now: datetime | None = None,
) -> Disagreement:
    """Raise a disagreement about a child the actor may see, opening the first stage of the
    ladder of the actor's agency (in this partnership) with its due times and owners, and
    telling the owners (and the referrer's side, on a ladder with one).

    ``could_not_reach`` (with its reason), on a ladder with that route (Nottingham's), opens the
    first stage at the level it goes straight to (the service manager), the reason recorded on
    the stage. Refuses a child the actor cannot see (as not found), an unknown kind, missing
    statements, and (``NoStageHolder``) a first stage nobody can hold. A child named in
    ``about_contact`` may be raised about by whoever may see that contact, even without seeing
    the child."""
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
    if could_not_reach:
        _require_text(
            errors,
            "could_not_reach_reason",
            could_not_reach_reason,
            "Say who you tried to reach, how, and why it could not wait",
        )
    if (
        kind == DisagreementKind.FRONT_DOOR_DECISION
        and about_decision is None
        and (about_contact is None)
    ):
        errors["kind"] = "Say which front-door contact or decision you disagree with"
    if about_decision is not None and about_contact is None:
        about_contact = about_decision.contact
    partnership = partnership_for(settings.RIGHTHELP_ESCALATION_LADDER)
    ladder = ladder_for(actor.organisation.kind if actor.organisation else "", partnership)
    number = _first_stage_number(partnership, ladder, errors) if could_not_reach else 1
    if errors:
        raise ValidationError(errors)
    raised_at = now or timezone.now()
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
        partnership=partnership,
        ladder=ladder,
        current_stage_number=number,
        raised_at=raised_at,
    )
    because = could_not_reach_reason.strip() if could_not_reach else ""
    stage = _open_stage(
        disagreement, number, raised_at, respondent=respondent_for(disagreement), because=because
    )
    owner_ids = _notify_owners(disagreement, stage, escalated=False)
    escalation_raised_event(
        actor=actor,
        disagreement=disagreement,
        stage=stage,
        could_not_reach=bool(because),
        owner_ids=owner_ids,
    )
    return disagreement


def _may_record(actor: User, disagreement: Disagreement) -> bool:
    return (
        visible_people(actor).filter(pk=disagreement.child_id).exists()
        or Disagreement.objects.filter(held_disagreements_q(actor), pk=disagreement.pk).exists()
    )


@transaction.atomic
def stage_respond(
    *, actor: User, disagreement: Disagreement, response: str, now: datetime | None = None
) -> Stage:
    """Record the first response to the disagreement's current stage: what its holder has done
    or will do. Only the stage's owners may (others get not found); once per stage. Records
    ESCALATION_STAGE_RECORDED. The stage then leaves "first response due" and is due for its
    resolution."""
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    stage = disagreement.stages.get(number=disagreement.current_stage_number)
    if not stage.owners.filter(pk=actor.pk).exists():
        raise ValidationError("The disagreement could not be found")
    if disagreement.status != DisagreementStatus.OPEN:
        raise ValidationError("This disagreement has already been resolved")
    if stage.responded_at is not None:
        raise ValidationError("The first response to this stage has already been recorded")
    errors: dict[str, str] = {}
    _require_text(errors, "response", response, "Enter your first response")
    if errors:
        raise ValidationError(errors)
    at = now or timezone.now()
    stage.response = response.strip()
    stage.responded_by = actor
    stage.responded_at = at
    stage.save(update_fields=["response", "responded_by", "responded_at"])
    escalation_stage_recorded_event(
        actor=actor, disagreement=disagreement, stage=stage, responded_at=at
    )
    return stage


def _reopen_contact(actor: User, disagreement: Disagreement, stage: Stage, agreed: str) -> bool:
    """For an upheld disagreement about a front-door decision that is still the contact's
    latest: re-open the contact for the front door's new decision. True if it was re-opened."""
    if (
        disagreement.kind != DisagreementKind.FRONT_DOOR_DECISION
        or disagreement.about_contact_id is None
    ):
        return False
    contact = contact_by_id(disagreement.about_contact_id)
    if contact is None:
        return False
    latest = latest_decision(contact)
    if contact.status != ContactStatus.DECIDED or latest is None:
        return False
    if disagreement.about_decision_id not in (None, latest.pk):
        return False  # the front door has already decided again
    frontdoor_services.contact_reopen_for_decision(
        actor=actor,
        contact=contact,
        reason=(f"professional disagreement {disagreement.pk} upheld at {stage.level}: {agreed}"),
        upheld_disagreement=disagreement.pk,
    )
    return True


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
    told, as is whoever raised it. "could_not_reach" (on a ladder with that route, from its
    lower levels) opens the level it goes straight to, the conversation kept as the reason.
    "upheld" and "resolved" close the disagreement with what was agreed, upheld or not, and
    tell whoever raised it; an upheld disagreement about a front-door decision re-opens the
    contact for the front door's new decision (``frontdoor.services.contact_reopen_for_decision``),
    the old decision kept in its history. Whoever may see the child, or holds a stage of the
    disagreement (or the level above one, or is on the raiser's side), may record it. Refuses
    anyone else (as not found), a closed disagreement, a missing conversation, escalation
    beyond the top of the ladder, and (``NoStageHolder``) a next stage nobody can hold.
    """
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    if not _may_record(actor, disagreement):
        raise ValidationError("The disagreement could not be found")
    if disagreement.status != DisagreementStatus.OPEN:
        raise ValidationError("This disagreement has already been resolved")
    stage = disagreement.stages.get(number=disagreement.current_stage_number)
    errors: dict[str, str] = {}
    _require_text(errors, "conversation", conversation, "Enter what was discussed")
    route = could_not_reach(disagreement.partnership)
    next_number = stage.number + 1
    if outcome not in StageOutcome.values:
        errors["outcome"] = "Select the outcome of this stage"
    elif outcome in RESOLVING_OUTCOMES:
        _require_text(errors, "resolution", resolution, "Enter what was agreed")
    elif outcome == StageOutcome.COULD_NOT_REACH:
        if route is None or stage.level not in route.from_levels:
            errors["outcome"] = "This ladder has no route straight to a higher level from here"
        else:
            next_number = disagreement.ladder.index(route.to_level) + 1
    elif stage.number >= len(disagreement.ladder):
        errors["outcome"] = (
            "This is the top of the ladder: the disagreement cannot be escalated further"
        )
    if errors:
        raise ValidationError(errors)
    at = now or timezone.now()
    stage.conversation = conversation.strip()
    stage.outcome = outcome
    stage.decided_by = actor
    stage.decided_at = at
    stage.save()
    if outcome in (StageOutcome.ESCALATE, StageOutcome.COULD_NOT_REACH):
        skipped = outcome == StageOutcome.COULD_NOT_REACH
        next_stage = _open_stage(
            disagreement,
            next_number,
            at,
            respondent=respondent_for(disagreement),
            previous_ids=tuple(stage.owners.values_list("pk", flat=True)),
            because=stage.conversation if skipped else "",
        )
        disagreement.current_stage_number = next_stage.number
        disagreement.save(update_fields=["current_stage_number"])
        owner_ids = _notify_owners(disagreement, next_stage, escalated=True)
        _notify_raiser_escalated(disagreement, next_stage)
        escalation_escalated_event(
            actor=actor,
            disagreement=disagreement,
            stage=stage,
            next_stage=next_stage,
            could_not_reach=skipped,
            owner_ids=owner_ids,
        )
    else:
        upheld = outcome == StageOutcome.UPHELD
        disagreement.status = DisagreementStatus.RESOLVED
        disagreement.resolved_at = at
        disagreement.outcome = resolution.strip()
        disagreement.upheld = upheld
        disagreement.save(update_fields=["status", "resolved_at", "outcome", "upheld"])
        reopened = upheld and _reopen_contact(actor, disagreement, stage, disagreement.outcome)
        _notify_raiser_outcome(disagreement, stage, reopened=reopened)
        escalation_resolved_event(
            actor=actor, disagreement=disagreement, stage=stage, upheld=upheld, reopened=reopened
        )
    return stage
