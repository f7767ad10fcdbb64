"""The people list and search at a council's size: own people first, paged without counting
everyone, a constant number of queries, and exactly the people the user may see."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.core import checkpoint
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.models import Person
from righthelp.people.selectors import PeopleSearch, people_search
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["sees few", "sees many"])
def reach(request: pytest.FixtureRequest, settings: Settings) -> str:
    """Every test twice: as a user who sees few people (the list gathers them from the sources
    of their visibility) and as one who sees many (the list walks people in name order and
    tests each one), by moving the bound between the two."""
    settings.RIGHTHELP_PEOPLE_WALK_FROM = 20_000 if request.param == "sees few" else 1
    return str(request.param)


def held_by_team(cast: Cast, count: int, family_name: str = "Able") -> list[Person]:
    """People the cast's holding team works with (``cast.team_member`` sees them)."""
    people = []
    for n in range(count):
        person = PersonFactory(given_name=f"Team{n:02d}", family_name=family_name)
        InvolvementFactory(
            person=person, team=cast.holding_team, organisation=cast.team_member.organisation
        )
        people.append(person)
    return people


def named_for(user: User, count: int, family_name: str = "Young") -> list[Person]:
    """People ``user`` works with themselves (a live involvement naming them)."""
    people = []
    for n in range(count):
        person = PersonFactory(given_name=f"Own{n:02d}", family_name=family_name)
        InvolvementFactory(person=person, user=user, organisation=user.organisation)
        people.append(person)
    return people


def strangers(count: int, family_name: str = "Able") -> list[Person]:
    """People nobody in the cast works with, named to sort among the visible ones."""
    return [
        PersonFactory(given_name=f"Stranger{n:02d}", family_name=family_name) for n in range(count)
    ]


def queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def walk(client: Client, params: dict[str, str] | None = None) -> list[int]:
    """Every person the list shows, following "Next" from the first page to the last."""
    shown: list[int] = []
    number = 1
    while True:
        response = client.get(reverse("people:search"), {**(params or {}), "page": str(number)})
        page = response.context["page_obj"]
        shown.extend(p.pk for p in page.object_list)
        if not page.has_next():
            return shown
        number += 1
        assert number < 100, "the list never ends"


# --- A constant number of queries ----------------------------------------------------------


def test_the_people_list_costs_the_same_queries_for_3_or_30_visible_people(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.team_member)
    held_by_team(cast, 2)
    named_for(cast.team_member, 1)
    few = queries(client, reverse("people:search"))
    held_by_team(cast, 17, family_name="Baker")
    named_for(cast.team_member, 10, family_name="Carter")
    many = queries(client, reverse("people:search"))
    assert many == few


def test_a_search_by_name_costs_the_same_queries_for_3_or_30_matches(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.team_member)
    held_by_team(cast, 3, family_name="Dixon")
    few = queries(client, reverse("people:search"), {"name": "dixon"})
    held_by_team(cast, 27, family_name="Dixon")
    many = queries(client, reverse("people:search"), {"name": "dixon"})
    assert many == few


def test_the_search_page_with_likely_matches_costs_the_same_queries_for_3_or_30_people(
    cast: Cast, client: Client
) -> None:
    born = {"date_of_birth-day": "4", "date_of_birth-month": "3", "date_of_birth-year": "2015"}
    client.force_login(cast.team_member)
    for person in held_by_team(cast, 3, family_name="Ellis"):
        Person.objects.filter(pk=person.pk).update(date_of_birth=date(2015, 3, 4))
    few = queries(client, reverse("people:search"), {"name": "Team01 Ellis", **born})
    for person in held_by_team(cast, 27, family_name="Ellis"):
        Person.objects.filter(pk=person.pk).update(date_of_birth=date(2015, 3, 4))
    many = queries(client, reverse("people:search"), {"name": "Team01 Ellis", **born})
    assert many == few


# --- Own people first ----------------------------------------------------------------------


