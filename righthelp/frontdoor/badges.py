"""The front door's number on the navigation: for front-door staff, how many open contacts have
a decision due by the end of today (overdue ones included). Registered with ``core.badges`` in
the app's ``ready()``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import F, Func, Subquery
from django.utils import timezone

from righthelp.accounts.models import RoleAssignment
from righthelp.core.badges import BadgeValue
from righthelp.frontdoor.models import OPEN_STATUSES, Contact
from righthelp.frontdoor.permissions import FRONT_DOOR_ROLES


def decisions_due_today(user: Any) -> int | None:
    """For a front-door worker or manager, how many open contacts have a decision due by the
    end of today (overdue ones included); ``None`` for everyone else. One query either way: the
    role check and the count together (a user whose roles are already loaded costs none)."""
    if getattr(user, "pk", None) is None:
        return None
    cached = getattr(user, "_role_cache", None)
    if cached is not None and not (cached & set(FRONT_DOOR_ROLES)):
        return None
    tomorrow = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow += timedelta(days=1)
    due = (
        Contact.objects.filter(status__in=OPEN_STATUSES, decision_due_at__lt=tomorrow)
        .order_by()
        .values(n=Func(F("pk"), function="COUNT"))
    )
    counts = list(
        RoleAssignment.objects.filter(user_id=user.pk, role__in=FRONT_DOOR_ROLES)
        .annotate(due=Subquery(due))
        .values_list("due", flat=True)[:1]
    )
    return int(counts[0] or 0) if counts else None


def front_door_badge(user: Any) -> BadgeValue | None:
    """ "Front door (3 due)" for front-door staff, "Front door" with nothing due; ``None`` (no
    item) for everyone else."""
    due = decisions_due_today(user)
    if due is None:
        return None
    return BadgeValue(count=due, label=f"Front door ({due} due)" if due else "Front door")
