"""The event a notification records: one function, payload built here, and beside it the shape
of its payload and a reader.

The summary and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.notifications.models import Notification


class UserNotifiedPayload(TypedDict):
    notification: int
    recipient: int
    kind: str


def user_notified_event(*, notification: Notification, recipient: User) -> Event:
    """A notification sent to ``recipient`` by the system: about a user, on no chronology."""
    payload: UserNotifiedPayload = {
        "notification": notification.pk,
        "recipient": recipient.pk,
        "kind": str(notification.kind),
    }
    return event_record(
        actor=None,
        verb=Verb.USER_NOTIFIED,
        summary=f"{recipient.display_name} notified: {notification.subject}"[:300],
        payload=payload,
    )


def user_notified_payload(event: Event) -> UserNotifiedPayload:
    return cast(UserNotifiedPayload, payload_read(event, Verb.USER_NOTIFIED))
