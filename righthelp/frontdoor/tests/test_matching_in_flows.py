"""Search before create in the front door's flows, through the pages: the referrer's "which
child" step of a request for support, and the front door linking a contact's subject to a
record. Likely matches are shown with their score and explanation, one can be picked, adding
a new record after they were shown records "none of these" once, and likely matches in
records the user may not see are counted, never shown."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.frontdoor import services
from righthelp.frontdoor.models import Contact, ContactStatus
from righthelp.frontdoor.services import SubjectDetails
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.matching.models import CandidateStatus, DuplicateCandidate
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

REQUEST_NEW = reverse("frontdoor:request-new")
LIKELY = re.compile(r"(\d+)% likely to be the same person")


def html(response: TestResponse) -> str:
    return response.content.decode()


def scores(page: str) -> list[int]:
    return [int(n) for n in LIKELY.findall(page)]


def hidden_fields(page: str) -> dict[str, str]:
    """The "checked-*" fields a page carries, as a browser would post them back."""
    return dict(re.findall(r'<input type="hidden" name="(checked-[a-z_]+)" value="([^"]*)">', page))


def offers(page: str, person: Person) -> bool:
    """Whether the page offers this person's record to pick."""
    return f'type="radio" value="{person.pk}"' in page


def none_of_these_events() -> int:
    return Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).count()


def queued_pairs() -> list[tuple[set[int], str]]:
    """The duplicates queue: each open pair and the reason given for adding a new record."""
    return [
        ({c.person_a_id, c.person_b_id}, c.none_of_these_reason)
        for c in DuplicateCandidate.objects.filter(status=CandidateStatus.OPEN)
    ]


# --- The referrer's request for support: which child ----------------------------------------


def search(client: Client, name: str, day: int, month: int, year: int) -> TestResponse:
    query: dict[str, Any] = {
        "q": name,
        "date_of_birth-day": day,
        "date_of_birth-month": month,
        "date_of_birth-year": year,
    }
    return client.get(REQUEST_NEW, query)


