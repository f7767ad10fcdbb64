"""Writes about unusual reads: watching a user's reads of one kind, raising one alert per burst
for the information governance lead, and the lead's reviews.

A watched read is always answered: the watch only records it and, the first time a user goes
over the limit, raises an alert, tells every information governance lead in the app, and marks
the reads of the burst with the alert's id in the access log. The burst goes on, under the same
alert, while the user keeps reading with less than a whole window between two reads and nobody
has reviewed the alert yet; after that, going over the limit again raises a new alert.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.audit.events import (
    AccessAction,
    access_alert_raised_event,
    access_alert_reviewed_event,
)
from righthelp.audit.models import AccessAlert, AccessAlertReview, AccessRecord
from righthelp.audit.permissions import is_information_governance_lead
from righthelp.audit.services import _require_transaction, access_record
from righthelp.core.services import submission_claim, submission_complete
from righthelp.notifications.services import notification_send

# The key, in an access record's ``detail``, naming the alert whose burst the read belongs to.
ALERT_KEY = "access_alert"
NOTIFICATION_KIND = "access_alert"


def _minutes(window: timedelta) -> int:
    return max(1, int(window.total_seconds() // 60))


def _continuing_alert(user: User, action: AccessAction, since: datetime) -> int | None:
    """The alert whose burst this read carries on: the user's previous read of this kind was
    part of it, less than a window ago, and the alert has not been reviewed."""
    previous = (
        AccessRecord.objects.filter(user=user, action=action.value)
        .order_by("-accessed_at", "-id")
        .values_list("accessed_at", "detail")
        .first()
    )
    if previous is None:
        return None
    accessed_at, detail = previous
    alert_id = detail.get(ALERT_KEY) if isinstance(detail, dict) else None
    if alert_id is None or accessed_at <= since:
        return None
    if AccessAlertReview.objects.filter(alert_id=alert_id).exists():
        return None
    return int(alert_id)


def _reads_since(user: User, action: AccessAction, since: datetime) -> tuple[int, datetime | None]:
    """How many reads of this kind the user made after ``since``, and when the first was."""
    reads = AccessRecord.objects.filter(user=user, action=action.value, accessed_at__gt=since)
    first = reads.order_by("accessed_at", "id").values_list("accessed_at", flat=True).first()
    return reads.count(), first


def _information_governance_leads() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.INFORMATION_GOVERNANCE_LEAD
        ).distinct()
    )


def _alert_raise(
    *,
    user: User,
    action: AccessAction,
    now: datetime,
    window_start: datetime,
    reads: int,
    read_limit: int,
    window: timedelta,
) -> AccessAlert:
    minutes = _minutes(window)
    alert = AccessAlert.objects.create(
        user=user,
        action=action.value,
        raised_at=now,
        window_start=window_start,
        reads_when_raised=reads,
        read_limit=read_limit,
        window_minutes=minutes,
    )
    access_alert_raised_event(alert=alert, user=user)
    what = AccessAction(action).label.lower()
    link = reverse("audit:alert", kwargs={"alert_id": alert.pk})
    for lead in _information_governance_leads():
        notification_send(
            recipient=lead,
            kind=NOTIFICATION_KIND,
            key=f"access-alert:{alert.pk}",
            subject=f"Access alert: {user.display_name} made {reads} checks in {minutes} minutes",
            body=(
                f"{user.display_name} made more than {read_limit} reads of one kind "
                f"({what}) within {minutes} minutes. They were all answered. Review them and "
                "record what you found."
            ),
            link=link,
        )
    return alert


def _burst_alert(
    user: User, action: AccessAction, now: datetime, read_limit: int, window: timedelta
) -> int | None:
    since = now - window
    continuing = _continuing_alert(user, action, since)
    if continuing is not None:
        return continuing
    reads, first = _reads_since(user, action, since)
    if reads + 1 <= read_limit:
        return None
    # Going over the limit: one alert per burst even when two reads race, so wait for any other
    # read of this user's that is raising one, then look again.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    continuing = _continuing_alert(user, action, since)
    if continuing is not None:
        return continuing
    reads, first = _reads_since(user, action, since)
    if reads + 1 <= read_limit:
        return None
    alert = _alert_raise(
        user=user,
        action=action,
        now=now,
        window_start=first or now,
        reads=reads + 1,
        read_limit=read_limit,
        window=window,
    )
    return alert.pk


def access_record_watched(
    *,
    user: User,
    action: AccessAction,
    person_ids: Iterable[int],
    read_limit: int,
    window: timedelta,
    path: str = "",
    reason: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AccessRecord:
    """Log one read, as ``access_record`` does, and watch the user's reads of this kind.

    More than ``read_limit`` reads by the user within ``window`` raise one ``AccessAlert`` per
    burst (records ACCESS_ALERT_RAISED, notifies each information governance lead once), and
    every read of the burst is logged with the alert's id. The read itself is never refused.
    Must run in the caller's transaction, like every audit write.
    """
    _require_transaction()
    alert_id = _burst_alert(user, action, timezone.now(), read_limit, window)
    logged = dict(detail or {})
    if alert_id is not None:
        logged[ALERT_KEY] = alert_id
    return access_record(
        user=user, action=action, person_ids=person_ids, path=path, reason=reason, detail=logged
    )


@transaction.atomic
def access_alert_review(
    *,
    actor: User,
    alert: AccessAlert,
    note: str,
    submission_key: uuid.UUID | str | None = None,
) -> AccessAlertReview:
    """Record an information governance lead's review of an alert, with what they found.

    Information governance leads only (``PermissionError`` otherwise). The note is required. A
    review is never changed: reviewing again adds a newer review. A repeated submission of the
    same form makes one review. Records ACCESS_ALERT_REVIEWED.
    """
    if not is_information_governance_lead(actor):
        raise PermissionError("Only an information governance lead may review access alerts")
    if not note.strip():
        raise ValidationError({"note": ["Enter what you found and what you did about it"]})
    first = submission_claim(key=submission_key, user=actor, purpose="access_alert_review")
    if first is not None:
        return AccessAlertReview.objects.get(pk=first)
    review = AccessAlertReview.objects.create(
        alert=alert, reviewed_by=actor, reviewed_at=timezone.now(), note=note.strip()
    )
    submission_complete(key=submission_key, result_id=review.pk)
    access_alert_reviewed_event(actor=actor, review=review)
    return review
