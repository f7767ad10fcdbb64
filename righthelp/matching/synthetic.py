"""Synthetic evaluation data: people recorded more than once, with realistic errors.

The true people come from the invented demo families
(:func:`righthelp.people.demo.generator.generate_families`): names from the
communities of an English port city, families sharing surnames and addresses,
siblings and twins (the hard cases), valid NHS numbers and UPNs.

About ``duplicate_share`` of the people are recorded again, one to three more times,
as another agency would record them, with the errors seen in practice:

* given names: typos, transposed letters, a nickname or transliteration variant
  ("Mohammed" / "Muhammad"), a known-as name, the middle name used, "Baby" for a
  newborn, accents dropped;
* surnames: typos, a previous surname (before marriage or adoption), a new surname
  (adoption, a parent's marriage), a double-barrelled name cut to one part, spacing
  and case ("Mc Donald", "MCDONALD");
* dates of birth: day and month swapped, a one-digit typo, the year off by one,
  missing, and written in several formats;
* sex missing or wrong; postcode changed after a move, missing or mistyped;
* identifiers: missing on the copy, or mistyped (which fails its check digit).

Every record carries ``cluster``, the true person, so linkage can be scored.
Everything is a pure function of the seed.
"""

from __future__ import annotations

import csv
import string
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path
from random import Random

from righthelp.matching.nicknames import load_groups
from righthelp.matching.normalise import normalise_given_name
from righthelp.people.demo.generator import DemoPerson, generate_families

__all__ = [
    "CSV_COLUMNS",
    "ErrorRates",
    "SyntheticRecord",
    "evaluate_pairs",
    "generate_records",
    "iter_records",
    "true_pairs",
    "write_csv",
]

CSV_COLUMNS = (
    "id",
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "postcode",
    "nhs_number",
    "upn",
)


@dataclass(frozen=True, slots=True)
class SyntheticRecord:
    id: str
    given_name: str
    surname: str
    date_of_birth: str
    sex: str
    postcode: str
    nhs_number: str
    upn: str
    cluster: str

    def as_row(self, with_cluster: bool = True) -> dict[str, str]:
        row = asdict(self)
        if not with_cluster:
            del row["cluster"]
        return row


@dataclass(frozen=True, slots=True)
class ErrorRates:
    """Chance of each error on a duplicate record (several can happen together)."""

    given_typo: float = 0.08
    given_variant: float = 0.08
    given_alias: float = 0.5  # when the person has a known-as name
    given_middle: float = 0.05
    given_baby: float = 0.3  # for a child under one
    accents_dropped: float = 0.5
    surname_typo: float = 0.06
    surname_previous: float = 0.4  # when the person has a previous surname
    surname_new: float = 0.03
    surname_one_part: float = 0.4  # when double-barrelled
    surname_spacing: float = 0.05
    dob_swapped: float = 0.03
    dob_typo: float = 0.04
    dob_year: float = 0.01
    dob_missing: float = 0.02
    sex_missing: float = 0.05
    sex_wrong: float = 0.01
    postcode_moved: float = 0.2
    postcode_missing: float = 0.08
    postcode_typo: float = 0.02
    identifier_missing: float = 0.1
    identifier_typo: float = 0.01


_SEX_FORMS = {"male": ("M", "Male", "male", "1"), "female": ("F", "Female", "female", "2")}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_LETTERS = string.ascii_lowercase


def _typo(rng: Random, word: str) -> str:
    if len(word) < 3:
        return word
    chars = list(word)
    i = rng.randrange(1, len(chars))  # rarely the first letter, as in practice
    kind = rng.random()
    if kind < 0.3 and i < len(chars) - 1:
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind < 0.55:
        del chars[i]
    elif kind < 0.8:
        chars.insert(i, rng.choice(_LETTERS))
    else:
        chars[i] = rng.choice(_LETTERS)
    out = "".join(chars)
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def _strip_accents(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variant(rng: Random, name: str) -> str | None:
    groups, index = load_groups()
    first = name.split(" ")[0]
    normal = normalise_given_name(first).full
    options = sorted(
        {v for g in index.get(normal, ()) for v in groups[g] if v != normal and len(v) > 1}
    )
    if not options:
        return None
    return rng.choice(options).capitalize()


def _format_date(rng: Random, value: date) -> str:
    roll = rng.random()
    if roll < 0.5:
        return value.isoformat()
    if roll < 0.9:
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day}.{value.month}.{value.year}"


def _dob_typo(rng: Random, value: date) -> date:
    for _ in range(10):
        text = list(value.strftime("%Y%m%d"))
        i = rng.choice((3, 5, 6, 7))  # last digit of the year, the month or the day
        text[i] = str(rng.randrange(10))
        try:
            candidate = date(
                int("".join(text[:4])), int("".join(text[4:6])), int("".join(text[6:]))
            )
        except ValueError:
            continue
        if candidate != value:
            return candidate
    return value


