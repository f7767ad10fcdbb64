"""Fellegi-Sunter scoring of a pair of person records, with an explanation.

Each field of a pair is put into one *comparison level* (exact, nickname, similar
spelling, ..., different, missing). For each level the model holds two probabilities:

* ``m``: how often a true match (the same person) shows this level;
* ``u``: how often two different people show it by chance.

A level's *weight* is ``log2(m / u)`` bits: positive when the level is more typical
of the same person, negative when it is more typical of different people, zero for
a missing value. The weights add up to the pair's *match weight*; adding the prior
(the log-odds that two records picked at random are the same person, which depends on
how many records there are) and turning the log-odds into a probability gives
``match_probability``.

Refinements on the textbook model:

* **Name frequency.** For an exact given name or surname the ``u`` probability is the
  observed frequency of that name, so "Smith" or "Mohammed" agreeing counts for less
  than a rare name (``NameFrequencies``).
* **Relatives.** Surname and address are shared by a family. When both given names
  are present and entirely different, an agreeing surname and postcode say "relative"
  (a sibling, a twin), not "same person", so they count for nothing.
* **Previous names.** A surname is compared with every name the other person is known
  by (previous names, aliases, each part of a double-barrelled name); the best level
  counts. A different surname costs little: children's surnames change.
* **Restricted records** are compared like any other, but the explanation only says
  "restricted record".

``m`` and ``u`` are configured (:data:`DEFAULT_PARAMS`), or fitted to a data set:
``u`` by comparing random pairs (:func:`estimate_u`), ``m`` by expectation-maximisation
over the candidate pairs blocking produces (:func:`fit_em`). Parameters are saved and
loaded as JSON.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler

from righthelp.matching.nicknames import load_groups
from righthelp.matching.normalise import MatchRecord, surname_phonetic

__all__ = [
    "BETTER_LEVELS",
    "DEFAULT_PARAMS",
    "FIELDS",
    "FIELD_LABELS",
    "LEVELS",
    "LEVEL_TEXT",
    "Contribution",
    "ModelParams",
    "NameFrequencies",
    "Score",
    "compare",
    "dedupe_prior_weight",
    "estimate_m",
    "estimate_u",
    "field_weights",
    "fit_em",
    "level_names",
    "link_prior_weight",
    "pair_weight",
    "probability_from_weight",
    "score",
    "weight_from_probability",
]

# --------------------------------------------------------------------------------------
# Fields and levels
# --------------------------------------------------------------------------------------

FIELDS = ("given_name", "surname", "date_of_birth", "sex", "postcode", "nhs_number", "upn")
FIELD_LABELS = {
    "given_name": "Given name",
    "surname": "Surname",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "postcode": "Postcode",
    "nhs_number": "NHS number",
    "upn": "UPN",
}

#: Level names per field; level 0 is always "missing" (a value absent on either side).
LEVELS: dict[str, tuple[str, ...]] = {
    "given_name": ("missing", "exact", "nickname", "jw92", "jw80", "phonetic", "different"),
    "surname": ("missing", "exact", "other_name", "jw92", "jw80", "phonetic", "different"),
    "date_of_birth": ("missing", "exact", "swapped", "one_part", "year_near", "different"),
    "sex": ("missing", "same", "different"),
    "postcode": ("missing", "full", "sector", "district", "different"),
    "nhs_number": ("missing", "same", "different"),
    "upn": ("missing", "same", "different"),
}

#: Plain-English descriptions of each level, for explanations.
LEVEL_TEXT: dict[str, tuple[str, ...]] = {
    "given_name": (
        "missing on one record",
        "the same",
        "a known nickname or variant, or one of their names",
        "a very similar spelling",
        "a similar spelling",
        "sounds the same",
        "different",
    ),
    "surname": (
        "missing on one record",
        "the same",
        "matches a previous name, alias or part of a double-barrelled name",
        "a very similar spelling",
        "a similar spelling",
        "sounds the same",
        "different",
    ),
    "date_of_birth": (
        "missing on one record",
        "the same",
        "day and month swapped",
        "one part different (a typo in the day, month or year)",
        "within a year",
        "different",
    ),
    "sex": ("missing on one record", "the same", "different"),
    "postcode": (
        "missing on one record",
        "the same",
        "same postcode sector",
        "same postcode district",
        "different",
    ),
    "nhs_number": ("missing on one record", "the same", "different"),
    "upn": ("missing on one record", "the same", "different"),
}

# Level numbers used below (see LEVELS).
_G_EXACT, _G_NICK, _G_JW92, _G_JW80, _G_PHON, _G_DIFF = 1, 2, 3, 4, 5, 6
_S_EXACT, _S_OTHER, _S_JW92, _S_JW80, _S_PHON, _S_DIFF = 1, 2, 3, 4, 5, 6
_SURNAME_AGREES = frozenset((_S_EXACT, _S_OTHER, _S_JW92))
_JW_HIGH = 0.92
_JW_LOW = 0.80
_GIVEN, _SURNAME, _DOB, _SEX, _POSTCODE, _NHS, _UPN = range(7)

Levels = tuple[int, int, int, int, int, int, int]

#: For each field, the levels that show *more* agreement than a level (missing aside).
#: Weights are kept monotone along these orders, so more agreement never lowers a score.
BETTER_LEVELS: dict[str, dict[int, tuple[int, ...]]] = {
    "given_name": {2: (1,), 3: (1, 2), 4: (1, 2, 3), 5: (1, 2, 3), 6: (1, 2, 3, 4, 5)},
    "surname": {2: (1,), 3: (1, 2), 4: (1, 2, 3), 5: (1, 2, 3), 6: (1, 2, 3, 4, 5)},
    "date_of_birth": {2: (1,), 3: (1, 2), 4: (1, 2, 3), 5: (1, 2, 3, 4)},
    "sex": {2: (1,)},
    "postcode": {2: (1,), 3: (1, 2), 4: (1, 2, 3)},
    "nhs_number": {2: (1,)},
    "upn": {2: (1,)},
}


def level_names(levels: Sequence[int]) -> dict[str, str]:
    """``{"given_name": "exact", ...}`` for a tuple of level numbers."""
    return {f: LEVELS[f][lv] for f, lv in zip(FIELDS, levels, strict=True)}


# --------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------

_jw = JaroWinkler.normalized_similarity
_nick_index = load_groups()[1]
_NO_GROUPS: frozenset[int] = frozenset()


def _given_level(a: MatchRecord, b: MatchRecord) -> int:
    fa, fb = a.given.full, b.given.full
    if not fa or not fb:
        return 0
    if fa == fb:
        return _G_EXACT
    pa, pb = a.given.parts, b.given.parts
    # One of their names ("Mary" / "Mary-Jane", "Harrison Alexander" / "Alexander").
    for part in pa:
        if part in pb:
            return _G_NICK
    index = _nick_index
    groups = index.get(fa, _NO_GROUPS) | index.get(pa[0], _NO_GROUPS)
    if groups and (
        not groups.isdisjoint(index.get(fb, _NO_GROUPS))
        or not groups.isdisjoint(index.get(pb[0], _NO_GROUPS))
    ):
        return _G_NICK
    similarity = _jw(fa, fb)
    if len(pa) > 1 or len(pb) > 1:  # the best of their names, "Charlotte Lauren" / "Laure"
        similarity = max(similarity, max(_jw(x, y) for x in pa[:3] for y in pb[:3]))
    if similarity >= _JW_HIGH:
        return _G_JW92
    if similarity >= _JW_LOW:
        return _G_JW80
    if a.given_phonetic and a.given_phonetic == b.given_phonetic:
        return _G_PHON
    return _G_DIFF


def _surname_level(a: MatchRecord, b: MatchRecord) -> int:
    fa, fb = a.surname.full, b.surname.full
    if not fa or not fb:
        return 0
    if fa == fb:
        return _S_EXACT
    va, vb = a.surname_variants, b.surname_variants
    if len(va) == 1 and len(vb) == 1:
        similarity = _jw(fa, fb)
        if similarity >= _JW_HIGH:
            return _S_JW92
        if similarity >= _JW_LOW:
            return _S_JW80
        if a.surname_phonetic and a.surname_phonetic == b.surname_phonetic:
            return _S_PHON
        return _S_DIFF
    for name in va:
        if name in vb:
            return _S_OTHER
    similarity = max(_jw(x, y) for x in va for y in vb)
    if similarity >= _JW_HIGH:
        return _S_JW92
    if similarity >= _JW_LOW:
        return _S_JW80
    sounds_b = {surname_phonetic(y) for y in vb}
    if any(surname_phonetic(x) in sounds_b for x in va):
        return _S_PHON
    return _S_DIFF


def _dob_level(a: MatchRecord, b: MatchRecord) -> int:
    da, db = a.date_of_birth, b.date_of_birth
    if da is None or db is None:
        return 0
    if da == db:
        return 1
    same_year = da.year == db.year
    if same_year and da.month == db.day and da.day == db.month:
        return 2
    if same_year + (da.month == db.month) + (da.day == db.day) == 2:
        return 3
    if abs(da.year - db.year) <= 1:
        return 4
    return 5


def _postcode_level(a: MatchRecord, b: MatchRecord) -> int:
    if not a.postcode_district or not b.postcode_district:
        return 0
    if a.postcode and a.postcode == b.postcode:
        return 1
    if a.postcode_sector and a.postcode_sector == b.postcode_sector:
        return 2
    if a.postcode_district == b.postcode_district:
        return 3
    return 4


def compare(a: MatchRecord, b: MatchRecord) -> Levels:
    """The comparison level of each field (see :data:`LEVELS`), as level numbers."""
    sex = 0 if not a.sex or not b.sex else (1 if a.sex == b.sex else 2)
    nhs = 0 if not a.nhs_number or not b.nhs_number else (1 if a.nhs_number == b.nhs_number else 2)
    upn = 0 if not a.upn or not b.upn else (1 if a.upn == b.upn else 2)
    return (
        _given_level(a, b),
        _surname_level(a, b),
        _dob_level(a, b),
        sex,
        _postcode_level(a, b),
        nhs,
        upn,
    )


# --------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------


def _params(**levels: tuple[float, ...]) -> dict[str, tuple[float, ...]]:
    return dict(levels)


@dataclass(frozen=True)
class ModelParams:
    """m and u probabilities per field and level (index 0, "missing", is unused).

    ``tf_floor`` is the smallest ``u`` a name's frequency can give (so a name seen once
    in a small file is not taken to be unique in the country); ``tf_cap_bits`` bounds how
    far the frequency adjustment may move a name's weight from its default either way.
    ``household_size`` is how many other people with the same surname typically share
    an address: when surname and postcode both agree, the postcode's ``u`` becomes
    ``household_size / (number of people with that surname)`` (or
    ``household_u_default`` without frequencies), because families share addresses.
    ``duplicate_rate`` (share of records in one file that are duplicates) and
    ``link_rate`` (share of the smaller file expected in the other) set the priors.
    """

    m: dict[str, tuple[float, ...]]
    u: dict[str, tuple[float, ...]]
    tf_floor: float = 1e-4
    tf_cap_bits: float = 6.0
    relatives_guard: bool = True
    household_size: float = 2.0
    household_u_default: float = 0.01
    duplicate_rate: float = 0.1
    link_rate: float = 0.5
    notes: str = ""
    weights: dict[str, tuple[float, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for f in FIELDS:
            if len(self.m[f]) != len(LEVELS[f]) or len(self.u[f]) != len(LEVELS[f]):
                raise ValueError(f"{f}: expected {len(LEVELS[f])} levels")
        weights: dict[str, tuple[float, ...]] = {}
        for f in FIELDS:
            pairs = zip(self.m[f][1:], self.u[f][1:], strict=True)
            w = [0.0] + [_log2_ratio(m, u) for m, u in pairs]
            # More agreement must never weigh less: cap each level at its better levels.
            for level, better in BETTER_LEVELS[f].items():
                w[level] = min([w[level], *(w[b] for b in better)])
            weights[f] = tuple(w)
        object.__setattr__(self, "weights", weights)

    def weight(self, field_name: str, level: int) -> float:
        return self.weights[field_name][level]

    def to_dict(self) -> dict[str, Any]:
        return {
            "m": {f: dict(zip(LEVELS[f][1:], self.m[f][1:], strict=True)) for f in FIELDS},
            "u": {f: dict(zip(LEVELS[f][1:], self.u[f][1:], strict=True)) for f in FIELDS},
            "tf_floor": self.tf_floor,
            "tf_cap_bits": self.tf_cap_bits,
            "relatives_guard": self.relatives_guard,
            "household_size": self.household_size,
            "household_u_default": self.household_u_default,
            "duplicate_rate": self.duplicate_rate,
            "link_rate": self.link_rate,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelParams:
        def table(kind: str) -> dict[str, tuple[float, ...]]:
            raw = data[kind]
            return {f: (0.0,) + tuple(float(raw[f][lv]) for lv in LEVELS[f][1:]) for f in FIELDS}

        return cls(
            m=table("m"),
            u=table("u"),
            tf_floor=float(data.get("tf_floor", 1e-4)),
            tf_cap_bits=float(data.get("tf_cap_bits", 6.0)),
            relatives_guard=bool(data.get("relatives_guard", True)),
            household_size=float(data.get("household_size", 2.0)),
            household_u_default=float(data.get("household_u_default", 0.01)),
            duplicate_rate=float(data.get("duplicate_rate", 0.1)),
            link_rate=float(data.get("link_rate", 0.5)),
            notes=str(data.get("notes", "")),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ModelParams:
        return cls.from_dict(json.loads(text))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> ModelParams:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def _log2_ratio(m: float, u: float) -> float:
    return math.log2(max(m, 1e-12) / max(u, 1e-12))


#: Configured defaults. ``m`` from the error rates seen in children's services records
#: (and checked against the synthetic set); ``u`` for a population of about a million
#: people, for a city or county: a date of birth is shared by chance about once in
#: 25,000 pairs, a full postcode about once in 30,000.
DEFAULT_PARAMS = ModelParams(
    m=_params(
        given_name=(0.0, 0.8, 0.11, 0.05, 0.015, 0.01, 0.015),
        surname=(0.0, 0.82, 0.05, 0.035, 0.02, 0.01, 0.065),
        date_of_birth=(0.0, 0.89, 0.02, 0.075, 0.005, 0.01),
        sex=(0.0, 0.985, 0.015),
        postcode=(0.0, 0.72, 0.04, 0.06, 0.18),
        nhs_number=(0.0, 0.995, 0.005),
        upn=(0.0, 0.97, 0.03),
    ),
    u=_params(
        given_name=(0.0, 0.008, 0.002, 0.004, 0.03, 0.008, 0.948),
        surname=(0.0, 0.004, 0.0005, 0.002, 0.015, 0.004, 0.9745),
        date_of_birth=(0.0, 4e-5, 1.5e-5, 0.0045, 0.035, 0.96),
        sex=(0.0, 0.5, 0.5),
        postcode=(0.0, 3e-5, 0.004, 0.03, 0.966),
        nhs_number=(0.0, 1e-7, 1.0),
        upn=(0.0, 1e-7, 1.0),
    ),
    notes="configured defaults",
)


# --------------------------------------------------------------------------------------
# Priors and probabilities
# --------------------------------------------------------------------------------------


def probability_from_weight(weight: float) -> float:
    """Log-odds in bits to a probability."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 1.0 / (1.0 + math.pow(2.0, -weight))


