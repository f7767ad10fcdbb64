"""The events work due records (tasks set and completed): one function per
kind, payload built here, and beside each the shape of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.workdue.models import Task


class TaskCreatedPayload(TypedDict):
    task: int
    kind: str
    owner: int | None
    queue: str
    locality: int | None
    due_on: str


def task_created_event(*, actor: User | None, task: Task) -> Event:
    payload: TaskCreatedPayload = {
        "task": task.pk,
        "kind": task.kind,
        "owner": task.owner_id,
        "queue": task.queue,
        "locality": task.locality_id,
        "due_on": task.due_on.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.TASK_CREATED,
        subject_ids=task.person_ids,
        summary=task.title,
        payload=payload,
    )


def task_created_payload(event: Event) -> TaskCreatedPayload:
    return cast(TaskCreatedPayload, payload_read(event, Verb.TASK_CREATED))


class TaskCompletedPayload(TypedDict):
    task: int
    kind: str
    note: str


def task_completed_event(*, actor: User, task: Task) -> Event:
    payload: TaskCompletedPayload = {
        "task": task.pk,
        "kind": task.kind,
        "note": task.completion_note,
    }
    return event_record(
        actor=actor,
        verb=Verb.TASK_COMPLETED,
        subject_ids=task.person_ids,
        summary=f"Done: {task.title}",
        payload=payload,
    )


def task_completed_payload(event: Event) -> TaskCompletedPayload:
    return cast(TaskCompletedPayload, payload_read(event, Verb.TASK_COMPLETED))
