"""The escalation ladder and its timescales: data, not code.

``ladders.json`` holds each agency's ladder (by organisation kind, falling back to the
partnership's default) and the timescales for a stage, in working hours. Working hours run only
on working days of the calendar: a stage opened on Friday afternoon with 24 hours to run is due
on Monday afternoon, or on Tuesday after a bank holiday Monday. Pure functions: no database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from righthelp.core.working_days import WorkingCalendar

CONFIG_PATH = Path(__file__).with_name("ladders.json")


@dataclass(frozen=True)
class Timescale:
    first_response_hours: int
    resolution_hours: int


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    return data


def ladder_for(organisation_kind: str) -> list[str]:
    """The levels a disagreement raised by this kind of agency climbs, lowest first."""
    ladders: dict[str, list[str]] = _config()["ladders"]
    return list(ladders.get(organisation_kind) or ladders["default"])


WORKER = "worker"
TEAM_MANAGERS = "team_managers"
NAMED = "named"


def held_by(level: str) -> str:
    """Who holds ``level``: ``WORKER`` (the worker the disagreement is with), ``TEAM_MANAGERS``
    (that worker's team managers) or ``NAMED`` (the users named for the level in the agency the
    disagreement is with)."""
    rules: dict[str, str] = _config().get("held_by", {})
    rule = rules.get(level, NAMED)
    return rule if rule in (WORKER, TEAM_MANAGERS) else NAMED


def all_levels() -> list[str]:
    """Every level of every configured ladder, once each, in ladder order."""
    levels: list[str] = []
    for ladder in _config()["ladders"].values():
        levels.extend(level for level in ladder if level not in levels)
    return levels


def timescale_for(*, high_risk: bool) -> Timescale:
    values = _config()["timescales"]["high_risk" if high_risk else "standard"]
    return Timescale(
        first_response_hours=int(values["first_response_hours"]),
        resolution_hours=int(values["resolution_hours"]),
    )


def add_working_hours(calendar: WorkingCalendar, start: datetime, hours: int) -> datetime:
    """``hours`` of working time after ``start``: the clock stops on weekends, bank holidays and
    closure days. A start on a non-working day counts from 09:00 on the next working day."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    local = timezone.localtime(start).replace(tzinfo=None)
    if not calendar.is_working_day(local.date()):
        local = datetime.combine(calendar.next_working_day(local.date()), time(9, 0))
    remaining = timedelta(hours=hours)
    while True:
        day_end = datetime.combine(local.date() + timedelta(days=1), time(0, 0))
        available = day_end - local
        if remaining <= available:
            return timezone.make_aware(local + remaining)
        remaining -= available
        local = datetime.combine(calendar.next_working_day(day_end.date()), time(0, 0))