def weight_from_probability(probability: float) -> float:
    """A probability to log-odds in bits (clamped for 0 and 1)."""
    p = min(max(probability, 1e-15), 1 - 1e-15)
    return math.log2(p / (1 - p))


def dedupe_prior_weight(n_records: int, duplicate_rate: float = 0.1) -> float:
    """Prior log-odds that two records picked at random from one file are the same person.

    About ``duplicate_rate * n`` of the ``n * (n - 1) / 2`` pairs are matches.
    """
    n = max(n_records, 2)
    matches = max(duplicate_rate * n, 1.0)
    return weight_from_probability(min(matches / (n * (n - 1) / 2), 0.5))


def link_prior_weight(n_left: int, n_right: int, link_rate: float = 0.5) -> float:
    """Prior log-odds that a random left record and a random right record are the same person.

    About ``link_rate`` of the smaller file is expected to be in the other.
    """
    left, right = max(n_left, 1), max(n_right, 1)
    matches = max(link_rate * min(left, right), 1.0)
    return weight_from_probability(min(matches / (left * right), 0.5))


# --------------------------------------------------------------------------------------
# Name frequencies
# --------------------------------------------------------------------------------------


class NameFrequencies:
    """How often each (normalised) given name and surname occurs in a population.

    Used to replace the ``u`` probability of an exact name agreement by the name's own
    frequency: ``u = max(count / total, tf_floor)``.
    """

    __slots__ = ("given", "surname", "total")

    def __init__(
        self,
        given: Mapping[str, int] | None = None,
        surname: Mapping[str, int] | None = None,
        total: int = 0,
    ) -> None:
        self.given: dict[str, int] = dict(given or {})
        self.surname: dict[str, int] = dict(surname or {})
        self.total = total

    @classmethod
    def from_records(cls, records: Iterable[MatchRecord]) -> NameFrequencies:
        given: Counter[str] = Counter()
        surname: Counter[str] = Counter()
        total = 0
        for record in records:
            total += 1
            if record.given.full:
                given[record.given.full] += 1
            if record.surname.full:
                surname[record.surname.full] += 1
        return cls(given, surname, total)

    def add(self, record: MatchRecord) -> None:
        self.total += 1
        if record.given.full:
            self.given[record.given.full] = self.given.get(record.given.full, 0) + 1
        if record.surname.full:
            self.surname[record.surname.full] = self.surname.get(record.surname.full, 0) + 1

    def u_given(self, name: str, floor: float) -> float | None:
        count = self.given.get(name)
        if not count or not self.total:
            return None
        return max(count / self.total, floor)

    def u_surname(self, name: str, floor: float) -> float | None:
        count = self.surname.get(name)
        if not count or not self.total:
            return None
        return max(count / self.total, floor)


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contribution:
    """One line of an explanation: a field, its level, and its weight in bits."""

    field: str
    level: str
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class Score:
    """The score of a pair.

    ``match_weight`` is the sum of the contributions (bits); ``prior_weight`` the prior
    log-odds; ``match_probability`` comes from their sum. For a restricted record
    ``levels`` is empty and the explanation is one line, "restricted record".
    """

    match_weight: float
    prior_weight: float
    match_probability: float
    levels: dict[str, str]
    explanation: tuple[Contribution, ...]

    @property
    def total_weight(self) -> float:
        return self.match_weight + self.prior_weight


