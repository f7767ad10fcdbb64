"""Template context shared by every page: the service's name and the service navigation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Func, Subquery
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from righthelp.accounts.models import CASEWORK_ROLES, Role, RoleAssignment

# (label, URL name, who sees it) for each item of the service navigation, in order:
# "all" signed-in users, "casework" roles, "administrator" or "information_governance".
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("Home", "core:home", "all"),
    ("People", "people:search", "casework"),
    ("Threshold guide", "thresholds:index", "all"),
    ("My requests", "frontdoor:my-requests", "casework"),
    ("Is this child known?", "frontdoor:known-check", "casework"),
    ("Early help", "earlyhelp:caseload", "casework"),
    ("My work", "workdue:my-work", "casework"),
    ("Duplicates", "matching:queue", "administrator"),
    ("API tokens", "accounts:tokens", "administrator"),
    ("Access alerts", "audit:alerts", "information_governance"),
)


def _sees(user: Any, audience: str) -> bool:
    if audience == "all" or user is None or not hasattr(user, "has_role"):
        return audience == "all" or user is None
    if audience == "casework":
        return bool(user.has_role(*CASEWORK_ROLES))
    if audience == "information_governance":
        return bool(user.has_role(Role.INFORMATION_GOVERNANCE_LEAD))
    return bool(user.has_role(Role.ADMINISTRATOR))


def navigation_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The service navigation for a signed-in user: ``{label, url, active}`` for each item,
    and ``count`` and ``count_text`` on "My work".

    An item is active when the current path is at or under its URL (the home page only when
    it is the current path, or every page would be "under" it). An item whose URL does not
    resolve is left out rather than breaking every page.
    """
    items: list[dict[str, Any]] = []
    path = request.path
    user = getattr(request, "user", None)
    for label, url_name, audience in NAVIGATION:
        if not _sees(user, audience):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if url == "/":
            active = path == "/"
        else:
            active = path == url or path.startswith(url if url.endswith("/") else url + "/")
        item: dict[str, Any] = {"label": label, "url": url, "active": active}
        if url_name == "workdue:my-work":
            item.update(my_work_count(user))
        items.append(item)
    return items


def my_work_count(user: Any) -> dict[str, Any]:
    """The number on "My work": the user's items overdue or due today (one query), with the
    words a screen reader says after it."""
    from righthelp.workdue.selectors import due_now_count

    count = due_now_count(user)
    words = "item overdue or due today" if count == 1 else "items overdue or due today"
    return {"count": count, "count_text": words}


def _front_door_due(user: Any) -> int | None:
    """For a front-door worker or manager, how many open contacts have a decision due by the end
    of today (overdue ones included); ``None`` for everyone else. One query either way: the
    role check and the count together (a user whose roles are already loaded costs none)."""
    from righthelp.frontdoor.models import OPEN_STATUSES, Contact
    from righthelp.frontdoor.permissions import FRONT_DOOR_ROLES

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


def front_door_item(request: HttpRequest, user: Any) -> dict[str, Any] | None:
    """The "Front door" navigation item, with the number of decisions due today or overdue."""
    try:
        url = reverse("frontdoor:queue")
    except NoReverseMatch:
        return None
    due = _front_door_due(user)
    if due is None:
        return None
    label = f"Front door ({due} due)" if due else "Front door"
    return {"label": label, "url": url, "active": request.path.startswith(url)}


def service(request: HttpRequest) -> dict[str, Any]:
    """``service_name``, ``organisation_name``, ``front_door_phone`` (wherever a page tells
    someone to phone) and ``nav_items`` for base.html."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "service_name": getattr(settings, "RIGHTHELP_SERVICE_NAME", "RightHelp"),
        "organisation_name": getattr(settings, "RIGHTHELP_ORGANISATION_NAME", ""),
        "front_door_phone": getattr(settings, "RIGHTHELP_FRONT_DOOR_PHONE", ""),
        "nav_items": _items(request, user) if signed_in else [],
    }


def _items(request: HttpRequest, user: Any) -> list[dict[str, Any]]:
    items = navigation_items(request)
    front_door = front_door_item(request, user)
    if front_door is not None:
        items.append(front_door)
    return items
