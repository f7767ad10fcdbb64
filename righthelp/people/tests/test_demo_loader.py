"""The demo loader writes whole, consistent families (rows are inserted without model objects,
so these tests read them back through the ORM and compare with the generator)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from righthelp.audit.models import Event, EventSubject
from righthelp.matching.models import MatchKey
from righthelp.matching.records import person_keys
from righthelp.people.demo import generate_families
from righthelp.people.demo.loader import families_load
from righthelp.people.models import (
    HouseholdMember,
    InvolvedProfessional,
    NameKind,
    Person,
    PersonAddress,
    Relationship,
)

pytestmark = pytest.mark.django_db

FAMILIES = 40
SEED = 77


def test_loaded_families_match_the_generator_and_a_second_load_adds_nothing() -> None:
    before = timezone.now()
    added = families_load(count=FAMILIES, seed=SEED, batch_size=15)
    families = list(generate_families(FAMILIES, SEED))
    demo_people = {p.key: (f, p) for f in families for p in f.people}

    people = {p.local_person_id: p for p in Person.objects.filter(local_person_id__in=demo_people)}
    assert added == len(demo_people) == len(people)
    for key, person in people.items():
        family, demo = demo_people[key]
        names = list(person.names.all())
        current = [n for n in names if n.kind == NameKind.CURRENT]
        assert [(n.given_name, n.family_name) for n in current] == [
            (demo.given_name, demo.family_name)
        ]
        previous = sorted(n.family_name for n in names if n.kind == NameKind.PREVIOUS)
        assert previous == sorted(demo.previous_family_names)
        aliases = [n.given_name for n in names if n.kind == NameKind.ALIAS]
        assert aliases == ([demo.alias] if demo.alias else [])
        assert all(n.recorded_at >= before for n in names)  # an aware time, read back
        address = PersonAddress.objects.get(person=person, end_date__isnull=True).address
        expected = (
            family.household_address
            if demo.resident or not family.second_address
            else family.second_address
        )
        assert address.postcode == expected.postcode
        assert HouseholdMember.objects.filter(person=person).exists() == demo.resident
        # The blocking keys written at load are the ones the matcher computes from the record.
        stored = set(MatchKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == person_keys(person)

    relationships = sum(len(f.relationships) for f in families)
    assert Relationship.objects.filter(from_person__in=people.values()).count() == relationships
    assert InvolvedProfessional.objects.filter(person__in=people.values()).exists()
    events = Event.objects.filter(payload__source="demo_data")
    assert events.count() == FAMILIES
    assert EventSubject.objects.filter(event__in=events).count() == len(people)

    assert families_load(count=FAMILIES, seed=SEED, batch_size=15) == 0
    assert Person.objects.filter(local_person_id__in=demo_people).count() == len(people)