def _name_weight(
    m: float, u_tf: float | None, default: float, floor: float, params: ModelParams
) -> tuple[float, str]:
    if u_tf is None:
        return default, ""
    adjusted = _log2_ratio(m, u_tf)
    adjusted = min(max(adjusted, default - params.tf_cap_bits), default + params.tf_cap_bits)
    # An exact match on a common name still counts for more than a nickname match.
    adjusted = max(adjusted, floor)
    if adjusted < default - 0.5:
        return adjusted, "a common name"
    if adjusted > default + 0.5:
        return adjusted, "an uncommon name"
    return adjusted, ""


def field_weights(
    levels: Sequence[int],
    a: MatchRecord,
    b: MatchRecord,
    params: ModelParams = DEFAULT_PARAMS,
    frequencies: NameFrequencies | None = None,
) -> list[tuple[float, str]]:
    """The weight of each field for these levels, with a note on any adjustment."""
    out: list[tuple[float, str]] = []
    for index, f in enumerate(FIELDS):
        out.append((params.weights[f][levels[index]], ""))
    if frequencies is not None:
        if levels[_GIVEN] == _G_EXACT:
            u_tf = frequencies.u_given(a.given.full, params.tf_floor)
            out[_GIVEN] = _name_weight(
                params.m["given_name"][_G_EXACT],
                u_tf,
                out[_GIVEN][0],
                params.weights["given_name"][_G_NICK],
                params,
            )
        if levels[_SURNAME] == _S_EXACT:
            u_tf = frequencies.u_surname(a.surname.full, params.tf_floor)
            out[_SURNAME] = _name_weight(
                params.m["surname"][_S_EXACT],
                u_tf,
                out[_SURNAME][0],
                params.weights["surname"][_S_OTHER],
                params,
            )
    if levels[_POSTCODE] == 1 and levels[_SURNAME] in _SURNAME_AGREES and out[_POSTCODE][0] > 0:
        u_family = params.household_u_default
        if frequencies is not None:
            count = max(
                frequencies.surname.get(a.surname.full, 0),
                frequencies.surname.get(b.surname.full, 0),
            )
            if count:
                u_family = params.household_size / count
        u_family = min(max(u_family, params.u["postcode"][1]), 0.9)
        pc_weight = out[_POSTCODE][0]
        discount = pc_weight - _log2_ratio(params.m["postcode"][1], u_family)
        # Bounded so that more agreement never lowers the score: the pair still scores
        # at least as much as with a merely similar surname, or the same sector only.
        ws, wp = params.weights["surname"], params.weights["postcode"]
        discount = min(
            discount,
            out[_SURNAME][0] - max(ws[_S_JW80], ws[_S_PHON], 0.0),
            pc_weight - max(wp[2], 0.0),
        )
        if discount > 0:
            out[_POSTCODE] = (pc_weight - discount, "counts for less as the surname agrees too")
    if params.relatives_guard and levels[_GIVEN] == _G_DIFF:
        note = "does not count: the given names differ, so this could be a relative"
        if out[_SURNAME][0] > 0:
            out[_SURNAME] = (0.0, note)
        if out[_POSTCODE][0] > 0:
            out[_POSTCODE] = (0.0, note)
    return out


