from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import CASEWORK, SIGNED_IN, Row
from righthelp.notifications.services import notification_send
from righthelp.workdue.services import task_create

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    notification, _ = notification_send(
        recipient=cast.front_door_worker,
        kind="due_soon",
        key="access-matrix",
        subject="Due soon",
    )
    task, _ = task_create(
        actor=None,
        key="access-matrix-task",
        kind="test",
        title="Consent withdrawn: review C-1",
        due_on=date(2026, 1, 5),
        owner=cast.front_door_worker,
    )
    return {
        "workdue:task-done": Row(
            reverse("workdue:task-done", args=[task.pk]), ["front_door_worker"]
        ),
        "workdue:my-work": Row(reverse("workdue:my-work"), CASEWORK),
        "workdue:notifications": Row(reverse("workdue:notifications"), SIGNED_IN),
        "workdue:notification-read": Row(
            reverse("workdue:notification-read", args=[notification.pk]),
            ["front_door_worker"],
            method="post",
            ok=frozenset({302}),
        ),
    }
