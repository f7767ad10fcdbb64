"""The front door's number on the navigation: for front-door staff, how many open contacts have
a decision due by the end of today (overdue ones included). Registered with ``core.badges`` in
the app's ``ready()``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db.models import F, Func, QuerySet, Subquery
from django.utils import timezone

from righthelp.accounts.models import RoleAssignment
from righthelp.core.badges import BadgeValue
from righthelp.core.compiled import compiled_rows
from righthelp.frontdoor.models import OPEN_STATUSES, Contact
from righthelp.frontdoor.permissions import FRONT_DOOR_ROLES


def _role_and_count(values: Mapping[str, Any]) -> QuerySet[Any]:
    """The user's front-door role (a row, or none) with the count of open contacts whose
    decision is due before ``tomorrow``."""
    due = (
        Contact.objects.filter(status__in=OPEN_STATUSES, decision_due_at__lt=values["tomorrow"])
        .order_by()
        .values(n=Func(F("pk"), function="COUNT"))
    )
    return (
        RoleAssignment.objects.filter(user_id=values["user_id"], role__in=FRONT_DOOR_ROLES)
        .annotate(due=Subquery(due))
        .values_list("due")[:1]
    )


def decisions_due_today(user: Any) -> int | None:
    """For a front-door worker or manager, how many open contacts have a decision due by the
    end of today (overdue ones included); ``None`` for everyone else. One query either way: the
    role check and the count together (a user whose roles are already loaded costs none),
    compiled once (``core.compiled``)."""
    if getattr(user, "pk", None) is None:
        return None
    cached = getattr(user, "_role_cache", None)
    if cached is not None and not (cached & set(FRONT_DOOR_ROLES)):
        return None
    tomorrow = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow += timedelta(days=1)
    counts = compiled_rows(
        "frontdoor.decisions_due_today", _role_and_count, {"user_id": user.pk, "tomorrow": tomorrow}
    )
    return int(counts[0][0] or 0) if counts else None


def front_door_badge(user: Any) -> BadgeValue | None:
    """ "Front door (3 due)" for front-door staff, "Front door" with nothing due; ``None`` (no
    item) for everyone else."""
    due = decisions_due_today(user)
    if due is None:
        return None
    return BadgeValue(count=due, label=f"Front door ({due} due)" if due else "Front door")
