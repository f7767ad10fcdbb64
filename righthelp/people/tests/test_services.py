"""People services: validation, one event per write, names kept, idempotency, stale edits."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.core.services import StaleEdit
from righthelp.people import services
from righthelp.people.models import InvolvedProfessional, NameKind, Person, PersonName
from righthelp.people.services import AddressDetails, Involvement, PersonDetails

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

VALID_NHS = "9434765919"


def child_details(**overrides: Any) -> PersonDetails:
    values: dict[str, Any] = {
        "kind": "child",
        "given_name": "Ruby",
        "family_name": "O'Neill",
        "date_of_birth": date(2016, 2, 29),
        "nhs_number": "943 476 5919",
    }
    values.update(overrides)
    return PersonDetails(**values)


def create(cast: Cast, **overrides: Any) -> Person:
    return services.person_create(
        actor=cast.involved,
        details=child_details(**overrides),
        involvement=Involvement(role="school_dsl"),
        address=AddressDetails(line1="1 Hull Road", town="Hull", postcode="hu1 2aa"),
    )


def test_creating_a_person_records_name_address_involvement_and_one_event(cast: Cast) -> None:
    person = create(cast)
    assert person.nhs_number == VALID_NHS
    assert person.local_person_id == f"RH{person.pk:08d}"
    assert person.family_name_normalised == "oneill"
    assert list(person.names.values_list("kind", "family_name")) == [("current", "O'Neill")]
    assert person.addresses.get().address.postcode == "HU1 2AA"
    involvement = InvolvedProfessional.objects.get(person=person)
    assert involvement.user == cast.involved
    events = Event.objects.filter(subjects__person_id=person.pk)
    assert [e.verb for e in events] == [Verb.PERSON_CREATED]
    assert events[0].actor == cast.involved


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number", "check digit"),
        ({"nhs_number": "12345"}, "nhs_number", "NHS number"),
        ({"upn": "A12345678901"}, "upn", ""),
        ({"date_of_birth": timezone.localdate() + timedelta(days=2)}, "date_of_birth", "past"),
        ({"family_name": "  "}, "family_name", "family name"),
        ({"kind": "unborn", "date_of_birth": None}, "expected_date_of_birth", "expected"),
    ],
)
def test_invalid_details_are_refused_and_nothing_is_saved(
    cast: Cast, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = (Person.objects.count(), Event.objects.count(), InvolvedProfessional.objects.count())
    with pytest.raises(ValidationError) as refused:
        create(cast, **overrides)
    assert field in refused.value.message_dict
    assert message.lower() in " ".join(refused.value.message_dict[field]).lower()
    after = (Person.objects.count(), Event.objects.count(), InvolvedProfessional.objects.count())
    assert before == after


def test_an_invalid_postcode_is_refused_with_a_message(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            actor=cast.involved,
            details=child_details(),
            involvement=Involvement(role="school_dsl"),
            address=AddressDetails(line1="1 Road", town="Hull", postcode="HU1 ZZZ9"),
        )
    assert "postcode" in refused.value.message_dict
    assert not Person.objects.filter(family_name="O'Neill").exists()


def test_an_nhs_number_already_in_use_is_refused_without_saying_whose(cast: Cast) -> None:
    create(cast)
    with pytest.raises(ValidationError) as refused:
        create(cast, given_name="Someone", family_name="Else")
    text = " ".join(refused.value.message_dict["nhs_number"])
    assert "already recorded" in text and "Ruby" not in text


def test_a_double_submitted_form_makes_one_person(cast: Cast) -> None:
    key = uuid.uuid4()
    first = services.person_create(
        actor=cast.involved,
        details=child_details(),
        involvement=Involvement(role="school_dsl"),
        submission_key=key,
    )
    second = services.person_create(
        actor=cast.involved,
        details=child_details(),
        involvement=Involvement(role="school_dsl"),
        submission_key=key,
    )
    assert first.pk == second.pk
    assert Person.objects.filter(family_name="O'Neill").count() == 1
    assert Event.objects.filter(verb=Verb.PERSON_CREATED).count() == 1


def test_a_name_change_keeps_the_old_name_and_records_old_and_new(cast: Cast) -> None:
    person = create(cast)
    updated = services.person_update(
        actor=cast.involved,
        person=person,
        details=child_details(family_name="Baker"),
        expected_version=person.version,
    )
    assert updated.family_name == "Baker" and updated.version == person.version + 1
    names = dict(PersonName.objects.filter(person=person).values_list("family_name", "kind"))
    assert names == {"O'Neill": NameKind.PREVIOUS, "Baker": NameKind.CURRENT}
    event = Event.objects.filter(verb=Verb.PERSON_UPDATED).get()
    assert event.payload["changes"]["family_name"] == {"old": "O'Neill", "new": "Baker"}


def test_a_stale_edit_is_refused_with_an_explanation_and_changes_nothing(cast: Cast) -> None:
    person = create(cast)
    opened_version = person.version
    services.person_update(
        actor=cast.team_member,
        person=person,
        details=child_details(given_name="Rubie"),
        expected_version=opened_version,
    )
    with pytest.raises(StaleEdit, match="changed by .* after you opened it"):
        services.person_update(
            actor=cast.involved,
            person=person,
            details=child_details(given_name="Roberta"),
            expected_version=opened_version,
        )
    person.refresh_from_db()
    assert person.given_name == "Rubie"


def test_an_unchanged_save_records_nothing(cast: Cast) -> None:
    person = create(cast)
    services.person_update(
        actor=cast.involved, person=person, details=child_details(), expected_version=1
    )
    assert not Event.objects.filter(verb=Verb.PERSON_UPDATED).exists()


def test_relationships_are_recorded_both_ways_and_never_to_oneself(cast: Cast) -> None:
    child = create(cast)
    mother = create(
        cast, kind="adult", given_name="Jo", date_of_birth=date(1990, 1, 1), nhs_number=""
    )
    services.relationship_add(
        actor=cast.involved, from_person=mother, to_person=child, kind="parent"
    )
    event = Event.objects.get(verb=Verb.RELATIONSHIP_ADDED)
    assert sorted(event.subjects.values_list("person_id", flat=True)) == sorted(
        [child.pk, mother.pk]
    )
    with pytest.raises(ValidationError):
        services.relationship_add(
            actor=cast.involved, from_person=mother, to_person=child, kind="parent"
        )
    with pytest.raises(ValidationError):
        services.relationship_add(
            actor=cast.involved, from_person=child, to_person=child, kind="sibling"
        )


def test_a_new_address_ends_the_old_one(cast: Cast) -> None:
    person = create(cast)
    services.person_address_add(
        actor=cast.involved,
        person=person,
        address=AddressDetails(line1="2 New St", town="Hull", postcode="HU5 3BB"),
    )
    current = person.addresses.filter(end_date__isnull=True).get()
    assert current.address.postcode == "HU5 3BB"
    assert person.addresses.filter(end_date__isnull=False).count() == 1


def test_ending_an_involvement_is_an_event_and_cannot_end_before_it_began(cast: Cast) -> None:
    involvement = InvolvedProfessional.objects.get(person=cast.child, user=cast.involved)
    with pytest.raises(ValidationError):
        services.professional_end(
            actor=cast.involved,
            involvement=involvement,
            end_date=involvement.start_date - timedelta(days=1),
        )
    services.professional_end(actor=cast.involved, involvement=involvement)
    assert Event.objects.filter(verb=Verb.PROFESSIONAL_ENDED).count() == 1
