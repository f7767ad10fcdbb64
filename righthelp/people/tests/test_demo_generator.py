"""Tests for the demo family generator (righthelp.people.demo). No database needed."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date, timedelta
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from righthelp.people.demo import (
    ETHNICITY_CODES,
    LOCALITIES,
    REFERENCE_DATE,
    RELATIONSHIP_KINDS,
    DemoPerson,
    Family,
    generate_families,
    generate_family,
)
from righthelp.people.demo import names as demo_names
from righthelp.people.demo.generator import _nhs_number, _Permutation, _permutations
from righthelp.people.identifiers import (
    is_valid_nhs_number,
    is_valid_postcode,
    is_valid_upn,
    postcode_district,
)

SEED = 20260101
SAMPLE = 3000
CARE_KINDS = {"parent", "step-parent", "carer"}
HULL_DISTRICTS = {
    "West": {"HU1", "HU2", "HU3", "HU4", "HU5"},
    "North": {"HU6", "HU7"},
    "East": {"HU8", "HU9"},
}


@pytest.fixture(scope="module")
def families() -> list[Family]:
    return list(generate_families(SAMPLE, SEED))


@pytest.fixture(scope="module")
def people(families: list[Family]) -> list[DemoPerson]:
    return [p for f in families for p in f.people]


def birth(person: DemoPerson) -> date:
    """Date of birth, or expected date of birth for an unborn baby."""
    value = person.date_of_birth or person.expected_date_of_birth
    assert value is not None
    return value


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


# -------------------------------------------------------------------------- determinism


class TestDeterminism:
    def test_same_seed_same_families(self) -> None:
        assert list(generate_families(200, 42)) == list(generate_families(200, 42))

    def test_different_seeds_differ(self) -> None:
        a = list(generate_families(200, 1))
        b = list(generate_families(200, 2))
        differing = sum(x.people != y.people for x, y in zip(a, b, strict=True))
        assert differing > 190

    def test_start_index_gives_the_same_families(self) -> None:
        whole = list(generate_families(120, 9))
        assert list(generate_families(40, 9, start_index=50)) == whole[50:90]
        assert generate_family(9, 77) == whole[77]

    def test_family_does_not_depend_on_count(self) -> None:
        assert list(generate_families(5, 3))[4] == list(generate_families(500, 3))[4]

    def test_iterator_is_lazy(self) -> None:
        assert len(list(islice(generate_families(10**9, 1), 3))) == 3

    def test_reference_date_is_used_not_today(self) -> None:
        other = date(2030, 6, 15)
        family = generate_family(5, 11, reference_date=other)
        for person in family.people:
            if person.date_of_birth:
                assert person.date_of_birth <= other
            if person.expected_date_of_birth:
                assert person.expected_date_of_birth > other
        assert generate_family(5, 11, reference_date=other) == family

    def test_keys(self) -> None:
        family = generate_family(12, 345)
        assert family.key == "F12-345"
        assert (family.seed, family.index) == (12, 345)
        assert [p.key for p in family.people] == [f"P12-345-{n}" for n in range(len(family.people))]

    def test_dataclasses_are_frozen(self) -> None:
        family = generate_family(1, 1)
        with pytest.raises(dataclasses.FrozenInstanceError):
            family.locality = "Elsewhere"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            family.people[0].given_name = "Changed"  # type: ignore[misc]

    def test_bad_arguments(self) -> None:
        with pytest.raises(ValueError):
            list(generate_families(-1, 1))
        with pytest.raises(ValueError):
            list(generate_families(1, 1, start_index=-1))
        with pytest.raises(ValueError):
            generate_family(1, -1)

    @settings(max_examples=40, deadline=None)
    @given(st.integers(min_value=-(2**40), max_value=2**40), st.integers(0, 999_999))
    def test_any_seed_and_index_gives_a_sound_family(self, seed: int, index: int) -> None:
        family = generate_family(seed, index)
        assert family == generate_family(seed, index)
        check_family(family)


# ------------------------------------------------------------------------- identifiers


class TestIdentifiers:
    def test_nhs_numbers_are_valid_test_range_and_unique(self, people: list[DemoPerson]) -> None:
        numbers = [p.nhs_number for p in people if p.nhs_number is not None]
        assert len(numbers) > 0.85 * len(people)
        assert all(is_valid_nhs_number(n) and len(n) == 10 for n in numbers)
        assert all(n.startswith("9") for n in numbers)
        assert len(set(numbers)) == len(numbers)

    def test_unborn_babies_have_no_nhs_number(self, people: list[DemoPerson]) -> None:
        assert all(p.nhs_number is None for p in people if p.kind == "unborn")

    def test_nhs_number_slots_never_collide(self) -> None:
        nhs_perm, _ = _permutations(SEED)
        numbers = {_nhs_number(nhs_perm, slot) for slot in range(0, 10_000_000, 37)}
        assert len(numbers) == len(range(0, 10_000_000, 37))
        assert all(is_valid_nhs_number(n) for n in islice(numbers, 5000))

    def test_permutation_is_a_bijection(self) -> None:
        for a, b in [(7, 11), (10, 100), (70, 10)]:
            perm = _Permutation(a, b, "test")
            assert sorted(perm(x) for x in range(a * b)) == list(range(a * b))

    def test_upns_are_valid_unique_and_only_for_school_age_children(
        self, families: list[Family]
    ) -> None:
        upns = []
        for family in families:
            for person in family.people:
                if person.upn is None:
                    continue
                upns.append(person.upn)
                assert is_valid_upn(person.upn)
                assert person.kind == "child"
                assert person.date_of_birth is not None
                assert 4 <= age_on(person.date_of_birth, REFERENCE_DATE) < 19
        assert len(upns) > SAMPLE // 3
        assert len(set(upns)) == len(upns)
        # Mostly issued by the home authority, and now and then a temporary UPN.
        assert Counter(u[1:4] for u in upns).most_common(1)[0][0] == "810"

    def test_school_age_children_mostly_have_upns(self, people: list[DemoPerson]) -> None:
        school_age = [
            p
            for p in people
            if p.kind == "child"
            and p.date_of_birth
            and age_on(p.date_of_birth, REFERENCE_DATE) >= 5
        ]
        with_upn = sum(p.upn is not None for p in school_age)
        assert with_upn > 0.85 * len(school_age)

    def test_young_children_have_no_upn(self, people: list[DemoPerson]) -> None:
        for person in people:
            if person.date_of_birth and age_on(person.date_of_birth, REFERENCE_DATE) < 4:
                assert person.upn is None

    def test_addresses(self, families: list[Family]) -> None:
        for family in families:
            address = family.household_address
            assert is_valid_postcode(address.postcode)
            assert address.postcode == address.postcode.upper().strip()
            assert postcode_district(address.postcode) in HULL_DISTRICTS[family.locality]
            assert address.town == "Hull"
            assert re.match(r"^(Flat \d+, )?\d+ \w+ \w+$", address.line1), address.line1
            if family.second_address is not None:
                assert is_valid_postcode(family.second_address.postcode)
                assert family.second_address != address


# ----------------------------------------------------------------------- relationships


def check_family(family: Family) -> None:
    """Invariants every family keeps."""
    people = family.people
    assert 1 <= len(people) <= 10
    assert family.locality in LOCALITIES
    seen: set[tuple[int, int, str]] = set()
    pairs: set[frozenset[int]] = set()
    for a, b, kind in family.relationships:
        assert 0 <= a < len(people) and 0 <= b < len(people)
        assert a != b
        assert kind in RELATIONSHIP_KINDS
        assert (a, b, kind) not in seen
        seen.add((a, b, kind))
        if kind in ("sibling", "half-sibling"):
            assert frozenset((a, b)) not in pairs  # once per pair
            pairs.add(frozenset((a, b)))
            assert birth(people[a]) <= birth(people[b])  # older first
        if kind in CARE_KINDS:
            # The carer is older than the person cared for.
            assert birth(people[a]) < birth(people[b]), (family.key, a, b, kind)
        if kind == "parent":
            parent_age = (birth(people[b]) - birth(people[a])).days / 365.2425
            assert 17 <= parent_age <= 55, (family.key, a, b, parent_age)
    for person in people:
        check_person(person)
    # Everyone not at home lives at the second address, and only then is there one.
    assert (family.second_address is not None) == any(not p.resident for p in people)


def check_person(person: DemoPerson) -> None:
    assert person.kind in ("child", "adult", "unborn")
    assert person.sex in ("female", "male", "unknown", "indeterminate")
    assert person.ethnicity in ETHNICITY_CODES
    assert person.family_name
    assert person.family_name not in person.previous_family_names
    if person.kind == "unborn":
        assert person.date_of_birth is None
        assert person.expected_date_of_birth is not None
        assert person.given_name == "" and person.gender == "" and person.first_language == ""
        assert person.nhs_number is None and person.upn is None
    else:
        assert person.date_of_birth is not None
        assert person.expected_date_of_birth is None
        assert person.given_name
        is_child = age_on(person.date_of_birth, REFERENCE_DATE) < 18
        assert (person.kind == "child") == is_child
    if person.nhs_number is not None:
        assert is_valid_nhs_number(person.nhs_number)
    if person.upn is not None:
        assert is_valid_upn(person.upn)
    assert (person.given_name, person.family_name) not in demo_names.RESERVED_FULL_NAMES


class TestFamilies:
    def test_every_family_is_sound(self, families: list[Family]) -> None:
        for family in families:
            check_family(family)

    def test_children_are_younger_than_their_parents(self, families: list[Family]) -> None:
        checked = 0
        for family in families:
            for a, b, kind in family.relationships:
                if kind in CARE_KINDS:
                    assert birth(family.people[a]) < birth(family.people[b])
                    checked += 1
        assert checked > SAMPLE

    def test_every_child_has_a_carer_or_is_on_their_own(self, families: list[Family]) -> None:
        for family in families:
            cared_for = {b for _, b, kind in family.relationships if kind in CARE_KINDS}
            for n, person in enumerate(family.people):
                if person.role in ("child", "unborn") and len(family.people) > 1:
                    assert n in cared_for, family.key

    def test_unborn_babies_are_due_within_nine_months(self, people: list[DemoPerson]) -> None:
        unborn = [p for p in people if p.kind == "unborn"]
        assert unborn
        for person in unborn:
            due = person.expected_date_of_birth
            assert due is not None
            assert REFERENCE_DATE < due <= REFERENCE_DATE + timedelta(days=280)

    def test_size_and_shape(self, families: list[Family], people: list[DemoPerson]) -> None:
        mean = len(people) / len(families)
        assert 2.3 <= mean <= 2.8  # 400,000 families is about a million people
        kinds = Counter(p.kind for p in people)
        assert kinds["child"] > 0.35 * len(people)
        assert kinds["unborn"] > 0
        relationship_kinds = Counter(k for f in families for _, _, k in f.relationships)
        assert set(relationship_kinds) <= set(RELATIONSHIP_KINDS)
        for kind in RELATIONSHIP_KINDS:
            assert relationship_kinds[kind] > 0, kind
        localities = Counter(f.locality for f in families)
        assert set(localities) == set(LOCALITIES)
        assert sum(f.second_address is not None for f in families) > 0

    def test_mix_of_people(self, people: list[DemoPerson]) -> None:
        ethnicities = Counter(p.ethnicity for p in people)
        assert ethnicities.most_common(1)[0][0] == "WBRI"
        assert 0.5 < ethnicities["WBRI"] / len(people) < 0.8
        assert len(ethnicities) >= 15
        languages = Counter(p.first_language for p in people if p.kind != "unborn")
        assert languages.most_common(1)[0][0] == "English"
        assert {"Polish", "Urdu", "Arabic", "Kurdish", "Romanian"} <= set(languages)
        disabled = sum(p.disability for p in people) / len(people)
        assert 0.02 < disabled < 0.1
        assert any(p.alias for p in people)
        assert any(p.previous_family_names for p in people)
        assert any("-" in p.family_name for p in people)
        assert any(p.middle_names for p in people)

    def test_previous_surnames_of_children_and_adults(self, people: list[DemoPerson]) -> None:
        assert any(p.previous_family_names for p in people if p.kind == "adult")
        assert any(p.previous_family_names for p in people if p.role == "child")

    def test_polish_surnames_agree_with_sex(self, people: list[DemoPerson]) -> None:
        for person in people:
            name = person.family_name
            if name.endswith(("ska", "cka", "dzka")):
                assert person.sex == "female", person
            if name.endswith(("ski", "cki", "dzki")):
                assert person.sex != "female", person
