"""Blocking keys: which records are worth comparing at all.

Comparing every record with every other is impossible at a million records, so each
record gets a handful of *blocking keys*, and only records that share at least one key
are compared. The keys are plain strings with a kind prefix, so the same code can fill
an ordinary indexed column (one row per key) on SQLite and PostgreSQL with no
extension, and the CSV commands can group records by them in memory.

A true match only needs to share *one* key, so the kinds overlap on purpose: each is
robust to different errors.

=========  =====================================  ==========================================
kind       value                                  finds the match despite
=========  =====================================  ==========================================
nhs        NHS number                             any name, date or address difference
upn        UPN                                    any name, date or address difference
dob        date of birth                          name changes, misspellings, moves
dobswap    date of birth, day and month unordered day and month swapped (4 March / 3 April)
sx         surname sound (NYSIIS) + year of birth day or month typo, moves; one key per
                                                  surname the person has had (and each part
                                                  of a double-barrelled one)
sxmd       surname sound + day and month of birth a typo in the year of birth
pg         postcode sector + given-name sound     date typos, surname changes (same area)
nm         given-name sound + surname sound       a missing or wrong date of birth and a move
hh         full postcode + surname sound          a missing date of birth and a misspelt
                                                  given name (same household)
=========  =====================================  ==========================================
"""

from __future__ import annotations

from datetime import date

from righthelp.matching.normalise import (
    MatchRecord,
    given_phonetic,
    surname_phonetic,
)

__all__ = ["KEY_KINDS", "REFINEMENTS", "blocking_keys", "keys_of_kind", "refinement_keys"]

#: Every kind of key, in the order the CSV commands use them.
KEY_KINDS = ("nhs", "upn", "dob", "dobswap", "sx", "sxmd", "pg", "nm", "hh")


def _surname_sounds(record: MatchRecord) -> list[str]:
    sounds: list[str] = []
    for name in record.surname_variants:
        sound = surname_phonetic(name)
        if sound and sound not in sounds:
            sounds.append(sound)
    return sounds


def keys_of_kind(record: MatchRecord, kind: str) -> list[str]:
    """The record's blocking keys of one kind (see the table above)."""
    if kind in ("nhs", "upn"):
        return _identifier_keys(record, kind)
    if kind in ("pg", "hh", "nm"):
        return _name_keys(record, kind)
    if record.date_of_birth is None:
        return []
    return _date_keys(record, record.date_of_birth, kind)


def _identifier_keys(record: MatchRecord, kind: str) -> list[str]:
    if kind == "nhs":
        return [f"nhs:{record.nhs_number}"] if record.nhs_number else []
    return [f"upn:{record.upn}"] if record.upn else []


def _name_keys(record: MatchRecord, kind: str) -> list[str]:
    """The keys by names: given name in a postcode sector, surname at a postcode, or both
    names."""
    if kind == "pg":
        sound = record.given_phonetic
        if not sound and record.given.parts:
            sound = given_phonetic(record.given.parts[0])
        if record.postcode_sector and sound:
            return [f"pg:{record.postcode_sector}:{sound}"]
        return []
    if kind == "hh":
        if not record.postcode:
            return []
        return [f"hh:{record.postcode}:{s}" for s in _surname_sounds(record)]
    if not record.given.parts:
        return []
    sound = record.given_phonetic or given_phonetic(record.given.parts[0])
    return [f"nm:{sound}:{s}" for s in _surname_sounds(record)]


def _date_keys(record: MatchRecord, dob: date, kind: str) -> list[str]:
    """The keys by date of birth (with or without day and month swapped, or with the
    surname)."""
    if kind == "dob":
        return [f"dob:{dob.isoformat()}"]
    if kind == "dobswap":
        if dob.day <= 12 and dob.day != dob.month:
            low, high = sorted((dob.day, dob.month))
            return [f"dobswap:{dob.year:04d}-{low:02d}-{high:02d}"]
        return []
    if kind == "sx":
        return [f"sx:{sound}:{dob.year:04d}" for sound in _surname_sounds(record)]
    if kind == "sxmd":
        return [f"sxmd:{sound}:{dob.month:02d}-{dob.day:02d}" for sound in _surname_sounds(record)]
    raise ValueError(f"unknown kind of blocking key: {kind}")


def blocking_keys(record: MatchRecord) -> set[str]:
    """The blocking keys of a normalised record, e.g. ``{"nhs:9434765919", "dob:2015-03-04"}``.

    A key is only made from values that are present, so a record with nothing but a
    name and a date of birth still gets ``dob``, ``dobswap``, ``sx``, ``sxmd`` and ``nm``
    keys; a record with no usable values at all gets none.
    """
    keys: set[str] = set()
    for kind in KEY_KINDS:
        keys.update(keys_of_kind(record, kind))
    return keys


# --------------------------------------------------------------------------------------
# Refinement of large blocks (bulk linkage)
# --------------------------------------------------------------------------------------
#
# At a million records a date-of-birth block holds about forty people and a common
# surname's block for one year of birth a few hundred; comparing every pair in every
# block would take hours. A large block is therefore split, for bulk linkage only,
# into overlapping sub-blocks by a second, cheap attribute: a pair is compared when
# it shares the block *and* at least one refinement (the same given-name initial, or
# the same surname initial, ...). Pairs that share none of them have too little in
# common to reach a useful match probability in a file that large.

#: For each kind, the refinements used to split its large blocks.
REFINEMENTS: dict[str, tuple[str, ...]] = {
    "nhs": (),
    "upn": (),
    "dob": ("given_initial", "surname_initial", "district"),
    "dobswap": ("given_initial", "surname_initial"),
    "sx": ("given_initial", "birth_month"),
    "sxmd": ("given_initial", "district"),
    "pg": ("birth_year", "birth_month"),
    "nm": ("birth_year", "birth_month", "district"),
    "hh": ("given_initial", "birth_year"),
}


def refinement_keys(record: MatchRecord, refinement: str) -> list[str]:
    """The values of one refinement for a record (none when the value is missing)."""
    dob = record.date_of_birth
    if refinement == "given_initial":
        return [record.given.parts[0][0]] if record.given.parts else []
    if refinement == "surname_initial":
        return sorted({name[0] for name in record.surname_variants})
    if refinement == "birth_month":
        return [str(dob.month)] if dob is not None else []
    if refinement == "birth_year":
        return [str(dob.year)] if dob is not None else []
    if refinement == "district":
        return [record.postcode_district] if record.postcode_district else []
    raise ValueError(f"unknown refinement: {refinement}")
