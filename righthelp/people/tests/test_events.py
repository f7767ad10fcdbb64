"""The people services record their events, about the right people, with the payload
``people.events`` builds; the readers there read back what was written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import Organisation
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.people import services
from righthelp.people.events import (
    household_joined_payload,
    person_address_added_payload,
    person_created_payload,
    person_name_added_payload,
    person_updated_payload,
    professional_added_payload,
    professional_ended_payload,
    relationship_added_payload,
    relationship_ended_payload,
)
from righthelp.people.models import Address, Household, NameKind, Person
from righthelp.people.services import AddressDetails, Involvement, PersonDetails

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def subjects(event: Event) -> set[int]:
    return set(event.subjects.values_list("person_id", flat=True))


def create(cast: Cast, kind: str, given_name: str, born: date) -> Person:
    return services.person_create(
        actor=cast.involved,
        details=PersonDetails(
            kind=kind, given_name=given_name, family_name="O'Neill", date_of_birth=born
        ),
        involvement=Involvement(role="school_dsl"),
    )


def test_a_record_made_and_changed_reads_back_its_kind_and_old_and_new_values(cast: Cast) -> None:
    ruby = create(cast, "child", "Ruby", date(2016, 2, 29))
    created = only(Verb.PERSON_CREATED)
    assert created.actor == cast.involved and subjects(created) == {ruby.pk}
    assert created.summary == "Child record created"
    assert person_created_payload(created) == {"kind": "child", "involvement_role": "school_dsl"}

    services.person_update(
        actor=cast.involved,
        person=ruby,
        details=PersonDetails(
            kind="child", given_name="Rubie", family_name="O'Neill", date_of_birth=date(2016, 3, 1)
        ),
        expected_version=ruby.version,
    )
    updated = only(Verb.PERSON_UPDATED)
    assert updated.summary == "Changed given name, date of birth"
    changes = person_updated_payload(updated)["changes"]
    assert changes["given_name"] == {"old": "Ruby", "new": "Rubie"}
    assert changes["date_of_birth"] == {"old": "2016-02-29", "new": "2016-03-01"}

    services.person_name_add(
        actor=cast.involved, person=ruby, kind=NameKind.ALIAS, given_name="Bee", family_name=""
    )
    assert person_name_added_payload(only(Verb.PERSON_NAME_ADDED)) == {
        "kind": NameKind.ALIAS,
        "given_name": "Bee",
        "family_name": "",
    }

    moved_on = timezone.localdate() - timedelta(days=3)
    services.person_address_add(
        actor=cast.involved,
        person=ruby,
        address=AddressDetails(
            line1="2 New St", town="Hull", postcode="hu5 3bb", start_date=moved_on
        ),
    )
    address = only(Verb.PERSON_ADDRESS_ADDED)
    assert address.summary == "Address recorded: HU5 3BB"
    assert person_address_added_payload(address) == {
        "postcode": "HU5 3BB",
        "start_date": moved_on.isoformat(),
    }


def test_relationships_households_and_professionals_record_who_they_are_about(
    cast: Cast,
) -> None:
    ruby = create(cast, "child", "Ruby", date(2016, 2, 29))
    jo = create(cast, "adult", "Jo", date(1990, 1, 1))
    relationship = services.relationship_add(
        actor=cast.involved, from_person=jo, to_person=ruby, kind="parent"
    )
    added = only(Verb.RELATIONSHIP_ADDED)
    assert subjects(added) == {ruby.pk, jo.pk}
    assert relationship_added_payload(added) == {
        "kind": "parent",
        "from_person": jo.pk,
        "to_person": ruby.pk,
    }
    services.relationship_end(actor=cast.involved, relationship=relationship)
    ended = only(Verb.RELATIONSHIP_ENDED)
    assert subjects(ended) == {ruby.pk, jo.pk}
    assert relationship_ended_payload(ended) == {
        "relationship": relationship.pk,
        "end_date": timezone.localdate().isoformat(),
    }

    household = Household.objects.create(
        address=Address.objects.create(line1="1 Hull Road", town="Hull", postcode="HU1 2AA")
    )
    services.household_join(actor=cast.involved, person=ruby, household=household)
    joined = only(Verb.HOUSEHOLD_JOINED)
    assert joined.summary == "Joined household at HU1 2AA" and subjects(joined) == {ruby.pk}
    assert household_joined_payload(joined) == {"household": household.pk}

    organisation = cast.involved.organisation
    assert isinstance(organisation, Organisation)
    involvement = services.professional_add(
        actor=cast.involved,
        person=ruby,
        role="health_visitor",
        name="Sam Patel",
        organisation=organisation,
    )
    professional = only(Verb.PROFESSIONAL_ADDED)
    assert subjects(professional) == {ruby.pk}
    assert professional_added_payload(professional) == {
        "involvement": involvement.pk,
        "role": "health_visitor",
        "organisation": organisation.pk,
        "user": None,
        "team": None,
    }
    services.professional_end(actor=cast.involved, involvement=involvement)
    assert professional_ended_payload(only(Verb.PROFESSIONAL_ENDED)) == {
        "involvement": involvement.pk,
        "end_date": timezone.localdate().isoformat(),
    }
