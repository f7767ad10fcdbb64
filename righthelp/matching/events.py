"""The events identity matching records (none of the suggested records, not the same person,
merges and their undoing): one function per kind, payload built here, and beside each the shape
of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.matching.models import DuplicateCandidate, PersonMerge
from righthelp.people.models import Person


class DuplicateNotSamePayload(TypedDict):
    candidate: int
    reason: str


def duplicate_not_same_event(*, actor: User, candidate: DuplicateCandidate, reason: str) -> Event:
    payload: DuplicateNotSamePayload = {"candidate": candidate.pk, "reason": reason.strip()}
    return event_record(
        actor=actor,
        verb=Verb.DUPLICATE_NOT_SAME,
        subject_ids=[candidate.person_a_id, candidate.person_b_id],
        summary="Two records recorded as different people",
        payload=payload,
    )


def duplicate_not_same_payload(event: Event) -> DuplicateNotSamePayload:
    return cast(DuplicateNotSamePayload, payload_read(event, Verb.DUPLICATE_NOT_SAME))


class PersonMergedPayload(TypedDict):
    merge: int
    surviving: int
    merged: int
    reason: str


def person_merged_event(
    *, actor: User, merge: PersonMerge, surviving: Person, merged: Person
) -> Event:
    payload: PersonMergedPayload = {
        "merge": merge.pk,
        "surviving": surviving.pk,
        "merged": merged.pk,
        "reason": merge.reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.PERSON_MERGED,
        subject_ids=[surviving.pk, merged.pk],
        summary=f"Record {merged.local_person_id} merged into {surviving.local_person_id}",
        payload=payload,
    )


def person_merged_payload(event: Event) -> PersonMergedPayload:
    return cast(PersonMergedPayload, payload_read(event, Verb.PERSON_MERGED))


class PersonMergeUndonePayload(TypedDict):
    merge: int
    reason: str


def person_merge_undone_event(*, actor: User, merge: PersonMerge) -> Event:
    payload: PersonMergeUndonePayload = {"merge": merge.pk, "reason": merge.undo_reason}
    return event_record(
        actor=actor,
        verb=Verb.PERSON_MERGE_UNDONE,
        subject_ids=[merge.surviving_id, merge.merged_id],
        summary="Merge undone: the records are separate again",
        payload=payload,
    )


def person_merge_undone_payload(event: Event) -> PersonMergeUndonePayload:
    return cast(PersonMergeUndonePayload, payload_read(event, Verb.PERSON_MERGE_UNDONE))


class PersonMatchNonePayload(TypedDict):
    person: int
    candidates: list[int]
    searched: dict[str, str]
    reason: str
    queued_for_review: int


def person_match_none_event(
    *,
    actor: User,
    person: Person,
    shown_ids: Sequence[int],
    searched: Mapping[str, str],
    reason: str,
    queued_for_review: int,
) -> Event:
    """None of the records ``actor`` was shown (``shown_ids``) was the person being added;
    ``searched``: what of the search is kept (``MatchQuery.searched``)."""
    shown = sorted({int(pk) for pk in shown_ids})
    payload: PersonMatchNonePayload = {
        "person": person.pk,
        "candidates": shown,
        "searched": dict(searched),
        "reason": reason,
        "queued_for_review": queued_for_review,
    }
    return event_record(
        actor=actor,
        verb=Verb.PERSON_MATCH_NONE,
        subject_ids=[person.pk, *shown],
        summary="None of the suggested records was the person being added",
        payload=payload,
    )


def person_match_none_payload(event: Event) -> PersonMatchNonePayload:
    return cast(PersonMatchNonePayload, payload_read(event, Verb.PERSON_MATCH_NONE))
