"""The people pages and the matcher: the people search shows scored likely matches when given
a name and a date of birth (or an NHS number), and "add a person" searches first, records
"none of these" once, and makes one person however often the form is sent."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.matching.models import DuplicateCandidate
from righthelp.matching.services import match_keys_refresh
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

SEARCH = reverse("people:search")
CREATE = reverse("people:create")
LIKELY = re.compile(r"(\d+)% likely to be the same person")


def html(response: TestResponse) -> str:
    return response.content.decode()


def born(day: int, month: int, year: int) -> dict[str, Any]:
    return {"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year}


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(checked-[a-z_]+)" value="([^"]*)">', page))


# --- The people search ----------------------------------------------------------------------


def test_a_misspelt_name_and_the_date_of_birth_show_a_scored_likely_match(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    page = html(client.get(SEARCH, {"name": "Kaden Fletcher", **born(1, 6, 2015)}))
    assert "Likely matches" in page
    assert "Kayden Fletcher</a>, born 1 June 2015" in page
    assert [int(n) for n in LIKELY.findall(page)] and "Date of birth: the same" in page
    assert "Given name: a very similar spelling" in page
    assert reverse("people:detail", kwargs={"person_id": cast.child.pk}) in page
    # The ordinary list filters exactly, so it finds nobody; the page says where to look.
    assert "No exact matches" in page


def test_a_nickname_and_a_swapped_day_and_month_are_likely_matches(
    cast: Cast, client: Client
) -> None:
    robert = PersonFactory(given_name="Robert", family_name="Nowak", date_of_birth=date(2014, 3, 2))
    InvolvementFactory(person=robert, user=cast.involved)
    client.force_login(cast.involved)
    nickname = html(client.get(SEARCH, {"name": "Bob Nowak", **born(2, 3, 2014)}))
    assert "Robert Nowak</a>, born 2 March 2014" in nickname and LIKELY.search(nickname)
    assert "Given name: a known nickname or variant" in nickname
    swapped = html(client.get(SEARCH, {"name": "Kayden Fletcher", **born(6, 1, 2015)}))
    assert "Kayden Fletcher</a>, born 1 June 2015" in swapped and LIKELY.search(swapped)
    assert "Date of birth: day and month swapped" in swapped


def test_an_nhs_number_alone_finds_the_likely_match(cast: Cast, client: Client) -> None:
    cast.child.nhs_number = "9434765919"
    cast.child.save()
    match_keys_refresh(cast.child)
    client.force_login(cast.involved)
    page = html(client.get(SEARCH, {"nhs_number": "943 476 5919"}))
    assert "Likely matches" in page and "NHS number: the same" in page


def test_a_name_alone_lists_people_without_scoring_them(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    page = html(client.get(SEARCH, {"name": "Kay"}))
    assert "Likely matches" not in page and not LIKELY.search(page)
    assert "Kayden Fletcher" in page


def test_the_filter_swap_shows_the_likely_matches_too(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    response = client.get(
        SEARCH, {"name": "Kaden Fletcher", **born(1, 6, 2015)}, headers={"HX-Request": "true"}
    )
    page = html(response)
    assert "<html" not in page and "Likely matches" in page and LIKELY.search(page)


def test_a_likely_match_the_user_cannot_see_is_counted_not_shown(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.practitioner)
    page = html(client.get(SEARCH, {"name": "Kaden Fletcher", **born(1, 6, 2015)}))
    assert "1 likely match in records you do not work with" in page
    assert "ask the front door whether this person is known" in page
    assert "Kayden" not in page
    assert reverse("people:detail", kwargs={"person_id": cast.child.pk}) not in page
    logged = AccessRecord.objects.filter(
        user=cast.practitioner, action=AccessAction.SEARCH_PEOPLE, detail__matching=True
    ).get()
    assert logged.detail["hidden_matches"] == 1 and not logged.people.exists()


# --- Adding a person -------------------------------------------------------------------------


def create_form(key: str, **overrides: str) -> dict[str, str]:
    form = {
        "submission_key": key,
        "kind": "child",
        "given_name": "Kaden",
        "family_name": "Fletcher",
        "date_of_birth-day": "1",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2015",
        "sex": "male",
        "ethnicity": "NOBT",
        "involvement_role": "school_dsl",
    }
    form.update(overrides)
    return form


def test_the_add_page_shows_candidates_through_the_shared_partial(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    page = html(client.post(CREATE, create_form(str(uuid.uuid4()))))
    assert 'class="govuk-summary-card rh-candidate"' in page
    assert LIKELY.search(page) and "None of these: add a new record" in page
    assert hidden_fields(page)["checked-family_name"] == "Fletcher"


def test_none_of_these_sent_twice_makes_one_person_and_one_event(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    key = str(uuid.uuid4())
    page = html(client.post(CREATE, create_form(key)))
    confirmed = {
        **create_form(key),
        "none_of_these": "yes",
        "none-reason": "A cousin born the same day",
        **hidden_fields(page),
    }
    first = client.post(CREATE, confirmed)
    second = client.post(CREATE, confirmed)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    kaden = Person.objects.get(given_name="Kaden")
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["candidates"] == [cast.child.pk]
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {kaden.pk, cast.child.pk}


def test_a_person_added_with_no_candidates_sent_twice_is_added_once(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    form = create_form(
        str(uuid.uuid4()),
        given_name="Zofia",
        family_name="Wiśniewska",
        **{"date_of_birth-day": "9", "date_of_birth-month": "9", "date_of_birth-year": "2013"},
    )
    first = client.post(CREATE, form)
    # The second sending must not stop to show the record the first one made.
    second = client.post(CREATE, form)
    assert first.status_code == second.status_code == 302
    assert Person.objects.filter(given_name="Zofia").count() == 1
    assert not Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).exists()


def test_details_changed_after_none_of_these_are_checked_again(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    key = str(uuid.uuid4())
    page = html(client.post(CREATE, create_form(key, given_name="Kayla")))
    changed = {**create_form(key), "none_of_these": "yes", **hidden_fields(page)}
    response = client.post(CREATE, changed)
    assert response.status_code == 200 and "This person may already have a record" in html(response)
    assert not Person.objects.filter(given_name="Kaden").exists()
