"""Someone joins the family of an open episode (a new baby, a partner, a child moving in): the
episode page searches first, records how they are part of the family, and adds them to the
episode, a child once consent is recorded; the addition is on the family's chronology."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import Episode, EpisodeMember
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.matching.models import DuplicateCandidate
from righthelp.people.models import (
    Address,
    Household,
    HouseholdMember,
    Person,
    Relationship,
)
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(checked-[a-z_]+)" value="([^"]*)">', page))


@pytest.fixture
def family(cast: Cast) -> tuple[Episode, Household, Person, Person]:
    """An open episode led by ``cast.team_member`` for Ellie and her mum Jo, at home."""
    ellie = PersonFactory(given_name="Ellie", family_name="Joiner", date_of_birth=date(2016, 4, 1))
    jo = PersonFactory(
        kind="adult", given_name="Jo", family_name="Joiner", date_of_birth=date(1990, 2, 2)
    )
    home = Household.objects.create(
        address=Address.objects.create(line1="5 Joiner Way", town="Hull", postcode="HU3 3CC")
    )
    for person in (ellie, jo):
        HouseholdMember.objects.create(household=home, person=person)
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[ellie],
        adults=[jo],
        lead=cast.team_member,
    )
    return episode, home, ellie, jo


def new_url(episode: Episode) -> str:
    return reverse("earlyhelp:member-new", kwargs={"episode_id": episode.pk})


def episode_url(episode: Episode) -> str:
    return reverse("earlyhelp:episode", kwargs={"episode_id": episode.pk})


def newcomer(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "submission_key": str(uuid.uuid4()),
        "action": "create",
        "kind": "adult",
        "given_name": "Sam",
        "family_name": "Partnerson",
        "date_of_birth-day": "3",
        "date_of_birth-month": "3",
        "date_of_birth-year": "1988",
        "sex": "male",
        "involvement_role": "other",
    }
    form.update(overrides)
    return form


def test_the_episode_page_offers_to_add_someone_who_joined_the_family(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, *_ = family
    client.force_login(cast.team_member)

    page = client.get(episode_url(episode)).content.decode()

    assert "Someone has joined the family" in page and new_url(episode) in page
    assert client.get(new_url(episode)).status_code == 200


def test_a_new_partner_joins_the_household_is_recorded_as_partner_and_is_added(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, ellie, jo = family
    client.force_login(cast.team_member)

    response = client.post(
        new_url(episode), newcomer(household=home.pk, partner=jo.pk), follow=True
    )

    sam = Person.objects.get(given_name="Sam", family_name="Partnerson")
    assert f"Sam Partnerson added to early help {episode.reference}" in response.content.decode()
    assert EpisodeMember.objects.get(episode=episode, person=sam).role == "adult"
    assert HouseholdMember.objects.filter(household=home, person=sam, end_date=None).exists()
    assert Relationship.objects.filter(from_person=sam, to_person=jo, kind="partner").exists()
    # The addition is a typed event about the whole family, on the episode's chronology.
    added = Event.objects.get(verb=Verb.EPISODE_MEMBER_ADDED)
    assert {s.person_id for s in added.subjects.all()} == {ellie.pk, jo.pk, sam.pk}
    assert (
        "Sam Partnerson added to early help"
        in response.content.decode().split('id="chronology"')[1]
    )


def test_a_new_baby_is_recorded_in_the_family_and_added_once_consent_is_recorded(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, ellie, jo = family
    client.force_login(cast.team_member)

    response = client.post(
        new_url(episode),
        newcomer(
            kind="unborn",
            given_name="",
            family_name="Joiner",
            sex="unknown",
            parents=[jo.pk],
            household=home.pk,
            **{
                "date_of_birth-day": "",
                "date_of_birth-month": "",
                "date_of_birth-year": "",
                "expected_date_of_birth-day": "1",
                "expected_date_of_birth-month": "5",
                "expected_date_of_birth-year": "2027",
            },
        ),
        follow=True,
    )

    baby = Person.objects.get(kind="unborn", family_name="Joiner")
    html = response.content.decode()
    # Recorded in the family (household and mother), not added: no consent for the baby yet.
    assert "Unborn baby Joiner is recorded in the family" in html
    assert "no consent is recorded" in html
    assert not EpisodeMember.objects.filter(person=baby).exists()
    assert Relationship.objects.filter(from_person=jo, to_person=baby, kind="parent").exists()
    add = reverse("earlyhelp:member-add", kwargs={"episode_id": episode.pk, "person_id": baby.pk})
    assert "Others in the family" in html and add in html

    consent_given(actor=cast.team_member, person=baby, share_with=["early_help"])
    added = client.post(add, follow=True)

    assert f"Unborn baby Joiner added to early help {episode.reference}" in added.content.decode()
    assert EpisodeMember.objects.get(episode=episode, person=baby).role == "child"


def test_someone_joining_must_be_tied_to_the_family(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, *_ = family
    client.force_login(cast.team_member)

    response = client.post(new_url(episode), newcomer())

    assert response.status_code == 200
    assert "Say how they are part of the family" in response.content.decode()
    assert not Person.objects.filter(family_name="Partnerson").exists()


def test_a_likely_existing_record_is_shown_first_and_can_be_picked(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, _, jo = family
    sam = PersonFactory(
        kind="adult", given_name="Sam", family_name="Partnerson", date_of_birth=date(1988, 3, 3)
    )
    InvolvementFactory(
        person=sam, user=cast.team_member, organisation=cast.team_member.organisation
    )
    client.force_login(cast.team_member)
    form = newcomer(household=home.pk, partner=jo.pk)

    shown = client.post(new_url(episode), form).content.decode()

    assert "This person may already have a record" in shown
    assert "None of these: add a new record" in shown
    assert Person.objects.filter(family_name="Partnerson").count() == 1

    picked = client.post(
        new_url(episode), {**form, **hidden_fields(shown), "action": "pick", "pick-person": sam.pk}
    )

    assert picked.status_code == 302
    assert Person.objects.filter(family_name="Partnerson").count() == 1
    assert EpisodeMember.objects.filter(episode=episode, person=sam).exists()
    assert HouseholdMember.objects.filter(household=home, person=sam).exists()


def test_none_of_these_needs_a_reason_when_a_match_is_very_likely(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, _, jo = family
    sam = PersonFactory(
        kind="adult", given_name="Sam", family_name="Partnerson", date_of_birth=date(1988, 3, 3)
    )
    InvolvementFactory(
        person=sam, user=cast.team_member, organisation=cast.team_member.organisation
    )
    client.force_login(cast.team_member)
    form = newcomer(household=home.pk, partner=jo.pk)
    shown = client.post(new_url(episode), form).content.decode()
    none = {**form, **hidden_fields(shown), "none_of_these": "yes"}

    refused = client.post(new_url(episode), none)

    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert Person.objects.filter(family_name="Partnerson").count() == 1

    created = client.post(new_url(episode), {**none, "none-reason": "His father, same name"})
    again = client.post(new_url(episode), {**none, "none-reason": "His father, same name"})

    assert created.status_code == again.status_code == 302
    assert Person.objects.filter(family_name="Partnerson").count() == 2
    new = Person.objects.filter(family_name="Partnerson").exclude(pk=sam.pk).get()
    assert EpisodeMember.objects.filter(episode=episode, person=new).count() == 1
    assert Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).count() == 1
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {sam.pk, new.pk}
    assert pair.none_of_these_reason == "His father, same name"


def test_a_child_moving_in_without_consent_is_not_added(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, *_ = family
    cousin = PersonFactory(given_name="Cal", family_name="Cousin", date_of_birth=date(2014, 8, 8))
    InvolvementFactory(
        person=cousin, user=cast.team_member, organisation=cast.team_member.organisation
    )
    client.force_login(cast.team_member)
    form = newcomer(
        kind="child",
        given_name="Cal",
        family_name="Cousin",
        household=home.pk,
        **{"date_of_birth-day": "8", "date_of_birth-month": "8", "date_of_birth-year": "2014"},
    )
    shown = client.post(new_url(episode), form).content.decode()

    response = client.post(
        new_url(episode),
        {**form, **hidden_fields(shown), "action": "pick", "pick-person": cousin.pk},
        follow=True,
    )

    assert "Cal Cousin is recorded in the family" in response.content.decode()
    assert not EpisodeMember.objects.filter(person=cousin).exists()
    assert HouseholdMember.objects.filter(household=home, person=cousin).exists()


def test_someone_not_working_on_the_family_cannot_reach_the_page(
    cast: Cast, client: Client, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, *_ = family
    client.force_login(cast.practitioner)

    assert client.get(new_url(episode)).status_code == 404
    assert client.post(new_url(episode), newcomer(household=home.pk)).status_code == 404
    assert not Person.objects.filter(family_name="Partnerson").exists()


def test_someone_already_in_another_open_episode_is_not_added_here(
    cast: Cast, family: tuple[Episode, Household, Person, Person]
) -> None:
    episode, home, *_ = family
    cousin = PersonFactory(given_name="Cal", family_name="Cousin")
    HouseholdMember.objects.create(household=home, person=cousin)
    theirs = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[cousin]
    )

    with pytest.raises(
        ValidationError, match=f"Cal Cousin is already in early help {theirs.reference}"
    ):
        services.episode_member_add(actor=cast.team_member, episode=episode, person=cousin)

    assert not EpisodeMember.objects.filter(episode=episode, person=cousin).exists()
