"""Team Around the Family meetings: timescales, invitees' updates, recording, and who sees them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.models import ConsentRecord
from righthelp.consent.selectors import consent_current
from righthelp.consent.services import consent_record, consent_withdraw
from righthelp.consent.tests.factories import VALID
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp.meeting_services import (
    taf_meeting_plan,
    taf_meeting_record,
    taf_update_add,
)
from righthelp.earlyhelp.models import (
    Attendance,
    Episode,
    MeetingKind,
    MeetingStatus,
    Plan,
    Progress,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import can_view_episode, consent_covers
from righthelp.earlyhelp.plan_services import (
    ActionDetails,
    FamilyAgreement,
    OutcomeDetails,
    plan_agree,
    plan_save_draft,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def setup(cast: Cast, school_consent: bool = True) -> tuple[Episode, Person]:
    """An episode for ``cast.child`` and mum, with (unless told not to) the family's consent to
    share information with the school, whose practitioner ``arrange`` invites."""
    mum = PersonFactory(given_name="Jo", family_name="Fletcher")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        adults=[mum],
        lead=cast.team_member,
    )
    if school_consent:
        consent_for_schools(cast)
    return episode, mum


def arrange(
    cast: Cast,
    episode: Episode,
    kind: str = MeetingKind.INITIAL,
    family: Sequence[Person] = (),
    held: bool = False,
) -> TafMeeting:
    """A meeting in five days with the school invited (the family's consent covering schools);
    ``held``: one held two hours ago, being recorded afterwards."""
    if not consent_covers(cast.involved, episode):
        consent_for_schools(cast)
    return taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=kind,
        scheduled_for=timezone.now() + (timedelta(hours=-2) if held else timedelta(days=5)),
        location="Westfield Primary",
        practitioners=[cast.involved],
        family_members=list(family),
        held_already=held,
    )


def consent_for_schools(cast: Cast) -> ConsentRecord:
    return consent_record(
        actor=cast.team_member,
        person=cast.child,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=["school"],
        method="verbal",
        validity=VALID,
    )


def test_the_first_meeting_is_due_within_the_working_days_of_opening(
    cast: Cast, settings: Settings
) -> None:
    settings.RIGHTHELP_EARLY_HELP = {**settings.RIGHTHELP_EARLY_HELP, "first_taf_working_days": 10}
    episode, mum = setup(cast)
    meeting = arrange(cast, episode, family=[mum])
    expected = working_calendar().add_working_days(timezone.localdate(episode.opened_at), 10)
    assert meeting.due_on == expected
    assert meeting.invitees.count() == 2
    assert Event.objects.filter(verb=Verb.TAF_MEETING_PLANNED).count() == 1


def test_a_family_member_must_belong_to_the_episode(cast: Cast) -> None:
    episode, _ = setup(cast)
    with pytest.raises(ValidationError):
        arrange(cast, episode, family=[PersonFactory()])


def test_an_invited_practitioner_adds_their_own_update_before_the_meeting_only(cast: Cast) -> None:
    episode, _ = setup(cast)
    meeting = arrange(cast, episode, held=True)
    invitee = meeting.invitees.get(user=cast.involved)
    with pytest.raises(PermissionError):
        taf_update_add(actor=cast.practitioner, invitee=invitee, text="Not mine to add")
    taf_update_add(actor=cast.involved, invitee=invitee, text="Attendance 82% this term")
    invitee.refresh_from_db()
    assert invitee.agency_update == "Attendance 82% this term"
    taf_meeting_record(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        attendance={invitee.pk: Attendance.ATTENDED},
        discussion="Mornings are hard",
        decisions="Breakfast club place",
    )
    with pytest.raises(ValidationError):
        taf_update_add(actor=cast.involved, invitee=invitee, text="Too late")


def test_recording_a_meeting_twice_from_the_same_page_is_refused(cast: Cast) -> None:
    episode, _ = setup(cast)
    meeting = arrange(cast, episode, held=True)
    invitee = meeting.invitees.get()
    kwargs: dict[str, Any] = {
        "actor": cast.team_member,
        "meeting": meeting,
        "expected_version": meeting.version,
        "attendance": {invitee.pk: Attendance.APOLOGIES},
        "discussion": "d",
        "decisions": "x",
    }
    taf_meeting_record(**kwargs)
    with pytest.raises(StaleEdit):
        taf_meeting_record(**kwargs)


def test_a_review_meeting_makes_the_next_plan_version_and_the_next_review_is_due(
    cast: Cast, settings: Settings
) -> None:
    episode, _ = setup(cast)
    plan_agree(
        actor=cast.team_member,
        family=[FamilyAgreement("Jo Fletcher", "mum")],
        plan=plan_save_draft(
            actor=cast.team_member,
            episode=episode,
            expected_version=0,
            outcomes=[OutcomeDetails(text="In school every day")],
            actions=[
                ActionDetails(what="Breakfast club", owner_name="School", due_on=date(2026, 12, 1))
            ],
            contingency="Meeting within a week",
            internal_notes="",
        ),
    )
    meeting = arrange(cast, episode, kind=MeetingKind.REVIEW, held=True)
    invitee = meeting.invitees.get()
    with pytest.raises(ValidationError):  # a review needs its progress recorded
        taf_meeting_record(
            actor=cast.team_member,
            meeting=meeting,
            expected_version=meeting.version,
            attendance={invitee.pk: Attendance.ATTENDED},
            discussion="d",
            decisions="x",
        )
    taf_meeting_record(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        attendance={invitee.pk: Attendance.ATTENDED},
        discussion="Attendance is up",
        decisions="Keep going",
        progress=Progress.MADE,
        progress_summary="Attendance 96%",
        progress_measured_by="Attendance officer",
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    latest = Plan.objects.filter(episode=episode).order_by("-number").first()
    assert latest is not None and (latest.number, latest.review_meeting_id) == (2, meeting.pk)
    nxt = arrange(cast, episode, kind=MeetingKind.REVIEW)
    weeks = settings.RIGHTHELP_EARLY_HELP["review_weeks"]
    assert nxt.due_on == timezone.localdate(meeting.held_at) + timedelta(weeks=weeks)


def test_an_invitee_from_another_agency_sees_the_meeting_only_while_consent_covers_them(
    cast: Cast, client: Client
) -> None:
    episode, _ = setup(cast)
    consent: ConsentRecord | None = consent_for_schools(cast)
    meeting = arrange(cast, episode)
    url = reverse("earlyhelp:meeting", kwargs={"episode_pk": episode.pk, "meeting_pk": meeting.pk})
    client.force_login(cast.involved)
    consent = consent_current(cast.child, "information_sharing")
    assert consent is not None
    assert can_view_episode(cast.involved, episode)
    assert client.get(url).status_code == 200
    consent_withdraw(
        actor=cast.team_member, consent=consent, withdrawn_by_name="Jo Fletcher", method="verbal"
    )
    assert client.get(url).status_code == 404
    # Someone not invited never sees it.
    client.force_login(cast.practitioner)
    assert client.get(url).status_code == 404


def test_the_invitee_adds_their_update_through_the_page(cast: Cast, client: Client) -> None:
    episode, _ = setup(cast)
    meeting = arrange(cast, episode)
    client.force_login(cast.involved)
    url = reverse(
        "earlyhelp:meeting-update", kwargs={"episode_pk": episode.pk, "meeting_pk": meeting.pk}
    )
    assert client.post(url, {"text": ""}).status_code == 200  # refused, shown on the form
    assert client.post(url, {"text": "Settled in class"}).status_code == 302
    assert meeting.invitees.get().agency_update == "Settled in class"
