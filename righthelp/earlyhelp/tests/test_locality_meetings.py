"""Locality early help action meetings: arranging, bringing a family, deciding."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.earlyhelp.meeting_services import (
    locality_case_add,
    locality_case_decide,
    locality_meeting_plan,
)
from righthelp.earlyhelp.models import CaseReason, LeadPractitioner, LeadStatus
from righthelp.earlyhelp.tests.factories import make_episode

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_stuck_family_without_a_lead_gets_a_proposed_lead(cast: Cast, client: Client) -> None:
    locality = cast.holding_team.locality
    assert locality is not None
    episode = make_episode(locality=locality, opened_by=cast.team_member, children=[cast.child])
    meeting = locality_meeting_plan(
        actor=cast.team_member, locality=locality, meets_on=date(2026, 12, 3), location="Hub"
    )
    case = locality_case_add(
        actor=cast.team_member,
        meeting=meeting,
        episode=episode,
        reason=CaseReason.NO_LEAD,
        summary="No agency has agreed to lead",
    )
    with pytest.raises(ValidationError):
        locality_case_add(
            actor=cast.team_member, meeting=meeting, episode=episode, reason="stuck", summary="x"
        )
    with pytest.raises(PermissionError):  # someone outside early help cannot decide it
        locality_case_decide(
            actor=cast.practitioner,
            case=case,
            outcome="School nurse to lead",
            actions="",
            new_lead=cast.involved,
        )
    # A manager of an early help team in the locality finds a lead for a family with none.
    locality_case_decide(
        actor=cast.team_manager,
        case=case,
        outcome="School nurse to lead",
        actions="Nurse to meet mum",
        new_lead=cast.involved,
    )
    lead = LeadPractitioner.objects.get(episode=episode)
    assert (lead.practitioner, lead.status) == (cast.involved, LeadStatus.PROPOSED)
    client.force_login(cast.early_help_worker)
    page = client.get(reverse("earlyhelp:locality-meeting", kwargs={"meeting_pk": meeting.pk}))
    assert "School nurse to lead" in page.content.decode()


def test_a_new_lead_is_refused_when_the_family_has_one(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    locality = cast.holding_team.locality
    episode = make_episode(
        locality=locality, opened_by=cast.team_member, children=[cast.child], lead=cast.team_member
    )
    meeting = locality_meeting_plan(
        actor=cast.team_member, locality=locality, meets_on=date(2026, 12, 3), location=""
    )
    case = locality_case_add(
        actor=cast.team_member, meeting=meeting, episode=episode, reason="rising", summary="x"
    )
    with pytest.raises(ValidationError):
        locality_case_decide(
            actor=cast.team_member, case=case, outcome="o", actions="", new_lead=cast.involved
        )


def test_only_the_localitys_staff_arrange_its_meetings(cast: Cast, client: Client) -> None:
    assert cast.holding_team.locality is not None
    locality = cast.holding_team.locality
    with pytest.raises(PermissionError):
        locality_meeting_plan(
            actor=cast.practitioner, locality=locality, meets_on=date(2026, 12, 3), location=""
        )
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:locality-meetings", kwargs={"locality_pk": locality.pk})
    assert client.post(url, {"meets_on": "10/12/2026", "location": "Hub"}).status_code == 302
    assert "10 December 2026" in client.get(url).content.decode()


def test_the_familys_meetings_page_shows_what_the_action_meeting_decided(
    cast: Cast, client: Client
) -> None:
    locality = cast.holding_team.locality
    assert locality is not None
    episode = make_episode(locality=locality, opened_by=cast.team_member, children=[cast.child])
    meeting = locality_meeting_plan(
        actor=cast.team_member,
        locality=locality,
        meets_on=date(2026, 12, 3),
        location="Hub",
        attendees=[cast.involved, cast.team_manager],
    )
    assert set(meeting.attendees.all()) == {cast.involved, cast.team_manager}
    case = locality_case_add(
        actor=cast.team_member, meeting=meeting, episode=episode, reason="rising", summary="x"
    )
    locality_case_decide(
        actor=cast.team_member, case=case, outcome="Joint visit with the social worker", actions=""
    )
    client.force_login(cast.team_member)
    page = client.get(reverse("earlyhelp:meetings", kwargs={"episode_pk": episode.pk}))
    assert "Joint visit with the social worker" in page.content.decode()
