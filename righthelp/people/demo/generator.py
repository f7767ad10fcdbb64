"""Deterministic, realistic demo families for a children's services case management system.

Knows nothing about Django models: it yields frozen dataclasses that a loader turns into
rows. Every family is a pure function of ``(seed, index, reference_date)``: it draws from
its own ``random.Random(f"{seed}:{index}")``, so family 123 is the same whether it is
produced by ``generate_families(1000, seed)`` or ``generate_families(1, seed, 123)``.
Dates are relative to ``reference_date`` (default 1 January 2026), never to today.

The families are invented. They are shaped like a city's early help and safeguarding
caseload: mostly lone parents with one or two children, some couples and step-families,
some children living with grandparents or an aunt, some expectant mothers; parents aged
17 to 55 at their children's births; names, ethnicity (DfE codes) and first languages
drawn from the communities of an English port city. About 2.5 people a family on
average, so 400,000 families are about a million people.

Identifiers
-----------
*NHS numbers* are valid (modulus 11) and start with 9, a range not issued to patients
in England and Wales. They are unique within a seed by construction, not by luck: the
person's slot ``index * 10 + n`` (``n`` its position in the family, always below 10) is
put through a keyed permutation of ``range(10**7)`` (a small Feistel network whose
round tables come from ``Random(f"nhs:{seed}")``). The 7-digit result is digits 2-8;
digit 9 is chosen so that the number has a check digit (one value in ten has none), and
the check digit follows. Distinct slots give distinct digits 2-8, so no two people of
the same seed share a number for indexes below :data:`MAX_UNIQUE_FAMILIES` (one million
families); beyond that, slots wrap round and numbers may repeat. Different seeds are
different data sets and may share numbers.

*UPNs* are valid (modulus 23 check letter) for children who have started school (aged
4 or more, from the September after their fourth birthday). The establishment number
and serial come the same way from a permutation of ``range(7 * 10**6)`` applied to the
slot ``index * 7 + k`` (``k`` counts the family's school-age people), so they are unique
within a seed up to :data:`MAX_UNIQUE_FAMILIES` too. About one in fifty is a temporary
UPN (a letter in position 13).
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Generic, TypeVar

from righthelp.people.demo import names as N
from righthelp.people.identifiers import UPN_LETTERS, upn_check_letter

__all__ = [
    "ETHNICITY_CODES",
    "LOCALITIES",
    "MAX_UNIQUE_FAMILIES",
    "REFERENCE_DATE",
    "RELATIONSHIP_KINDS",
    "DemoAddress",
    "DemoPerson",
    "Family",
    "generate_families",
    "generate_family",
]

REFERENCE_DATE = date(2026, 1, 1)
LOCALITIES = ("West", "East", "North")
RELATIONSHIP_KINDS = (
    "parent",
    "step-parent",
    "carer",
    "sibling",
    "half-sibling",
    "household-member",
    "other",
)
#: DfE main ethnicity codes, as used in the school and children in need censuses.
ETHNICITY_CODES = (
    "WBRI",
    "WIRI",
    "WIRT",
    "WROM",
    "WOTH",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
)
#: Family indexes below this get NHS numbers and UPNs unique within their seed.
MAX_UNIQUE_FAMILIES = 1_000_000

_PEOPLE_SLOTS = 10  # most people one family can hold (NHS number slots)
_UPN_SLOTS = 7  # most school-age people one family can hold (UPN slots)


# --------------------------------------------------------------------------------------
# What the generator yields
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoAddress:
    line1: str
    town: str
    postcode: str
    line2: str = ""


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One invented person.

    Missing values: ``""`` for text fields that are blank (``middle_names``,
    ``gender``, ``first_language``, an unborn baby's ``given_name``), ``None`` for
    ``alias``, dates and the unique identifiers ``nhs_number`` and ``upn``.
    ``kind`` is ``"child"`` for anyone under 18 on the reference date (so a 17-year-old
    mother is a child too), ``"adult"`` otherwise, ``"unborn"`` for an expected baby.
    ``role`` says who they are in the family: mother, father, step-father,
    step-mother, partner, grandmother, grandfather, aunt, child or unborn.
    """

    key: str
    kind: str
    role: str
    given_name: str
    middle_names: str
    family_name: str
    previous_family_names: tuple[str, ...]
    alias: str | None
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    gender: str
    ethnicity: str
    first_language: str
    disability: bool
    nhs_number: str | None
    upn: str | None
    resident: bool

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


@dataclass(frozen=True, slots=True)
class Family:
    """One household and the people around it.

    ``people`` live at ``household_address`` when ``resident`` is true, otherwise at
    ``second_address`` (a parent who lives elsewhere). ``relationships`` are
    ``(from, to, kind)`` with indexes into ``people``, read "from is kind of to":
    parent/step-parent/carer point from the adult to the child; siblings and
    half-siblings appear once per pair, from the older to the younger.
    """

    key: str
    seed: int
    index: int
    locality: str
    household_address: DemoAddress
    second_address: DemoAddress | None
    people: tuple[DemoPerson, ...]
    relationships: tuple[tuple[int, int, str], ...]


# --------------------------------------------------------------------------------------
# Weighted tables, built once
# --------------------------------------------------------------------------------------

T = TypeVar("T")


class _Table(Generic[T]):
    """Weighted choice with precomputed cumulative weights (as ``random.choices`` does)."""

    __slots__ = ("items", "cum", "total", "hi")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = tuple(item for item, _ in pairs)
        cum: list[float] = []
        running = 0.0
        for _, weight in pairs:
            running += weight
            cum.append(running)
        self.cum = cum
        self.total = running
        self.hi = len(cum) - 1

    def pick(self, rng: Random) -> T:
        return self.items[bisect_right(self.cum, rng.random() * self.total, 0, self.hi)]


def _zipf(items: Sequence[str], offset: float) -> _Table[str]:
    """Most common first: weight ``1 / (rank + offset)``."""
    return _Table([(item, 1.0 / (rank + offset)) for rank, item in enumerate(items)])


