"""Template context shared by every page: the service's name and the service navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from righthelp.accounts.models import CASEWORK_ROLES, Role
from righthelp.core.badges import badge_for

# (label, URL name, who sees it) for each item of the service navigation, in order:
# "all" signed-in users, "casework" roles, "administrator", "information_governance", or
# "badge": those a badge registered for the item answers for (``core.badges``).
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
    # Shown only to those its badge answers for (front-door staff), with the decisions due.
    ("Front door", "frontdoor:queue", "badge"),
)


# Each item's URL, by the URLconf and script prefix in use: reversing eleven names cost more on
# every page than the rest of the navigation.
_urls: dict[tuple[str, str, str], str | None] = {}


def _url(url_name: str) -> str | None:
    key = (url_name, str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix())
    if key not in _urls:
        try:
            _urls[key] = reverse(url_name)
        except NoReverseMatch:
            _urls[key] = None
    return _urls[key]


def _forget_urls(**_: Any) -> None:
    _urls.clear()


setting_changed.connect(_forget_urls, dispatch_uid="righthelp.core.navigation_urls")


def _sees(user: Any, audience: str) -> bool:
    if audience == "all" or user is None or not hasattr(user, "has_role"):
        return audience == "all" or user is None
    if audience == "badge":
        return True
    if audience == "casework":
        return bool(user.has_role(*CASEWORK_ROLES))
    if audience == "information_governance":
        return bool(user.has_role(Role.INFORMATION_GOVERNANCE_LEAD))
    return bool(user.has_role(Role.ADMINISTRATOR))


def navigation_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The service navigation for a signed-in user: ``{label, url, active}`` for each item,
    with what its registered badge shows (``core.badges``): ``count`` and ``count_text``, or
    a ``label`` of its own. An item for the audience ``"badge"`` shows only when its badge
    answers for this user.

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
        url = _url(url_name)
        if url is None:
            continue
        badge = badge_for(url_name, user) if user is not None else None
        if audience == "badge" and badge is None:
            continue
        if url == "/":
            active = path == "/"
        else:
            active = path == url or path.startswith(url if url.endswith("/") else url + "/")
        item: dict[str, Any] = {"label": label, "url": url, "active": active}
        if badge is not None:
            if badge.label:
                item["label"] = badge.label
            else:
                item.update(count=badge.count, count_text=badge.count_text)
        items.append(item)
    return items


def service(request: HttpRequest) -> dict[str, Any]:
    """``service_name``, ``organisation_name``, ``front_door_phone`` (wherever a page tells
    someone to phone) and ``nav_items`` for base.html."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "service_name": getattr(settings, "RIGHTHELP_SERVICE_NAME", "RightHelp"),
        "organisation_name": getattr(settings, "RIGHTHELP_ORGANISATION_NAME", ""),
        "front_door_phone": getattr(settings, "RIGHTHELP_FRONT_DOOR_PHONE", ""),
        "nav_items": navigation_items(request) if signed_in else [],
    }