def pair_weight(
    levels: Sequence[int],
    a: MatchRecord,
    b: MatchRecord,
    params: ModelParams = DEFAULT_PARAMS,
    frequencies: NameFrequencies | None = None,
) -> float:
    """The match weight of a pair (sum of field weights), without an explanation."""
    return sum(w for w, _ in field_weights(levels, a, b, params, frequencies))


def _text(field_name: str, level: int, weight: float, note: str) -> str:
    description = LEVEL_TEXT[field_name][level]
    if note:
        description = f"{description}, {note}"
    return f"{FIELD_LABELS[field_name]}: {description} ({weight:+.1f})"


def score(
    a: MatchRecord,
    b: MatchRecord,
    params: ModelParams = DEFAULT_PARAMS,
    *,
    frequencies: NameFrequencies | None = None,
    prior_weight: float | None = None,
) -> Score:
    """Compare two records and score the pair, with an explanation of every field.

    ``prior_weight`` defaults to the prior for de-duplicating a million records with
    :attr:`ModelParams.duplicate_rate` duplicates.
    """
    levels = compare(a, b)
    weights = field_weights(levels, a, b, params, frequencies)
    match_weight = sum(w for w, _ in weights)
    prior = (
        prior_weight
        if prior_weight is not None
        else dedupe_prior_weight(1_000_000, params.duplicate_rate)
    )
    probability = probability_from_weight(match_weight + prior)
    if a.restricted or b.restricted:
        return Score(
            match_weight=match_weight,
            prior_weight=prior,
            match_probability=probability,
            levels={},
            explanation=(
                Contribution(
                    "restricted",
                    "restricted",
                    match_weight,
                    "Restricted record: the details of this comparison are not shown",
                ),
            ),
        )
    explanation = tuple(
        Contribution(f, LEVELS[f][lv], w, _text(f, lv, w, note))
        for f, lv, (w, note) in zip(FIELDS, levels, weights, strict=True)
    )
    return Score(
        match_weight=match_weight,
        prior_weight=prior,
        match_probability=probability,
        levels=level_names(levels),
        explanation=explanation,
    )


