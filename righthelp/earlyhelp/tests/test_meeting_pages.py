"""The TAF meeting pages: arranging a meeting and recording it, through the views."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.consent.services import consent_record
from righthelp.consent.tests.factories import VALID, consent_given
from righthelp.earlyhelp.models import MeetingStatus, Plan, PlanStatus, TafMeeting
from righthelp.earlyhelp.plan_services import ActionDetails, OutcomeDetails, plan_save_draft
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_arrange_then_record_a_review_through_the_pages(cast: Cast, client: Client) -> None:
    mum = PersonFactory(given_name="Jo", family_name="Fletcher")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        adults=[mum],
        lead=cast.team_member,
    )
    # The family agreed to the school hearing about the plan (the school is invited).
    consent_given(
        actor=cast.team_member,
        person=cast.child,
        purpose="information_sharing",
        share_with=["school"],
    )
    draft = plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[OutcomeDetails(text="In school every day")],
        actions=[
            ActionDetails(what="Breakfast club", owner_name="School", due_on=date(2026, 12, 1))
        ],
        contingency="c",
        internal_notes="",
    )
    consent_record(
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
    client.force_login(cast.team_member)
    on = {"episode_pk": episode.pk}
    # A missing answer is shown on the form with what was typed.
    refused = client.post(
        reverse("earlyhelp:meeting-plan", kwargs=on),
        {"kind": "review", "scheduled_for": "15/12/2036 10:00", "location": "Hub"},
    )
    assert refused.status_code == 200 and "Invite at least one person" in refused.content.decode()
    # Held this morning, recorded afterwards: the date has passed, so it must be confirmed.
    this_morning = (timezone.localtime() - timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    details = {
        "kind": "review",
        "scheduled_for": this_morning,
        "location": "Hub",
        "family_members": [mum.pk],
        "practitioners": [cast.involved.pk],
    }
    refused = client.post(reverse("earlyhelp:meeting-plan", kwargs=on), details)
    assert refused.status_code == 200 and "has already passed" in refused.content.decode()
    assert 'name="held_already"' in refused.content.decode()
    response = client.post(
        reverse("earlyhelp:meeting-plan", kwargs=on), {**details, "held_already": "on"}
    )
    assert response.status_code == 302
    meeting = TafMeeting.objects.get(episode=episode)
    listing = client.get(reverse("earlyhelp:meetings", kwargs=on)).content.decode()
    assert "Review" in listing
    url = reverse("earlyhelp:meeting", kwargs={**on, "meeting_pk": meeting.pk})
    invitees = list(meeting.invitees.all())
    data = {
        "version": meeting.version,
        "discussion": "Going better",
        "decisions": "Keep the breakfast club",
        "progress": "some",
        "progress_summary": "Attendance up",
        "progress_measured_by": "Attendance officer",
        **{f"attendance_{i.pk}": "attended" for i in invitees},
    }
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    latest = Plan.objects.filter(episode=episode).order_by("-number").first()
    assert latest is not None and latest.number == 2 and latest.progress == "some"
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUPERSEDED
    page = client.get(url).content.decode()
    assert "Keep the breakfast club" in page
