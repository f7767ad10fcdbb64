"""The due-date engine: front-door due times over weekends, bank holidays and the year end, and
the states (overdue / due today / due this week) of items."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from righthelp.core.working_days import calendar_for
from righthelp.workdue.selectors import (
    DUE_THIS_WEEK,
    DUE_TODAY,
    OVERDUE,
    DueItem,
    contact_due_times,
    due_state,
)

LONDON = ZoneInfo("Europe/London")
ENGLAND = calendar_for("england-and-wales")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_a_contact_on_the_afternoon_of_24_december_is_decided_after_christmas_and_boxing_day():
    # 2026: Christmas Friday, Boxing Day Saturday with its substitute on Monday 28th.
    decision, feedback = contact_due_times(at(2026, 12, 24, 15, 30), ENGLAND)
    assert decision == at(2026, 12, 29, 15, 30)
    assert feedback == at(2026, 12, 31, 15, 30)


def test_a_contact_on_24_december_2025_skips_christmas_and_boxing_day():
    decision, feedback = contact_due_times(at(2025, 12, 24, 16, 0), ENGLAND)
    assert decision == at(2025, 12, 29, 16, 0)
    assert feedback == at(2025, 12, 31, 16, 0)


def test_a_contact_on_new_years_eve_is_due_in_the_new_year_after_the_bank_holiday():
    decision, feedback = contact_due_times(at(2026, 12, 31, 14, 0), ENGLAND)
    assert decision == at(2027, 1, 4, 14, 0)
    assert feedback == at(2027, 1, 6, 14, 0)


def test_a_contact_on_a_saturday_counts_from_monday_morning():
    decision, feedback = contact_due_times(at(2026, 11, 28, 20, 0), ENGLAND)
    assert decision == at(2026, 12, 1, 9, 0)
    assert feedback == at(2026, 12, 3, 9, 0)


def test_scotlands_second_of_january_holiday_pushes_the_decision_back():
    scotland = calendar_for("scotland")
    decision, _ = contact_due_times(at(2025, 12, 31, 14, 0), scotland)
    # 1 and 2 January 2026 are both Scottish bank holidays (Thursday, Friday).
    assert decision == at(2026, 1, 5, 14, 0)


def test_a_local_closure_day_is_not_a_working_day():
    closed = calendar_for("england-and-wales", [date(2026, 12, 29)])
    decision, _ = contact_due_times(at(2026, 12, 24, 15, 30), closed)
    assert decision == at(2026, 12, 30, 15, 30)


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
def test_an_item_is_overdue_due_today_or_due_this_week_across_the_year_end(due, state):
    now = at(2026, 12, 29, 10, 0)
    assert due_state(_item(due), now) == state


def test_a_date_only_item_is_due_today_until_midnight():
    item = DueItem("plan-action", 1, "EH-1", at(2026, 12, 30), date(2026, 12, 29), "/")
    assert due_state(item, at(2026, 12, 29, 23, 59)) == DUE_TODAY
    assert due_state(item, at(2026, 12, 30, 0, 0)) == OVERDUE
    assert due_state(item, at(2026, 12, 29) - timedelta(days=1)) == DUE_THIS_WEEK
