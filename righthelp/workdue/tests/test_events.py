"""Tasks and notifications record their events with the payload ``workdue.events`` builds; the
readers there (and in ``notifications.events``) read back what was written."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.notifications.events import user_notified_payload
from righthelp.notifications.models import NotificationKind
from righthelp.notifications.services import notification_send
from righthelp.workdue.events import task_completed_payload, task_created_payload
from righthelp.workdue.services import task_complete, task_create

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def test_a_task_set_and_completed_reads_back_its_owner_people_and_note(cast: Cast) -> None:
    due = timezone.localdate()
    task, _new = task_create(
        actor=cast.team_manager,
        key="review:1",
        kind="review",
        title="Review the plan with the family",
        due_on=due,
        owner=cast.team_member,
        person_ids=[cast.child.pk, cast.child.pk],
    )
    created = only(Verb.TASK_CREATED)
    assert created.actor == cast.team_manager and created.summary == task.title
    assert set(created.subjects.values_list("person_id", flat=True)) == {cast.child.pk}
    assert task_created_payload(created) == {
        "task": task.pk,
        "kind": "review",
        "owner": cast.team_member.pk,
        "queue": task.queue,
        "locality": None,
        "due_on": due.isoformat(),
    }
    task_complete(actor=cast.team_member, task_id=task.pk, note=" Met mum on Tuesday ")
    completed = only(Verb.TASK_COMPLETED)
    assert completed.summary == "Done: Review the plan with the family"
    assert task_completed_payload(completed) == {
        "task": task.pk,
        "kind": "review",
        "note": "Met mum on Tuesday",
    }


def test_a_notification_reads_back_whom_it_went_to(cast: Cast) -> None:
    kind = next(iter(NotificationKind))
    notification, _new = notification_send(
        recipient=cast.involved, kind=kind, key="k1", subject="A contact is yours"
    )
    event = only(Verb.USER_NOTIFIED)
    assert event.actor is None and not event.subjects.exists()
    assert event.summary == f"{cast.involved.display_name} notified: A contact is yours"
    assert user_notified_payload(event) == {
        "notification": notification.pk,
        "recipient": cast.involved.pk,
        "kind": kind.value,
    }
