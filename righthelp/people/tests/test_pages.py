"""People pages through the test client: search, record, forms, access log, query counts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.people import services
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def people_for(user: User, count: int, **kwargs: Any) -> list[Person]:
    people = []
    for _ in range(count):
        person = PersonFactory(**kwargs)
        InvolvementFactory(person=person, user=user, organisation=user.organisation)
        people.append(person)
    return people


def test_search_shows_only_people_the_user_works_with(cast: Cast, client: Client) -> None:
    PersonFactory(given_name="Kayden", family_name="Fletcher", local_person_id="stranger")
    client.force_login(cast.involved)
    response = client.get(reverse("people:search"), {"name": "kay fle"})
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [cast.child]


def test_search_finds_a_person_by_an_alias(cast: Cast, client: Client) -> None:
    services.person_name_add(
        actor=cast.involved, person=cast.child, kind="alias", given_name="KJ", family_name=""
    )
    client.force_login(cast.involved)
    response = client.get(reverse("people:search"), {"name": "kj"})
    assert list(response.context["page_obj"].object_list) == [cast.child]


def test_search_filters_by_date_of_birth_nhs_number_and_postcode(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    person = services.person_create(
        actor=cast.involved,
        details=services.PersonDetails(
            kind="child",
            given_name="Aisha",
            family_name="Begum",
            date_of_birth=date(2012, 3, 4),
            nhs_number="9434765919",
        ),
        involvement=services.Involvement(role="school_dsl"),
        address=services.AddressDetails(line1="3 Lane", town="Hull", postcode="HU3 1AB"),
    )
    url = reverse("people:search")
    for params in (
        {"date_of_birth-day": "4", "date_of_birth-month": "3", "date_of_birth-year": "2012"},
        {"nhs_number": "943 476 5919"},
        {"postcode": "hu3 1ab"},
        {"postcode": "HU3"},
    ):
        found = list(client.get(url, params).context["page_obj"].object_list)
        assert found == [person], params


def test_an_invalid_search_shows_the_error_summary_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    response = client.get(reverse("people:search"), {"nhs_number": "1234567890", "name": "Kay"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_nhs_number"' in html
    assert 'value="1234567890"' in html and 'value="Kay"' in html
    assert response.context["page_obj"] is None


def test_each_search_is_logged_with_the_people_shown(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    client.get(reverse("people:search"), {"name": "Kayden"})
    record = AccessRecord.objects.get(action=AccessAction.SEARCH_PEOPLE)
    assert record.user == cast.involved
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]
    assert record.detail["search"] == {"name": "Kayden"}


def test_the_people_list_uses_the_same_number_of_queries_for_5_or_25_rows(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    people_for(cast.involved, 4)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:search"))
    people_for(cast.involved, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("people:search"))
    assert len(response.context["page_obj"].object_list) == 25
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_opening_a_record_logs_the_person_and_the_family_shown(cast: Cast, client: Client) -> None:
    mother = PersonFactory(
        kind="adult", given_name="Jo", family_name="Fletcher", local_person_id="m"
    )
    services.relationship_add(
        actor=cast.involved, from_person=mother, to_person=cast.child, kind="parent"
    )
    client.force_login(cast.involved)
    response = client.get(reverse("people:network", kwargs={"person_id": cast.child.pk}))
    html = response.content.decode()
    assert "Jo Fletcher" in html and "Parents and carers" in html
    # The mother is named but not linked: the practitioner does not work with her.
    assert reverse("people:detail", kwargs={"person_id": mother.pk}) not in html
    record = AccessRecord.objects.get(action=AccessAction.VIEW_PERSON)
    assert sorted(record.people.values_list("person_id", flat=True)) == sorted(
        [cast.child.pk, mother.pk]
    )


def test_a_refused_read_writes_no_access_record(cast: Cast, client: Client) -> None:
    client.force_login(cast.practitioner)
    client.get(reverse("people:detail", kwargs={"person_id": cast.child.pk}))
    assert not AccessRecord.objects.exists()


def test_the_chronology_shows_each_event_with_who_did_it(cast: Cast, client: Client) -> None:
    services.person_name_add(
        actor=cast.team_member,
        person=cast.child,
        kind="previous",
        given_name="",
        family_name="Smith",
    )
    client.force_login(cast.involved)
    response = client.get(reverse("people:chronology", kwargs={"person_id": cast.child.pk}))
    html = response.content.decode()
    assert "moj-timeline" in html and "Name recorded" in html
    assert cast.team_member.display_name in html
    assert AccessRecord.objects.filter(action=AccessAction.VIEW_CHRONOLOGY).count() == 1


def test_adding_a_person_redirects_with_a_confirmation_and_a_resubmission_adds_nothing(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    form = {
        "submission_key": str(uuid.uuid4()),
        "kind": "child",
        "given_name": "Maya",
        "family_name": "Nowak",
        "date_of_birth-day": "5",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2015",
        "sex": "female",
        "ethnicity": "WOTH",
        "involvement_role": "school_dsl",
        "line1": "9 Park Ave",
        "town": "Hull",
        "postcode": "HU5 2QT",
    }
    first = client.post(reverse("people:create"), form, follow=True)
    assert "Maya Nowak has been added" in first.content.decode()
    client.post(reverse("people:create"), form)
    assert Person.objects.filter(family_name="Nowak").count() == 1


def test_an_invalid_person_form_keeps_what_was_typed_and_saves_nothing(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    form = {
        "kind": "child",
        "given_name": "Maya",
        "family_name": "Nowak",
        "date_of_birth-day": "31",
        "date_of_birth-month": "2",
        "date_of_birth-year": "2015",
        "sex": "female",
        "ethnicity": "WOTH",
        "involvement_role": "school_dsl",
        "nhs_number": "9434765918",
        "upn": "X1234",
        "postcode": "NOTAPOSTCODE",
        "line1": "9 Park Ave",
        "town": "Hull",
    }
    response = client.post(reverse("people:create"), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Date of birth must be a real date" in html
    assert 'value="Maya"' in html and 'value="9 Park Ave"' in html
    assert not Person.objects.filter(family_name="Nowak").exists()
    # Once the date is fixed, the service's identifier checks show on their own fields.
    form["date_of_birth-day"] = "28"
    html = client.post(reverse("people:create"), form).content.decode()
    assert (
        'href="#id_nhs_number"' in html
        and 'href="#id_upn"' in html
        and 'href="#id_postcode"' in html
    )
    assert not Person.objects.filter(family_name="Nowak").exists()


def test_a_stale_edit_through_the_page_is_refused_with_an_explanation(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("people:edit", kwargs={"person_id": cast.child.pk})
    base = {
        "family_name": "Fletcher",
        "sex": "unknown",
        "ethnicity": "NOBT",
        "version": 1,
        "date_of_birth-day": "1",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2015",
    }
    assert client.post(url, {**base, "given_name": "Kaden"}).status_code == 302
    response = client.post(url, {**base, "given_name": "Kai"})
    assert "after you opened it" in response.content.decode()
    cast.child.refresh_from_db()
    assert cast.child.given_name == "Kaden"


def test_adding_a_person_searches_first_and_records_none_of_these(
    cast: Cast, client: Client
) -> None:
    from righthelp.audit.events import Verb
    from righthelp.audit.models import Event

    client.force_login(cast.involved)
    form = {
        "submission_key": str(uuid.uuid4()),
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
    first = client.post(reverse("people:create"), form)
    html = first.content.decode()
    assert "This person may already have a record" in html
    assert reverse("people:detail", kwargs={"person_id": cast.child.pk}) in html
    assert "Date of birth: the same" in html
    assert not Person.objects.filter(given_name="Kaden").exists()
    reason = "Kaden is Kayden's cousin, born the same day"
    confirmed = client.post(
        reverse("people:create"), {**form, "none_of_these": "yes", "none-reason": reason}
    )
    assert confirmed.status_code == 302
    assert Person.objects.filter(given_name="Kaden").count() == 1
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["candidates"] == [cast.child.pk]
    assert event.payload["reason"] == reason


def test_likely_matches_the_user_cannot_see_are_only_counted(cast: Cast, client: Client) -> None:
    client.force_login(cast.practitioner)
    response = client.post(
        reverse("people:create"),
        {
            "kind": "child",
            "given_name": "Kayden",
            "family_name": "Fletcher",
            "date_of_birth-day": "1",
            "date_of_birth-month": "6",
            "date_of_birth-year": "2015",
            "sex": "male",
            "ethnicity": "NOBT",
            "involvement_role": "school_dsl",
        },
    )
    html = response.content.decode()
    assert "1 likely match in records you do not work with" in html
    assert reverse("people:detail", kwargs={"person_id": cast.child.pk}) not in html