# --------------------------------------------------------------------------------------
# Estimation
# --------------------------------------------------------------------------------------


def estimate_u(
    records: Sequence[MatchRecord],
    params: ModelParams = DEFAULT_PARAMS,
    *,
    pairs: int = 200_000,
    seed: int = 0,
    min_count: int = 5,
) -> ModelParams:
    """Estimate ``u`` by comparing random pairs (nearly all are different people).

    A level seen fewer than ``min_count`` times keeps its configured ``u``: rare
    agreements (a shared NHS number) cannot be measured from a sample.
    """
    n = len(records)
    if n < 2:
        return params
    rng = random.Random(seed)
    counts = {f: [0] * len(LEVELS[f]) for f in FIELDS}
    for _ in range(pairs):
        i = rng.randrange(n)
        j = rng.randrange(n - 1)
        if j >= i:
            j += 1
        for f, level in zip(FIELDS, compare(records[i], records[j]), strict=True):
            counts[f][level] += 1
    u: dict[str, tuple[float, ...]] = {}
    for f in FIELDS:
        present = sum(counts[f][1:])
        values = [0.0]
        for level in range(1, len(LEVELS[f])):
            c = counts[f][level]
            values.append(c / present if present and c >= min_count else params.u[f][level])
        u[f] = tuple(values)
    return replace(params, u=u, notes=f"u from {pairs:,} random pairs; {params.notes}")


