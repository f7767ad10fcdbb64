"""The episode pages: overview, starting, leads, step up, step down and closing (real DB)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.consent.tests.factories import VALID
from righthelp.core.tests.access import same_page
from righthelp.earlyhelp.models import Episode, EpisodeStatus, LeadStatus
from righthelp.earlyhelp.tests.access_expectations_episodes import (
    early_help_request,
    social_care_referral,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.earlyhelp.tests.test_episode_services import give_consent
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _episode(cast: Cast, **kwargs: Any) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory(given_name="Ellie", family_name="Page")],
        **kwargs,
    )


def test_the_episode_page_shows_the_family_lead_and_tabs_and_logs_the_view(
    cast: Cast, client: Client
) -> None:
    episode = _episode(cast, lead=cast.team_member)
    client.force_login(cast.team_member)
    response = client.get(reverse("earlyhelp:episode", args=[episode.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ellie Page" in html
    assert cast.team_member.display_name in html
    assert 'aria-current="page" href="' + reverse("earlyhelp:episode", args=[episode.pk]) in html
    assert reverse("earlyhelp:step-up", args=[episode.pk]) in html
    record = AccessRecord.objects.get(action=AccessAction.VIEW_EPISODE)
    assert [p.person_id for p in record.people.all()] == [episode.members.get().person_id]


def test_missing_and_forbidden_episodes_look_the_same(cast: Cast, client: Client) -> None:
    episode = _episode(cast)
    client.force_login(cast.practitioner)
    forbidden = client.get(reverse("earlyhelp:episode", args=[episode.pk]))
    missing = client.get(reverse("earlyhelp:episode", args=[episode.pk + 999]))
    assert forbidden.status_code == missing.status_code == 404
    assert same_page(forbidden.content, missing.content)


def test_starting_directly_without_consent_shows_the_error_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    assert cast.holding_team.locality is not None
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:start"),
        {
            "person": cast.child.pk,
            "locality": cast.holding_team.locality.pk,
            "children": [cast.child.pk],
            "level": "additional",
            "reason": "Mum is struggling since the move",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "consent" in html
    assert "Mum is struggling since the move" in html
    assert not Episode.objects.exists()


def test_starting_directly_with_consent_redirects_to_the_episode_with_a_banner(
    cast: Cast, client: Client
) -> None:
    assert cast.holding_team.locality is not None
    give_consent(cast, cast.child)
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:start"),
        {
            "person": cast.child.pk,
            "locality": cast.holding_team.locality.pk,
            "children": [cast.child.pk],
            "level": "additional",
            "reason": "Mum is struggling since the move",
        },
        follow=True,
    )
    episode = Episode.objects.get()
    assert response.redirect_chain[-1][0] == reverse("earlyhelp:episode", args=[episode.pk])
    assert f"Early help {episode.reference} started" in response.content.decode()


def test_taking_up_a_waiting_request(cast: Cast, client: Client) -> None:
    child = PersonFactory(given_name="Noah", family_name="Waiting")
    request = early_help_request(cast, [child])
    client.force_login(cast.early_help_worker)
    listing = client.get(reverse("earlyhelp:requests"))
    assert "Noah Waiting" in listing.content.decode()
    response = client.post(
        reverse("earlyhelp:take-up", args=[request.pk]), {"reason": "", "children": [child.pk]}
    )
    episode = Episode.objects.get()
    assert response["Location"] == reverse("earlyhelp:episode", args=[episode.pk])
    # Taken up: the page is gone for everyone.
    assert client.get(reverse("earlyhelp:take-up", args=[request.pk])).status_code == 404


def test_proposing_and_agreeing_a_lead_through_the_pages(cast: Cast, client: Client) -> None:
    episode = _episode(cast)
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:lead-propose", args=[episode.pk]),
        {"practitioner": cast.team_member.pk, "child_agreement_needed": "no"},
    )
    assert response.status_code == 302
    lead = episode.leads.get()
    agree = reverse("earlyhelp:lead-agree", args=[episode.pk, lead.pk])
    client.post(agree, {"party": "practitioner"})
    missing_name = client.post(agree, {"party": "family", "agreed_by": ""})
    assert "Say who agreed" in missing_name.content.decode()
    client.post(agree, {"party": "family", "agreed_by": "Jo (mum)"})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.ACTIVE
    end = client.post(
        reverse("earlyhelp:lead-end", args=[episode.pk, lead.pk]), {"reason": "Moving on"}
    )
    assert end.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.ENDED


def test_step_up_to_the_front_door_through_the_page(cast: Cast, client: Client) -> None:
    episode = _episode(cast, lead=cast.team_member)
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:step-up", args=[episode.pk]),
        {"worry": "Scared to go home", "outcome": "front_door", "urgency": "urgent"},
        follow=True,
    )
    consultation = episode.step_ups.get()
    assert consultation.contact is not None
    assert consultation.contact.reference in response.content.decode()


def test_step_down_to_the_action_meeting_through_the_page(cast: Cast, client: Client) -> None:
    assert cast.holding_team.locality is not None
    referral = social_care_referral(cast, [PersonFactory()])
    client.force_login(cast.team_member)
    empty = client.post(reverse("earlyhelp:step-down", args=[referral.pk]), {"route": "lead"})
    assert "Select the new lead practitioner" in empty.content.decode()
    response = client.post(
        reverse("earlyhelp:step-down", args=[referral.pk]),
        {
            "locality": cast.holding_team.locality.pk,
            "level": "targeted",
            "reason": "Plan ended",
            "route": "meeting",
        },
    )
    assert response.status_code == 302
    assert Episode.objects.get().locality_cases.count() == 1


def test_closing_through_the_page_and_a_closed_episode_offers_no_actions(
    cast: Cast, client: Client
) -> None:
    episode = _episode(cast, lead=cast.team_member)
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:close", args=[episode.pk])
    refused = client.post(url, {"version": episode.version, "reason": "other", "score_0": "12"})
    html = refused.content.decode()
    assert "Say why early help is ending" in html
    assert "Write the closing summary for the family" in html
    assert "must be a number from 1 to 10" in html
    response = client.post(
        url,
        {"version": episode.version, "reason": "needs_met", "summary": "All good", "score_0": "7"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.CLOSED
    page = client.get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    assert "Close early help" not in page
    assert client.get(url).status_code == 404


def test_a_stale_close_is_shown_not_saved(cast: Cast, client: Client) -> None:
    episode = _episode(cast, lead=cast.team_member)
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:close", args=[episode.pk]),
        {"version": episode.version - 1, "reason": "needs_met", "summary": "All good"},
    )
    assert "changed by someone else" in response.content.decode()
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN


def _invite(cast: Cast, episode: Episode, user: User) -> None:
    from django.utils import timezone

    from righthelp.earlyhelp.models import TafInvitee, TafMeeting

    now = timezone.now()
    meeting = TafMeeting.objects.create(
        episode=episode, kind="initial", due_on=now.date(), scheduled_for=now
    )
    TafInvitee.objects.create(meeting=meeting, user=user, organisation=user.organisation)


def test_a_taf_invitee_sees_the_episode_only_while_consent_covers_their_agency(
    cast: Cast, client: Client
) -> None:
    child = PersonFactory()
    episode = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[child]
    )
    _invite(cast, episode, cast.practitioner)  # a school practitioner
    client.force_login(cast.practitioner)
    url = reverse("earlyhelp:episode", args=[episode.pk])
    assert client.get(url).status_code == 404
    from righthelp.consent import services as consent_services

    consent_services.consent_record(
        actor=cast.team_member,
        person=child,
        purpose="early_help",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo",
        share_with=["school"],
        method="verbal",
        validity=VALID,
    )
    response = client.get(url)
    assert response.status_code == 200
    # They see it, but may not work on it.
    assert reverse("earlyhelp:close", args=[episode.pk]) not in response.content.decode()
    assert client.get(reverse("earlyhelp:close", args=[episode.pk])).status_code == 404


def test_the_chronology_shows_the_familys_events_newest_first(cast: Cast, client: Client) -> None:
    from righthelp.earlyhelp import services

    episode = _episode(cast)
    services.lead_propose(actor=cast.team_member, episode=episode, practitioner=cast.involved)
    lead = episode.leads.get()
    services.lead_end(actor=cast.team_member, lead=lead, reason="Not available")
    client.force_login(cast.team_member)
    html = client.get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    proposed = html.index("Lead practitioner proposed")
    changed = html.index("Lead practitioner changed")
    assert changed < proposed
    assert "Not available" in html  # the lead history keeps why it ended


def test_the_episode_page_makes_the_same_number_of_queries_however_long_the_history(
    cast: Cast, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from righthelp.audit.models import Event, EventSubject
    from righthelp.earlyhelp.models import Plan, PlanAction

    def build(events: int, actions: int) -> str:
        episode = _episode(cast, lead=cast.team_member)
        person_id = episode.members.get().person_id
        now = timezone.now()
        for n in range(events):
            event = Event.objects.create(occurred_at=now, verb="lead.proposed", summary=f"E{n}")
            EventSubject.objects.create(event=event, person_id=person_id)
        plan = Plan.objects.create(
            episode=episode, number=1, created_at=now, created_by=cast.team_member
        )
        for n in range(actions):
            PlanAction.objects.create(
                plan=plan, what=f"A{n}", due_on=now.date(), owner=cast.team_member
            )
        return reverse("earlyhelp:episode", args=[episode.pk])

    client.force_login(cast.team_member)
    small, large = build(1, 1), build(30, 12)
    counts = []
    for url in (small, large):
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
