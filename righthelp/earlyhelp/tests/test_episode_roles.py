"""Starting an episode holds the right people in the right roles: the family's people are
offered in the role of their kind, an adult is never saved as the child nor an unborn baby as
a parent, and every child has consent to early help whichever box they were ticked in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import Episode, EpisodeMember
from righthelp.earlyhelp.tests.access_expectations_episodes import early_help_request
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor.models import ContactSubject, SubjectRole
from righthelp.people.models import Address, Household, HouseholdMember, Person, Relationship
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def consented(cast: Cast, person: Person) -> Person:
    consent_given(actor=cast.team_member, person=person, share_with=["early_help"])
    return person


def adult(given_name: str, family_name: str = "Roles") -> Person:
    return PersonFactory(
        kind="adult", given_name=given_name, family_name=family_name, date_of_birth=date(1990, 1, 1)
    )


def unborn(family_name: str = "Roles") -> Person:
    return PersonFactory(
        kind="unborn",
        given_name="",
        family_name=family_name,
        date_of_birth=None,
        expected_date_of_birth=date(2027, 3, 1),
    )


def household(*people: Person) -> Household:
    home = Household.objects.create(
        address=Address.objects.create(line1="3 Role Row", town="Hull", postcode="HU2 2BB")
    )
    for person in people:
        HouseholdMember.objects.create(household=home, person=person)
    return home


def start(cast: Cast, children: list[Person], adults: Sequence[Person] = ()) -> Episode:
    assert cast.holding_team.locality is not None
    return services.episode_start_direct(
        actor=cast.team_member,
        locality=cast.holding_team.locality,
        children=children,
        adults=list(adults),
        level="additional",
        reason="Mum is struggling since the move",
    )


# --- The services ---------------------------------------------------------------------------


def test_an_adult_cannot_be_saved_as_the_child(cast: Cast) -> None:
    mum = adult("Jo")

    with pytest.raises(ValidationError) as refused:
        start(cast, [consented(cast, PersonFactory()), mum])

    assert refused.value.message_dict["children"] == [
        "Jo Roles is an adult: include them as a parent, carer or other adult, not as a child"
    ]
    assert not Episode.objects.exists()


def test_an_unborn_baby_cannot_be_saved_as_a_parent_or_other_adult(cast: Cast) -> None:
    baby = consented(cast, unborn())

    with pytest.raises(ValidationError) as refused:
        start(cast, [consented(cast, PersonFactory())], [baby])

    assert "is an unborn baby: include them as a child" in str(refused.value)
    assert not Episode.objects.exists()


def test_a_child_ticked_as_an_adult_still_needs_consent(cast: Cast) -> None:
    # A 16-year-old mother is a parent and still a child: no consent is recorded for her.
    young_mum = PersonFactory(given_name="Tia", family_name="Young", date_of_birth=date(2010, 5, 1))
    baby = consented(cast, PersonFactory(given_name="Baby", family_name="Young"))

    with pytest.raises(ValidationError) as refused:
        start(cast, [baby], [young_mum])

    assert "adults" in refused.value.message_dict
    assert "Tia Young" in str(refused.value)
    assert not Episode.objects.exists()


def test_a_young_parent_with_consent_is_held_as_a_parent(cast: Cast) -> None:
    young_mum = consented(cast, PersonFactory(given_name="Tia", family_name="Young"))
    baby = consented(cast, unborn("Young"))

    episode = start(cast, [baby], [young_mum])

    assert {m.person_id: m.role for m in episode.members.all()} == {
        baby.pk: "child",
        young_mum.pk: "adult",
    }


def test_a_child_the_referrer_named_as_an_adult_needs_consent_to_take_up(cast: Cast) -> None:
    child = PersonFactory(given_name="Noah", family_name="Named")
    request = early_help_request(cast, [child])
    sister = PersonFactory(given_name="Ria", family_name="Named", date_of_birth=date(2009, 1, 1))
    ContactSubject.objects.create(
        contact=request.decision.contact, person=sister, role=SubjectRole.ADULT
    )

    with pytest.raises(ValidationError, match="Ria Named"):
        services.episode_start_from_request(actor=cast.team_member, early_help_request=request)

    assert not Episode.objects.exists()
    request.refresh_from_db()
    assert request.taken_up_at is None


def test_taking_up_holds_each_person_the_request_names_in_the_role_of_their_kind(
    cast: Cast,
) -> None:
    child = PersonFactory(given_name="Noah", family_name="Named")
    mum = adult("Jo", "Named")
    request = early_help_request(cast, [child, mum])  # the referrer listed mum as a child

    episode = services.episode_start_from_request(
        actor=cast.team_member, early_help_request=request
    )

    assert {m.person_id: m.role for m in episode.members.all()} == {
        child.pk: "child",
        mum.pk: "adult",
    }


def test_taking_up_refuses_someone_outside_the_family(cast: Cast) -> None:
    child = PersonFactory(given_name="Noah", family_name="Named")
    request = early_help_request(cast, [child])
    stranger = consented(cast, PersonFactory(given_name="Zed", family_name="Elsewhere"))

    with pytest.raises(ValidationError, match="Zed Elsewhere is not in this family"):
        services.episode_start_from_request(
            actor=cast.team_member, early_help_request=request, children=[child, stranger]
        )


# --- The pages ------------------------------------------------------------------------------


def _box(html: str, legend: str) -> str:
    """The part of the page in the fieldset whose legend starts with ``legend``."""
    return html.split(legend, 1)[1].split("</fieldset>", 1)[0]


def test_the_direct_start_page_lists_the_family_by_kind_with_the_chosen_child_ticked(
    cast: Cast, client: Client
) -> None:
    mum, partner, baby = adult("Jo", "Fletcher"), adult("Sam", "Fletcher"), unborn("Fletcher")
    sister = PersonFactory(given_name="Ava", family_name="Fletcher")
    household(cast.child, mum, partner, baby, sister)
    dad = adult("Lee", "Fletcher")  # lives elsewhere, recorded as a parent
    Relationship.objects.create(from_person=dad, to_person=cast.child, kind="parent")
    PersonFactory(given_name="Unrelated", family_name="Stranger")
    client.force_login(cast.team_member)

    html = client.get(reverse("earlyhelp:start"), {"person": cast.child.pk}).content.decode()

    children = _box(html, "Children and unborn babies the early help is for")
    adults = _box(html, "Parents, carers and other adults")
    for person in (cast.child, sister, baby):
        assert person.full_name in children and person.full_name not in adults
    for person in (mum, partner, dad):
        assert person.full_name in adults and person.full_name not in children
    assert "Unrelated Stranger" not in html
    assert f'value="{cast.child.pk}" checked' in children
    assert "checked" not in children.replace(f'value="{cast.child.pk}" checked', "")
    assert "Unborn baby Fletcher (unborn baby, due 1 March 2027)" in children


def test_the_direct_start_page_first_asks_whose_family_and_hides_those_not_seen(
    cast: Cast, client: Client
) -> None:
    PersonFactory(given_name="Kayden", family_name="Unseen")
    client.force_login(cast.team_member)

    found = client.get(reverse("earlyhelp:start"), {"name": "Kayden"}).content.decode()

    assert "Whose family is it?" in found
    assert f"{reverse('earlyhelp:start')}?person={cast.child.pk}" in found
    assert "Kayden Unseen" not in found
    stranger = PersonFactory(given_name="Not", family_name="Mine")
    assert client.get(reverse("earlyhelp:start"), {"person": stranger.pk}).status_code == 404


def test_an_adult_posted_as_the_child_is_refused_on_the_page_keeping_what_was_typed(
    cast: Cast, client: Client
) -> None:
    assert cast.holding_team.locality is not None
    mum = consented(cast, adult("Jo", "Fletcher"))  # consent is not what stops her
    household(cast.child, mum)
    consented(cast, cast.child)
    client.force_login(cast.team_member)

    response = client.post(
        reverse("earlyhelp:start"),
        {
            "person": cast.child.pk,
            "locality": cast.holding_team.locality.pk,
            "children": [cast.child.pk, mum.pk],
            "level": "additional",
            "reason": "Mum is struggling since the move",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "An adult is included as a parent, carer or other adult, not as a child" in html
    assert "Mum is struggling since the move" in html
    assert not Episode.objects.exists()


def test_the_take_up_page_ticks_the_requests_people_and_offers_the_household(
    cast: Cast, client: Client
) -> None:
    child = consented(cast, PersonFactory(given_name="Noah", family_name="Named"))
    mum = adult("Jo", "Named")
    request = early_help_request(cast, [child], [mum])
    brother = consented(cast, PersonFactory(given_name="Eli", family_name="Named"))
    lodger = adult("Pat", "Lodger")
    household(child, mum, brother, lodger)
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:take-up", args=[request.pk])

    html = client.get(url).content.decode()

    children = _box(html, "Children and unborn babies the early help is for")
    adults = _box(html, "Parents, carers and other adults")
    assert f'value="{child.pk}" checked' in children
    assert f'value="{brother.pk}"' in children and f'value="{brother.pk}" checked' not in children
    assert f'value="{mum.pk}" checked' in adults
    assert f'value="{lodger.pk}"' in adults and f'value="{lodger.pk}" checked' not in adults

    client.post(url, {"children": [child.pk, brother.pk], "adults": [mum.pk], "reason": ""})

    episode = Episode.objects.get()
    assert {m.person_id: m.role for m in EpisodeMember.objects.filter(episode=episode)} == {
        child.pk: "child",
        brother.pk: "child",
        mum.pk: "adult",
    }


def test_the_direct_start_page_says_when_the_family_already_has_early_help(
    cast: Cast, client: Client
) -> None:
    sister = PersonFactory(given_name="Ava", family_name="Fletcher")
    household(cast.child, sister)
    open_one = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[sister]
    )
    client.force_login(cast.team_member)

    html = client.get(reverse("earlyhelp:start"), {"person": cast.child.pk}).content.decode()

    assert f"Early help is already open for this family: {open_one.reference}" in html