def fit_em(
    patterns: Mapping[tuple[int, ...], int],
    params: ModelParams = DEFAULT_PARAMS,
    *,
    initial_lambda: float = 0.1,
    fix_u: bool = True,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
    fields: Sequence[str] = FIELDS,
) -> tuple[ModelParams, float]:
    """Fit ``m`` (and ``u`` unless ``fix_u``) by expectation-maximisation.

    ``patterns`` counts the candidate pairs by their tuple of level numbers (as given by
    :func:`compare`). Returns the fitted parameters and ``lambda``, the share of the
    candidate pairs that are matches. Fields outside ``fields`` keep their parameters.
    Levels that never occur keep a tiny probability so that no weight is infinite.
    """
    indexes = [FIELDS.index(f) for f in fields]
    m = {f: list(params.m[f]) for f in FIELDS}
    u = {f: list(params.u[f]) for f in FIELDS}
    lam = initial_lambda
    items = [(pattern, count) for pattern, count in patterns.items() if count > 0]
    total = sum(c for _, c in items)
    if not total:
        return params, lam
    for _ in range(max_iterations):
        m_acc = {f: [0.0] * len(LEVELS[f]) for f in fields}
        u_acc = {f: [0.0] * len(LEVELS[f]) for f in fields}
        matches = 0.0
        for pattern, count in items:
            pm, pu = lam, 1.0 - lam
            for i in indexes:
                level = pattern[i]
                if level:
                    f = FIELDS[i]
                    pm *= m[f][level]
                    pu *= u[f][level]
            posterior = pm / (pm + pu) if pm + pu > 0 else 0.0
            matches += posterior * count
            for i in indexes:
                level = pattern[i]
                if level:
                    f = FIELDS[i]
                    m_acc[f][level] += posterior * count
                    u_acc[f][level] += (1.0 - posterior) * count
        new_lam = matches / total
        change = abs(new_lam - lam)
        for f in fields:
            for table, acc in ((m, m_acc), (u, u_acc)):
                if table is u and fix_u:
                    continue
                present = sum(acc[f][1:])
                if present <= 0:
                    continue
                for level in range(1, len(LEVELS[f])):
                    value = max(acc[f][level] / present, 1e-6)
                    change = max(change, abs(value - table[f][level]))
                    table[f][level] = value
        lam = new_lam
        if change < tolerance:
            break
    fitted = replace(
        params,
        m={f: tuple(v) for f, v in m.items()},
        u={f: tuple(v) for f, v in u.items()},
        notes=f"m fitted by EM{' (u fixed)' if fix_u else ''}; {params.notes}",
    )
    return fitted, lam


