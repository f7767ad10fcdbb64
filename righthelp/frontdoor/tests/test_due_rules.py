"""The edges of the due rule (``frontdoor.due``) that the worked examples in ``test_due_times``
do not reach: times without a time zone, the working day's end written without minutes, an
urgency the rule does not know, feedback after a declined decision, and the queue's ranks."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from righthelp.core.working_days import calendar_for
from righthelp.frontdoor.due import (
    URGENCY_RANK,
    ContactDueTimes,
    contact_due_times,
    feedback_due_after_decision,
    working_day_ends,
)
from righthelp.frontdoor.models import Priority, Urgency

LONDON = ZoneInfo("Europe/London")
ENGLAND = calendar_for("england-and-wales")
# Tuesday 3 November 2026, mid-morning: an ordinary working day.
TUESDAY = datetime(2026, 11, 3, 10, 30)


def test_a_time_without_a_zone_is_counted_as_it_is() -> None:
    # Significant harm: 24 clock hours, sooner than the routine next working day at 10:30
    due = contact_due_times(TUESDAY, ENGLAND, urgency=Urgency.SIGNIFICANT_HARM, by_telephone=True)
    assert due.decision == datetime(2026, 11, 4, 10, 30)
    assert due.written_confirmation == datetime(2026, 11, 5, 10, 30)
    assert due.feedback == datetime(2026, 11, 6, 10, 30)
    assert due.priority == Priority.RED


def test_significant_harm_is_never_later_than_the_routine_time() -> None:
    # Friday 4pm: 24 clock hours is Saturday, the routine time is Monday 4pm
    friday = datetime(2026, 11, 6, 16, 0, tzinfo=LONDON)
    harm = contact_due_times(friday, ENGLAND, urgency=Urgency.SIGNIFICANT_HARM)
    assert harm.decision == datetime(2026, 11, 7, 16, 0, tzinfo=LONDON)
    assert harm.written_confirmation is None  # not by telephone
    with override_settings(
        RIGHTHELP_TIMESCALES={
            "decision_working_days": 1,
            "feedback_working_days": 3,
            "declined_feedback_hours": 24,
            "written_confirmation_hours": 48,
            "significant_harm_decision_hours": 24 * 7,
        }
    ):
        slow = contact_due_times(friday, ENGLAND, urgency=Urgency.SIGNIFICANT_HARM)
    assert slow.decision == datetime(2026, 11, 9, 16, 0, tzinfo=LONDON)


def test_a_routine_contact_has_no_priority_and_no_written_confirmation() -> None:
    due = contact_due_times(TUESDAY, ENGLAND, by_telephone=True)
    assert due == ContactDueTimes(
        decision=datetime(2026, 11, 4, 10, 30), feedback=datetime(2026, 11, 6, 10, 30)
    )


@pytest.mark.parametrize("urgency", ["", "unknown", "zzz", "routine"])
def test_an_urgency_the_rule_does_not_know_counts_as_routine(urgency: str) -> None:
    due = contact_due_times(TUESDAY, ENGLAND, urgency=urgency)
    assert due.decision == datetime(2026, 11, 4, 10, 30)
    assert due.priority == ""


def test_urgent_is_due_by_the_end_of_the_day_without_a_priority() -> None:
    due = contact_due_times(TUESDAY, ENGLAND, urgency=Urgency.URGENT)
    assert due.decision == datetime(2026, 11, 3, 17, 0)
    assert due.priority == ""
    assert due.written_confirmation is None


@pytest.mark.parametrize(
    ("setting", "expected"), [("17", time(17, 0)), ("16:45", time(16, 45)), ("9", time(9, 0))]
)
def test_the_working_day_ends_at_the_configured_time(setting: str, expected: time) -> None:
    with override_settings(RIGHTHELP_WORKING_DAY_ENDS=setting):
        assert working_day_ends() == expected


def test_the_due_times_cannot_be_changed_once_computed() -> None:
    due = contact_due_times(TUESDAY, ENGLAND)
    with pytest.raises(dataclasses.FrozenInstanceError):
        due.decision = TUESDAY  # type: ignore[misc]


def test_feedback_after_a_declined_decision_is_due_within_a_day_when_none_was_due() -> None:
    decided = datetime(2026, 11, 3, 12, 0, tzinfo=LONDON)
    assert feedback_due_after_decision(None, decided) == decided + timedelta(hours=24)


def test_feedback_after_a_declined_decision_keeps_a_sooner_time_already_due() -> None:
    decided = datetime(2026, 11, 3, 12, 0, tzinfo=LONDON)
    sooner = decided + timedelta(hours=2)
    later = decided + timedelta(days=3)
    assert feedback_due_after_decision(sooner, decided) == sooner
    assert feedback_due_after_decision(later, decided) == decided + timedelta(hours=24)


def test_feedback_after_a_declined_decision_counts_clock_hours_across_a_clock_change() -> None:
    # The clocks go back at 2am on Sunday 25 October 2026: 24 elapsed hours end at 11am
    decided = datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)
    assert feedback_due_after_decision(None, decided) == datetime(
        2026, 10, 25, 11, 0, tzinfo=LONDON
    )
    naive = datetime(2026, 10, 24, 12, 0)
    assert feedback_due_after_decision(None, naive) == datetime(2026, 10, 25, 12, 0)


def test_the_queue_ranks_significant_harm_then_urgent_then_routine() -> None:
    assert URGENCY_RANK == {Urgency.SIGNIFICANT_HARM: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}
    assert sorted(Urgency, key=URGENCY_RANK.__getitem__) == [
        Urgency.SIGNIFICANT_HARM,
        Urgency.URGENT,
        Urgency.ROUTINE,
    ]
