"""The audit tables refuse updates and deletes in the database itself, whatever the caller."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import DatabaseError, connection, transaction

from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, AccessRecordPerson, Event, EventSubject
from righthelp.audit.services import AuditNotInTransaction, access_record, event_record

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(cast: Cast) -> tuple[Event, AccessRecord]:
    with transaction.atomic():
        event = event_record(
            actor=cast.involved, verb=Verb.PERSON_UPDATED, subject_ids=[cast.child.pk]
        )
        record = access_record(
            user=cast.involved, action=AccessAction.VIEW_PERSON, person_ids=[cast.child.pk]
        )
    return event, record


@pytest.mark.parametrize(
    "table", ["audit_event", "audit_eventsubject", "audit_accessrecord", "audit_accessrecordperson"]
)
def test_raw_sql_update_of_an_audit_row_is_refused(
    written: tuple[Event, AccessRecord], table: str
) -> None:
    # Given an audit row, when anything tries to change it in SQL, the database refuses.
    column = "id"
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET {column} = {column}")  # noqa: S608


@pytest.mark.parametrize(
    "table", ["audit_event", "audit_eventsubject", "audit_accessrecord", "audit_accessrecordperson"]
)
def test_raw_sql_delete_of_an_audit_row_is_refused(
    written: tuple[Event, AccessRecord], table: str
) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def test_orm_update_and_delete_are_refused_and_rows_survive(
    written: tuple[Event, AccessRecord],
) -> None:
    event, record = written
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        EventSubject.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessRecordPerson.objects.all().update(person_id=0)
    event.refresh_from_db()
    assert event.summary == ""
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_audit_rows_cannot_be_written_outside_a_transaction(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Autocommit mode: an event on its own could outlive the work it describes, so it is refused.
    # (The test itself runs in a transaction, so the connection's flag is what we turn off.)
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(AuditNotInTransaction):
        event_record(actor=cast.involved, verb=Verb.PERSON_UPDATED)
    with pytest.raises(AuditNotInTransaction):
        access_record(user=cast.involved, action=AccessAction.VIEW_PERSON, person_ids=[1])


@pytest.mark.django_db(transaction=False)
def test_event_records_actor_organisation_subjects_and_payload(cast: Cast) -> None:
    with transaction.atomic():
        event = event_record(
            actor=cast.involved,
            verb=Verb.PERSON_NAME_ADDED,
            subject_ids=[cast.child.pk, cast.child.pk],
            payload={"kind": "alias"},
        )
    assert event.organisation_id == cast.involved.organisation_id
    assert list(event.subjects.values_list("person_id", flat=True)) == [cast.child.pk]
    assert event.payload == {"kind": "alias"}
