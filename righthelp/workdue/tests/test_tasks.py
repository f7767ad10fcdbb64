"""Tasks: work with a due date no other record holds, in its owner's (or queue's) My work until
it is completed with a note."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.notifications.models import Notification
from righthelp.workdue.models import Task
from righthelp.workdue.selectors import due_now_count, work_for
from righthelp.workdue.services import task_complete, task_create

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def task(cast: Cast, key: str = "t1", **overrides: Any) -> Task:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "key": key,
        "kind": "consent-withdrawn",
        "title": "Consent withdrawn: review contact FD-26-000001",
        "due_on": timezone.localdate(),
        "link": "/front-door/contacts/1/",
        "owner": cast.team_member,
        "person_ids": [cast.child.pk],
    }
    values.update(overrides)
    return task_create(**values)[0]


def tasks_of(user: User) -> list[int]:
    work = work_for(user)
    return [i.object_id for g in (work.overdue, work.due_today) for i in g if i.kind == "task"]


def test_a_task_is_its_owners_and_their_team_managers_only(cast: Cast) -> None:
    mine = task(cast)
    assert tasks_of(cast.team_member) == [mine.pk]
    assert tasks_of(cast.team_manager) == [mine.pk]  # manages the owner's team
    for user in (cast.involved, cast.early_help_worker, cast.front_door_worker):
        assert tasks_of(user) == []
    assert due_now_count(cast.team_member) == 1


def test_a_queues_task_is_everyone_in_the_queues(cast: Cast) -> None:
    front_door = task(cast, key="fd", owner=None, queue="front_door")
    locality = task(
        cast, key="loc", owner=None, queue="locality", locality=cast.holding_team.locality
    )
    for user in (cast.front_door_worker, cast.front_door_manager):
        assert tasks_of(user) == [front_door.pk]
    assert tasks_of(cast.team_manager) == [locality.pk]
    # An early help worker in a team of the locality can act on its queue's work too.
    assert tasks_of(cast.team_member) == [locality.pk]
    assert tasks_of(cast.practitioner) == []
    with pytest.raises(ValidationError):
        task(cast, key="nobody", owner=None)


def test_setting_a_task_twice_with_one_key_sets_one(cast: Cast) -> None:
    first = task(cast)
    again, new = task_create(
        actor=None,
        key="t1",
        kind="x",
        title="Another",
        due_on=timezone.localdate(),
        owner=cast.involved,
    )
    assert again == first and not new
    assert Task.objects.count() == 1
    assert Event.objects.filter(verb=Verb.TASK_CREATED).count() == 1


def test_completing_needs_a_note_and_only_someone_whose_work_it_is(cast: Cast) -> None:
    mine = task(cast)
    with pytest.raises(Task.DoesNotExist):
        task_complete(actor=cast.involved, task_id=mine.pk, note="Not mine")
    with pytest.raises(ValidationError) as refused:
        task_complete(actor=cast.team_member, task_id=mine.pk, note=" ")
    assert "note" in refused.value.message_dict

    done = task_complete(actor=cast.team_member, task_id=mine.pk, note="Reviewed with my manager")

    assert done.completed_by == cast.team_member and done.completed_at is not None
    assert tasks_of(cast.team_member) == []
    event = Event.objects.get(verb=Verb.TASK_COMPLETED)
    assert event.payload["note"] == "Reviewed with my manager"
    assert list(event.subjects.values_list("person_id", flat=True)) == [cast.child.pk]
    with pytest.raises(ValidationError, match="already been completed"):
        task_complete(actor=cast.team_manager, task_id=mine.pk, note="Again")


def test_an_overdue_task_is_notified_to_its_owner_once(cast: Cast) -> None:
    task(cast, due_on=timezone.localdate() - timedelta(days=2))
    for _ in range(2):
        call_command("send_due_notifications", stdout=StringIO())
    notices = Notification.objects.filter(recipient=cast.team_member, kind="overdue")
    assert notices.count() == 1
    assert notices.get().subject == "Overdue: Consent withdrawn: review contact FD-26-000001"
