"""Notifications: once per key, e-mailed after commit, event-driven from the front door, the
scheduled command (twice, and two at once on PostgreSQL), and the notifications page."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.frontdoor import services as frontdoor
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.notifications.services import notification_send
from righthelp.workdue.tests.helpers import due_at, submitted_contact

if TYPE_CHECKING:
    from conftest import Cast


def send(user: User, key: str = "k:1") -> tuple[Notification, bool]:
    return notification_send(
        recipient=user,
        kind=NotificationKind.DUE_SOON,
        key=key,
        subject="Due soon: FD-1",
        body="FD-1 is due today",
        link="/front-door/",
    )


@pytest.mark.django_db
def test_a_notification_is_emailed_only_after_the_transaction_commits(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    cast.front_door_worker.email = "worker@example.org"
    cast.front_door_worker.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification, created = send(cast.front_door_worker)
    assert created and mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert Event.objects.filter(verb=Verb.USER_NOTIFIED).count() == 1
    assert not Event.objects.get(verb=Verb.USER_NOTIFIED).subjects.exists()


@pytest.mark.django_db
def test_the_same_key_notifies_once(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    cast.front_door_worker.email = "worker@example.org"
    cast.front_door_worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(cast.front_door_worker)
        again, created = send(cast.front_door_worker)
    assert not created
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_allocation_and_sign_off_requests_notify_the_people_who_must_act(cast: Cast) -> None:
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    assert Notification.objects.filter(
        recipient=cast.front_door_worker, kind=NotificationKind.ALLOCATION
    ).exists()
    frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
        decided_scale=1,
        differs_reason="The worry is met by the school's pastoral support",
    )
    assert Notification.objects.filter(
        recipient=cast.front_door_manager, kind=NotificationKind.SIGN_OFF_NEEDED
    ).exists()


@pytest.mark.django_db
def test_feedback_arriving_notifies_the_referrer(cast: Cast) -> None:
    contact = submitted_contact(cast)
    frontdoor.feedback_send(actor=cast.front_door_worker, contact=contact, message="Thank you")
    assert Notification.objects.filter(
        recipient=cast.involved, kind=NotificationKind.FEEDBACK_ARRIVED
    ).exists()


@pytest.mark.django_db
def test_running_the_command_twice_sends_each_notice_once(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    due_at(contact, timezone.now() - timedelta(hours=1))
    cast.front_door_worker.email = "worker@example.org"
    cast.front_door_worker.save()
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_notifications", stdout=out)
        call_command("send_due_notifications", stdout=out)
    overdue = Notification.objects.filter(
        recipient=cast.front_door_worker, kind=NotificationKind.OVERDUE
    )
    assert overdue.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Overdue")
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("1 sent") and lines[1].endswith("0 sent")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_once_on_postgresql(cast: Cast) -> None:
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so there is no race to lose")
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    due_at(contact, timezone.now() - timedelta(hours=1))
    start = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            call_command("send_due_notifications", stdout=StringIO())
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert (
        Notification.objects.filter(
            recipient=cast.front_door_worker, kind=NotificationKind.OVERDUE
        ).count()
        == 1
    )
    assert Event.objects.filter(verb=Verb.USER_NOTIFIED, payload__kind="overdue").count() == 1


@pytest.mark.django_db
def test_a_user_sees_only_their_notifications_and_can_mark_one_read(
    client: Client, cast: Cast
) -> None:
    mine, _ = send(cast.front_door_worker)
    theirs, _ = send(cast.front_door_manager, key="k:2")
    client.force_login(cast.front_door_worker)
    page = client.get(reverse("workdue:notifications")).content.decode()
    assert page.count("Due soon: FD-1") == 2  # link text and the button's hidden label
    response = client.post(reverse("workdue:notification-read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("workdue:notification-read", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_a_date_only_item_is_notified_as_due_on_its_day(cast: Cast) -> None:
    # Given a Team Around the Family meeting due yesterday (a date, with no time)
    from righthelp.core.forms import format_govuk_date
    from righthelp.earlyhelp.models import MeetingKind, TafMeeting
    from righthelp.earlyhelp.tests.factories import make_episode

    episode = make_episode(
        locality=cast.holding_team.organisation.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    TafMeeting.objects.create(
        episode=episode, kind=MeetingKind.INITIAL, due_on=yesterday, scheduled_for=timezone.now()
    )
    # When the scheduled command runs
    call_command("send_due_notifications", stdout=StringIO())
    # Then the lead is told it was due on that day, not at midnight after it
    notice = Notification.objects.get(recipient=cast.team_member, kind=NotificationKind.OVERDUE)
    assert f"Due {format_govuk_date(yesterday)}." in notice.body
    assert "00:00" not in notice.body
