"""Reads shared by every capability."""

from __future__ import annotations

from django.conf import settings

from righthelp.core.models import ClosureDay
from righthelp.core.working_days import WorkingCalendar, calendar_for


def working_calendar() -> WorkingCalendar:
    """The deployment's working-day calendar: its nation's bank holidays and local closures."""
    closures = ClosureDay.objects.values_list("date", flat=True)
    return calendar_for(settings.RIGHTHELP_NATION, closures)
