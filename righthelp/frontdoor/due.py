"""The due times of a contact: the one rule, a pure function over the working-day calendar.

Every route into the front door (a request for support, a public form, the API, a telephone
contact, a step up from early help) stamps its due times through ``contact_due_times`` when
the contact is received, and the due-work engine (``workdue``) only reads what was stamped. No
database, no request: tests call it with any moment and any calendar.

The rule, in the words the pages use:

- Routine: decided within ``decision_working_days`` working days (same time of day; a contact
  received on a non-working day counts from 9am on the next working day).
- Urgent ("needs a decision today"): decided by the end of the working day it was received
  (``RIGHTHELP_WORKING_DAY_ENDS``, 5pm by default). Received at or after that time, or on a
  weekend, bank holiday or local closure day, it is due by the end of the next working day:
  the first day the front door is open is its "today". Never later than the routine time.
- Significant harm: red priority, decided within ``significant_harm_decision_hours`` clock
  hours (24 by default) whatever the day, and never later than the routine time.
- Feedback to the referrer: ``feedback_working_days`` working days after receipt, whatever the
  urgency; a declined outcome brings it forward (``feedback_due_after_decision``).
- A telephone contact about significant harm is confirmed in writing by the caller within
  ``written_confirmation_hours`` clock hours.

The queue's order follows the same urgency: significant harm first, then urgent, then routine,
each by its decision due time (``URGENCY_RANK``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from righthelp.core.working_days import WorkingCalendar
from righthelp.frontdoor.models import Priority, Urgency

# The order of the front door's queue: lower comes first.
URGENCY_RANK = {Urgency.SIGNIFICANT_HARM: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}


@dataclass(frozen=True)
class ContactDueTimes:
    decision: datetime
    feedback: datetime
    written_confirmation: datetime | None = None
    priority: str = ""  # the priority a contact arrives with ("" leaves it for triage)


def working_day_ends() -> time:
    """The end of the front door's working day (``RIGHTHELP_WORKING_DAY_ENDS``, "17:00")."""
    hours, _, minutes = str(settings.RIGHTHELP_WORKING_DAY_ENDS).partition(":")
    return time(int(hours), int(minutes or 0))


def _end_of_working_day(received: datetime, calendar: WorkingCalendar, ends: time) -> datetime:
    """The end of the working day an urgent contact counts as received on."""
    day = received.date()
    if not calendar.is_working_day(day):
        day = calendar.next_working_day(day)
    elif received.time() >= ends:
        day = calendar.add_working_days(day, 1)
    return received.replace(
        year=day.year,
        month=day.month,
        day=day.day,
        hour=ends.hour,
        minute=ends.minute,
        second=0,
        microsecond=0,
    )


def _clock_hours_after(moment: datetime, hours: int) -> datetime:
    """``hours`` hours of elapsed time later (counted in UTC, so a clock change in between
    does not make a day of 23 or 25 hours), in ``moment``'s time zone."""
    if not timezone.is_aware(moment):
        return moment + timedelta(hours=hours)
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(moment.tzinfo)


def contact_due_times(
    received_at: datetime,
    calendar: WorkingCalendar,
    *,
    urgency: str = Urgency.ROUTINE,
    by_telephone: bool = False,
) -> ContactDueTimes:
    """When the decision and the feedback to the referrer are due for a contact received at
    ``received_at`` with ``urgency``, counted by ``calendar`` (see the module's rule), and, for
    a telephone contact about significant harm, when its written confirmation is due."""
    timescales = settings.RIGHTHELP_TIMESCALES
    local = timezone.localtime(received_at) if timezone.is_aware(received_at) else received_at
    routine = calendar.due_after_working_days(local, timescales["decision_working_days"])
    feedback = calendar.due_after_working_days(local, timescales["feedback_working_days"])
    if urgency == Urgency.SIGNIFICANT_HARM:
        confirmation = None
        if by_telephone:
            confirmation = _clock_hours_after(local, timescales["written_confirmation_hours"])
        return ContactDueTimes(
            decision=min(
                routine, _clock_hours_after(local, timescales["significant_harm_decision_hours"])
            ),
            feedback=feedback,
            written_confirmation=confirmation,
            priority=Priority.RED,
        )
    if urgency == Urgency.URGENT:
        today_ends = _end_of_working_day(local, calendar, working_day_ends())
        return ContactDueTimes(decision=min(routine, today_ends), feedback=feedback)
    return ContactDueTimes(decision=routine, feedback=feedback)


def feedback_due_after_decision(current: datetime | None, decided_at: datetime) -> datetime:
    """A declined outcome (advice, signpost) is fed back within ``declined_feedback_hours``
    of the decision, or by the time already due if that is sooner."""
    soon = _clock_hours_after(decided_at, settings.RIGHTHELP_TIMESCALES["declined_feedback_hours"])
    return soon if current is None else min(current, soon)
