"""Numbers on the service navigation: contributed, not collected.

A capability that has a number to show on a navigation item (the front door's decisions due
today, the user's work overdue or due today) registers a badge for the item's URL name with
``register_badge`` in its app's ``ready()``, as it registers a person visibility source with the
checkpoint. The navigation (``core.context_processors``) asks the item's badges when it builds
the item; ``core`` imports no capability. A badge costs at most one query per page, and none for
a user it is not for when their roles are loaded.

A badge answers ``None`` when its item is not for this user: an item whose audience is
``"badge"`` in ``NAVIGATION`` shows only when one of its badges answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BadgeValue",
    "Badge",
    "badge_for",
    "register_badge",
    "unregister_badge",
]


@dataclass(frozen=True)
class BadgeValue:
    """What a badge shows: ``count`` in the MoJ notification badge with ``count_text`` after it
    for a screen reader (nothing shows for 0), or, with ``label``, the item's label instead
    ("Front door (3 due)")."""

    count: int
    count_text: str = ""
    label: str = ""


Badge = Callable[[Any], BadgeValue | None]
_badges: dict[str, list[Badge]] = {}


def register_badge(url_name: str, badge: Badge) -> None:
    """Show ``badge(user)`` on the navigation item for ``url_name`` (from an app's
    ``ready()``). Idempotent."""
    badges = _badges.setdefault(url_name, [])
    if badge not in badges:
        badges.append(badge)


def unregister_badge(url_name: str, badge: Badge) -> None:
    """Remove a badge (for tests that register a fake one)."""
    badges = _badges.get(url_name, [])
    if badge in badges:
        badges.remove(badge)


def badge_for(url_name: str, user: Any) -> BadgeValue | None:
    """The first answer of the badges registered for ``url_name`` (``None`` if none answers)."""
    for badge in _badges.get(url_name, ()):
        value = badge(user)
        if value is not None:
            return value
    return None
