"""The nickname and spelling-variant list for given names, maintained as data.

``data/nicknames.csv`` holds one group per row (Bob, Rob, Robert, Bobby, ...). Two
given names are variants of each other when they share a row. The file is read once,
on first use; names in it are normalised exactly like the names they are compared with.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from pathlib import Path

from righthelp.matching.normalise import normalise_given_name

__all__ = [
    "DATA_FILE",
    "any_variants",
    "are_variants",
    "load_groups",
    "name_groups",
    "variants_of",
]

DATA_FILE = Path(__file__).with_name("data") / "nicknames.csv"

_NO_GROUPS: frozenset[int] = frozenset()


def _read_groups(path: Path) -> list[tuple[str, ...]]:
    groups: list[tuple[str, ...]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(line for line in handle if not line.lstrip().startswith("#")):
            names: list[str] = []
            for cell in row:
                name = normalise_given_name(cell).full
                if name and name not in names:
                    names.append(name)
            if len(names) > 1:
                groups.append(tuple(names))
    return groups


@functools.cache
def load_groups(
    path: Path = DATA_FILE,
) -> tuple[tuple[tuple[str, ...], ...], dict[str, frozenset[int]]]:
    """``(groups, index)``: the groups in file order and each name's group numbers."""
    groups = _read_groups(path)
    index: dict[str, set[int]] = {}
    for number, names in enumerate(groups):
        for name in names:
            index.setdefault(name, set()).add(number)
    return tuple(groups), {name: frozenset(numbers) for name, numbers in index.items()}


def name_groups(name: str) -> frozenset[int]:
    """The group numbers of a *normalised* given name (empty when it is in no group)."""
    return load_groups()[1].get(name, _NO_GROUPS)


def are_variants(a: str, b: str) -> bool:
    """True when two normalised given names are on a common row of the list."""
    index = load_groups()[1]
    groups_a = index.get(a)
    if not groups_a:
        return False
    groups_b = index.get(b)
    return groups_b is not None and not groups_a.isdisjoint(groups_b)


def variants_of(name: str) -> set[str]:
    """Every name that shares a row with a (raw or normalised) given name, itself included."""
    normal = normalise_given_name(name).full
    groups, index = load_groups()
    found = {normal} if normal else set()
    for number in index.get(normal, _NO_GROUPS):
        found.update(groups[number])
    return found


def any_variants(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    """True when any name of one collection is a variant of any name of the other."""
    index = load_groups()[1]
    groups: set[int] = set()
    for name in names_a:
        groups.update(index.get(name, _NO_GROUPS))
    if not groups:
        return False
    return any(not groups.isdisjoint(index.get(name, _NO_GROUPS)) for name in names_b)