def test_the_list_shows_the_users_own_people_first_then_their_teams(
    cast: Cast, client: Client
) -> None:
    team = held_by_team(cast, 3, family_name="Able")  # sorts before "Young" by name
    own = named_for(cast.team_member, 2, family_name="Young")
    client.force_login(cast.team_member)
    response = client.get(reverse("people:search"))
    shown = [p.pk for p in response.context["page_obj"].object_list]
    # cast.child (Kayden Fletcher) is the team's too.
    assert shown == [p.pk for p in own] + [p.pk for p in team] + [cast.child.pk]
    assert "The people you work with yourself come first" in response.content.decode()


def test_a_front_door_worker_sees_the_people_in_contacts_assigned_to_them_first(
    cast: Cast, client: Client
) -> None:
    # Given two open contacts, one assigned to the worker, whose child sorts last by name.
    others = PersonFactory(given_name="Abel", family_name="Aaronson")
    InvolvementFactory(person=others, user=cast.involved)
    sent_contact(cast, child=others)
    mine = PersonFactory(given_name="Zak", family_name="Zimmerman")
    InvolvementFactory(person=mine, user=cast.involved)
    contact = sent_contact(cast, child=mine)
    frontdoor_services.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    client.force_login(cast.front_door_worker)
    shown = [p.pk for p in client.get(reverse("people:search")).context["page_obj"].object_list]
    assert shown[0] == mine.pk
    assert others.pk in shown


def test_a_search_orders_by_name_only(cast: Cast, client: Client) -> None:
    team = held_by_team(cast, 2, family_name="Able")
    own = named_for(cast.team_member, 1, family_name="Young")
    client.force_login(cast.team_member)
    response = client.get(reverse("people:search"), {"kind": "child"})
    shown = [p.pk for p in response.context["page_obj"].object_list]
    assert shown == [p.pk for p in team] + [cast.child.pk, own[0].pk]


# --- Counting only as far as anyone needs --------------------------------------------------


