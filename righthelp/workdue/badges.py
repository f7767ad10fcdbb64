"""My work's number on the navigation: the user's items overdue or due today (one query, through
``selectors.due_now_count``). Registered with ``core.badges`` in the app's ``ready()``."""

from __future__ import annotations

from typing import Any

from righthelp.core.badges import BadgeValue
from righthelp.workdue import selectors


def my_work_badge(user: Any) -> BadgeValue | None:
    if getattr(user, "pk", None) is None:
        return None
    count = selectors.due_now_count(user)
    words = "item overdue or due today" if count == 1 else "items overdue or due today"
    return BadgeValue(count=count, count_text=words)
