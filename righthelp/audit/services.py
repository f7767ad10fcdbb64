"""Writing events and access records. The only code that inserts into the audit tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import (
    AccessRecord,
    AccessRecordPerson,
    Event,
    EventSubject,
    verb_of,
)
from righthelp.audit.models import UnknownVerb as UnknownVerb


class AuditNotInTransaction(RuntimeError):
    """Raised when an event or access record would be written outside the caller's transaction."""


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise AuditNotInTransaction(
            "Audit records must be written in the same transaction as the work they describe."
        )


def event_record(
    *,
    actor: User | None,
    verb: Verb,
    subject_ids: Iterable[int] = (),
    summary: str = "",
    payload: Mapping[str, Any] | None = None,
) -> Event:
    """Record one typed event in the caller's transaction.

    Refuses to run outside a transaction, so an event can never outlive (or miss) the write it
    describes. The actor's organisation is stamped on the event for provenance. Refuses a verb
    ``Verb`` does not list (``UnknownVerb``), before anything is written.
    """
    _require_transaction()
    verb = verb_of(verb)
    event = Event.objects.create(
        occurred_at=timezone.now(),
        actor=actor,
        verb=verb.value,
        organisation_id=actor.organisation_id if actor is not None else None,
        summary=summary[:300],
        payload=dict(payload or {}),
    )
    ids = sorted({int(i) for i in subject_ids})
    if ids:
        EventSubject.objects.bulk_create(
            [EventSubject(event=event, person_id=person_id) for person_id in ids]
        )
    return event


def access_record(
    *,
    user: User | None,
    action: AccessAction,
    person_ids: Iterable[int],
    path: str = "",
    reason: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AccessRecord:
    """Log one read of personal data in the caller's transaction.

    Every selector that returns people's details calls this before it returns. If the record
    cannot be written the exception propagates, the transaction rolls back, and the read fails.
    """
    _require_transaction()
    record = AccessRecord.objects.create(
        accessed_at=timezone.now(),
        user=user,
        action=action.value,
        path=path[:500],
        reason=reason[:500],
        detail=dict(detail or {}),
    )
    ids = sorted({int(i) for i in person_ids})
    if ids:
        AccessRecordPerson.objects.bulk_create(
            [AccessRecordPerson(access_record=record, person_id=person_id) for person_id in ids]
        )
    return record