def test_a_misspelt_name_with_the_date_of_birth_finds_the_child_with_a_score(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    # The plain name search does not find "Kaden" ...
    assert "Kayden Fletcher" not in html(client.get(REQUEST_NEW, {"q": "Kaden Fletcher"}))
    # ... the matcher does, scored and explained.
    page = html(search(client, "Kaden Fletcher", 1, 6, 2015))
    assert "Is it one of these children?" in page
    assert "Kayden Fletcher, born 1 June 2015" in page
    assert scores(page) and 50 <= scores(page)[0] <= 99
    assert "Date of birth: the same" in page and "Given name: a very similar spelling" in page
    assert offers(page, cast.child)


def test_a_nickname_and_a_swapped_day_and_month_still_find_the_child(
    cast: Cast, client: Client
) -> None:
    robert = PersonFactory(given_name="Robert", family_name="Nowak", date_of_birth=date(2014, 3, 2))
    InvolvementFactory(person=robert, user=cast.involved)
    client.force_login(cast.involved)
    nickname = html(search(client, "Bob Nowak", 2, 3, 2014))
    assert "Robert Nowak, born 2 March 2014" in nickname and scores(nickname)
    assert "Given name: a known nickname or variant" in nickname
    swapped = html(search(client, "Kayden Fletcher", 6, 1, 2015))
    assert "Kayden Fletcher, born 1 June 2015" in swapped and scores(swapped)
    assert "Date of birth: day and month swapped" in swapped


def test_picking_a_likely_match_starts_the_request_about_that_child(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    page = html(search(client, "Kaden Fletcher", 1, 6, 2015))
    response = client.post(
        REQUEST_NEW,
        {
            "action": "pick",
            "q": "Kaden Fletcher",
            "person": cast.child.pk,
            "submission_key": str(uuid.uuid4()),
            **hidden_fields(page),
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert [s.person_id for s in contact.subjects.all()] == [cast.child.pk]
    assert none_of_these_events() == 0


def add_data(key: str, **overrides: str) -> dict[str, str]:
    data = {
        "action": "add",
        "q": "Kaden Fletcher",
        "add-submission_key": key,
        "add-given_name": "Kaden",
        "add-family_name": "Fletcher",
        "add-date_of_birth-day": "1",
        "add-date_of_birth-month": "6",
        "add-date_of_birth-year": "2015",
        "add-involvement_role": "school_dsl",
    }
    data.update(overrides)
    return data


def test_adding_a_child_shows_likely_matches_first_then_records_none_of_these_once(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    key = str(uuid.uuid4())
    shown = client.post(REQUEST_NEW, add_data(key))
    page = html(shown)
    assert shown.status_code == 200
    assert "Kayden Fletcher, born 1 June 2015" in page and scores(page)
    assert "None of these: add the child and continue" in page
    assert not Person.objects.filter(given_name="Kaden").exists()

    confirmed = {
        **add_data(key),
        "none_of_these": "yes",
        "none-reason": "Kaden is Kayden's cousin",
        **hidden_fields(page),
    }
    first = client.post(REQUEST_NEW, confirmed)
    second = client.post(REQUEST_NEW, confirmed)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    kaden = Person.objects.get(given_name="Kaden")
    assert Contact.objects.get().subjects.get().person_id == kaden.pk
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["candidates"] == [cast.child.pk]
    assert queued_pairs() == [({kaden.pk, cast.child.pk}, "Kaden is Kayden's cousin")]


def test_none_of_these_for_other_details_checks_the_new_ones_first(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    key = str(uuid.uuid4())
    page = html(client.post(REQUEST_NEW, add_data(key, **{"add-given_name": "Kayla"})))
    changed = {**add_data(key), "none_of_these": "yes", **hidden_fields(page)}
    response = client.post(REQUEST_NEW, changed)
    assert response.status_code == 200 and "Kayden Fletcher, born 1 June 2015" in html(response)
    assert not Person.objects.filter(given_name="Kaden").exists()
    assert none_of_these_events() == 0


def test_adding_a_child_nobody_resembles_records_no_none_of_these(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    response = client.post(
        REQUEST_NEW,
        add_data(
            str(uuid.uuid4()),
            **{
                "add-given_name": "Zofia",
                "add-family_name": "Wiśniewska",
                "add-date_of_birth-day": "9",
                "add-date_of_birth-month": "9",
                "add-date_of_birth-year": "2013",
                "q": "Zofia",
            },
        ),
    )
    assert response.status_code == 302
    assert Person.objects.filter(given_name="Zofia").count() == 1
    assert none_of_these_events() == 0


def test_a_child_in_records_the_referrer_cannot_see_is_counted_not_shown(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.practitioner)
    page = html(search(client, "Kayden Fletcher", 1, 6, 2015))
    assert "1 likely match in records you do not work with" in page
    assert "ask the front door" in page
    assert "Kayden Fletcher, born" not in page and not offers(page, cast.child)
    # Adding the child anyway is "none of these", recorded with no candidate named; the
    # likely match goes to the duplicates queue all the same, with the referrer's reason.
    key = str(uuid.uuid4())
    added = client.post(
        REQUEST_NEW,
        {
            **add_data(key, **{"add-given_name": "Kayden"}),
            "none_of_these": "yes",
            "none-reason": "The front door told me this is a different child",
            **hidden_fields(page),
        },
    )
    assert added.status_code == 302
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["candidates"] == []
    assert cast.child.pk not in list(event.subjects.values_list("person_id", flat=True))
    added_child = Person.objects.exclude(pk=cast.child.pk).get(given_name="Kayden")
    assert queued_pairs() == [
        ({added_child.pk, cast.child.pk}, "The front door told me this is a different child")
    ]


# --- The front door: linking a contact's subject to a record --------------------------------


def concern_about(given: str, family: str, born: date | None, nhs_number: str = "") -> Contact:
    return services.public_contact_submit(
        kind="public_concern",
        sender_address="203.0.113.9",
        referrer_name="A neighbour",
        referrer_email="",
        referrer_phone="07700 900123",
        referrer_relationship="Neighbour",
        child=SubjectDetails(
            role="child",
            given_name=given,
            family_name=family,
            date_of_birth=born,
            nhs_number=nhs_number,
        ),
        worry="Shouting every night and the little boy is left alone",
    )


def link_url(contact: Contact) -> str:
    subject = contact.subjects.get()
    return reverse("frontdoor:contact-link", args=[contact.pk, subject.pk])


def test_the_link_page_opens_on_likely_matches_for_what_the_referrer_said(
    cast: Cast, client: Client
) -> None:
    sent_contact(cast)  # the front door sees Kayden through this request
    contact = concern_about(
        "Kaden", "Fletcher", date(2015, 1, 6)
    )  # misspelt, day and month swapped
    client.force_login(cast.front_door_worker)
    response = client.get(link_url(contact))
    page = html(response)
    assert "Likely matches for these details" in page
    assert "Kayden Fletcher, born 1 June 2015" in page and scores(page)
    assert "Date of birth: day and month swapped" in page
    assert [c.person.pk for c in response.context["likely"].candidates] == [cast.child.pk]


def test_the_front_door_links_the_likely_match_it_picks(cast: Cast, client: Client) -> None:
    sent_contact(cast)
    contact = concern_about("Kaden", "Fletcher", date(2015, 6, 1))
    client.force_login(cast.front_door_worker)
    url = link_url(contact)
    page = html(client.get(url))
    response = client.post(
        url, {"action": "link", "link-person": cast.child.pk, **hidden_fields(page)}, follow=True
    )
    assert "is linked to the record of Kayden Fletcher" in html(response)
    assert contact.subjects.get().person_id == cast.child.pk
    assert none_of_these_events() == 0


def create_data(key: str) -> dict[str, str]:
    return {
        "action": "create",
        "new-submission_key": key,
        "new-kind": "child",
        "new-given_name": "Kaden",
        "new-family_name": "Fletcher",
        "new-date_of_birth-day": "1",
        "new-date_of_birth-month": "6",
        "new-date_of_birth-year": "2015",
    }


def test_creating_a_record_after_likely_matches_records_none_of_these_once(
    cast: Cast, client: Client
) -> None:
    sent_contact(cast)
    contact = concern_about("Kaden", "Fletcher", date(2015, 6, 1))
    client.force_login(cast.front_door_worker)
    url = link_url(contact)
    page = html(client.get(url))
    assert "None of these: create a record and link it" in page
    confirmed = {
        **create_data(str(uuid.uuid4())),
        "none_of_these": "yes",
        "none-reason": "A cousin born the same day",
        **hidden_fields(page),
    }
    first = client.post(url, confirmed)
    second = client.post(url, confirmed)
    assert first.status_code == second.status_code == 302
    kaden = Person.objects.get(given_name="Kaden")
    assert contact.subjects.get().person_id == kaden.pk
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["candidates"] == [cast.child.pk]
    assert queued_pairs() == [({kaden.pk, cast.child.pk}, "A cousin born the same day")]


def test_creating_a_record_without_seeing_the_likely_matches_shows_them_first(
    cast: Cast, client: Client
) -> None:
    sent_contact(cast)
    contact = concern_about("Kaden", "Fletcher", None)  # no date of birth: a name search
    client.force_login(cast.front_door_worker)
    url = link_url(contact)
    response = client.post(url, create_data(str(uuid.uuid4())))
    page = html(response)
    assert response.status_code == 200
    assert "Kayden Fletcher, born 1 June 2015" in page and scores(page)
    assert not Person.objects.filter(given_name="Kaden").exists()
    assert none_of_these_events() == 0


def test_once_the_contact_is_decided_records_the_front_door_does_not_see_are_only_counted(
    cast: Cast, client: Client
) -> None:
    # Given a contact about Kayden, whose record the front door does not work with, that has
    # been decided (the front door still handles it, but it is no longer a ground to search
    # all records)
    contact = concern_about("Kayden", "Fletcher", date(2015, 6, 1))
    Contact.objects.filter(pk=contact.pk).update(status=ContactStatus.DECIDED)
    client.force_login(cast.front_door_worker)
    # When the front door opens its link page
    page = html(client.get(link_url(contact)))
    # Then the likely match is counted, not shown, as for any other user
    assert "1 likely match in records you do not work with" in page
    assert "Is this child known?" in page
    assert "Kayden Fletcher, born" not in page
    assert not offers(page, cast.child)
    posted = {
        **create_data(str(uuid.uuid4())),
        "new-given_name": "Kayden",
        "none_of_these": "yes",
        "none-reason": "Checked with early help: a different child",
        **hidden_fields(page),
    }
    assert client.post(link_url(contact), posted).status_code == 302
    assert Event.objects.get(verb=Verb.PERSON_MATCH_NONE).payload["candidates"] == []


def test_the_subjects_nhs_number_alone_is_enough_to_search(cast: Cast, client: Client) -> None:
    cast.child.nhs_number = "9434765919"
    cast.child.save()
    from righthelp.matching.services import match_keys_refresh

    match_keys_refresh(cast.child)
    sent_contact(cast)
    contact = concern_about("", "Fletcher", None, nhs_number="9434765919")
    client.force_login(cast.front_door_worker)
    page = html(client.get(link_url(contact)))
    assert "Kayden Fletcher, born 1 June 2015" in page and scores(page)
    assert "NHS number: the same" in page
