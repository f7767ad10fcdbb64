"""The search through the selector: candidates are read as plain values and scored, and only the
people shown are loaded as records."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from righthelp.matching import selectors
from righthelp.matching.records import person_record
from righthelp.people import services as people_services
from righthelp.people.models import NameKind, Person
from righthelp.people.services import AddressDetails, Involvement, PersonDetails

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def add(
    cast: Cast,
    given_name: str = "Aisha",
    family_name: str = "Khan",
    born: date = date(2017, 6, 9),
    **extra: Any,
) -> Person:
    return people_services.person_create(
        actor=cast.involved,
        details=PersonDetails(
            kind="child",
            given_name=given_name,
            family_name=family_name,
            date_of_birth=born,
            **extra,
        ),
        involvement=Involvement(role="school_dsl"),
        address=AddressDetails(line1="1 Beech Rd", town="Hull", postcode="HU5 3QP"),
    )


def test_candidate_records_are_the_records_the_matcher_builds_from_people(cast: Cast) -> None:
    person = add(cast, sex="female", nhs_number="9434765919")
    people_services.person_name_add(
        actor=cast.involved,
        person=person,
        kind=NameKind.PREVIOUS,
        given_name="Aisha",
        family_name="Begum",
    )
    people_services.person_name_add(
        actor=cast.involved, person=person, kind=NameKind.ALIAS, given_name="Ash", family_name=""
    )
    people_services.person_address_add(
        actor=cast.involved,
        person=person,
        address=AddressDetails(line1="9 Elm Grove", town="Hull", postcode="HU3 1TB"),
    )
    loaded = selectors.load_people([person.pk])[person.pk]

    records = selectors.candidate_records([person.pk])

    assert records == {person.pk: person_record(loaded)}
    record = records[person.pk]
    assert record.postcode == "HU3 1TB"  # the current address, not the ended one
    assert "begum" in record.other_surnames
    assert record.nhs_number == "9434765919"


def test_candidate_records_leave_out_merged_records(cast: Cast) -> None:
    kept = add(cast)
    merged = add(cast, given_name="Aysha")
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)

    assert set(selectors.candidate_records([kept.pk, merged.pk])) == {kept.pk}


def test_a_previous_surname_finds_the_person(cast: Cast) -> None:
    person = add(cast)
    people_services.person_name_add(
        actor=cast.involved,
        person=person,
        kind=NameKind.PREVIOUS,
        given_name="Aisha",
        family_name="Begum",
    )

    result = selectors.match_candidates(
        user=cast.involved, given_name="Aisha", family_name="Begum", date_of_birth=date(2017, 6, 9)
    )

    assert result.best is not None and result.best.person == person
    assert any("Surname" in line.text for line in result.best.score.explanation)


def test_a_search_makes_the_same_queries_for_one_candidate_as_for_many(cast: Cast) -> None:
    add(cast)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            result = selectors.match_candidates(
                user=cast.involved,
                given_name="Aisha",
                family_name="Khan",
                date_of_birth=date(2017, 6, 9),
                limit=5,
                minimum=0.0,
            )
        assert result.candidates
        return len(captured)

    queries()  # the first search also reads what is then cached (the user's teams)
    one = queries()
    for index in range(12):
        add(cast, given_name=f"Aisha{'a' * index}", born=date(2017, 6, 9))
    many = queries()

    assert many == one
    assert (
        len(
            selectors.match_candidates(
                user=cast.involved,
                given_name="Aisha",
                family_name="Khan",
                date_of_birth=date(2017, 6, 9),
                limit=5,
                minimum=0.0,
            ).candidates
        )
        == 5
    )


def test_a_lone_record_sharing_only_a_birthday_is_not_offered_as_a_match(cast: Cast) -> None:
    add(cast, given_name="Aisha", family_name="Khan")

    result = selectors.match_candidates(
        user=cast.involved, given_name="Tomasz", family_name="Nowak", date_of_birth=date(2017, 6, 9)
    )
    known = selectors.known_matches(
        given_name="Tomasz", family_name="Nowak", date_of_birth=date(2017, 6, 9)
    )

    assert result.candidates == () and result.hidden == 0
    assert known == []
    scored = selectors.scored_candidates(
        given_name="Tomasz", family_name="Nowak", date_of_birth=date(2017, 6, 9), minimum=0.0
    )
    assert scored and scored[0][1].match_probability < 0.5
