"""The events hand-written chronology entries record: one function per kind, payload built
here, and beside each the shape of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.chronology.models import ChronologyEntry
from righthelp.people.models import Person

# What a correction records the old and new values of.
AMENDED_FIELDS = ("occurred_on", "what_happened", "significance", "impact_on_child")


class ChronologyEntryAddedPayload(TypedDict):
    entry: int
    agency: int
    significance: str


def chronology_entry_added_event(*, actor: User, person: Person, entry: ChronologyEntry) -> Event:
    payload: ChronologyEntryAddedPayload = {
        "entry": entry.pk,
        "agency": entry.source_agency_id,
        "significance": entry.significance,
    }
    return event_record(
        actor=actor,
        verb=Verb.CHRONOLOGY_ENTRY_ADDED,
        subject_ids=[person.pk],
        summary=(
            f"Chronology entry for {entry.occurred_on:%d %B %Y} added "
            f"({entry.get_significance_display().lower()})"
        ),
        payload=payload,
    )


def chronology_entry_added_payload(event: Event) -> ChronologyEntryAddedPayload:
    return cast(ChronologyEntryAddedPayload, payload_read(event, Verb.CHRONOLOGY_ENTRY_ADDED))


class ChronologyEntryAmendedPayload(TypedDict):
    entry: int
    amends: int
    old: dict[str, str]
    new: dict[str, str]


def chronology_entry_amended_event(
    *, actor: User, person: Person, entry: ChronologyEntry, amendment: ChronologyEntry
) -> Event:
    """``amendment`` corrects ``entry``; the old and new values are kept as text."""
    fields = [*AMENDED_FIELDS, "source_agency_id"]
    payload: ChronologyEntryAmendedPayload = {
        "entry": amendment.pk,
        "amends": entry.pk,
        "old": {f: str(getattr(entry, f)) for f in fields},
        "new": {f: str(getattr(amendment, f)) for f in fields},
    }
    return event_record(
        actor=actor,
        verb=Verb.CHRONOLOGY_ENTRY_AMENDED,
        subject_ids=[person.pk],
        summary=f"Chronology entry for {entry.occurred_on:%d %B %Y} corrected",
        payload=payload,
    )


def chronology_entry_amended_payload(event: Event) -> ChronologyEntryAmendedPayload:
    return cast(ChronologyEntryAmendedPayload, payload_read(event, Verb.CHRONOLOGY_ENTRY_AMENDED))
