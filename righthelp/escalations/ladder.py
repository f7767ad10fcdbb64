"""The escalation ladder and its timescales: data, not code.

``ladders.json`` holds the partnership's default ladder and any local partnership's own (say,
Nottingham's, with the referrer's side at each level and a route straight to the service
manager), each agency's ladder by organisation kind, and the timescales for a stage. Working
hours run only on working days of the calendar: a stage opened on Friday afternoon with 24 hours
to run is due on Monday afternoon, or on Tuesday after a bank holiday Monday. Clock hours (used
for high-risk disagreements) run on regardless. Pure functions: no database.
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
DEFAULT = "default"


@dataclass(frozen=True)
class Timescale:
    first_response_hours: int
    resolution_hours: int
    clock_hours: bool = False  # True: clock hours; False: working hours


@dataclass(frozen=True)
class CouldNotReach:
    """From ``from_levels``, a disagreement may go straight to ``to_level`` when the people
    there cannot be reached in time."""

    from_levels: tuple[str, ...]
    to_level: str


@cache
def _config() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    return data


def partnership_for(name: str) -> str:
    """``name`` if ``ladders.json`` has a partnership of that name (say, ``nottingham-2018``),
    else the default."""
    return name if name in _config().get("partnerships", {}) else DEFAULT


def _settings(partnership: str) -> dict[str, Any]:
    """The default's keys, with the partnership's own in their place."""
    config = _config()
    own: dict[str, Any] = config.get("partnerships", {}).get(partnership, {})
    merged = {key: value for key, value in config.items() if key != "partnerships"}
    merged.update(own)
    return merged


def _rules(values: dict[str, Any]) -> dict[str, str]:
    return {key: value for key, value in values.items() if not key.startswith("_")}


def ladder_for(organisation_kind: str, partnership: str = DEFAULT) -> list[str]:
    """The levels a disagreement raised by this kind of agency climbs, lowest first."""
    ladders: dict[str, list[str]] = _settings(partnership)["ladders"]
    return list(ladders.get(organisation_kind) or ladders["default"])


WORKER = "worker"
TEAM_MANAGERS = "team_managers"
NAMED = "named"


def held_by(level: str, partnership: str = DEFAULT) -> str:
    """Who holds ``level``: ``WORKER`` (the worker the disagreement is with), ``TEAM_MANAGERS``
    (that worker's team managers) or ``NAMED`` (the users named for the level in the agency the
    disagreement is with)."""
    rules = _rules(_settings(partnership).get("held_by", {}))
    rule = rules.get(level, NAMED)
    return rule if rule in (WORKER, TEAM_MANAGERS) else NAMED


# Who is on the raiser's side at a level (a partnership's ``referrer_side``).
REFERRER = "referrer"
LINE_MANAGER = "line_manager"
EQUIVALENT = "equivalent"
# The level an agency names its safeguarding lead at (a LadderHolder on the referrer's side).
SAFEGUARDING_LEAD = "Safeguarding lead"


def referrer_side_rule(level: str, partnership: str = DEFAULT) -> str | None:
    """``REFERRER``, ``LINE_MANAGER`` or ``EQUIVALENT`` for a level of a ladder that has the
    referrer's side (Nottingham's); ``None`` where it has none."""
    rule = _rules(_settings(partnership).get("referrer_side", {})).get(level)
    return rule if rule in (REFERRER, LINE_MANAGER, EQUIVALENT) else None


def has_referrer_side(partnership: str = DEFAULT) -> bool:
    return bool(_rules(_settings(partnership).get("referrer_side", {})))


def could_not_reach(partnership: str = DEFAULT) -> CouldNotReach | None:
    """The partnership's route straight to a higher level, if it has one."""
    values = _settings(partnership).get("could_not_reach")
    if not values:
        return None
    return CouldNotReach(from_levels=tuple(values["from"]), to_level=str(values["to"]))


def all_levels() -> list[str]:
    """Every level of every configured ladder, once each, in ladder order, then the levels an
    agency names on the referrer's side (its safeguarding lead)."""
    levels: list[str] = []
    config = _config()
    for partnership in [DEFAULT, *config.get("partnerships", {})]:
        for ladder in _settings(partnership)["ladders"].values():
            levels.extend(level for level in ladder if level not in levels)
        if has_referrer_side(partnership) and SAFEGUARDING_LEAD not in levels:
            levels.append(SAFEGUARDING_LEAD)
    return levels


def timescale_for(*, high_risk: bool, partnership: str = DEFAULT) -> Timescale:
    values = _settings(partnership)["timescales"]["high_risk" if high_risk else "standard"]
    return Timescale(
        first_response_hours=int(values["first_response_hours"]),
        resolution_hours=int(values["resolution_hours"]),
        clock_hours=values.get("hours", "working") == "clock",
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


def due_after(
    calendar: WorkingCalendar, start: datetime, hours: int, *, clock_hours: bool
) -> datetime:
    """``hours`` after ``start``, in clock hours or in working hours."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    if clock_hours:
        return start + timedelta(hours=hours)
    return add_working_hours(calendar, start, hours)


def escalation_leads(setting: str) -> dict[str, str]:
    """``RIGHTHELP_ESCALATION_LEAD`` read: a username or e-mail address for every service, or
    ``kind=user`` pairs (separated by commas) for the agency the disagreement is with, by its
    organisation kind (``childrens_social_care=duty.lead@example.org``). A bare entry, or
    ``*=user``, is the lead for every service without its own. Returns kind (``*`` for any) to
    the username or e-mail address."""
    leads: dict[str, str] = {}
    for entry in setting.split(","):
        entry = entry.strip()
        if not entry:
            continue
        kind, separator, name = entry.partition("=")
        if separator:
            leads[kind.strip() or "*"] = name.strip()
        else:
            leads["*"] = entry
    return {kind: name for kind, name in leads.items() if name}


def escalation_lead_for(setting: str, organisation_kind: str) -> str:
    """The username or e-mail of the lead for a disagreement with this kind of agency ('' if
    none is configured)."""
    leads = escalation_leads(setting)
    return leads.get(organisation_kind) or leads.get("*", "")
