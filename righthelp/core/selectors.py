"""Reads shared by every capability."""

from __future__ import annotations

import uuid

from django.conf import settings

from righthelp.accounts.models import User
from righthelp.core.models import ClosureDay, SubmissionKey
from righthelp.core.working_days import WorkingCalendar, calendar_for


def working_calendar() -> WorkingCalendar:
    """The deployment's working-day calendar: its nation's bank holidays and local closures."""
    closures = ClosureDay.objects.values_list("date", flat=True)
    return calendar_for(settings.RIGHTHELP_NATION, closures)


def submission_result(*, key: uuid.UUID | str | None, user: User, purpose: str) -> int | None:
    """The id of the record this user's form submission key already made for ``purpose``, or
    ``None`` when the key is new. Lets a page tell a repeated post (which must lead to the
    first result) from a new one before it runs checks such as search-before-create."""
    if key is None or key == "":
        return None
    try:
        key_uuid = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    except ValueError:
        return None
    return (
        SubmissionKey.objects.filter(key=key_uuid, user=user, purpose=purpose)
        .values_list("result_id", flat=True)
        .first()
    )
