"""The nickname and variant list, kept as data."""

from __future__ import annotations

import csv

import pytest

from righthelp.matching.nicknames import DATA_FILE, are_variants, load_groups, variants_of
from righthelp.matching.normalise import normalise_given_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bob", "Robert"),
        ("Rob", "Bobby"),
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Muhammed"),
        ("Mohammad", "Mohammed"),
        ("Kate", "Katherine"),
        ("Katie", "Kathryn"),
        ("Catherine", "Kate"),
        ("Jim", "James"),
        ("Jimmy", "James"),
        ("Liz", "Elizabeth"),
        ("Beth", "Elizabeth"),
        ("Alex", "Alexander"),
        ("Alex", "Alexandra"),
        ("Aleksander", "Alexander"),
        ("Zak", "Zachary"),
        ("Zach", "Zachary"),
        ("Abdul Rahman", "Abdirahman"),
        ("Yusuf", "Yousef"),
        ("Fatima", "Fatimah"),
        ("Ayesha", "Aisha"),
        ("Hussain", "Hussein"),
        ("Wojtek", "Wojciech"),
        ("Kasia", "Katarzyna"),
        ("Seun", "Oluwaseun"),
        ("Emeka", "Chukwuemeka"),
        ("Gurpreet", "Gurprit"),
    ],
)
def test_known_variants_match(a: str, b: str) -> None:
    na, nb = normalise_given_name(a).full, normalise_given_name(b).full
    assert are_variants(na, nb)
    assert are_variants(nb, na)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Alexander", "Alexandra"), ("Samuel", "Samantha"), ("John", "Jane"), ("Ali", "Alice")],
)
def test_names_sharing_only_a_short_form_do_not_match(a: str, b: str) -> None:
    assert not are_variants(normalise_given_name(a).full, normalise_given_name(b).full)


def test_variants_of_lists_the_group() -> None:
    assert {"bob", "rob", "robert", "bobby"} <= variants_of("Robert")
    assert variants_of("Xyzzy") == {"xyzzy"}


def test_the_data_file_is_a_few_hundred_names_in_groups() -> None:
    groups, index = load_groups()
    assert len(groups) > 300
    assert len(index) > 1000
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(line for line in handle if not line.startswith("#")) if r]
    assert all(len(row) >= 2 for row in rows), "every group names at least two spellings"
