from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from righthelp.core.working_days import WorkingCalendar, calendar_for

england = WorkingCalendar("england-and-wales")
scotland = WorkingCalendar("scotland")


def test_friday_plus_one_working_day_is_monday() -> None:
    assert england.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_easter_monday_is_skipped_in_england_but_not_in_scotland() -> None:
    # Thursday 2 April 2026; Good Friday 3 April; Easter Monday 6 April (England only).
    assert england.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert scotland.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 6)


def test_st_andrews_day_is_a_holiday_in_scotland_only() -> None:
    assert not scotland.is_working_day(date(2026, 11, 30))
    assert england.is_working_day(date(2026, 11, 30))


def test_christmas_and_boxing_day_substitute() -> None:
    # 25 Dec 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28th is the holiday.
    assert england.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_local_closure_days_are_not_working_days() -> None:
    closed = calendar_for("england-and-wales", [date(2026, 11, 24)])
    assert closed.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)
    assert closed.holiday_name(date(2026, 11, 24)) == "Local closure"


def test_a_contact_received_on_saturday_counts_from_monday_morning() -> None:
    received = datetime(2026, 11, 21, 22, 30)
    assert england.due_after_working_days(received, 1) == datetime(2026, 11, 24, 9, 0)


def test_an_unknown_nation_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown nation"):
        WorkingCalendar("wales-only")


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
    nation=st.sampled_from(["england-and-wales", "scotland", "northern-ireland"]),
)
def test_adding_working_days_lands_on_a_working_day_exactly_that_many_days_on(
    start: date, days: int, nation: str
) -> None:
    calendar = WorkingCalendar(nation)
    due = calendar.add_working_days(start, days)
    assert calendar.is_working_day(due)
    assert due >= start
    assert calendar.working_days_between(calendar.next_working_day(start), due) == days
    assert due - start <= timedelta(days=days * 2 + 10)