def _postcode(rng: Random, district: str) -> str:
    return (
        f"{district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    )


def _mistype_digit(rng: Random, value: str) -> str:
    chars = list(value)
    i = rng.randrange(len(chars))
    if chars[i].isdigit():
        chars[i] = str((int(chars[i]) + rng.randint(1, 9)) % 10)
    return "".join(chars)


class _Maker:
    def __init__(self, seed: int, duplicate_share: float, identifiers: bool, rates: ErrorRates):
        self.rng = Random(f"synthetic:{seed}")
        self.seed = seed
        self.duplicate_share = duplicate_share
        self.identifiers = identifiers
        self.rates = rates
        self.surname_pool: list[str] = []
        self.next_id = 0

    def _id(self) -> str:
        self.next_id += 1
        return f"R{self.next_id:07d}"

    def true_record(
        self, person: DemoPerson, given: str, postcode: str, cluster: str
    ) -> SyntheticRecord:
        rng = self.rng
        assert person.date_of_birth is not None
        return SyntheticRecord(
            id=self._id(),
            given_name=given,
            surname=person.family_name,
            date_of_birth=_format_date(rng, person.date_of_birth),
            sex=rng.choice(_SEX_FORMS.get(person.sex, ("",))),
            postcode=postcode,
            nhs_number=(person.nhs_number or "") if self.identifiers else "",
            upn=(person.upn or "") if self.identifiers else "",
            cluster=cluster,
        )

    def duplicate(
        self, person: DemoPerson, true_given: str, postcode: str, cluster: str
    ) -> SyntheticRecord:
        # Each part draws from the one generator in turn: the order is the data set.
        dob = person.date_of_birth
        assert dob is not None
        given = self._duplicate_given(person, true_given, dob)
        surname = self._duplicate_surname(person)
        if self.rng.random() < self.rates.accents_dropped:
            given, surname = _strip_accents(given), _strip_accents(surname)
        dob_text = self._duplicate_dob(dob)
        sex = self._duplicate_sex(person)
        postcode = self._duplicate_postcode(postcode)
        nhs, upn = self._duplicate_identifiers(person) if self.identifiers else ("", "")
        return SyntheticRecord(
            id=self._id(),
            given_name=given,
            surname=surname,
            date_of_birth=dob_text,
            sex=sex,
            postcode=postcode,
            nhs_number=nhs,
            upn=upn,
            cluster=cluster,
        )

    def _duplicate_given(self, person: DemoPerson, true_given: str, dob: date) -> str:
        # Known by a middle name only where the other record has it too: otherwise nothing
        # tells the person from a twin.
        rng, r = self.rng, self.rates
        given = person.given_name
        if person.alias and rng.random() < r.given_alias:
            given = person.alias
        elif person.middle_names and rng.random() < r.given_middle:
            if true_given != person.given_name:
                given = person.middle_names.split(" ")[0]
            else:
                given = f"{person.given_name} {person.middle_names}"
        elif rng.random() < r.given_variant:
            given = _variant(rng, given) or given
        if rng.random() < r.given_typo:
            given = _typo(rng, given)
        if (date(2026, 1, 1) - dob).days < 365 and rng.random() < r.given_baby:
            given = rng.choice(
                ("Baby", "BABY", "Baby Boy" if person.sex == "male" else "Baby Girl")
            )
        return given

    def _duplicate_surname(self, person: DemoPerson) -> str:
        rng, r = self.rng, self.rates
        surname = person.family_name
        if person.previous_family_names and rng.random() < r.surname_previous:
            surname = rng.choice(person.previous_family_names)
        elif rng.random() < r.surname_new and self.surname_pool:
            surname = rng.choice(self.surname_pool)
        if "-" in surname and rng.random() < r.surname_one_part:
            surname = rng.choice(surname.split("-"))
        if rng.random() < r.surname_typo:
            surname = _typo(rng, surname)
        if rng.random() < r.surname_spacing:
            surname = rng.choice(
                (
                    surname.upper(),
                    surname.lower(),
                    surname.replace("Mc", "Mc "),
                    surname.replace("O'", "O "),
                    surname.replace("Mc", "Mac"),
                )
            )
        return surname

    def _duplicate_dob(self, dob: date) -> str:
        rng, r = self.rng, self.rates
        roll = rng.random()
        if roll < r.dob_missing:
            return ""
        new = dob
        roll -= r.dob_missing
        if roll < r.dob_swapped and dob.day <= 12 and dob.day != dob.month:
            new = date(dob.year, dob.day, dob.month)
        elif roll < r.dob_swapped + r.dob_typo:
            new = _dob_typo(rng, dob)
        elif roll < r.dob_swapped + r.dob_typo + r.dob_year:
            try:
                new = dob.replace(year=dob.year + rng.choice((-1, 1)))
            except ValueError:  # 29 February
                new = dob
        return _format_date(rng, new)

    def _duplicate_sex(self, person: DemoPerson) -> str:
        rng, r = self.rng, self.rates
        sex = rng.choice(_SEX_FORMS.get(person.sex, ("",)))
        roll = rng.random()
        if roll < r.sex_missing:
            sex = ""
        elif roll < r.sex_missing + r.sex_wrong:
            sex = "F" if person.sex == "male" else "M"
        return sex

    def _duplicate_postcode(self, postcode: str) -> str:
        rng, r = self.rng, self.rates
        roll = rng.random()
        if roll < r.postcode_moved:
            district = postcode.split(" ")[0] if rng.random() < 0.5 else f"HU{rng.randint(1, 9)}"
            postcode = _postcode(rng, district)
        elif roll < r.postcode_moved + r.postcode_missing:
            postcode = ""
        elif roll < r.postcode_moved + r.postcode_missing + r.postcode_typo:
            postcode = _typo(rng, postcode)
        if postcode and rng.random() < 0.1:
            postcode = postcode.replace(" ", "").lower()
        return postcode

    def _duplicate_identifiers(self, person: DemoPerson) -> tuple[str, str]:
        rng, r = self.rng, self.rates
        nhs, upn = person.nhs_number or "", person.upn or ""
        if rng.random() < r.identifier_missing:
            nhs = ""
        elif nhs and rng.random() < r.identifier_typo:
            nhs = _mistype_digit(rng, nhs)
        if rng.random() < r.identifier_missing:
            upn = ""
        elif upn and rng.random() < r.identifier_typo:
            upn = _mistype_digit(rng, upn)
        if nhs and rng.random() < 0.3:
            nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
        return nhs, upn


def iter_records(
    n_records: int,
    seed: int = 1,
    *,
    duplicate_share: float = 0.3,
    identifiers: bool = False,
    rates: ErrorRates | None = None,
    shuffle_window: int = 5000,
) -> Iterator[SyntheticRecord]:
    """Yield about ``n_records`` records (true people and their duplicates).

    Records are shuffled within windows of ``shuffle_window`` so that duplicates are not
    next to each other, while a million records stream in constant memory. Unborn
    babies (no date of birth, no name yet) are left out.
    """
    maker = _Maker(seed, duplicate_share, identifiers, rates or ErrorRates())
    rng = maker.rng
    window: list[SyntheticRecord] = []
    produced = 0
    family_index = 0
    batch = 1000
    while produced < n_records:
        for family in generate_families(batch, seed, start_index=family_index):
            for person in family.people:
                if person.date_of_birth is None or not person.given_name:
                    continue
                address = family.household_address
                if not person.resident and family.second_address is not None:
                    address = family.second_address
                cluster = f"P{seed}-{person.key}"
                maker.surname_pool.append(person.family_name)
                if len(maker.surname_pool) > 5000:
                    maker.surname_pool.pop(rng.randrange(len(maker.surname_pool)))
                true_given = person.given_name
                if person.middle_names and rng.random() < 0.3:
                    true_given = f"{person.given_name} {person.middle_names}"
                window.append(maker.true_record(person, true_given, address.postcode, cluster))
                produced += 1
                if rng.random() < duplicate_share:
                    copies = 1 + (rng.random() < 0.25) + (rng.random() < 0.08)
                    for _ in range(copies):
                        window.append(
                            maker.duplicate(person, true_given, address.postcode, cluster)
                        )
                        produced += 1
                if len(window) >= shuffle_window:
                    rng.shuffle(window)
                    yield from window
                    window = []
                if produced >= n_records:
                    break
            if produced >= n_records:
                break
        family_index += batch
    rng.shuffle(window)
    yield from window


def generate_records(
    n_records: int,
    seed: int = 1,
    *,
    duplicate_share: float = 0.3,
    identifiers: bool = False,
    rates: ErrorRates | None = None,
) -> list[SyntheticRecord]:
    """:func:`iter_records` as a list."""
    return list(
        iter_records(
            n_records, seed, duplicate_share=duplicate_share, identifiers=identifiers, rates=rates
        )
    )


def write_csv(
    records: Iterable[SyntheticRecord], path: str | Path, *, with_cluster: bool = True
) -> int:
    """Write records as a CSV with the input columns (and ``cluster``); returns the count."""
    names = [f.name for f in fields(SyntheticRecord)]
    if not with_cluster:
        names.remove("cluster")
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for record in records:
            writer.writerow([getattr(record, n) for n in names])
            count += 1
    return count


def true_pairs(records: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every pair of ids (sorted) in the same cluster, from ``(id, cluster)`` tuples."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for record_id, cluster in records:
        clusters[cluster].append(record_id)
    pairs: set[tuple[str, str]] = set()
    for ids in clusters.values():
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((a, b))
    return pairs


def evaluate_pairs(
    predicted: Iterable[tuple[str, str]], truth: set[tuple[str, str]]
) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted matches against the true pairs."""
    found = {(a, b) if a < b else (b, a) for a, b in predicted}
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": tp,
        "false_positives": len(found) - tp,
        "false_negatives": len(truth) - tp,
    }
