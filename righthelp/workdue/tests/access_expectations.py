from django.urls import reverse

from righthelp.core.tests.access import CASEWORK, SIGNED_IN, Row
from righthelp.workdue.services import notification_send


def rows(cast) -> dict[str, Row]:  # type: ignore[no-untyped-def]
    notification, _ = notification_send(
        recipient=cast.front_door_worker,
        kind="due_soon",
        key="access-matrix",
        subject="Due soon",
    )
    return {
        "workdue:my-work": Row(reverse("workdue:my-work"), CASEWORK),
        "workdue:notifications": Row(reverse("workdue:notifications"), SIGNED_IN),
        "workdue:notification-read": Row(
            reverse("workdue:notification-read", args=[notification.pk]),
            ["front_door_worker"],
            method="post",
            ok=frozenset({302}),
        ),
    }
