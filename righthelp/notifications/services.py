"""Sending notifications: in the app at once, by e-mail after the transaction commits, and at most
once each for a recipient and key (the ``notification_once`` constraint)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.notifications.events import user_notified_event
from righthelp.notifications.models import Notification, NotificationKind


def _email_after_commit(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.email:
        return
    address = recipient.email
    pk = notification.pk
    body = notification.body + (f"\n\n{notification.link}" if notification.link else "")
    subject = notification.subject

    def send() -> None:
        send_mail(subject, body, None, [address], fail_silently=True)
        Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())

    transaction.on_commit(send)


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    kind: NotificationKind | str,
    key: str,
    subject: str,
    body: str = "",
    link: str = "",
) -> tuple[Notification, bool]:
    """Notify ``recipient`` once for ``key``: returns the notification and whether it is new.

    A key already used for this recipient (by an earlier call, or a concurrent one that won the
    race to the unique constraint) sends nothing. A new notification records ``USER_NOTIFIED``
    (about the recipient, not about any person, so it stays off chronologies) and is e-mailed
    only once the caller's transaction commits.
    """
    existing = Notification.objects.filter(recipient=recipient, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                key=key,
                subject=subject[:300],
                body=body,
                link=link,
                created_at=timezone.now(),
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, key=key), False
    user_notified_event(notification=notification, recipient=recipient)
    _email_after_commit(notification)
    return notification, True


@transaction.atomic
def notification_mark_read(*, actor: User, notification_id: int) -> Notification:
    """Mark one of ``actor``'s own notifications read (anyone else's does not exist for them)."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, recipient=actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
