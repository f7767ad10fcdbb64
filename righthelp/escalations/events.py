"""The events a professional disagreement records: one function per kind, payload built here,
and beside each the shape of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.escalations.models import Disagreement, DisagreementStatus, Stage


class EscalationRaisedPayload(TypedDict):
    disagreement: int
    kind: str
    high_risk: bool
    level: str
    stage: int
    could_not_reach: bool
    due_at: str
    owners: list[int]
    referrer_side: list[int]


def escalation_raised_event(
    *,
    actor: User,
    disagreement: Disagreement,
    stage: Stage,
    could_not_reach: bool,
    owner_ids: Sequence[int],
) -> Event:
    """``could_not_reach``: raised straight to a higher level, the levels below unreachable;
    ``owner_ids``: who holds the first stage."""
    payload: EscalationRaisedPayload = {
        "disagreement": disagreement.pk,
        "kind": disagreement.kind,
        "high_risk": disagreement.high_risk,
        "level": stage.level,
        "stage": stage.number,
        "could_not_reach": could_not_reach,
        "due_at": stage.due_at.isoformat(),
        "owners": list(owner_ids),
        "referrer_side": sorted(stage.referrer_side.values_list("pk", flat=True)),
    }
    return event_record(
        actor=actor,
        verb=Verb.ESCALATION_RAISED,
        subject_ids=[disagreement.child_id],
        summary=f"Disagreement raised: {disagreement.get_kind_display()}"
        + (
            f", straight to {stage.level} (could not reach the levels below)"
            if could_not_reach
            else ""
        ),
        payload=payload,
    )


def escalation_raised_payload(event: Event) -> EscalationRaisedPayload:
    return cast(EscalationRaisedPayload, payload_read(event, Verb.ESCALATION_RAISED))


class EscalationStageRecordedPayload(TypedDict):
    disagreement: int
    stage: int
    level: str
    responded_at: str
    late: bool


def escalation_stage_recorded_event(
    *, actor: User, disagreement: Disagreement, stage: Stage, responded_at: datetime
) -> Event:
    """The holder's first response to a stage (late if after the stage's ``respond_by``)."""
    payload: EscalationStageRecordedPayload = {
        "disagreement": disagreement.pk,
        "stage": stage.number,
        "level": stage.level,
        "responded_at": responded_at.isoformat(),
        "late": responded_at > stage.respond_by,
    }
    return event_record(
        actor=actor,
        verb=Verb.ESCALATION_STAGE_RECORDED,
        subject_ids=[disagreement.child_id],
        summary=f"First response to the disagreement at {stage.level}",
        payload=payload,
    )


def escalation_stage_recorded_payload(event: Event) -> EscalationStageRecordedPayload:
    return cast(EscalationStageRecordedPayload, payload_read(event, Verb.ESCALATION_STAGE_RECORDED))


class EscalationEscalatedPayload(TypedDict):
    disagreement: int
    stage: int
    from_level: str
    to_level: str
    could_not_reach: bool
    due_at: str
    owners: list[int]


def escalation_escalated_event(
    *,
    actor: User,
    disagreement: Disagreement,
    stage: Stage,
    next_stage: Stage,
    could_not_reach: bool,
    owner_ids: Sequence[int],
) -> Event:
    payload: EscalationEscalatedPayload = {
        "disagreement": disagreement.pk,
        "stage": stage.number,
        "from_level": stage.level,
        "to_level": next_stage.level,
        "could_not_reach": could_not_reach,
        "due_at": next_stage.due_at.isoformat(),
        "owners": list(owner_ids),
    }
    return event_record(
        actor=actor,
        verb=Verb.ESCALATION_ESCALATED,
        subject_ids=[disagreement.child_id],
        summary=f"Disagreement escalated from {stage.level} to {next_stage.level}"
        + (" (could not reach the levels below)" if could_not_reach else ""),
        payload=payload,
    )


def escalation_escalated_payload(event: Event) -> EscalationEscalatedPayload:
    return cast(EscalationEscalatedPayload, payload_read(event, Verb.ESCALATION_ESCALATED))


class StatusOnly(TypedDict):
    status: str


class EscalationResolvedPayload(TypedDict):
    disagreement: int
    stage: int
    level: str
    upheld: bool
    contact_reopened: bool
    old: StatusOnly
    new: StatusOnly


def escalation_resolved_event(
    *, actor: User, disagreement: Disagreement, stage: Stage, upheld: bool, reopened: bool
) -> Event:
    """``reopened``: an upheld disagreement about a contact reopened the contact."""
    payload: EscalationResolvedPayload = {
        "disagreement": disagreement.pk,
        "stage": stage.number,
        "level": stage.level,
        "upheld": upheld,
        "contact_reopened": reopened,
        "old": {"status": DisagreementStatus.OPEN},
        "new": {"status": DisagreementStatus.RESOLVED},
    }
    return event_record(
        actor=actor,
        verb=Verb.ESCALATION_RESOLVED,
        subject_ids=[disagreement.child_id],
        summary=f"Disagreement {'upheld' if upheld else 'resolved'} at {stage.level}",
        payload=payload,
    )


def escalation_resolved_payload(event: Event) -> EscalationResolvedPayload:
    return cast(EscalationResolvedPayload, payload_read(event, Verb.ESCALATION_RESOLVED))
