"""Moving Notification from ``workdue`` to ``notifications`` keeps every notification: the table
(``workdue_notification``) is neither dropped nor copied, only Django's picture of it moves."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.notifications.models import Notification

WORKDUE_BEFORE = ("workdue", "0004_task_queue_locality_label")
BEFORE: list[tuple[str, str | None]] = [WORKDUE_BEFORE, ("notifications", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str | None]]:
    executor = MigrationExecutor(connection)
    return [
        key for key in executor.loader.graph.leaf_nodes() if key[0] in {"workdue", "notifications"}
    ]


@pytest.mark.django_db(transaction=True)
def test_a_notification_sent_before_the_move_is_still_there_after_it() -> None:
    user = User.objects.create_user(username="worker", password="not-used-here")
    latest = _latest()
    try:
        # Given a notification written while the model still lived in workdue
        executor = _migrate(BEFORE)
        old_model = executor.loader.project_state(WORKDUE_BEFORE).apps.get_model(
            "workdue", "Notification"
        )
        old_model.objects.create(
            recipient_id=user.pk,
            kind="allocation",
            key="allocation:contact:1:1",
            subject="FD-1 has been allocated to you",
            created_at=timezone.now(),
        )
        # When the move is migrated
        _migrate(latest)
    finally:
        _migrate(latest)
    # Then it is read through the notifications app, from the same table
    assert Notification._meta.db_table == "workdue_notification"
    moved = Notification.objects.get(recipient=user)
    assert moved.subject == "FD-1 has been allocated to you"


@pytest.mark.django_db(transaction=True)
def test_the_move_takes_the_notification_content_type_with_it() -> None:
    from django.contrib.contenttypes.models import ContentType

    latest = _latest()
    try:
        _migrate(BEFORE)
        ContentType.objects.filter(app_label="notifications", model="notification").delete()
        ContentType.objects.get_or_create(app_label="workdue", model="notification")
        _migrate(latest)
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(app_label="notifications", model="notification").exists()
    assert not ContentType.objects.filter(app_label="workdue", model="notification").exists()
