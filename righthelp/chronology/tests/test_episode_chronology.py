"""One chronology: the episode page and the step-up handover show the family's chronology as
the child and family chronologies do, with each entry (and the event of its being added) only
for readers the consent rule lets see it, and records merged into a member included."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Cast
from righthelp.audit.models import Event, EventSubject
from righthelp.chronology import services
from righthelp.earlyhelp.models import Episode
from righthelp.earlyhelp.tests.access_expectations_handover import handover_url, stepped_up
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.matching.models import PersonMerge
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db

ENTRY_TEXT = "Ellie came to school without a coat again"
ENTRY_ADDED = "Chronology entry added"


def _episode_with_school_entry(cast: Cast, *, consent: bool) -> tuple[Episode, Person]:
    """An episode led by ``cast.team_member`` (early help) about a child the school
    (``cast.involved``) has added an entry for; consent for early help only if ``consent``."""
    child = PersonFactory.create(given_name="Ellie", family_name="Coatless")
    locality = cast.holding_team.locality
    assert locality is not None
    episode = make_episode(
        locality=locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
        consent=consent,
    )
    InvolvementFactory.create(person=child, user=cast.involved)
    services.chronology_entry_add(
        actor=cast.involved,
        person=child,
        occurred_on=date(2026, 9, 1),
        what_happened=ENTRY_TEXT,
        significance="significant",
    )
    return episode, child


def _chronology_html(client: Client, episode: Episode) -> str:
    response = client.get(reverse("earlyhelp:episode", args=[episode.pk]))
    assert response.status_code == 200
    return str(response.content.decode().split('id="chronology"')[1])


def test_a_reader_without_consent_for_their_agency_sees_neither_the_entry_nor_its_being_added(
    cast: Cast, client: Client
) -> None:
    # Given a school's entry about a child whose family gave early help no consent to share
    episode, _ = _episode_with_school_entry(cast, consent=False)

    # When the early help lead opens the episode page
    client.force_login(cast.team_member)
    html = _chronology_html(client, episode)

    # Then the chronology shows neither the entry nor the event of its being added
    assert ENTRY_TEXT not in html
    assert ENTRY_ADDED not in html
    assert "(significant)" not in html


def test_with_consent_for_their_agency_the_reader_sees_the_entry_itself_once(
    cast: Cast, client: Client
) -> None:
    # Given the same entry, with consent to share with early help
    episode, _ = _episode_with_school_entry(cast, consent=True)

    # When the early help lead opens the episode page
    client.force_login(cast.team_member)
    html = _chronology_html(client, episode)

    # Then the entry is on the chronology, as the child's chronology shows it
    assert html.count(ENTRY_TEXT) == 1
    assert ENTRY_ADDED not in html


def test_the_episode_chronology_includes_events_about_records_merged_into_a_member(
    cast: Cast, client: Client
) -> None:
    # Given an episode whose child's record had a duplicate merged into it
    episode, child = _episode_with_school_entry(cast, consent=True)
    duplicate = PersonFactory.create(given_name="Ellie", family_name="Coatles")
    PersonMerge.objects.create(
        surviving=child, merged=duplicate, merged_by=cast.administrator, merged_at=timezone.now()
    )
    event = Event.objects.create(
        occurred_at=timezone.now(), verb="lead.proposed", summary="About the duplicate record"
    )
    EventSubject.objects.create(event=event, person_id=duplicate.pk)

    # When the lead opens the episode page, the duplicate's history is on the family's chronology
    client.force_login(cast.team_member)
    assert "About the duplicate record" in _chronology_html(client, episode)


def test_the_handover_chronology_keeps_entries_from_a_front_door_without_consent(
    cast: Cast, client: Client
) -> None:
    # Given a stepped-up family whose consent covers early help, not children's social care,
    # and an entry the early help lead added
    stepped = stepped_up(cast)
    child = stepped.episode.members.get(role="child").person
    services.chronology_entry_add(
        actor=cast.team_member,
        person=child,
        occurred_on=date(2026, 9, 1),
        what_happened=ENTRY_TEXT,
        significance="significant",
    )

    # When the front door opens the chronology handed over
    client.force_login(cast.front_door_worker)
    html = client.get(handover_url("chronology", stepped)).content.decode()

    # Then it shows the step-up but not the entry, nor that one was added
    assert "Stepped up to the front door" in html
    assert ENTRY_TEXT not in html
    assert ENTRY_ADDED not in html

    # And the lead, whose agency the consent covers, sees the entry on the episode page
    client.force_login(cast.team_member)
    assert ENTRY_TEXT in _chronology_html(client, stepped.episode)