def estimate_m(
    patterns: Mapping[tuple[int, ...], int],
    params: ModelParams = DEFAULT_PARAMS,
    *,
    household_patterns: Mapping[tuple[int, ...], int] | None = None,
    dob_pairs_sampled: float | None = None,
    dob_pairs_total: float | None = None,
    max_iterations: int = 100,
) -> tuple[ModelParams, float]:
    """Fit ``m`` by EM in three sessions, keeping ``u`` fixed (from :func:`estimate_u`).

    EM over *all* candidate pairs mistakes families (same surname, same address) for
    matches, and names are correlated with age (Olivers are young), so two records with
    the same date of birth agree on given name far more often than random pairs do.
    Like Splink, each session therefore uses pairs that agree on some fields and fits
    only the others:

    1. ``patterns`` with the same date of birth *and* given name: ``m`` for surname,
       sex, postcode, NHS number and UPN;
    2. ``household_patterns`` (same surname and full postcode) with the same given
       name: ``m`` for the date of birth;
    3. all ``household_patterns`` (a person and their relatives): ``m`` for the given
       name.

    ``patterns`` should be every pair of some whole blocks of one date of birth
    (``dob_pairs_sampled`` pairs of the file's ``dob_pairs_total``) and
    ``household_patterns`` every pair of some whole blocks of one surname and postcode;
    without ``household_patterns``, the household pairs are taken from ``patterns``.
    Returns the parameters and the estimated number of matching pairs in the file.
    """
    given, surname, dob, postcode = 0, 1, 2, 4
    household = household_patterns if household_patterns is not None else patterns
    household = {k: v for k, v in household.items() if k[surname] == 1 and k[postcode] == 1}
    session1 = {k: v for k, v in patterns.items() if k[dob] == 1 and k[given] == 1}
    session2 = {k: v for k, v in household.items() if k[given] == 1}
    fitted1, lam1 = fit_em(
        session1,
        params,
        fields=["surname", "sex", "postcode", "nhs_number", "upn"],
        initial_lambda=0.3,
        max_iterations=max_iterations,
    )
    fitted2, _ = fit_em(
        session2,
        params,
        fields=["date_of_birth", "sex"],
        initial_lambda=0.5,
        max_iterations=max_iterations,
    )
    fitted3, _ = fit_em(
        household,
        params,
        fields=["given_name", "date_of_birth", "sex"],
        initial_lambda=0.3,
        max_iterations=max_iterations,
    )
    m = dict(fitted1.m)
    m["date_of_birth"] = fitted2.m["date_of_birth"]
    m["given_name"] = fitted3.m["given_name"]
    # Keep every m a little above zero: a level unseen in this file is not impossible.
    m = {f: (0.0,) + tuple(max(v, 1e-4) for v in m[f][1:]) for f in FIELDS}
    sampled = sum(v for k, v in patterns.items() if k[dob] == 1)
    scale = 1.0
    if dob_pairs_total is not None:
        scale = dob_pairs_total / max(dob_pairs_sampled or sampled, 1.0)
    matches_sampled = lam1 * sum(session1.values())
    agreeing = max(m["date_of_birth"][1] * m["given_name"][1], 1e-3)
    matches = matches_sampled * scale / agreeing
    return (
        replace(params, m=m, notes=f"m fitted by EM (three sessions); {params.notes}"),
        matches,
    )