_GIVEN: dict[tuple[str, str, str], _Table[str]] = {
    (community, era, sex): _zipf(pool, 12.0)
    for community, eras in N.GIVEN_NAMES.items()
    for era, sexes in eras.items()
    for sex, pool in sexes.items()
}
_SURNAME: dict[str, _Table[str]] = {c: _zipf(pool, 15.0) for c, pool in N.SURNAMES.items()}
_FEMALE_SURNAME: dict[str, _Table[str]] = {
    c: _zipf(pool, 1.0) for c, pool in N.FEMALE_ONLY_SURNAMES.items()
}
_WB_ERA = {year: N.era_for("white_british", year) for year in range(1900, 2101)}


def _era(community: str, year: int) -> str:
    if community == "white_british":
        return _WB_ERA.get(year) or N.era_for(community, year)
    return "adult" if year < 2005 else "child"


@dataclass(frozen=True, slots=True)
class _Community:
    ethnicity: str
    adult_languages: _Table[str]
    child_languages: _Table[str]
    middle_name: float  # chance of at least one middle name
    married: float  # chance a couple with children is married
    takes_name: float  # chance a married woman uses her husband's surname
    female_surname: float  # chance a woman holds a female-only surname (Begum, Kaur)
    anglo_child: float  # chance a child is given a name from the White British list


def _c(
    ethnicity: str,
    adult: Sequence[tuple[str, float]],
    child: Sequence[tuple[str, float]],
    middle_name: float,
    married: float,
    takes_name: float,
    female_surname: float = 0.0,
    anglo_child: float = 0.0,
) -> _Community:
    return _Community(
        ethnicity,
        _Table(adult),
        _Table(child),
        middle_name,
        married,
        takes_name,
        female_surname,
        anglo_child,
    )


_EN = (("English", 1.0),)
_COMMUNITY: dict[str, _Community] = {
    "white_british": _c("WBRI", _EN, _EN, 0.72, 0.40, 0.88),
    "irish": _c("WIRI", _EN, _EN, 0.6, 0.5, 0.8, anglo_child=0.3),
    "irish_traveller": _c("WIRT", _EN, _EN, 0.3, 0.7, 0.9, anglo_child=0.2),
    "polish": _c(
        "WOTH",
        (("Polish", 88), ("English", 12)),
        (("English", 55), ("Polish", 45)),
        0.2,
        0.55,
        0.9,
        anglo_child=0.15,
    ),
    "romanian": _c(
        "WOTH",
        (("Romanian", 90), ("English", 10)),
        (("Romanian", 55), ("English", 45)),
        0.1,
        0.6,
        0.9,
        anglo_child=0.1,
    ),
    "roma": _c(
        "WROM",
        (("Slovak", 40), ("Romanian", 20), ("Czech", 20), ("Romani", 15), ("English", 5)),
        (("English", 30), ("Slovak", 30), ("Romani", 20), ("Czech", 12), ("Romanian", 8)),
        0.05,
        0.5,
        0.85,
    ),
    "pakistani": _c(
        "APKN",
        (("Urdu", 45), ("Panjabi", 30), ("English", 25)),
        (("English", 55), ("Urdu", 25), ("Panjabi", 20)),
        0.3,
        0.92,
        0.3,
        female_surname=0.3,
    ),
    "bangladeshi": _c(
        "ABAN",
        (("Bengali", 60), ("Sylheti", 25), ("English", 15)),
        (("English", 55), ("Bengali", 30), ("Sylheti", 15)),
        0.2,
        0.92,
        0.2,
        female_surname=0.45,
    ),
    "indian": _c(
        "AIND",
        (
            ("Panjabi", 35),
            ("Gujarati", 25),
            ("English", 15),
            ("Hindi", 10),
            ("Tamil", 8),
            ("Malayalam", 7),
        ),
        (("English", 70), ("Panjabi", 12), ("Gujarati", 10), ("Tamil", 4), ("Hindi", 4)),
        0.25,
        0.9,
        0.7,
        female_surname=0.25,
        anglo_child=0.05,
    ),
    "afghan": _c(
        "AOTH",
        (("Pashto", 55), ("Dari", 40), ("English", 5)),
        (("Pashto", 45), ("Dari", 35), ("English", 20)),
        0.1,
        0.95,
        0.2,
    ),
    "chinese": _c(
        "CHNE",
        (("Mandarin", 45), ("Cantonese", 40), ("English", 15)),
        (("English", 55), ("Mandarin", 25), ("Cantonese", 20)),
        0.3,
        0.8,
        0.3,
        anglo_child=0.2,
    ),
    "black_caribbean": _c("BCRB", _EN, _EN, 0.6, 0.35, 0.7, anglo_child=0.3),
    "west_african": _c(
        "BAFR",
        (("English", 45), ("Yoruba", 25), ("Igbo", 15), ("Twi", 10), ("French", 5)),
        (("English", 85), ("Yoruba", 8), ("Igbo", 4), ("Twi", 3)),
        0.6,
        0.75,
        0.85,
        anglo_child=0.15,
    ),
    "somali": _c(
        "BAFR",
        (("Somali", 90), ("English", 10)),
        (("Somali", 55), ("English", 45)),
        0.1,
        0.85,
        0.0,
    ),
    "eritrean": _c(
        "BAFR",
        (("Tigrinya", 90), ("Arabic", 5), ("English", 5)),
        (("Tigrinya", 60), ("English", 40)),
        0.05,
        0.8,
        0.0,
    ),
    "zimbabwean": _c(
        "BAFR",
        (("English", 50), ("Shona", 40), ("Ndebele", 10)),
        (("English", 85), ("Shona", 15)),
        0.5,
        0.7,
        0.8,
        anglo_child=0.2,
    ),
    "kurdish": _c(
        "OOTH",
        (("Kurdish", 85), ("Arabic", 10), ("English", 5)),
        (("Kurdish", 60), ("English", 40)),
        0.05,
        0.9,
        0.1,
    ),
    "arab": _c(
        "OOTH",
        (("Arabic", 92), ("English", 8)),
        (("Arabic", 60), ("English", 40)),
        0.05,
        0.9,
        0.1,
    ),
}

