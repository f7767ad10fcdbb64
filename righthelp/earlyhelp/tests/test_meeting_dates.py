"""Meeting dates that make sense and can be corrected: never arranged in the past unless it is
being recorded afterwards (a warning for a date more than a week back), never recorded before
it is held, moved or cancelled with a reason kept in its history; and recording one without
saying whether each person came points at that person's field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.services import consent_record
from righthelp.consent.tests.factories import VALID
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp.meeting_services import (
    meeting_due_on,
    taf_meeting_cancel,
    taf_meeting_plan,
    taf_meeting_record,
    taf_meeting_reschedule,
)
from righthelp.earlyhelp.models import Attendance, Episode, MeetingKind, MeetingStatus, TafMeeting
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.notifications.models import Notification
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(cast: Cast) -> tuple[Episode, Person]:
    child = PersonFactory(given_name="Ruby", family_name="Dates")
    mum = PersonFactory(given_name="Jo", family_name="Dates")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[child],
        adults=[mum],
        lead=cast.team_member,
    )
    consent_record(
        actor=cast.team_member,
        person=child,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Dates",
        share_with=["school"],
        method="verbal",
        validity=VALID,
    )
    return episode, mum


def arrange(
    cast: Cast,
    episode: Episode,
    when: datetime,
    held_already: bool = False,
    family_members: Sequence[Person] = (),
) -> TafMeeting:
    return taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=MeetingKind.INITIAL,
        scheduled_for=when,
        location="Westfield Family Hub",
        practitioners=[cast.involved],
        family_members=list(family_members),
        held_already=held_already,
    )


def test_a_meeting_cannot_be_arranged_in_the_past(
    cast: Cast, family: tuple[Episode, Person]
) -> None:
    episode, _mum = family
    with pytest.raises(ValidationError) as refused:
        arrange(cast, episode, timezone.now() - timedelta(days=2))
    [error] = refused.value.error_dict["scheduled_for"]
    assert error.code == "past"
    assert "has already passed" in error.message
    assert not TafMeeting.objects.exists()


def test_a_date_more_than_a_week_back_is_warned_about(
    cast: Cast, family: tuple[Episode, Person]
) -> None:
    episode, _mum = family
    with pytest.raises(ValidationError) as refused:
        arrange(cast, episode, timezone.now() - timedelta(days=40))
    [error] = refused.value.error_dict["scheduled_for"]
    assert error.code == "past"
    assert "40 days ago: check the date, and the year" in error.message


def test_a_meeting_held_earlier_is_recorded_afterwards_once_confirmed_and_invites_nobody(
    cast: Cast, family: tuple[Episode, Person]
) -> None:
    episode, _mum = family
    meeting = arrange(cast, episode, timezone.now() - timedelta(days=40), held_already=True)
    assert meeting.recorded_afterwards
    assert meeting.status == MeetingStatus.PLANNED  # now record who came and what was decided
    assert not Notification.objects.exists()
    event = Event.objects.get(verb=Verb.TAF_MEETING_PLANNED)
    assert event.payload["recorded_afterwards"] is True


def test_a_meeting_recorded_afterwards_was_held_on_its_date_and_the_next_review_follows_it(
    cast: Cast, family: tuple[Episode, Person], settings: Settings
) -> None:
    episode, _mum = family
    held_on = timezone.now() - timedelta(days=20)
    meeting = arrange(cast, episode, held_on, held_already=True)
    recorded = taf_meeting_record(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        attendance={meeting.invitees.get().pk: Attendance.ATTENDED},
        discussion="Mornings are calmer",
        decisions="Keep the breakfast club",
    )
    assert recorded.held_at == held_on
    review_weeks = settings.RIGHTHELP_EARLY_HELP["review_weeks"]
    assert meeting_due_on(episode, MeetingKind.REVIEW) == timezone.localdate(held_on) + timedelta(
        weeks=review_weeks
    )


def test_a_meeting_in_the_future_cannot_be_confirmed_as_held(
    cast: Cast, family: tuple[Episode, Person]
) -> None:
    episode, _mum = family
    with pytest.raises(ValidationError) as refused:
        arrange(cast, episode, timezone.now() + timedelta(days=1), held_already=True)
    assert "held_already" in refused.value.message_dict


def test_who_came_and_what_was_decided_cannot_be_recorded_before_the_meeting(
    cast: Cast, family: tuple[Episode, Person]
) -> None:
    episode, _mum = family
    meeting = arrange(cast, episode, timezone.now() + timedelta(days=3))
    invitee = meeting.invitees.get()
    with pytest.raises(ValidationError, match="once it has been held"):
        taf_meeting_record(
            actor=cast.team_member,
            meeting=meeting,
            expected_version=meeting.version,
            attendance={invitee.pk: Attendance.ATTENDED},
            discussion="Went well",
            decisions="Carry on",
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_meeting_page_offers_no_record_form_before_the_meeting(
    cast: Cast, family: tuple[Episode, Person], client: Client
) -> None:
    episode, _mum = family
    meeting = arrange(cast, episode, timezone.now() + timedelta(days=3))
    client.force_login(cast.team_member)
    html = client.get(reverse("earlyhelp:meeting", args=[episode.pk, meeting.pk])).content.decode()
    assert "Record the meeting" not in html
    assert "can be recorded once the meeting has been held" in html
    assert "Move the meeting" in html


def test_a_meeting_is_moved_with_a_reason_and_the_old_date_is_kept(
    cast: Cast, family: tuple[Episode, Person]
) -> None:
    episode, _mum = family
    first_time = timezone.now() + timedelta(days=3)
    meeting = arrange(cast, episode, first_time)
    with pytest.raises(ValidationError) as refused:
        taf_meeting_reschedule(
            actor=cast.team_member,
            meeting=meeting,
            expected_version=meeting.version,
            scheduled_for=timezone.now() - timedelta(hours=1),
            reason="",
        )
    assert set(refused.value.message_dict) == {"scheduled_for", "reason"}
    new_time = timezone.now() + timedelta(days=9)
    moved = taf_meeting_reschedule(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        scheduled_for=new_time,
        location="Westfield Primary",
        reason="The school nurse cannot come on the 5th",
    )
    assert moved.scheduled_for == new_time and moved.location == "Westfield Primary"
    event = Event.objects.get(verb=Verb.TAF_MEETING_RESCHEDULED)
    assert event.payload["old"]["scheduled_for"] == first_time.isoformat()
    assert event.payload["old"]["location"] == "Westfield Family Hub"
    assert event.payload["reason"] == "The school nurse cannot come on the 5th"
    assert set(event.subjects.values_list("person_id", flat=True)) == set(episode.member_ids())
    # A second move from the page as it was before the first is refused, not lost.
    with pytest.raises(StaleEdit):
        taf_meeting_reschedule(
            actor=cast.team_member,
            meeting=meeting,
            expected_version=meeting.version,
            scheduled_for=new_time + timedelta(days=1),
            reason="Another reason",
        )


def test_a_meeting_is_cancelled_with_a_reason_and_stays_in_the_list(
    cast: Cast, family: tuple[Episode, Person], client: Client
) -> None:
    episode, _mum = family
    meeting = arrange(cast, episode, timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError):
        taf_meeting_cancel(
            actor=cast.team_member, meeting=meeting, expected_version=meeting.version, reason=""
        )
    cancelled = taf_meeting_cancel(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        reason="Mum asked to wait until after the court hearing",
    )
    assert cancelled.status == MeetingStatus.CANCELLED
    assert cancelled.cancelled_by == cast.team_member
    assert Event.objects.filter(verb=Verb.TAF_MEETING_CANCELLED).count() == 1
    client.force_login(cast.team_member)
    listing = client.get(reverse("earlyhelp:meetings", args=[episode.pk])).content.decode()
    assert "Cancelled" in listing and "Mum asked to wait" in listing
    page = client.get(reverse("earlyhelp:meeting", args=[episode.pk, meeting.pk])).content.decode()
    assert "Cancelled (it was arranged for" in page
    assert "Move the meeting" not in page
    # A cancelled first meeting can be arranged again.
    again = arrange(cast, episode, timezone.now() + timedelta(days=6))
    assert again.kind == MeetingKind.INITIAL


def test_moving_a_meeting_through_its_page_shows_the_old_date_in_its_history(
    cast: Cast, family: tuple[Episode, Person], client: Client
) -> None:
    episode, _mum = family
    meeting = arrange(cast, episode, timezone.now() + timedelta(days=3))
    old = timezone.localtime(meeting.scheduled_for)
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:meeting-reschedule", args=[episode.pk, meeting.pk])
    page = client.get(url).content.decode()
    assert old.strftime("%d/%m/%Y %H:%M") in page  # the current date, ready to change
    refused = client.post(url, {"version": meeting.version, "scheduled_for": "", "reason": ""})
    assert refused.status_code == 200 and "Enter the new date and time" in refused.content.decode()
    new = timezone.localtime() + timedelta(days=12)
    response = client.post(
        url,
        {
            "version": meeting.version,
            "scheduled_for": new.strftime("%d/%m/%Y %H:%M"),
            "location": "Westfield Family Hub",
            "reason": "Dad can only come in the afternoon",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Meeting moved to" in html  # the notification banner
    history = html[html.index('id="meeting-history"') :]
    assert f"Moved from {old.day} {old:%B %Y}" in history
    assert "Dad can only come in the afternoon" in history


def test_each_persons_missing_attendance_is_shown_on_their_own_field(
    cast: Cast, family: tuple[Episode, Person], client: Client
) -> None:
    episode, mum = family
    meeting = arrange(
        cast, episode, timezone.now() - timedelta(hours=2), held_already=True, family_members=[mum]
    )
    school, parent = meeting.invitees.order_by("id")
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:meeting", args=[episode.pk, meeting.pk])
    response = client.post(
        url,
        {
            "version": meeting.version,
            f"attendance_{school.pk}": "attended",
            "discussion": "Mornings are calmer",
            "decisions": "Keep the breakfast club",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    # The summary links to Jo's own field, which carries the error and aria-invalid.
    assert f'href="#id_attendance_{parent.pk}"' in html
    assert "Say whether Jo Dates came to the meeting" in html
    assert f'id="id_attendance_{parent.pk}-error"' in html
    select = re.search(rf'<select[^>]*id="id_attendance_{parent.pk}"[^>]*>', html)
    assert select is not None
    assert 'aria-invalid="true"' in select.group(0)
    assert f"id_attendance_{parent.pk}-error" in select.group(0)  # aria-describedby
    other = re.search(rf'<select[^>]*id="id_attendance_{school.pk}"[^>]*>', html)
    assert other is not None and "aria-invalid" not in other.group(0)
    assert "Keep the breakfast club" in html  # what was typed is kept
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
