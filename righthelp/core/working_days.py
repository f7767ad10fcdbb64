"""The working-day calendar: weekends, the UK bank holidays of a nation, and local closure days.

A pure engine (no database): build a ``WorkingCalendar`` with the nation and any local closure
days, then ask it for due dates. Bank holidays come from the maintained ``holidays`` package
(England and Wales share one list; Scotland and Northern Ireland have their own), so a new year's
holidays need no release of RightHelp.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import holidays

NATIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}


@dataclass(frozen=True)
class WorkingCalendar:
    nation: str = "england-and-wales"
    closures: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.nation not in NATIONS:
            raise ValueError(
                f"Unknown nation {self.nation!r}: choose one of {', '.join(sorted(NATIONS))}"
            )

    def _bank_holidays(self, year: int) -> holidays.HolidayBase:
        return _bank_holidays(NATIONS[self.nation], year)

    def holiday_name(self, day: date) -> str | None:
        if day in self.closures:
            return "Local closure"
        name = self._bank_holidays(day.year).get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (a non-working start counts from the
        next working day): Friday + 1 is Monday, or Tuesday after a bank holiday Monday."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = self.next_working_day(start)
        while days:
            current += timedelta(days=1)
            if self.is_working_day(current):
                days -= 1
        return current

    def due_after_working_days(self, received: datetime, days: int) -> datetime:
        """Same time of day, ``days`` working days later (a contact received on Saturday
        counts from Monday morning)."""
        day = received.date()
        if not self.is_working_day(day):
            start = self.next_working_day(day)
            received = received.replace(
                year=start.year,
                month=start.month,
                day=start.day,
                hour=9,
                minute=0,
                second=0,
                microsecond=0,
            )
            day = start
        due_day = self.add_working_days(day, days)
        return received + timedelta(days=(due_day - day).days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


_cache: dict[tuple[str, int], holidays.HolidayBase] = {}


def _bank_holidays(subdivision: str, year: int) -> holidays.HolidayBase:
    key = (subdivision, year)
    if key not in _cache:
        _cache[key] = holidays.country_holidays("GB", subdiv=subdivision, years=[year])
    return _cache[key]


def calendar_for(nation: str, closures: Iterable[date] = ()) -> WorkingCalendar:
    return WorkingCalendar(nation=nation, closures=frozenset(closures))
