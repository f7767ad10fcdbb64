"""The events of Team Around the Family meetings and locality meetings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TypedDict, cast

from django.db.models import QuerySet

from righthelp.accounts.models import Locality, User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.earlyhelp.models import (
    Episode,
    LocalityCase,
    LocalityMeeting,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.notices import when_text
from righthelp.people.models import Person

# --- Team Around the Family meetings -------------------------------------------------------

MEETING_VERBS = (
    Verb.TAF_MEETING_PLANNED,
    Verb.TAF_MEETING_RESCHEDULED,
    Verb.TAF_MEETING_CANCELLED,
    Verb.TAF_MEETING_RECORDED,
)


class TafMeetingPlannedPayload(TypedDict):
    episode: int
    meeting: int
    kind: str
    scheduled_for: str
    due_on: str
    practitioners: list[int]
    family_members: list[int]
    recorded_afterwards: bool


def taf_meeting_planned_event(
    *,
    actor: User,
    episode: Episode,
    meeting: TafMeeting,
    subject_ids: Iterable[int],
    practitioners: Sequence[User],
    family_members: Sequence[Person],
) -> Event:
    payload: TafMeetingPlannedPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "kind": meeting.kind,
        "scheduled_for": meeting.scheduled_for.isoformat(),
        "due_on": meeting.due_on.isoformat(),
        "practitioners": [u.pk for u in practitioners],
        "family_members": [p.pk for p in family_members],
        "recorded_afterwards": meeting.recorded_afterwards,
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_PLANNED,
        subject_ids=subject_ids,
        summary=f"{meeting.get_kind_display()} arranged for {episode.reference}",
        payload=payload,
    )


def taf_meeting_planned_payload(event: Event) -> TafMeetingPlannedPayload:
    return cast(TafMeetingPlannedPayload, payload_read(event, Verb.TAF_MEETING_PLANNED))


class MeetingWhereAndWhen(TypedDict):
    scheduled_for: str
    location: str


class TafMeetingRescheduledPayload(TypedDict):
    episode: int
    meeting: int
    old: MeetingWhereAndWhen
    new: MeetingWhereAndWhen
    reason: str


def taf_meeting_rescheduled_event(
    *,
    actor: User,
    episode: Episode,
    meeting: TafMeeting,
    old_when: datetime,
    old_location: str,
    reason: str,
) -> Event:
    """``old_when`` and ``old_location``: where and when the meeting was arranged before."""
    payload: TafMeetingRescheduledPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "old": {"scheduled_for": old_when.isoformat(), "location": old_location},
        "new": {"scheduled_for": meeting.scheduled_for.isoformat(), "location": meeting.location},
        "reason": reason.strip(),
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_RESCHEDULED,
        subject_ids=episode.member_ids(),
        summary=(
            f"{meeting.get_kind_display()} for {episode.reference} moved from "
            f"{when_text(old_when)} to {when_text(meeting.scheduled_for)}"
        ),
        payload=payload,
    )


def taf_meeting_rescheduled_payload(event: Event) -> TafMeetingRescheduledPayload:
    return cast(TafMeetingRescheduledPayload, payload_read(event, Verb.TAF_MEETING_RESCHEDULED))


class TafMeetingCancelledPayload(TypedDict):
    episode: int
    meeting: int
    scheduled_for: str
    reason: str


def taf_meeting_cancelled_event(*, actor: User, episode: Episode, meeting: TafMeeting) -> Event:
    payload: TafMeetingCancelledPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "scheduled_for": meeting.scheduled_for.isoformat(),
        "reason": meeting.cancellation_reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_CANCELLED,
        subject_ids=episode.member_ids(),
        summary=(
            f"{meeting.get_kind_display()} for {episode.reference} on "
            f"{when_text(meeting.scheduled_for)} cancelled"
        ),
        payload=payload,
    )


def taf_meeting_cancelled_payload(event: Event) -> TafMeetingCancelledPayload:
    return cast(TafMeetingCancelledPayload, payload_read(event, Verb.TAF_MEETING_CANCELLED))


class TafUpdateAddedPayload(TypedDict):
    meeting: int
    invitee: int
    replaced: bool


def taf_update_added_event(
    *, actor: User, meeting: TafMeeting, invitee: TafInvitee, replaced: bool
) -> Event:
    payload: TafUpdateAddedPayload = {
        "meeting": meeting.pk,
        "invitee": invitee.pk,
        "replaced": replaced,
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_UPDATE_ADDED,
        subject_ids=meeting.episode.member_ids(),
        summary=f"Agency update added before the meeting for {meeting.episode.reference}",
        payload=payload,
    )


def taf_update_added_payload(event: Event) -> TafUpdateAddedPayload:
    return cast(TafUpdateAddedPayload, payload_read(event, Verb.TAF_UPDATE_ADDED))


class TafMeetingRecordedPayload(TypedDict):
    episode: int
    meeting: int
    attendance: dict[str, str]


def taf_meeting_recorded_event(
    *, actor: User, episode: Episode, meeting: TafMeeting, attendance: Mapping[int, str]
) -> Event:
    payload: TafMeetingRecordedPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "attendance": {str(k): v for k, v in attendance.items()},
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_RECORDED,
        subject_ids=episode.member_ids(),
        summary=f"{meeting.get_kind_display()} held for {episode.reference}",
        payload=payload,
    )


def taf_meeting_recorded_payload(event: Event) -> TafMeetingRecordedPayload:
    return cast(TafMeetingRecordedPayload, payload_read(event, Verb.TAF_MEETING_RECORDED))


def meeting_events(meeting: TafMeeting) -> QuerySet[Event]:
    """What was recorded about one meeting (arranged, moved, cancelled, held), oldest first."""
    return (
        Event.objects.filter(verb__in=[v.value for v in MEETING_VERBS], payload__meeting=meeting.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
    )


# --- Locality early help action meetings ---------------------------------------------------


class LocalityMeetingPlannedPayload(TypedDict):
    meeting: int
    locality: int
    meets_on: str
    attendees: list[int]


def locality_meeting_planned_event(
    *, actor: User, meeting: LocalityMeeting, locality: Locality, attendees: Sequence[User]
) -> Event:
    payload: LocalityMeetingPlannedPayload = {
        "meeting": meeting.pk,
        "locality": locality.pk,
        "meets_on": meeting.meets_on.isoformat(),
        "attendees": [u.pk for u in attendees],
    }
    return event_record(
        actor=actor,
        verb=Verb.LOCALITY_MEETING_PLANNED,
        summary=(
            f"Early help action meeting arranged for {locality.name} on {meeting.meets_on:%d %B %Y}"
        ),
        payload=payload,
    )


def locality_meeting_planned_payload(event: Event) -> LocalityMeetingPlannedPayload:
    return cast(LocalityMeetingPlannedPayload, payload_read(event, Verb.LOCALITY_MEETING_PLANNED))


class LocalityCaseAddedPayload(TypedDict):
    meeting: int
    case: int
    episode: int
    reason: str


def locality_case_added_event(*, actor: User, case: LocalityCase) -> Event:
    episode = case.episode
    payload: LocalityCaseAddedPayload = {
        "meeting": case.meeting_id,
        "case": case.pk,
        "episode": episode.pk,
        "reason": case.reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.LOCALITY_CASE_ADDED,
        subject_ids=episode.member_ids(),
        summary=f"{episode.reference} brought to the early help action meeting",
        payload=payload,
    )


def locality_case_added_payload(event: Event) -> LocalityCaseAddedPayload:
    return cast(LocalityCaseAddedPayload, payload_read(event, Verb.LOCALITY_CASE_ADDED))


class LocalityCaseDecidedPayload(TypedDict):
    case: int
    episode: int
    new_lead: int | None
    step_up: bool


def locality_case_decided_event(*, actor: User, case: LocalityCase, new_lead: User | None) -> Event:
    payload: LocalityCaseDecidedPayload = {
        "case": case.pk,
        "episode": case.episode_id,
        "new_lead": new_lead.pk if new_lead else None,
        "step_up": case.step_up,
    }
    return event_record(
        actor=actor,
        verb=Verb.LOCALITY_CASE_DECIDED,
        subject_ids=case.episode.member_ids(),
        summary=f"Early help action meeting decided for {case.episode.reference}",
        payload=payload,
    )


def locality_case_decided_payload(event: Event) -> LocalityCaseDecidedPayload:
    return cast(LocalityCaseDecidedPayload, payload_read(event, Verb.LOCALITY_CASE_DECIDED))
