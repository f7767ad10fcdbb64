"""A big demo load drops the plain indexes and foreign keys of the tables it fills and rebuilds
them at the end (PostgreSQL); an interrupted one is repaired by the next run; several processes
load the same people as one."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from righthelp.matching.models import MatchKey
from righthelp.matching.records import person_keys
from righthelp.people.demo import generate_families, loader
from righthelp.people.demo.bulk import (
    bulk_load_pending,
    secondary_indexes_drop,
    secondary_indexes_restore,
)
from righthelp.people.demo.loader import BULK_MODELS, IndexMode, bulk_rebuild_planned, families_load
from righthelp.people.models import Person

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="indexes are only dropped on PostgreSQL"
)
SEED = 91


def _schema() -> set[tuple[str, str, str]]:
    """(table, name, definition) of every index and constraint of the tables a load fills."""
    tables = [model._meta.db_table for model in BULK_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [tables],
        )
        found = {(str(t), str(n), str(d)) for t, n, d in cursor.fetchall()}
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        found |= {(str(t), str(n), str(d)) for t, n, d in cursor.fetchall()}
    return found


def _plain_indexes_and_foreign_keys(schema: set[tuple[str, str, str]]) -> set[str]:
    return {
        name
        for _table, name, definition in schema
        if definition.startswith(("CREATE INDEX", "FOREIGN KEY"))
    }


@postgresql_only
@pytest.mark.django_db
def test_a_load_that_drops_indexes_leaves_every_index_and_foreign_key_as_it_found_them() -> None:
    before = _schema()
    assert _plain_indexes_and_foreign_keys(before)  # there is something to drop

    added = families_load(count=25, seed=SEED, batch_size=10, indexes=IndexMode.DROP)

    assert added == sum(len(f.people) for f in generate_families(25, SEED))
    assert _schema() == before
    assert bulk_load_pending() == []
    assert families_load(count=25, seed=SEED, indexes=IndexMode.DROP) == 0
    assert Person.objects.filter(local_person_id__startswith=f"P{SEED}-").count() == added


@postgresql_only
@pytest.mark.django_db
def test_indexes_dropped_by_an_interrupted_load_are_rebuilt_by_the_next_run() -> None:
    before = _schema()
    families_load(count=5, seed=SEED, indexes=IndexMode.KEEP)
    # The load stops after dropping, before rebuilding (a crash, Ctrl-C).
    dropped = secondary_indexes_drop(BULK_MODELS)

    missing = before - _schema()
    assert dropped == len(missing) == len(_plain_indexes_and_foreign_keys(before))
    assert {name for _t, _k, name in bulk_load_pending()} == {name for _t, name, _d in missing}

    assert families_load(count=5, seed=SEED) == 0  # nothing to add, but repaired

    assert _schema() == before
    assert bulk_load_pending() == []


@postgresql_only
@pytest.mark.django_db
def test_a_rebuild_checks_every_row_against_its_foreign_keys_and_keeps_what_is_pending() -> None:
    families_load(count=3, seed=SEED, indexes=IndexMode.KEEP)
    secondary_indexes_drop(BULK_MODELS)
    missing_person = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 99
    MatchKey.objects.create(person_id=missing_person, key="dob:2015-03-04")

    with pytest.raises(IntegrityError):
        secondary_indexes_restore()

    assert bulk_load_pending()  # still recorded: nothing was half rebuilt
    MatchKey.objects.filter(person_id=missing_person).delete()
    assert secondary_indexes_restore() > 0
    assert bulk_load_pending() == []


@postgresql_only
@pytest.mark.django_db
def test_only_a_big_load_into_nearly_empty_tables_drops_indexes_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loader, "BULK_FAMILIES", 40)
    assert bulk_rebuild_planned(40, IndexMode.AUTO)
    assert not bulk_rebuild_planned(39, IndexMode.AUTO)
    assert not bulk_rebuild_planned(40, IndexMode.KEEP)
    assert bulk_rebuild_planned(1, IndexMode.DROP)

    families_load(count=20, seed=SEED, indexes=IndexMode.KEEP)  # ~50 people: not nearly empty

    assert not bulk_rebuild_planned(40, IndexMode.AUTO)
    assert bulk_rebuild_planned(40, IndexMode.DROP)


def test_nothing_is_dropped_on_other_databases() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("this is about the other databases")
    assert not bulk_rebuild_planned(10**6, IndexMode.DROP)
    assert secondary_indexes_drop(BULK_MODELS) == 0
    assert bulk_load_pending() == []


@postgresql_only  # elsewhere the load runs in one process (and the audit tables cannot be
@pytest.mark.django_db(transaction=True)  # flushed after a test that commits)
def test_two_processes_load_the_same_people_as_one_and_a_rerun_adds_nothing() -> None:
    families = list(generate_families(24, SEED))
    expected = {p.key: p for f in families for p in f.people}

    added = families_load(count=24, seed=SEED, batch_size=5, workers=2)

    people = list(Person.objects.filter(local_person_id__in=expected).prefetch_related("names"))
    assert added == len(expected) == len(people)
    for person in people:
        demo = expected[person.local_person_id]
        assert (person.given_name, person.family_name, person.date_of_birth) == (
            demo.given_name,
            demo.family_name,
            demo.date_of_birth,
        )
        stored = set(MatchKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == person_keys(person)
    assert families_load(count=24, seed=SEED, batch_size=5, workers=2) == 0
    assert Person.objects.filter(local_person_id__in=expected).count() == len(expected)
    assert bulk_load_pending() == []