def test_a_long_list_says_more_than_the_cap_instead_of_counting_everyone(
    cast: Cast, client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_COUNT_CAP = 5
    held_by_team(cast, 8)
    client.force_login(cast.team_member)
    response = client.get(reverse("people:search"))
    page = response.context["page_obj"]
    assert page.paginator.more_than == 5
    assert "More than 5 people" in response.content.decode()
    assert len(page.object_list) == 9  # the 8 and cast.child: the page shows all it holds


def test_a_search_says_more_than_its_cap_and_how_to_narrow_it(
    cast: Cast, client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_SEARCH_COUNT_CAP = 3
    team = held_by_team(cast, 5, family_name="Dixon")
    strangers(4, family_name="Dixon")
    client.force_login(cast.team_member)
    response = client.get(reverse("people:search"), {"name": "dixon"})
    page = response.context["page_obj"]
    html = response.content.decode()
    assert page.paginator.more_than == 3
    assert "More than 3 people" in html
    assert "Add a date of birth, NHS number or postcode to narrow the search." in html
    assert [p.pk for p in page.object_list] == [p.pk for p in team]  # by name, only visible


def test_a_short_list_gives_its_exact_number(
    cast: Cast, client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_COUNT_CAP = 5
    held_by_team(cast, 3)  # and cast.child
    client.force_login(cast.team_member)
    response = client.get(reverse("people:search"))
    assert response.context["page_obj"].paginator.more_than is None
    assert '<h2 class="govuk-heading-m">4 people</h2>' in response.content.decode()


def test_past_the_cap_next_pages_are_found_by_fetching_one_more_row(
    cast: Cast, settings: Settings
) -> None:
    settings.RIGHTHELP_COUNT_CAP = 3
    team = held_by_team(cast, 11)
    pages = [
        people_search(user=cast.team_member, search=PeopleSearch(), page_number=n, per_page=2)
        for n in range(1, 8)
    ]
    assert [p.has_next() for p in pages] == [True] * 5 + [False, False]
    assert [pk for page in pages for pk in (p.pk for p in page.object_list)] == [
        *(p.pk for p in team),
        cast.child.pk,
    ]


# --- Exactly the people the user may see, each once ----------------------------------------


@pytest.mark.parametrize("cap", [1000, 7])
def test_paging_through_the_list_shows_every_visible_person_once_and_no_one_else(
    cast: Cast, client: Client, settings: Settings, cap: int
) -> None:
    settings.RIGHTHELP_COUNT_CAP = cap
    visible = held_by_team(cast, 20, family_name="Able") + named_for(cast.team_member, 14)
    hidden = strangers(12, family_name="Able") + strangers(3, family_name="Young")
    client.force_login(cast.team_member)
    shown = walk(client)
    assert len(shown) == len(set(shown))  # nobody twice
    expected = {cast.child.pk} | {p.pk for p in visible}
    assert set(shown) == expected
    assert not set(shown) & {p.pk for p in hidden}


def test_every_page_of_the_list_is_logged_with_exactly_the_people_shown(
    cast: Cast, client: Client
) -> None:
    held_by_team(cast, 30)
    client.force_login(cast.team_member)
    for number in ("1", "2"):
        response = client.get(reverse("people:search"), {"page": number})
        record = AccessRecord.objects.filter(action=AccessAction.LIST_PEOPLE).latest("pk")
        assert sorted(record.people.values_list("person_id", flat=True)) == sorted(
            p.pk for p in response.context["page_obj"].object_list
        )


def test_the_list_is_exactly_what_each_kind_of_visibility_allows(cast: Cast) -> None:
    """Every source of visibility (a named involvement, a team's, a contact being handled, an
    episode one may work on) reaches the list, and nothing else does."""
    held_by_team(cast, 3)
    named_for(cast.involved, 2)
    strangers(4)
    contact_child = PersonFactory(given_name="Cora", family_name="Contact")
    InvolvementFactory(person=contact_child, user=cast.involved)
    sent_contact(cast, child=contact_child)
    episode_child = PersonFactory(given_name="Eli", family_name="Episode")
    locality = cast.early_help_worker.team_memberships.values_list(
        "team__locality", flat=True
    ).first()
    if locality is not None:
        from righthelp.accounts.models import Locality

        make_episode(
            locality=Locality.objects.get(pk=locality),
            opened_by=cast.early_help_worker,
            children=[episode_child],
            lead=cast.early_help_worker,
        )
    for user in cast.by_label().values():
        if user is None:
            continue
        page = people_search(user=user, search=PeopleSearch(), per_page=500)
        shown = [p.pk for p in page.object_list]
        allowed = set(checkpoint.visible_people(user).values_list("pk", flat=True))
        assert sorted(shown) == sorted(allowed), user.username
        # visible_people tests people one at a time; the rule as one set says the same.
        as_a_set = Person.objects.filter(checkpoint.person_visibility_q(user))
        assert allowed == set(as_a_set.values_list("pk", flat=True)), user.username


# --- What a page of the list builds ----------------------------------------------------------


def test_the_list_reads_the_users_teams_once_a_request(cast: Cast, client: Client) -> None:
    # The rule of visibility and the list read from the involvements' side both need the
    # user's teams: read once, the same people shown
    held_by_team(cast, 3)
    client.force_login(cast.team_member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:search"))
    read_teams = 'SELECT "accounts_teammembership"."team_id" AS "team_id" FROM'
    teams = [q for q in queries.captured_queries if q["sql"].startswith(read_teams)]
    assert len(teams) == 1
    shown = {p.pk for p in response.context["page_obj"].object_list}
    assert shown == set(checkpoint.visible_people(cast.team_member).values_list("pk", flat=True))


def test_each_row_shows_its_link_name_kind_birth_postcode_and_nhs_number(
    cast: Cast, client: Client
) -> None:
    adult = PersonFactory(
        given_name="Ada", family_name="Able", kind="adult", date_of_birth=date(1980, 2, 3)
    )
    InvolvementFactory(
        person=adult, team=cast.holding_team, organisation=cast.team_member.organisation
    )
    client.force_login(cast.team_member)
    html = client.get(reverse("people:search"), {"name": "Ada Able"}).content.decode()
    link = reverse("people:detail", args=[adult.pk])
    assert f'<a class="govuk-link" href="{link}">Ada Able</a>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Adult</strong>' in html
    assert "3 Feb 1980" in html
