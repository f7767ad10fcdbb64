"""The one due-time rule of a contact (``frontdoor.due.contact_due_times``): routine, urgent and
significant harm over weekends, bank holidays, the year end and clock changes; every route into
the front door stamps its times through it; and the queue puts significant harm first, then
urgent, then routine."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from righthelp.accounts import services as account_services
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.core.selectors import working_calendar
from righthelp.core.working_days import calendar_for
from righthelp.earlyhelp import services as earlyhelp_services
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import api_schema, selectors, services
from righthelp.frontdoor.due import contact_due_times
from righthelp.frontdoor.models import Contact, ContactKind, Priority, Urgency
from righthelp.frontdoor.selectors import QueueFilter
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

LONDON = ZoneInfo("Europe/London")
ENGLAND = calendar_for("england-and-wales")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --- Routine: working days ------------------------------------------------------------------


def test_a_contact_on_the_afternoon_of_24_december_is_decided_after_christmas_and_boxing_day() -> (
    None
):
    # 2026: Christmas Friday, Boxing Day Saturday with its substitute on Monday 28th.
    due = contact_due_times(at(2026, 12, 24, 15, 30), ENGLAND)
    assert due.decision == at(2026, 12, 29, 15, 30)
    assert due.feedback == at(2026, 12, 31, 15, 30)
    assert due.priority == "" and due.written_confirmation is None


def test_a_contact_on_24_december_2025_skips_christmas_and_boxing_day() -> None:
    due = contact_due_times(at(2025, 12, 24, 16, 0), ENGLAND)
    assert due.decision == at(2025, 12, 29, 16, 0)
    assert due.feedback == at(2025, 12, 31, 16, 0)


def test_a_contact_on_new_years_eve_is_due_in_the_new_year_after_the_bank_holiday() -> None:
    due = contact_due_times(at(2026, 12, 31, 14, 0), ENGLAND)
    assert due.decision == at(2027, 1, 4, 14, 0)
    assert due.feedback == at(2027, 1, 6, 14, 0)


def test_a_contact_on_a_saturday_counts_from_monday_morning() -> None:
    due = contact_due_times(at(2026, 11, 28, 20, 0), ENGLAND)
    assert due.decision == at(2026, 12, 1, 9, 0)
    assert due.feedback == at(2026, 12, 3, 9, 0)


def test_scotlands_second_of_january_holiday_pushes_the_decision_back() -> None:
    # 1 and 2 January 2026 are both Scottish bank holidays (Thursday, Friday).
    due = contact_due_times(at(2025, 12, 31, 14, 0), calendar_for("scotland"))
    assert due.decision == at(2026, 1, 5, 14, 0)


def test_a_local_closure_day_is_not_a_working_day() -> None:
    closed = calendar_for("england-and-wales", [date(2026, 12, 29)])
    assert contact_due_times(at(2026, 12, 24, 15, 30), closed).decision == at(2026, 12, 30, 15, 30)


# --- Urgent: "needs a decision today" -------------------------------------------------------


def test_an_urgent_contact_in_the_working_day_is_due_by_the_end_of_that_day() -> None:
    # Tuesday 1 December 2026, 10am.
    due = contact_due_times(at(2026, 12, 1, 10, 0), ENGLAND, urgency=Urgency.URGENT)
    assert due.decision == at(2026, 12, 1, 17, 0)
    # The feedback to the referrer keeps its working days.
    assert due.feedback == at(2026, 12, 4, 10, 0)
    assert due.priority == ""


def test_an_urgent_contact_before_the_working_day_starts_is_still_due_that_day() -> None:
    due = contact_due_times(at(2026, 12, 1, 7, 30), ENGLAND, urgency=Urgency.URGENT)
    assert due.decision == at(2026, 12, 1, 17, 0)


def test_an_urgent_contact_after_the_working_day_ends_is_due_by_the_end_of_the_next() -> None:
    at_five = contact_due_times(at(2026, 12, 1, 17, 0), ENGLAND, urgency=Urgency.URGENT)
    evening = contact_due_times(at(2026, 12, 1, 21, 15), ENGLAND, urgency=Urgency.URGENT)
    assert at_five.decision == evening.decision == at(2026, 12, 2, 17, 0)
    # Earlier than the routine time (same time the next working day, 9:15pm).
    assert evening.decision < contact_due_times(at(2026, 12, 1, 21, 15), ENGLAND).decision


def test_an_urgent_contact_at_the_weekend_is_due_by_the_end_of_monday() -> None:
    due = contact_due_times(at(2026, 11, 28, 20, 0), ENGLAND, urgency=Urgency.URGENT)
    assert due.decision == at(2026, 11, 30, 17, 0)
    # Routine would be Tuesday 9am.
    assert contact_due_times(at(2026, 11, 28, 20, 0), ENGLAND).decision == at(2026, 12, 1, 9, 0)


def test_an_urgent_contact_on_christmas_eve_evening_is_due_after_the_bank_holidays() -> None:
    due = contact_due_times(at(2026, 12, 24, 18, 0), ENGLAND, urgency=Urgency.URGENT)
    assert due.decision == at(2026, 12, 29, 17, 0)


@override_settings(RIGHTHELP_WORKING_DAY_ENDS="16:30")
def test_the_end_of_the_working_day_is_configurable() -> None:
    due = contact_due_times(at(2026, 12, 1, 16, 45), ENGLAND, urgency=Urgency.URGENT)
    assert due.decision == at(2026, 12, 2, 16, 30)


# --- Significant harm: red, 24 clock hours ----------------------------------------------------


def test_significant_harm_is_red_and_due_within_24_hours_even_at_the_weekend() -> None:
    due = contact_due_times(at(2026, 11, 28, 20, 0), ENGLAND, urgency=Urgency.SIGNIFICANT_HARM)
    assert due.priority == Priority.RED
    assert due.decision == at(2026, 11, 29, 20, 0)
    assert due.written_confirmation is None


def test_significant_harm_counts_24_real_hours_across_the_clock_change() -> None:
    # The clocks go forward at 1am on Sunday 29 March 2026: 24 hours after Saturday noon
    # (GMT) is Sunday 1pm (BST).
    due = contact_due_times(at(2026, 3, 28, 12, 0), ENGLAND, urgency=Urgency.SIGNIFICANT_HARM)
    elapsed = due.decision.astimezone(UTC) - at(2026, 3, 28, 12, 0).astimezone(UTC)
    assert elapsed == timedelta(hours=24)
    assert due.decision.astimezone(LONDON).hour == 13


def test_a_telephone_call_about_significant_harm_is_confirmed_in_writing_within_48_hours() -> None:
    due = contact_due_times(
        at(2026, 12, 1, 10, 0), ENGLAND, urgency=Urgency.SIGNIFICANT_HARM, by_telephone=True
    )
    assert due.written_confirmation == at(2026, 12, 3, 10, 0)
    routine_call = contact_due_times(at(2026, 12, 1, 10, 0), ENGLAND, by_telephone=True)
    assert routine_call.written_confirmation is None


# --- Every route stamps its times through the rule --------------------------------------------


def _expected(contact: Contact, urgency: str) -> datetime:
    assert contact.received_at is not None
    return contact_due_times(contact.received_at, working_calendar(), urgency=urgency).decision


def _assert_urgent(contact: Contact) -> None:
    contact.refresh_from_db()
    assert contact.urgency == Urgency.URGENT
    assert contact.decision_due_at == _expected(contact, Urgency.URGENT)
    assert contact.decision_due_at < _expected(contact, Urgency.ROUTINE)


@pytest.mark.django_db
def test_an_urgent_request_for_support_is_due_by_the_end_of_the_working_day(cast: Cast) -> None:
    contact = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Kayden says he cannot go home tonight",
        urgency=Urgency.URGENT,
    )
    services.request_submit(
        actor=cast.involved,
        contact=contact,
        consent=ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Jo Fletcher",
            method="verbal",
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )
    _assert_urgent(contact)


@pytest.mark.django_db
def test_an_urgent_telephone_contact_is_due_by_the_end_of_the_working_day(cast: Cast) -> None:
    contact = services.telephone_contact_record(
        actor=cast.front_door_worker,
        referrer_name="Dr Amira Khan",
        referrer_agency="Westfield Surgery",
        referrer_phone="01482 000222",
        children=[SubjectDetails(role="child", given_name="Leo", family_name="Marsh")],
        worry="Leo's mother was admitted to hospital; no one is collecting him",
        urgency=Urgency.URGENT,
    )
    _assert_urgent(contact)


@pytest.mark.django_db
def test_an_urgent_api_request_is_due_by_the_end_of_the_working_day(
    cast: Cast, client: Client
) -> None:
    assert cast.involved.organisation is not None
    _, token = account_services.api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    body = dict(api_schema.EXAMPLE_EARLY_HELP, urgency="urgent")
    response = client.post(
        "/api/v1/contacts",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="urgent-1",
    )
    assert response.status_code == 201
    _assert_urgent(Contact.objects.get(kind=ContactKind.API))


@pytest.mark.django_db
def test_an_urgent_step_up_is_due_by_the_end_of_the_working_day(cast: Cast) -> None:
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory(given_name="Ellie")],
        lead=cast.team_member,
    )
    consultation = earlyhelp_services.step_up_consult(
        actor=cast.team_member,
        episode=episode,
        worry="Ellie disclosed that her stepfather hit her",
        outcome="front_door",
        urgency=Urgency.URGENT,
    )
    assert consultation.contact is not None
    _assert_urgent(consultation.contact)


@pytest.mark.django_db
def test_a_public_concern_is_due_as_a_routine_contact(cast: Cast) -> None:
    contact = services.public_contact_submit(
        kind=ContactKind.PUBLIC_CONCERN,
        sender_address="203.0.113.9",
        referrer_name="",
        referrer_email="",
        referrer_phone="",
        referrer_relationship="neighbour",
        child=SubjectDetails(role="child", given_name="Mia"),
        worry="I hear shouting every night",
    )
    assert contact.decision_due_at == _expected(contact, Urgency.ROUTINE)


# --- The queue: significant harm, then urgent, then routine -----------------------------------


@pytest.mark.django_db
def test_the_queue_puts_significant_harm_first_then_urgent_then_routine(cast: Cast) -> None:
    made = {}
    for urgency in (Urgency.ROUTINE, Urgency.URGENT, Urgency.SIGNIFICANT_HARM):
        made[urgency] = services.telephone_contact_record(
            actor=cast.front_door_worker,
            referrer_name="PC Dana Holt",
            referrer_agency="Humberside Police",
            referrer_phone="01482 000111",
            children=[SubjectDetails(role="child", given_name="Leo", family_name="Marsh")],
            worry="Called about the children",
            urgency=urgency,
        )
    # Due times the other way round, so ordering by due time alone would put routine first.
    soon = timezone.now() + timedelta(hours=1)
    for hours, urgency in enumerate((Urgency.ROUTINE, Urgency.URGENT, Urgency.SIGNIFICANT_HARM)):
        Contact.objects.filter(pk=made[urgency].pk).update(
            decision_due_at=soon + timedelta(hours=hours)
        )
    # Two routine contacts keep their own order by due time.
    later = services.telephone_contact_record(
        actor=cast.front_door_worker,
        referrer_name="PC Dana Holt",
        referrer_agency="Humberside Police",
        referrer_phone="01482 000111",
        children=[SubjectDetails(role="child", given_name="Isla", family_name="Marsh")],
        worry="A second call",
    )
    Contact.objects.filter(pk=later.pk).update(decision_due_at=soon + timedelta(hours=9))
    page = selectors.contact_queue(user=cast.front_door_worker, filters=QueueFilter())
    assert [c.pk for c in page.object_list] == [
        made[Urgency.SIGNIFICANT_HARM].pk,
        made[Urgency.URGENT].pk,
        made[Urgency.ROUTINE].pk,
        later.pk,
    ]
