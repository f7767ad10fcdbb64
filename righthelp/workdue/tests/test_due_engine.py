"""The due-date engine: the states (overdue / due today / due this week) of items. The front
door's due times themselves are tested with their one rule, in frontdoor/tests/test_due_times.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from righthelp.workdue.selectors import (
    DUE_THIS_WEEK,
    DUE_TODAY,
    OVERDUE,
    DueItem,
    due_state,
)

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _item(due_at: datetime) -> DueItem:
    return DueItem("contact-decision", 1, "FD-1", due_at, due_at.date(), "/")


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (at(2026, 12, 29, 9, 0), OVERDUE),
        (at(2026, 12, 29, 17, 0), DUE_TODAY),
        (at(2027, 1, 4, 9, 0), DUE_THIS_WEEK),
        (at(2027, 1, 5, 9, 0), None),
    ],
)
def test_an_item_is_overdue_due_today_or_due_this_week_across_the_year_end(
    due: datetime, state: str | None
) -> None:
    now = at(2026, 12, 29, 10, 0)
    assert due_state(_item(due), now) == state


def test_a_date_only_item_is_due_today_until_midnight() -> None:
    item = DueItem("plan-action", 1, "EH-1", at(2026, 12, 30), date(2026, 12, 29), "/")
    assert due_state(item, at(2026, 12, 29, 23, 59)) == DUE_TODAY
    assert due_state(item, at(2026, 12, 30, 0, 0)) == OVERDUE
    assert due_state(item, at(2026, 12, 29) - timedelta(days=1)) == DUE_THIS_WEEK
