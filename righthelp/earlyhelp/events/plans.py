"""The events of the multi-agency plan: saved, agreed, reviewed and its actions updated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypedDict, cast

from django.db.models import QuerySet

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.earlyhelp.events.episodes import _short
from righthelp.earlyhelp.models import (
    ActionStatus,
    Episode,
    Plan,
    PlanAction,
    Progress,
    TafMeeting,
)

# --- Multi-agency plans --------------------------------------------------------------------

PLAN_CHANGE_VERBS = (Verb.PLAN_SAVED, Verb.PLAN_ACTION_UPDATED, Verb.PLAN_AGREED)


class PlanSavedPayload(TypedDict):
    episode: int
    plan: int
    number: int
    version: int
    changes: list[str]


def plan_saved_event(*, actor: User, episode: Episode, plan: Plan, changes: Sequence[str]) -> Event:
    """``changes``: what changed, as lines a reader of the plan's history is shown."""
    payload: PlanSavedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "number": plan.number,
        "version": plan.version,
        "changes": list(changes),
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_SAVED,
        subject_ids=episode.member_ids(),
        summary=f"Plan version {plan.number} saved as a draft for {episode.reference}",
        payload=payload,
    )


def plan_saved_payload(event: Event) -> PlanSavedPayload:
    return cast(PlanSavedPayload, payload_read(event, Verb.PLAN_SAVED))


class FamilyAgreementPayload(TypedDict):
    name: str
    relationship: str


class PlanAgreedPayload(TypedDict):
    episode: int
    plan: int
    number: int
    version: int
    superseded: list[int]
    agreed_on: str
    family: list[FamilyAgreementPayload]
    changes: list[str]


def plan_agreed_event(
    *,
    actor: User,
    episode: Episode,
    plan: Plan,
    superseded: Sequence[int],
    agreed_on: date,
    family: Sequence[FamilyAgreementPayload],
) -> Event:
    """``superseded``: the numbers of the versions this one replaced."""
    payload: PlanAgreedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "number": plan.number,
        "version": plan.version,
        "superseded": list(superseded),
        "agreed_on": agreed_on.isoformat(),
        "family": [{"name": p["name"], "relationship": p["relationship"]} for p in family],
        "changes": [f"Version {plan.number} was agreed"],
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_AGREED,
        subject_ids=episode.member_ids(),
        summary=f"Plan version {plan.number} agreed for {episode.reference}",
        payload=payload,
    )


def plan_agreed_payload(event: Event) -> PlanAgreedPayload:
    return cast(PlanAgreedPayload, payload_read(event, Verb.PLAN_AGREED))


class PlanReviewedPayload(TypedDict):
    episode: int
    plan: int
    reviewed: int
    number: int
    meeting: int | None
    progress: str
    measured_by: str


def plan_reviewed_event(
    *, actor: User, episode: Episode, plan: Plan, reviewed: Plan, meeting: TafMeeting | None
) -> Event:
    """``plan``: the new version a review made of ``reviewed``."""
    payload: PlanReviewedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "reviewed": reviewed.pk,
        "number": plan.number,
        "meeting": meeting.pk if meeting else None,
        "progress": plan.progress,
        "measured_by": plan.progress_measured_by,
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_REVIEWED,
        subject_ids=episode.member_ids(),
        summary=f"Plan reviewed ({Progress(plan.progress).label.lower()}) for {episode.reference}",
        payload=payload,
    )


def plan_reviewed_payload(event: Event) -> PlanReviewedPayload:
    return cast(PlanReviewedPayload, payload_read(event, Verb.PLAN_REVIEWED))


class PlanActionUpdatedPayload(TypedDict):
    episode: int
    plan: int
    action: int
    version: int
    old: str
    new: str
    changes: list[str]


def plan_action_updated_event(
    *, actor: User, episode: Episode, plan: Plan, action: PlanAction, old: str
) -> Event:
    """``old``: the action's status before; its new one is ``action.status``."""
    status = action.status
    payload: PlanActionUpdatedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "action": action.pk,
        "version": plan.version,
        "old": old,
        "new": status,
        "changes": [f"Action now {ActionStatus(status).label.lower()}: {_short(action.what)}"],
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_ACTION_UPDATED,
        subject_ids=episode.member_ids(),
        summary=f"Plan action marked {ActionStatus(status).label.lower()}",
        payload=payload,
    )


def plan_action_updated_payload(event: Event) -> PlanActionUpdatedPayload:
    return cast(PlanActionUpdatedPayload, payload_read(event, Verb.PLAN_ACTION_UPDATED))


def plan_changes(event: Event) -> list[str]:
    """The lines a plan-change event (saved, action updated, agreed) says changed."""
    payload = payload_read(event, *PLAN_CHANGE_VERBS)
    return [str(change) for change in payload.get("changes") or []]


def plan_change_events(plan: Plan, after_version: int) -> QuerySet[Event]:
    """The events that changed ``plan`` after ``after_version``, oldest first, with actors."""
    return (
        Event.objects.filter(
            verb__in=[v.value for v in PLAN_CHANGE_VERBS],
            payload__plan=plan.pk,
            payload__version__gt=after_version,
        )
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
