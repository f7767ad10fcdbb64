"""Setting and completing tasks: work with a due date that shows in My work until it is done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.workdue.events import task_completed_event, task_created_event
from righthelp.workdue.models import Task, TaskQueue


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    key: str,
    kind: str,
    title: str,
    due_on: date,
    link: str = "",
    owner: User | None = None,
    queue: str = TaskQueue.OWNER,
    locality: Locality | None = None,
    person_ids: Sequence[int] = (),
) -> tuple[Task, bool]:
    """Set a task: returns it and whether it is new (a key already used sets nothing more).

    It has an owner, or, with none, a queue: the front door's (every front-door worker sees
    it) or a locality's (the managers of its teams). The title goes into notifications and
    e-mails, so it names references, never people. Records ``TASK_CREATED`` about
    ``person_ids``.
    """
    existing = Task.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    if owner is not None:
        queue = TaskQueue.OWNER
    elif queue == TaskQueue.OWNER or (queue == TaskQueue.LOCALITY and locality is None):
        raise ValidationError("A task needs an owner, or the queue (and locality) it is for")
    if not title.strip():
        raise ValidationError("A task needs a title")
    task = Task.objects.create(
        key=key,
        kind=kind,
        title=title.strip()[:300],
        link=link,
        due_on=due_on,
        owner=owner,
        queue=queue,
        locality=locality if queue == TaskQueue.LOCALITY else None,
        person_ids=sorted(set(person_ids)),
        created_by=actor,
        created_at=timezone.now(),
    )
    task_created_event(actor=actor, task=task)
    return task, True


@transaction.atomic
def task_complete(*, actor: User, task_id: int, note: str) -> Task:
    """Complete a task in ``actor``'s My work (their own, their queue's, or, for a team
    manager, their team members'), with a note of what was done. A task another user cannot
    see does not exist for them (``Task.DoesNotExist``); one already completed is refused.
    Records ``TASK_COMPLETED`` about the task's people."""
    from righthelp.workdue.selectors import task_for_completion

    task = task_for_completion(actor, task_id)
    if task.completed_at is not None:
        done_by = task.completed_by.display_name if task.completed_by else "someone else"
        raise ValidationError(f"This task has already been completed by {done_by}")
    if not note.strip():
        raise ValidationError({"note": ["Say what you did, or decided, about it"]})
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.completion_note = note.strip()
    task.save(update_fields=["completed_at", "completed_by", "completion_note"])
    task_completed_event(actor=actor, task=task)
    return task
