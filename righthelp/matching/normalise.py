"""Normalisation of the values a person record is matched on.

Pure functions, no database. Every raw value is turned into a comparable form, and a
value that cannot be used (an impossible date, an NHS number whose check digit fails,
a placeholder name such as "Baby") is treated as *missing*: missing values neither
count for nor against a match. Values that look like data but cannot be parsed are
also *reported* as :class:`Problem` so that the caller can tell the user.

Names
    Case, accents and punctuation are folded (``"Zieliński"`` -> ``"zielinski"``,
    ``"O'Brien"`` -> ``"obrien"``). Titles (Mr, Mrs, Dr, ...) and suffixes (Jr, Snr)
    are removed. Hyphenated and double-barrelled names are kept both joined and as
    their parts (``"Smith-Jones"`` -> ``"smithjones"`` with parts ``smith``, ``jones``).
    Prefixes are handled the same way however they are written: ``Mc Donald``,
    ``McDonald``, ``MacDonald`` -> ``mcdonald``; ``O'Neill``, ``O Neill`` ->
    ``oneill``; ``De Souza``, ``de-Souza`` -> ``desouza`` (with ``souza`` as a part);
    ``Van der Berg`` -> ``vanderberg`` (with ``berg``).
Placeholder names
    "Baby", "Unborn", "Unknown", "Not known", "Infant", "Male", "Female", "Twin 1",
    "Baby of Smith" and the like are not names: a given name made only of them is
    missing.
Dates
    ISO ``2015-03-04``, UK ``04/03/2015`` (day first), ``4.3.15``, ``20150304`` and
    ``4 Mar 2015``. :func:`swapped_date` gives the day-and-month-swapped variant.
Postcodes
    Normalised and checked with :mod:`righthelp.people.identifiers`; the sector
    (``HU1 2``) and district (``HU1``) are kept for partial agreement.
Identifiers
    NHS numbers and UPNs are validated with ``validate_nhs_number`` and ``validate_upn``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import jellyfish
from django.core.exceptions import ValidationError

from righthelp.people.identifiers import (
    is_valid_postcode,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    validate_nhs_number,
    validate_upn,
)

__all__ = [
    "MatchRecord",
    "Name",
    "Problem",
    "clean_text",
    "collect_surname_variants",
    "given_phonetic",
    "normalise_date",
    "normalise_given_name",
    "normalise_nhs",
    "normalise_postcode_parts",
    "normalise_record",
    "normalise_sex",
    "normalise_surname",
    "normalise_upn_value",
    "surname_phonetic",
    "swapped_date",
]


class Problem(NamedTuple):
    """A raw value that could not be used, so is treated as missing."""

    field: str
    code: str
    message: str


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------

# Letters that Unicode decomposition does not reduce to a base letter ("Łukasz" -> "Lukasz").
# The people app folds stored names with the same table (``people.models.normalise_name``).
SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
        "ħ": "h",
    }
)
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u0060\u00b4]")
_NOT_LETTERS = re.compile(r"[^a-z]+")


@functools.lru_cache(maxsize=65536)
def clean_text(value: str) -> str:
    """Fold case and accents, drop apostrophes, turn other punctuation into spaces.

    ``"  Zieliński-O'Brien "`` -> ``"zielinski obrien"``. Letters outside the Latin
    alphabet are dropped (records in other scripts need transliterating first).
    """
    decomposed = unicodedata.normalize("NFKD", value.translate(SPECIAL_LETTERS))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _APOSTROPHES.sub("", ascii_only.casefold())
    return " ".join(_NOT_LETTERS.sub(" ", folded).split())


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _words(
    "mr mrs ms miss mx master dr doctor rev revd reverend sir dame lady lord prof professor "
    "fr father sister"
)
_SUFFIXES = _words("jr jnr junior snr sr senior ii iii iv")

#: Words that stand in for a name that is not known (yet). A given name made only of
#: these (and digits or single letters after them: "Twin 1", "Baby A") is missing.
PLACEHOLDER_WORDS = _words(
    "baby babe unborn unknown unk nk infant newborn neonate male female boy girl child twin "
    "triplet unnamed noname tbc tba tbd anon anonymous fnu lnu nfn nmn x xx xxx none null nil "
    "notknown notstated notgiven withheld refused dummy"
)
#: Placeholder phrases, matched on the cleaned text with spaces removed ("N/A" -> "na").
_PLACEHOLDER_PHRASES = _words(
    "na notknown nameunknown notstated notgiven noname tobeconfirmed tobeadvised notyetnamed "
    "notnamed firstnameunknown surnameunknown unknownname"
)
#: Surname placeholders: fewer words, because Baby, Male, Child and so on are
#: (rare) real surnames.
PLACEHOLDER_SURNAME_WORDS = _words(
    "unknown unk nk notknown unnamed noname tbc tba tbd anon anonymous fnu lnu x xx xxx none "
    "null nil withheld refused dummy"
)

# Prefixes that are part of the name itself: joined to the next word.
_JOINED_PREFIXES = _words("mc mac o fitz st saint ap")
# Particles: joined to the next word, and the bare remainder kept as a part too
# ("De Souza" -> "desouza" and "souza"), because people drop them.
_PARTICLES = _words(
    "de da di du del della dela der den van von le la al el ben bin ibn abu ter ten dos das do"
)


@dataclass(frozen=True, slots=True)
class Name:
    """A normalised name: ``full`` is every part joined; empty when missing."""

    full: str = ""
    parts: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.full)


_MISSING_NAME = Name()


def _mac_to_mc(word: str) -> str:
    # MacDonald, Mackenzie, Macintyre -> mc...; short words and Mach- (Machin) keep
    # their spelling: "Mack", "Macey", "Machin" are names in their own right.
    if len(word) >= 7 and word.startswith("mac") and word[3] != "h":
        return "mc" + word[3:]
    return word


def _join_prefixes(tokens: list[str], *, surname: bool) -> tuple[list[str], list[str]]:
    """Join name prefixes to the following word. Returns (words, extra bare parts)."""
    words: list[str] = []
    extra: list[str] = []
    pending = ""
    pending_particle = False
    for item in tokens:
        is_prefix = surname and (item in _JOINED_PREFIXES or item in _PARTICLES)
        if is_prefix:
            if item == "saint":
                item = "st"
            pending += item
            pending_particle = pending_particle or item in _PARTICLES
            continue
        if pending:
            if pending_particle:
                extra.append(item)
            item = pending + item
            pending, pending_particle = "", False
        words.append(_mac_to_mc(item) if surname else item)
    if pending:  # a prefix with nothing after it is a word of its own
        words.append(pending)
    return words, extra


def _placeholder_only(tokens: list[str], words: frozenset[str]) -> bool:
    if not tokens:
        return True
    compact = "".join(tokens)
    if compact in _PLACEHOLDER_PHRASES or compact in words:  # "N/K", "Not-known"
        return True
    seen_placeholder = False
    for index, item in enumerate(tokens):
        if item in words:
            seen_placeholder = True
            continue
        if seen_placeholder and item == "of":
            return True  # "Baby of Sarah Smith": the mother's name, not the child's
        if seen_placeholder and (len(item) == 1 or item.isdigit()):
            continue
        if item == "not" and index + 1 < len(tokens) and tokens[index + 1] in ("known",):
            seen_placeholder = True
            continue
        if item == "known" and index > 0 and tokens[index - 1] == "not":
            continue
        return False
    return True


@functools.lru_cache(maxsize=262144)
def _normalise_name(value: str, surname: bool) -> Name:
    tokens = clean_text(value).split()
    tokens = [t for t in tokens if not t.isdigit()]
    # Titles at the front, suffixes at the end (only when something else is left).
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    placeholders = PLACEHOLDER_SURNAME_WORDS if surname else PLACEHOLDER_WORDS
    if _placeholder_only(tokens, placeholders):
        return _MISSING_NAME
    if not surname:
        # "Baby Aisha", "Female Twin Zara": drop the placeholder words, keep the name.
        kept = [t for t in tokens if t not in placeholders]
        if any(t in placeholders for t in tokens):
            kept = [t for t in kept if len(t) > 1]
        tokens = kept or tokens
    words, extra = _join_prefixes(tokens, surname=surname)
    full = "".join(words)
    parts: list[str] = []
    for part in (*words, *extra):
        if part and part not in parts:
            parts.append(part)
    return Name(full=full, parts=tuple(parts))


def normalise_given_name(value: object) -> Name:
    """Normalise a given name (first and middle names). Placeholders give a missing name."""
    if value is None:
        return _MISSING_NAME
    return _normalise_name(str(value), False)


def normalise_surname(value: object) -> Name:
    """Normalise a family name, handling prefixes, particles and double-barrelled names."""
    if value is None:
        return _MISSING_NAME
    return _normalise_name(str(value), True)


@functools.lru_cache(maxsize=262144)
def given_phonetic(name: str) -> str:
    """Metaphone code of a normalised given name ("" for a missing name)."""
    return jellyfish.metaphone(name) if name else ""


@functools.lru_cache(maxsize=262144)
def surname_phonetic(name: str) -> str:
    """NYSIIS code of a normalised surname ("" for a missing name).

    NYSIIS keeps Johnson/Jonhson, Khan/Kahn and McDonald/MacDonald together.
    """
    return jellyfish.nysiis(name) if name else ""


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ].*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})(?: .*)?")
_COMPACT = re.compile(r"\d{8}")
_WORDY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-/.]*([a-z]+)[ \-/.,]*(\d{4}|\d{2})")
_EARLIEST_YEAR = 1900


def _year(text: str, reference: date) -> int:
    year = int(text)
    if len(text) == 2:  # "15" -> 2015, "89" -> 1989
        pivot = reference.year % 100
        year += 2000 if year <= pivot else 1900
    return year


def normalise_date(
    value: object, *, reference: date | None = None
) -> tuple[date | None, Problem | None]:
    """Parse a date of birth. Returns ``(date or None, problem or None)``.

    Day-first UK order is assumed for ``dd/mm/yyyy``. An impossible date (31/02/2015),
    an unrecognised one, or a year before 1900 or after next year is missing and reported.
    """
    if value is None:
        return None, None
    if isinstance(value, date):
        return value, None
    text = str(value).strip().lower()
    if not text:
        return None, None
    reference = reference or date.today()
    parts: tuple[int, int, int] | None = None
    if match := _ISO.fullmatch(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif match := _DAY_FIRST.fullmatch(text):
        parts = (_year(match[3], reference), int(match[2]), int(match[1]))
    elif _COMPACT.fullmatch(text):
        if text[:2] in ("19", "20"):
            parts = (int(text[:4]), int(text[4:6]), int(text[6:]))
        else:
            parts = (int(text[4:]), int(text[2:4]), int(text[:2]))
    elif (match := _WORDY.fullmatch(text)) and match[2] in _MONTHS:
        parts = (_year(match[3], reference), _MONTHS[match[2]], int(match[1]))
    if parts is None:
        return None, Problem(
            "date_of_birth", "unrecognised_date", "Date of birth not recognised as a date"
        )
    year, month, day = parts
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None, Problem("date_of_birth", "impossible_date", "Date of birth is not a real date")
    if year < _EARLIEST_YEAR or year > reference.year + 1:
        return None, Problem(
            "date_of_birth", "implausible_date", "Date of birth is too far in the past or future"
        )
    return parsed, None


def swapped_date(value: date | None) -> date | None:
    """The date with day and month swapped, when that is a different, real date.

    ``2015-03-04`` (4 March) -> ``2015-04-03`` (3 April); ``None`` when the day is over
    12 or equal to the month.
    """
    if value is None or value.day > 12 or value.day == value.month:
        return None
    return date(value.year, value.day, value.month)


# --------------------------------------------------------------------------------------
# Sex, postcode, identifiers
# --------------------------------------------------------------------------------------

_SEX = {
    "m": "M",
    "male": "M",
    "1": "M",
    "boy": "M",
    "man": "M",
    "f": "F",
    "female": "F",
    "2": "F",
    "girl": "F",
    "woman": "F",
}
_SEX_UNKNOWN = frozenset(
    ["u", "unknown", "0", "9", "not known", "notknown", "not stated", "x", "i", "indeterminate",
     "n", "nk", "other", "not specified", "unspecified"]
)  # fmt: skip


def normalise_sex(value: object) -> tuple[str, Problem | None]:
    """``"M"``, ``"F"`` or ``""`` (not known, indeterminate or not stated)."""
    if value is None:
        return "", None
    text = str(value).strip().lower()
    if not text or text in _SEX_UNKNOWN:
        return "", None
    sex = _SEX.get(text)
    if sex is None:
        return "", Problem("sex", "unrecognised_sex", "Sex not recognised")
    return sex, None


_OUTWARD_ONLY = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


@functools.lru_cache(maxsize=262144)
def _postcode_parts(text: str) -> tuple[str, str, str, Problem | None]:
    compact = "".join(text.split()).upper()
    if not compact:
        return "", "", "", None
    if is_valid_postcode(compact):
        full = normalise_postcode(compact)
        return full, full[:-2], full.split(" ", 1)[0], None
    if _OUTWARD_ONLY.fullmatch(compact) and is_valid_postcode(compact + "1AA"):
        return "", "", compact, None  # a district alone ("HU7") still says something
    return "", "", "", Problem("postcode", "invalid_postcode", "Postcode not in a real format")


def normalise_postcode_parts(value: object) -> tuple[str, str, str, Problem | None]:
    """``(postcode, sector, district, problem)``: ``"hu12aa"`` -> ``"HU1 2AA", "HU1 2", "HU1"``."""
    if value is None:
        return "", "", "", None
    return _postcode_parts(str(value))


def normalise_nhs(value: object) -> tuple[str, Problem | None]:
    """A valid NHS number as 10 digits, else ``""`` (with a problem if one was given).

    Numbers made of one repeated digit pass the modulus 11 check but are dummies
    (0000000000, 1111111111); they are treated as missing too.
    """
    number = normalise_nhs_number(value)
    if not number:
        return "", None
    try:
        validate_nhs_number(number)
    except ValidationError as error:
        return "", Problem("nhs_number", str(error.code), error.messages[0])
    if len(set(number)) == 1:
        return "", Problem("nhs_number", "placeholder_nhs_number", "NHS number is a dummy value")
    return number, None


def normalise_upn_value(value: object) -> tuple[str, Problem | None]:
    """A valid UPN (upper case, 13 characters), else ``""`` (with a problem if one was given)."""
    upn = normalise_upn(value)
    if not upn:
        return "", None
    try:
        validate_upn(upn)
    except ValidationError as error:
        return "", Problem("upn", str(error.code), error.messages[0])
    return upn, None


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """One person, normalised for matching. Missing values are ``""`` or ``None``.

    ``other_surnames`` holds previous names and aliases (and their parts), compared as
    well as the current surname. ``restricted`` records are scored like any other, but
    their scores are never explained in detail.
    """

    id: str
    given: Name = _MISSING_NAME
    surname: Name = _MISSING_NAME
    other_surnames: tuple[str, ...] = ()
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""
    postcode_sector: str = ""
    postcode_district: str = ""
    nhs_number: str = ""
    upn: str = ""
    restricted: bool = False
    #: Every surname the person is known by: current (joined, then its parts), then others.
    surname_variants: tuple[str, ...] = field(default=(), compare=False)
    given_phonetic: str = field(default="", compare=False)
    surname_phonetic: str = field(default="", compare=False)


def collect_surname_variants(surname: Name, others: Iterable[str] = ()) -> tuple[str, ...]:
    """The current surname (joined, then its parts) followed by the other names, once each."""
    names: list[str] = []
    for name in (surname.full, *surname.parts, *others):
        if name and name not in names:
            names.append(name)
    return tuple(names)


@functools.lru_cache(maxsize=262144)
def _variants_cache(surname: Name, others: tuple[str, ...]) -> tuple[str, ...]:
    return collect_surname_variants(surname, others)


_date_cache: dict[date, date] = {}


def _shared_date(value: date | None) -> date | None:
    # One date object per distinct date keeps a million records small.
    if value is None:
        return None
    return _date_cache.setdefault(value, value)


def normalise_record(
    raw: Mapping[str, object],
    *,
    record_id: str | None = None,
    other_surnames: Iterable[object] = (),
    restricted: bool = False,
    reference: date | None = None,
) -> tuple[MatchRecord, list[Problem]]:
    """Normalise one raw record (keys as in the CSV input: ``id, given_name, surname,
    date_of_birth, sex, postcode, nhs_number, upn``; missing keys are missing values).

    Returns the record and the problems found; a problem never drops the record, the
    value concerned is just treated as missing.
    """
    problems: list[Problem] = []
    given = normalise_given_name(raw.get("given_name"))
    surname = normalise_surname(raw.get("surname"))
    others: list[str] = []
    for other in other_surnames:
        name = normalise_surname(other)
        for variant in (name.full, *name.parts):
            known = variant == surname.full or variant in surname.parts or variant in others
            if variant and not known:
                others.append(variant)
    dob, problem = normalise_date(raw.get("date_of_birth"), reference=reference)
    if problem:
        problems.append(problem)
    sex, problem = normalise_sex(raw.get("sex"))
    if problem:
        problems.append(problem)
    postcode, sector, district, problem = normalise_postcode_parts(raw.get("postcode"))
    if problem:
        problems.append(problem)
    nhs, problem = normalise_nhs(raw.get("nhs_number"))
    if problem:
        problems.append(problem)
    upn, problem = normalise_upn_value(raw.get("upn"))
    if problem:
        problems.append(problem)
    first_given = given.parts[0] if given.parts else ""
    record = MatchRecord(
        id=str(record_id if record_id is not None else raw.get("id", "")),
        given=given,
        surname=surname,
        other_surnames=tuple(others),
        date_of_birth=_shared_date(dob),
        sex=sex,
        postcode=postcode,
        postcode_sector=sector,
        postcode_district=district,
        nhs_number=nhs,
        upn=upn,
        restricted=restricted,
        surname_variants=_variants_cache(surname, tuple(others)),
        given_phonetic=given_phonetic(first_given),
        surname_phonetic=surname_phonetic(surname.full),
    )
    return record, problems