# (mother's community, father's community): weight per thousand families.
_PROFILES: _Table[tuple[str, str]] = _Table(
    [
        (("white_british", "white_british"), 640),
        (("white_british", "irish"), 12),
        (("irish", "white_british"), 8),
        (("irish", "irish"), 4),
        (("irish_traveller", "irish_traveller"), 4),
        (("white_british", "black_caribbean"), 18),
        (("black_caribbean", "white_british"), 6),
        (("black_caribbean", "black_caribbean"), 8),
        (("white_british", "west_african"), 8),
        (("white_british", "pakistani"), 5),
        (("white_british", "bangladeshi"), 1),
        (("white_british", "indian"), 3),
        (("white_british", "chinese"), 2),
        (("white_british", "kurdish"), 6),
        (("white_british", "arab"), 4),
        (("white_british", "polish"), 10),
        (("polish", "white_british"), 8),
        (("romanian", "white_british"), 3),
        (("polish", "polish"), 55),
        (("romanian", "romanian"), 22),
        (("roma", "roma"), 12),
        (("pakistani", "pakistani"), 28),
        (("bangladeshi", "bangladeshi"), 8),
        (("indian", "indian"), 15),
        (("afghan", "afghan"), 6),
        (("chinese", "chinese"), 10),
        (("west_african", "west_african"), 22),
        (("somali", "somali"), 8),
        (("eritrean", "eritrean"), 6),
        (("zimbabwean", "zimbabwean"), 6),
        (("kurdish", "kurdish"), 18),
        (("arab", "arab"), 15),
    ]
)

# Some White British-named adults are of mixed heritage.
_MIXED_ADULT = _Table([("MWBC", 45), ("MWBA", 20), ("MWAS", 20), ("MOTH", 15)])
_WHITE = frozenset({"WBRI", "WIRI", "WIRT", "WROM", "WOTH"})
_MIXED = frozenset({"MWBC", "MWBA", "MWAS", "MOTH"})
_ASIAN = frozenset({"AIND", "APKN", "ABAN", "AOTH", "CHNE"})

_STRUCTURES = _Table(
    [
        ("lone_mother", 57),
        ("two_parents", 12),
        ("mother_stepfather", 5),
        ("mother_partner", 2),
        ("lone_father", 5),
        ("father_stepmother", 1),
        ("grandparents", 5),
        ("aunt", 3),
        ("expectant", 6),
        ("young_person", 4),
    ]
)
_CHILD_COUNT = _Table([(1, 84), (2, 11), (3, 3), (4, 1.2), (5, 0.8)])
# Young people known without their family: mostly unaccompanied asylum-seeking children.
_YOUNG_PERSON_COMMUNITY = _Table(
    [
        ("white_british", 40),
        ("afghan", 14),
        ("eritrean", 12),
        ("kurdish", 12),
        ("arab", 8),
        ("somali", 5),
        ("romanian", 3),
        ("polish", 3),
        ("west_african", 3),
    ]
)

_LOCALITY = _Table([("West", 40), ("North", 32), ("East", 28)])
# Hull's HU1-HU9 districts, split between the three localities.
_DISTRICTS = {
    "West": _Table([("HU1", 3), ("HU2", 5), ("HU3", 30), ("HU4", 22), ("HU5", 40)]),
    "North": _Table([("HU6", 45), ("HU7", 55)]),
    "East": _Table([("HU8", 55), ("HU9", 45)]),
}
_ELSEWHERE = _Table(
    [
        (("Hessle", ("HU13",)), 4),
        (("Cottingham", ("HU16",)), 4),
        (("Beverley", ("HU17",)), 5),
        (("Bridlington", ("YO15", "YO16")), 3),
        (("Goole", ("DN14",)), 3),
        (("Grimsby", ("DN31", "DN32", "DN33", "DN34")), 4),
        (("Scunthorpe", ("DN15", "DN16", "DN17")), 3),
        (("Doncaster", ("DN1", "DN2", "DN4", "DN5")), 3),
        (("York", ("YO10", "YO24", "YO31")), 3),
        (("Leeds", ("LS6", "LS8", "LS9", "LS11")), 4),
        (("Bradford", ("BD3", "BD5", "BD8")), 2),
        (("Sheffield", ("S2", "S5", "S8")), 2),
        (("Manchester", ("M8", "M13", "M40")), 2),
        (("London", ("E1", "N15", "SE15", "E17")), 3),
    ]
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_STREET_STEM = _Table([(s, 1.0) for s in N.STREET_STEMS])
_STREET_ENDING = _zipf(N.STREET_ENDINGS, 2.0)

# LA number on a UPN: mostly the home authority (810, Kingston upon Hull), some from
# elsewhere for children who started school in another area.
_UPN_LA = _Table(
    [
        ("810", 880),
        ("811", 40),
        ("812", 12),
        ("813", 10),
        ("816", 8),
        ("815", 8),
        ("383", 10),
        ("380", 6),
        ("373", 6),
        ("352", 6),
        ("204", 4),
        ("209", 4),
        ("925", 6),
    ]
)

_YEAR = 365.2425


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------


class _Permutation:
    """A keyed bijection of ``range(a * b)``: a 4-round Feistel network whose halves
    alternate between ``range(a)`` and ``range(b)``, with random round tables."""

    __slots__ = ("a", "b", "t0", "t1", "t2", "t3")

    def __init__(self, a: int, b: int, key: str) -> None:
        rng = Random(key)
        self.a, self.b = a, b
        # Even rounds read x as (L in range(a), R in range(b)); odd rounds the other way.
        self.t0 = [rng.randrange(a) for _ in range(b)]
        self.t1 = [rng.randrange(b) for _ in range(a)]
        self.t2 = [rng.randrange(a) for _ in range(b)]
        self.t3 = [rng.randrange(b) for _ in range(a)]

    def __call__(self, x: int) -> int:
        a, b = self.a, self.b
        left, right = divmod(x, b)
        x = right * a + (left + self.t0[right]) % a
        left, right = divmod(x, a)
        x = right * b + (left + self.t1[right]) % b
        left, right = divmod(x, b)
        x = right * a + (left + self.t2[right]) % a
        left, right = divmod(x, a)
        return right * b + (left + self.t3[right]) % b


@functools.lru_cache(maxsize=16)
def _permutations(seed: int) -> tuple[_Permutation, _Permutation]:
    return (
        _Permutation(1_000, 10_000, f"nhs:{seed}"),
        _Permutation(7_000, 1_000, f"upn:{seed}"),
    )


def _weighted_digit_sums(width: int, weights: tuple[int, ...]) -> list[int]:
    return [
        sum(int(d) * w for d, w in zip(f"{v:0{width}d}", weights, strict=True))
        for v in range(10**width)
    ]


# Weighted digit sums for digits 2-5 and 6-8 of an NHS number (digit 1 is 9, weight 10).
_NHS_HIGH = _weighted_digit_sums(4, (9, 8, 7, 6))
_NHS_LOW = _weighted_digit_sums(3, (5, 4, 3))


def _nhs_number(perm: _Permutation, slot: int) -> str:
    value = perm(slot % 10_000_000)
    high, low = divmod(value, 1000)
    partial = 90 + _NHS_HIGH[high] + _NHS_LOW[low]
    ninth = (slot * 7 + partial) % 10  # varies digit 9; any choice keeps numbers unique
    check = 11 - (partial + 2 * ninth) % 11
    if check == 10:  # no valid number ends this way: the next digit 9 always has one
        ninth = (ninth + 1) % 10
        check = 11 - (partial + 2 * ninth) % 11
    return f"9{value:07d}{ninth}{check % 11}"


def _upn(perm: _Permutation, slot: int, la: str, year: int, temporary: bool) -> str:
    value = perm(slot % 7_000_000)
    establishment, serial = 1000 + value // 1000, value % 1000
    # A temporary UPN ends in two digits and a letter.
    tail = f"{serial // 10:02d}{UPN_LETTERS[serial % 10]}" if temporary else f"{serial:03d}"
    body = f"{la}{establishment}{year % 100:02d}{tail}"
    return upn_check_letter(body) + body


# --------------------------------------------------------------------------------------
# Building a family
# --------------------------------------------------------------------------------------

# A surname as (base, community) parts: rendered per person, so that a Polish girl is a
# Kowalska and her brother a Kowalski, and double-barrelled names keep both parts.
Surname = tuple[tuple[str, str], ...]


def _render(surname: Surname, sex: str) -> str:
    if sex == "female":
        return "-".join(N.feminine_surname(base, c) for base, c in surname)
    return "-".join(base for base, _ in surname)


class _Draft:
    """A person while the family is being put together."""

    __slots__ = (
        "role",
        "community",
        "name_community",
        "sex",
        "dob",
        "edd",
        "surname",
        "previous",
        "ethnicity",
        "resident",
        "parents",
        "english_home",
    )

    def __init__(
        self,
        role: str,
        community: str,
        sex: str,
        dob: int | None,
        surname: Surname,
        ethnicity: str,
        resident: bool = True,
    ) -> None:
        self.role = role
        self.community = community
        self.name_community = community
        self.sex = sex
        self.dob = dob  # proleptic Gregorian ordinal
        self.edd: int | None = None
        self.surname = surname
        self.previous: tuple[Surname, ...] = ()
        self.ethnicity = ethnicity
        self.resident = resident
        self.parents: tuple[str, str] = ("", "")  # labels of (mother, father)
        self.english_home = True


class _Builder:
    """Puts one family together. All randomness comes from ``rng``, in a fixed order.

    Parents are known by labels: ``M`` the children's mother, ``Q`` the resident
    father or partner, ``A``/``F1``/``F2``/``F9`` other fathers, ``GM``/``GF`` maternal
    grandparents. A label need not belong to a recorded person: an unrecorded father
    still has a surname and a heritage that his children inherit.
    """

    def __init__(self, seed: int, index: int, reference_date: date) -> None:
        self.seed = seed
        self.index = index
        self.ref = reference_date.toordinal()
        self.rng = Random(f"{seed}:{index}")
        self.people: list[_Draft] = []
        self.labels: dict[str, int] = {}  # parent label -> index into people
        self.rels: list[tuple[int, int, str]] = []
        self.married_to: set[str] = set()  # labels of fathers married to the mother
        self.unrecorded_surnames: dict[str, Surname] = {}
        self.father_communities: dict[str, str] = {}
        self.mother_community = "white_british"
        self.default_father_community = "white_british"
        self.mother_birth_surname: Surname = ()

    # -- small helpers --------------------------------------------------------------

    @staticmethod
    def years(y: float) -> int:
        return int(y * _YEAR)

    def surname(self, community: str) -> Surname:
        rng = self.rng
        table = _SURNAME[community]
        if community == "white_british" and rng.random() < 0.012:  # double-barrelled
            return ((table.pick(rng), community), (table.pick(rng), community))
        return ((table.pick(rng), community),)

    def father_community(self, label: str) -> str:
        return self.father_communities.get(label, self.default_father_community)

    def father_surname(self, label: str) -> Surname:
        if label in self.labels:
            return self.people[self.labels[label]].surname
        surname = self.unrecorded_surnames.get(label)
        if surname is None:
            surname = self.surname(self.father_community(label))
            self.unrecorded_surnames[label] = surname
        return surname

    def relate(self, a: int, b: int, kind: str) -> None:
        self.rels.append((a, b, kind))

    def add(self, draft: _Draft, label: str = "") -> int:
        self.people.append(draft)
        n = len(self.people) - 1
        if label:
            self.labels[label] = n
        return n

    def adult(
        self,
        role: str,
        community: str,
        sex: str,
        dob: int,
        label: str = "",
        resident: bool = True,
        surname: Surname | None = None,
    ) -> int:
        """Add an adult (or young parent); a father's label reuses his known surname."""
        if surname is None:
            surname = self.father_surname(label) if label else self.surname(community)
        ethnicity = _COMMUNITY[community].ethnicity
        if ethnicity == "WBRI" and self.rng.random() < 0.04:
            ethnicity = _MIXED_ADULT.pick(self.rng)
        elif ethnicity == "BCRB" and self.rng.random() < 0.2:
            ethnicity = "BOTH"  # Black British, any other Black background
        draft = _Draft(role, community, sex, dob, surname, ethnicity, resident)
        return self.add(draft, label)

    def mother(self, dob: int, resident: bool = True) -> int:
        return self.adult(
            "mother",
            self.mother_community,
            "female",
            dob,
            "M",
            resident=resident,
            surname=self.mother_birth_surname,
        )

    def marry(self, wife: _Draft, husband_surname: Surname) -> None:
        """The wife may take her husband's surname (or join it to hers)."""
        rng = self.rng
        if rng.random() < _COMMUNITY[wife.community].takes_name:
            wife.previous = (*wife.previous, wife.surname)
            if rng.random() < 0.06 and len(wife.surname) == 1:
                wife.surname = wife.surname + husband_surname
            else:
                wife.surname = husband_surname

    # -- ages -----------------------------------------------------------------------

    def child_dobs(self) -> list[int]:
        """1-5 children's dates of birth, oldest first, all under 18 on the reference date."""
        rng = self.rng
        count = _CHILD_COUNT.pick(rng)
        gaps = [
            0 if rng.random() < 0.025 else self.years(rng.triangular(1.0, 7.0, 2.2))
            for _ in range(count - 1)
        ]
        most = self.years(17.8)
        span = sum(gaps)
        if span > most:
            gaps = [g * most // span for g in gaps]
            span = sum(gaps)
        youngest_age = rng.randrange(0, self.years(17.95) - span)
        dobs = [self.ref - youngest_age - span]
        for gap in gaps:
            dobs.append(dobs[-1] + gap)
        return dobs

    def mother_dob(self, oldest: int, youngest: int) -> int:
        """Aged 17-40 (mostly mid-twenties) at the first birth, at most 45 at the last."""
        at_first = self.rng.triangular(17.0, 40.0, 24.0)
        limit = 45.0 - (youngest - oldest) / _YEAR
        if at_first > limit:
            at_first = max(17.0, limit)
        return oldest - self.years(at_first) - 1

    def other_parent_dob(self, first_dob: int, oldest: int, youngest: int) -> int:
        """Near the first parent's age, and aged 17 to 55 at each child's birth."""
        dob = first_dob - self.years(self.rng.triangular(-3.0, 12.0, 2.5))
        earliest = youngest - self.years(55.0) + 1
        latest = oldest - self.years(17.0) - 1
        return min(max(dob, earliest), latest)

    def partner_dob(self, first_dob: int, oldest: int, own: Sequence[int]) -> int:
        """A step-parent or partner: near the parent's age, at least 18 years older than
        the eldest child, adult now, and aged 17 to 55 at the births of their own."""
        dob = first_dob - self.years(self.rng.triangular(-4.0, 12.0, 2.0))
        latest = min(oldest - self.years(18.0), self.ref - self.years(18.0))
        if own:
            latest = min(latest, own[0] - self.years(17.0) - 1)
            return min(max(dob, own[-1] - self.years(55.0) + 1), latest)
        return min(dob, latest)

    # -- children -------------------------------------------------------------------

    def split(self, dobs: list[int], fathers: Sequence[str]) -> list[tuple[str, list[int]]]:
        """Share the children (oldest first) between one or two fathers."""
        if len(fathers) == 1 or len(dobs) == 1:
            return [(fathers[0], dobs)]
        cut = self.rng.randrange(1, len(dobs))
        if dobs[cut] == dobs[cut - 1]:  # twins share a father
            return [(fathers[0], dobs)]
        return [(fathers[0], dobs[:cut]), (fathers[1], dobs[cut:])]

    def child_surname(self, father: str) -> Surname:
        """The surname children of the mother and ``father`` are registered with."""
        rng = self.rng
        father_surname = self.father_surname(father)
        mother = self.people[self.labels["M"]] if "M" in self.labels else None
        mother_surname = mother.surname if mother else self.mother_birth_surname
        if father in self.married_to:
            # Married: the father's surname, or the couple's joined one.
            if mother and len(mother.surname) > 1 and father_surname[0] in mother.surname:
                return mother.surname
            return father_surname
        if mother_surname == father_surname:
            return father_surname
        roll = rng.random()
        lives_with_father = father in self.labels and self.people[self.labels[father]].resident
        if not lives_with_father:
            if roll < 0.62:
                return mother_surname
            return father_surname if roll < 0.94 else mother_surname + father_surname
        if roll < 0.5:
            return father_surname
        return mother_surname if roll < 0.88 else mother_surname + father_surname

    def child(self, dob: int, father: str, surname: Surname, unborn: bool = False) -> int:
        """Add a child (or, with ``unborn``, an expected baby due on ``dob``)."""
        rng = self.rng
        mother = self.people[self.labels["M"]] if "M" in self.labels else None
        dad = self.people[self.labels[father]] if father in self.labels else None
        mc, fc = self.mother_community, self.father_community(father)
        m_code = mother.ethnicity if mother else _COMMUNITY[mc].ethnicity
        f_code = dad.ethnicity if dad else _COMMUNITY[fc].ethnicity
        roll = rng.random()
        if unborn:
            sex = "unknown" if roll < 0.7 else ("female" if roll < 0.85 else "male")
        elif roll < 0.4945:
            sex = "female"
        elif roll < 0.9990:
            sex = "male"
        else:
            sex = "indeterminate" if roll < 0.9995 else "unknown"
        draft = _Draft(
            "unborn" if unborn else "child",
            mc if mc != "white_british" else fc,  # heritage other than White British
            sex,
            None if unborn else dob,
            surname,
            _mix(m_code, f_code, rng),
        )
        if unborn:
            draft.edd = dob
        # Named from either parent's heritage, sometimes with a White British name.
        name_community = mc if mc == fc or rng.random() < 0.55 else fc
        if rng.random() < _COMMUNITY[name_community].anglo_child:
            name_community = "white_british"
        draft.name_community = name_community
        draft.parents = ("M", father)
        draft.english_home = mc == "white_british" or fc == "white_british"
        return self.add(draft)

    def children(
        self, groups: Sequence[tuple[str, list[int]]], surname: Surname | None = None
    ) -> list[int]:
        """Add each father's children, who share a surname (``surname`` if given)."""
        added: list[int] = []
        for father, dobs in groups:
            shared = surname if surname is not None else self.child_surname(father)
            added.extend(self.child(dob, father, shared) for dob in dobs)
        return added

    def maybe_unborn(self, father: str, chance: float = 0.045) -> None:
        """Sometimes the (resident) mother is expecting another baby."""
        rng = self.rng
        if rng.random() >= chance:
            return
        edd = self.ref + rng.randrange(7, 270)
        parents = [self.people[self.labels["M"]]]
        if father in self.labels:
            parents.append(self.people[self.labels[father]])
        # Mother 17-45 and any recorded father 17-55 when the baby is due.
        for parent, oldest in zip(parents, (45.0, 55.0), strict=False):
            if not 17.0 <= (edd - (parent.dob or 0)) / _YEAR <= oldest:
                return
        self.child(edd, father, self.child_surname(father), unborn=True)

    def non_resident_father(self, label: str, dobs: list[int]) -> int:
        mother = self.people[self.labels["M"]]
        dob = self.other_parent_dob(mother.dob or 0, dobs[0], dobs[-1])
        father = self.adult("father", self.father_community(label), "male", dob, label, False)
        self.relate(father, self.labels["M"], "other")
        return father

    # -- family structures ----------------------------------------------------------
    # Each adds the people and any relationships other than parent -> child and
    # between children, which are added afterwards from the labels.

    def _lone_mother(self) -> None:
        rng = self.rng
        dobs = self.child_dobs()
        fathers = ["F1", "F2"] if len(dobs) > 1 and rng.random() < 0.3 else ["F1"]
        mother = self.people[self.mother(self.mother_dob(dobs[0], dobs[-1]))]
        if rng.random() < 0.2:
            # Was married to the first father: kept his surname, or went back to hers.
            first = self.father_surname(fathers[0])
            if rng.random() < 0.5:
                mother.previous = (mother.surname,)
                mother.surname = first
            else:
                mother.previous = (first,)
        groups = self.split(dobs, fathers)
        if rng.random() < 0.12:
            label, group = groups[-1]
            self.non_resident_father(label, group)
        self.children(groups)
        self.maybe_unborn(groups[-1][0] if rng.random() < 0.5 else "F9")

    def _two_parents(self) -> None:
        rng = self.rng
        dobs = self.child_dobs()
        mother_n = self.mother(self.mother_dob(dobs[0], dobs[-1]))
        mother = self.people[mother_n]
        dob = self.other_parent_dob(mother.dob or 0, dobs[0], dobs[-1])
        father = self.adult("father", self.default_father_community, "male", dob, "Q")
        self.relate(mother_n, father, "household-member")
        if rng.random() < _COMMUNITY[self.mother_community].married:
            self.married_to.add("Q")
            self.marry(mother, self.father_surname("Q"))
        self.children([("Q", dobs)])
        self.maybe_unborn("Q")

    def _mother_stepfather(self, partner_only: bool = False) -> None:
        """Mother, her partner, her older children by an earlier father (A) and, for a
        step-father, sometimes the youngest one or two by him (Q)."""
        rng = self.rng
        dobs = self.child_dobs()
        n = len(dobs)
        own = 0
        if not partner_only and n > 1:
            own = min(n - 1, (0, 0, 1, 1, 2)[rng.randrange(5)])
            if own and dobs[n - own] == dobs[n - own - 1]:
                own = 0
        older, younger = dobs[: n - own], dobs[n - own :]
        mother_n = self.mother(self.mother_dob(dobs[0], dobs[-1]))
        mother = self.people[mother_n]
        if rng.random() < 0.3:
            self.father_communities["Q"] = "white_british"
        else:
            self.father_communities["Q"] = self.mother_community
        partner = self.adult(
            "partner" if partner_only else "step-father",
            self.father_community("Q"),
            "male",
            self.partner_dob(mother.dob or 0, dobs[0], younger),
            "Q",
        )
        self.relate(mother_n, partner, "household-member")
        if rng.random() < 0.2:
            self.non_resident_father("A", older)
        surname_a = self.child_surname("A")  # registered before the new marriage
        if not partner_only and rng.random() < 0.5:
            self.married_to.add("Q")
            self.marry(mother, self.father_surname("Q"))
        for n_child in self.children([("A", older)], surname_a):
            child = self.people[n_child]
            if "Q" in self.married_to and rng.random() < 0.35:
                new = self.father_surname("Q")
                if new != child.surname:  # took the step-father's surname
                    child.previous = (child.surname,)
                    child.surname = new
            self.relate(partner, n_child, "household-member" if partner_only else "step-parent")
        if younger:
            self.children([("Q", younger)])
        self.maybe_unborn("Q")

    def _mother_partner(self) -> None:
        self._mother_stepfather(partner_only=True)

    def _lone_father(self) -> None:
        rng = self.rng
        dobs = self.child_dobs()
        mother_dob = self.mother_dob(dobs[0], dobs[-1])
        father_dob = self.other_parent_dob(mother_dob, dobs[0], dobs[-1])
        father = self.adult("father", self.default_father_community, "male", father_dob, "Q")
        if rng.random() < 0.3:
            mother = self.mother(mother_dob, resident=False)
            self.relate(mother, father, "other")
            if rng.random() < 0.3:
                self.married_to.add("Q")
                self.marry(self.people[mother], self.father_surname("Q"))
        self.children([("Q", dobs)])

    def _father_stepmother(self) -> None:
        rng = self.rng
        dobs = self.child_dobs()
        mother_dob = self.mother_dob(dobs[0], dobs[-1])
        father_dob = self.other_parent_dob(mother_dob, dobs[0], dobs[-1])
        father = self.adult("father", self.default_father_community, "male", father_dob, "Q")
        step_dob = father_dob + self.years(rng.triangular(0.0, 12.0, 3.0))
        step_dob = min(step_dob, dobs[0] - self.years(18.0), self.ref - self.years(18.0))
        step_n = self.adult("step-mother", self.mother_community, "female", step_dob)
        self.relate(father, step_n, "household-member")
        if rng.random() < 0.5:
            self.marry(self.people[step_n], self.father_surname("Q"))
        for n_child in self.children([("Q", dobs)]):
            self.relate(step_n, n_child, "step-parent")

    def _relatives_care(self, carers: list[int], mother_dob: int, dobs: list[int]) -> None:
        """Children cared for by relatives; their mother sometimes recorded, elsewhere."""
        rng = self.rng
        fathers = ["F1", "F2"] if len(dobs) > 1 and rng.random() < 0.3 else ["F1"]
        groups = self.split(dobs, fathers)
        if rng.random() < 0.3:
            mother = self.mother(mother_dob, resident=False)
            for carer in carers:
                if self.people[carer].role != "aunt":
                    self.relate(carer, mother, "parent")
                elif (self.people[carer].dob or 0) <= mother_dob:  # sisters, older first
                    self.relate(carer, mother, "sibling")
                else:
                    self.relate(mother, carer, "sibling")
        for n_child in self.children(groups):
            for carer in carers:
                self.relate(carer, n_child, "carer")

    def _grandparents(self) -> None:
        rng = self.rng
        dobs = self.child_dobs()
        mother_dob = self.mother_dob(dobs[0], dobs[-1])
        gran_dob = mother_dob - self.years(rng.triangular(17.0, 40.0, 23.0))
        gran_n = self.adult("grandmother", self.mother_community, "female", gran_dob, "GM")
        gran = self.people[gran_n]
        carers = [gran_n]
        if rng.random() < 0.3:
            # The mother's father: his surname is her birth surname.
            dob = gran_dob - self.years(rng.triangular(-3.0, 8.0, 2.0))
            dob = min(dob, mother_dob - self.years(17.0))
            grandad = self.adult(
                "grandfather",
                self.mother_community,
                "male",
                dob,
                "GF",
                surname=self.mother_birth_surname,
            )
            self.relate(gran_n, grandad, "household-member")
            self.marry(gran, self.mother_birth_surname)
            carers.append(grandad)
        elif rng.random() < 0.7:
            gran.previous = (gran.surname,)
            gran.surname = self.mother_birth_surname
        self._relatives_care(carers, mother_dob, dobs)

    def _aunt(self) -> None:
        rng = self.rng
        dobs = self.child_dobs()
        mother_dob = self.mother_dob(dobs[0], dobs[-1])
        dob = mother_dob + self.years(rng.triangular(-10.0, 10.0, 0.0))
        dob = min(dob, dobs[0] - self.years(16.0), self.ref - self.years(18.0))
        aunt_n = self.adult(
            "aunt", self.mother_community, "female", dob, surname=self.mother_birth_surname
        )
        if rng.random() < 0.5:
            self.marry(self.people[aunt_n], self.surname(self.mother_community))
        self._relatives_care([aunt_n], mother_dob, dobs)

    def _expectant(self) -> None:
        rng = self.rng
        edd = self.ref + rng.randrange(7, 270)
        mother_n = self.mother(edd - self.years(rng.triangular(17.0, 42.0, 21.0)))
        roll = rng.random()
        if roll < 0.45:
            resident = roll < 0.28
            dob = self.other_parent_dob(self.people[mother_n].dob or 0, edd, edd)
            father = self.adult("father", self.default_father_community, "male", dob, "Q", resident)
            self.relate(mother_n, father, "household-member" if resident else "other")
        self.child(edd, "Q", self.child_surname("Q"), unborn=True)

    def _young_person(self) -> None:
        """A young person aged 14-17 known on their own: most often an unaccompanied
        asylum-seeking child, otherwise a teenager living apart from family."""
        rng = self.rng
        community = _YOUNG_PERSON_COMMUNITY.pick(rng)
        self.mother_community = self.default_father_community = community
        self.mother_birth_surname = self.surname(community)
        dob = self.ref - self.years(14.0) - rng.randrange(self.years(3.95))
        n = self.child(dob, "F1", self.mother_birth_surname)
        if community != "white_british" and self.people[n].sex == "female" and rng.random() < 0.8:
            self.people[n].sex = "male"  # most unaccompanied children are boys

    # -- the family -----------------------------------------------------------------

    def build(self) -> Family:
        rng = self.rng
        locality = _LOCALITY.pick(rng)
        self.mother_community, self.default_father_community = _PROFILES.pick(rng)
        self.mother_birth_surname = self.surname(self.mother_community)
        household = _hull_address(rng, locality)
        structure = _STRUCTURES.pick(rng)
        getattr(self, f"_{structure}")()
        second_address = None
        if any(not p.resident for p in self.people):
            second_address = _second_address(rng, locality)
        self.parent_links()
        self.siblings()
        return Family(
            key=f"F{self.seed}-{self.index}",
            seed=self.seed,
            index=self.index,
            locality=locality,
            household_address=household,
            second_address=second_address,
            people=self.finish(),
            relationships=tuple(self.rels),
        )

    def parent_links(self) -> None:
        """Each recorded parent -> each of their children."""
        for n, person in enumerate(self.people):
            if person.role in ("child", "unborn"):
                for label in person.parents:
                    if label in self.labels:
                        self.relate(self.labels[label], n, "parent")

    def siblings(self) -> None:
        """Once per pair, older to younger: full siblings share both parents."""
        kids = [(n, p.parents) for n, p in enumerate(self.people) if p.role in ("child", "unborn")]
        for i, (a, pa) in enumerate(kids):
            for b, pb in kids[i + 1 :]:
                if pa == pb:
                    self.relate(a, b, "sibling")
                elif pa[0] == pb[0] or pa[1] == pb[1]:
                    self.relate(a, b, "half-sibling")

    def finish(self) -> tuple[DemoPerson, ...]:
        """Names, identifiers and the other per-person details; freeze."""
        rng = self.rng
        random = rng.random
        nhs_perm, upn_perm = _permutations(self.seed)
        ref_date = date.fromordinal(self.ref)
        prefix = f"P{self.seed}-{self.index}-"
        people: list[DemoPerson] = []
        school_slot = 0
        assert len(self.people) <= _PEOPLE_SLOTS
        for n, d in enumerate(self.people):
            unborn = d.role == "unborn"
            dob = None if unborn or d.dob is None else date.fromordinal(d.dob)
            edd = date.fromordinal(d.edd) if d.edd is not None else None
            age = _age(dob, ref_date) if dob else -1
            kind = "unborn" if unborn else ("child" if age < 18 else "adult")
            given, middle, alias = "", "", None
            if not unborn:
                given, middle, alias = self.name(d, dob.year if dob else ref_date.year)
            family_name = _render(d.surname, d.sex)
            previous = tuple(
                dict.fromkeys(
                    name for s in d.previous if (name := _render(s, d.sex)) != family_name
                )
            )
            roll = random()  # ethnicity sometimes refused or not yet obtained
            if unborn:
                ethnicity = "NOBT" if roll < 0.35 else d.ethnicity
            elif roll < 0.01:
                ethnicity = "REFU"
            elif roll < 0.03 or (not d.resident and roll < 0.08):
                ethnicity = "NOBT"
            else:
                ethnicity = d.ethnicity
            if unborn:
                language = ""
            elif d.role == "child":
                language = (
                    "English"
                    if d.english_home
                    else _COMMUNITY[d.community].child_languages.pick(rng)
                )
            else:
                language = _COMMUNITY[d.community].adult_languages.pick(rng)
            gender = "" if unborn else _gender(d.sex, age, random())
            disability = not unborn and random() < (0.07 if kind == "child" else 0.05)
            nhs = None
            if not unborn and random() < (0.96 if d.resident else 0.8):
                nhs = _nhs_number(nhs_perm, self.index * _PEOPLE_SLOTS + n)
            upn = None
            if kind == "child" and dob is not None and age >= 4:
                reception = dob.year + (5 if dob.month >= 9 else 4)
                if date(reception, 9, 1) <= ref_date:
                    slot = self.index * _UPN_SLOTS + school_slot
                    school_slot += 1
                    assert school_slot <= _UPN_SLOTS
                    if random() < 0.94:
                        year = reception
                        if random() < 0.12:  # joined an English school later on
                            year = rng.randint(reception, ref_date.year)
                        temporary = random() < 0.02
                        upn = _upn(upn_perm, slot, _UPN_LA.pick(rng), year, temporary)
            people.append(
                DemoPerson(
                    key=f"{prefix}{n}",
                    kind=kind,
                    role=d.role,
                    given_name=given,
                    middle_names=middle,
                    family_name=family_name,
                    previous_family_names=previous,
                    alias=alias,
                    date_of_birth=dob,
                    expected_date_of_birth=edd,
                    sex=d.sex,
                    gender=gender,
                    ethnicity=ethnicity,
                    first_language=language,
                    disability=disability,
                    nhs_number=nhs,
                    upn=upn,
                    resident=d.resident,
                )
            )
        return tuple(people)

    def name(self, d: _Draft, year: int) -> tuple[str, str, str | None]:
        """Given name, middle names and alias; may give a woman a female-only surname."""
        rng = self.rng
        community = d.name_community
        sex = d.sex if d.sex in ("female", "male") else ("female" if rng.random() < 0.5 else "male")
        table = _GIVEN[(community, _era(community, year), sex)]
        given = table.pick(rng)
        surname = _render(d.surname, d.sex)
        while (given, surname) in N.RESERVED_FULL_NAMES:
            given = table.pick(rng)
        middle = ""
        if rng.random() < _COMMUNITY[community].middle_name:
            first = table.pick(rng)
            if first != given:
                middle = first
                if rng.random() < 0.12:
                    second = table.pick(rng)
                    if second not in (given, first):
                        middle = f"{first} {second}"
        alias = None
        options = N.ALIASES.get(given)
        if options and rng.random() < 0.2:
            alias = options[rng.randrange(len(options))]
        if d.sex == "female" and d.role not in ("child", "unborn"):
            # Some women in South Asian families hold a female-only surname (Begum, Kaur).
            chance = _COMMUNITY[d.community].female_surname
            if chance and rng.random() < chance:
                d.surname = ((_FEMALE_SURNAME[d.community].pick(rng), d.community),)
                d.previous = ()
        return given, middle, alias


def _mix(mother: str, father: str, rng: Random) -> str:
    """A child's DfE ethnicity from the parents'."""
    if mother == father:
        return mother
    if mother in _MIXED or father in _MIXED:
        mixed, other = (mother, father) if mother in _MIXED else (father, mother)
        return mixed if other in _WHITE or other in _MIXED else "MOTH"
    if mother in _WHITE and father in _WHITE:
        return mother if rng.random() < 0.5 else father
    if mother in _WHITE or father in _WHITE:
        other = father if mother in _WHITE else mother
        if other == "BCRB":
            return "MWBC"
        if other == "BAFR":
            return "MWBA"
        if other in _ASIAN:
            return "MWAS"
        return "MOTH"
    if {mother, father} <= {"BCRB", "BAFR", "BOTH"}:
        return "BOTH"
    return "MOTH"


def _gender(sex: str, age: int, roll: float) -> str:
    if sex == "female":
        usual, other = "Female", "Male"
    elif sex == "male":
        usual, other = "Male", "Female"
    else:
        return ""
    if age >= 12 and roll < 0.004:
        return "Non-binary" if roll < 0.002 else other
    return usual


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _street(rng: Random) -> str:
    return f"{_STREET_STEM.pick(rng)} {_STREET_ENDING.pick(rng)}"


def _line1(rng: Random) -> str:
    number = int(rng.triangular(1, 240, 6))
    if rng.random() < 0.12:
        return f"Flat {rng.randint(1, 24)}, {number} {_street(rng)}"
    return f"{number} {_street(rng)}"


def _postcode(rng: Random, district: str) -> str:
    sector = rng.randint(1, 9)
    unit = _INWARD_LETTERS[rng.randrange(20)] + _INWARD_LETTERS[rng.randrange(20)]
    return f"{district} {sector}{unit}"


def _hull_address(rng: Random, locality: str) -> DemoAddress:
    district = _DISTRICTS[locality].pick(rng)
    return DemoAddress(line1=_line1(rng), town="Hull", postcode=_postcode(rng, district))


def _second_address(rng: Random, locality: str) -> DemoAddress:
    if rng.random() < 0.55:
        other = LOCALITIES[rng.randrange(3)]
        return _hull_address(rng, other)
    town, districts = _ELSEWHERE.pick(rng)
    district = districts[rng.randrange(len(districts))]
    return DemoAddress(line1=_line1(rng), town=town, postcode=_postcode(rng, district))


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def generate_family(seed: int, index: int, reference_date: date = REFERENCE_DATE) -> Family:
    """The family at ``index`` for ``seed``: the same every time, on any machine."""
    if index < 0:
        raise ValueError("index must not be negative")
    return _Builder(seed, index, reference_date).build()


def generate_families(
    count: int,
    seed: int,
    start_index: int = 0,
    reference_date: date = REFERENCE_DATE,
) -> Iterator[Family]:
    """Yield families ``start_index`` .. ``start_index + count - 1`` for ``seed``.

    Each family depends only on ``(seed, index, reference_date)``, so batches can be
    generated in any order, or in parallel, and give the same data.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if start_index < 0:
        raise ValueError("start_index must not be negative")
    for index in range(start_index, start_index + count):
        yield _Builder(seed, index, reference_date).build()
