"""Does a piece of free text identify someone? The check an anonymous consultation must pass.

A pure function (no database): ``identifying_details(text)`` returns what it found that looks
like an NHS number, a phone number, a postcode, or a name together with a date of birth, each
with the text as typed, so the page can say which kind of detail was found and where.

- NHS numbers: ten digits (spaces or dashes between the 3-3-4 groups allowed) whose check digit
  is right, by the validator every NHS number in RightHelp goes through
  (``people.identifiers.is_valid_nhs_number``).
- Phone numbers: Google's libphonenumber (the ``phonenumbers`` package) finds numbers in free
  text with the UK's numbering plan; it knows the shapes of UK numbers, so no regular
  expression of ours has to. It finds numbers as loosely as "possible", so the fictional
  ranges used in examples count too, and only numbers written as dialled (starting 0 or +) and
  long enough to be a subscriber's (not 0800 1111) are kept.
- Postcodes: anything shaped like a full UK postcode, checked by the validator every postcode
  in RightHelp goes through (``people.identifiers.is_valid_postcode``). A district alone (HU1)
  does not identify anyone and is allowed.
- A name with a date of birth: a full date (day, month and year: 01/06/2015, 1 June 2015) that
  could be a date of birth (after "born", "DOB" or "date of birth", or at least a year ago),
  in a text that also has what looks like a name: a title and a capitalised word (Mrs Shaw),
  two capitalised words mid-sentence (Kayden Fletcher), or a capitalised given name from the
  matching nickname list mid-sentence. A date or a name alone is allowed: "a 6 year old" and
  "last May" are how anonymous consultations are meant to be written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers

from righthelp.matching.nicknames import load_groups
from righthelp.people import identifiers

NHS_NUMBER = "nhs_number"
PHONE_NUMBER = "phone_number"
POSTCODE = "postcode"
NAME_AND_DATE_OF_BIRTH = "name_and_date_of_birth"

KIND_WORDS = {
    NHS_NUMBER: "an NHS number",
    PHONE_NUMBER: "a phone number",
    POSTCODE: "a postcode",
    NAME_AND_DATE_OF_BIRTH: "a name with a date of birth",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str  # as typed
    start: int = 0

    @property
    def words(self) -> str:
        return KIND_WORDS[self.kind]


_NHS_CANDIDATE = re.compile(r"(?<![\d])\d{3}[ \-]?\d{3}[ \-]?\d{4}(?![\d])")
_POSTCODE_CANDIDATE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(\d[A-Za-z]{2})\b")
_ORDINAL_ENDINGS = {"st", "nd", "rd", "th"}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATES = [
    re.compile(r"\b(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})\b"),
    re.compile(
        rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})\b", re.I),
]
_BIRTH_CUE = re.compile(r"(born|\bd\.?o\.?b\b|date of birth|birthday|\bb\.)\W*(on\W+)?$", re.I)

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "master"}
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][a-z'\-]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
# Capitalised words that start no name: the calendar, and the field's own capitalised terms.
_FIELD_WORDS = """
    i early help team around family child children's childrens social care services protection
    named person front door year reception nursery school college police nhs gp camhs star signs
    safety plus universal targeted specialist level hull nottingham worcestershire england
    scotland wales christmas easter the a an my our his her their mum dad mother father nan gran
    grandma grandad baby
"""
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_NOT_NAMES = {*_MONTHS, *_DAYS.split(), *_FIELD_WORDS.split()}


def _nhs_numbers(text: str) -> list[Finding]:
    return [
        Finding(NHS_NUMBER, match.group(), match.start())
        for match in _NHS_CANDIDATE.finditer(text)
        if identifiers.is_valid_nhs_number(match.group())
    ]


def _phone_numbers(text: str, taken: list[tuple[int, int]]) -> list[Finding]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, "GB", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        raw = match.raw_string
        dialled = raw.lstrip("(").startswith(("0", "+"))
        if not dialled or len(str(match.number.national_number)) < 9:
            continue
        if any(start < match.end and match.start < end for start, end in taken):
            continue
        found.append(Finding(PHONE_NUMBER, raw, match.start))
    return found


def _postcodes(text: str) -> list[Finding]:
    found = []
    for match in _POSTCODE_CANDIDATE.finditer(text):
        outward, inward = match.groups()
        if inward[1:] in _ORDINAL_ENDINGS:  # "Y10 1st", "B12 9th": words, not postcodes
            continue
        if identifiers.is_valid_postcode(f"{outward} {inward}"):
            found.append(Finding(POSTCODE, match.group(), match.start()))
    return found


def _date(match: re.Match[str], today: date) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower().rstrip(".")]
    year = int(match.group("year"))
    if year < 100:
        year += 2000 if year <= today.year % 100 else 1900
    try:
        return date(year, month, int(match.group("day")))
    except ValueError:
        return None


def _dates_of_birth(text: str, today: date) -> list[Finding]:
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            when = _date(match, today)
            if when is None or when > today or when < today - timedelta(days=366 * 100):
                continue
            cued = bool(_BIRTH_CUE.search(text[max(0, match.start() - 30) : match.start()]))
            if cued or when <= today - timedelta(days=365):
                found.append(Finding(NAME_AND_DATE_OF_BIRTH, match.group(), match.start()))
    return found


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for match in re.finditer(r"[.!?:;\n]\s*", text):
        starts.add(match.end())
    return starts


_NAME_CUE = re.compile(r"\b(?:name is|named|called|known as)\s+([A-Z][a-z'\-]+)")
_BEFORE_DATE = re.compile(
    r"([A-Za-z][a-z'\-]*)(?P<between>[\s,(]*(?:born|d\.?o\.?b\.?|date of birth)?[\s:,(]*"
    r"(?:on\s+)?)$",
    re.I,
)


def _named_before(text: str, births: list[Finding]) -> str:
    """A capitalised word just before a date of birth: "Kayden (DOB 01/06/2015)"."""
    for birth in births:
        match = _BEFORE_DATE.search(text[max(0, birth.start - 40) : birth.start])
        if match is None:
            continue
        word, between = match.group(1), match.group("between")
        # "Kayden (01/06/2015)", "Kayden, born ...", not "Since 01/09/2023".
        marked = bool(re.search(r"[(,]|born|dob|d\.o\.b|birth", between, re.I))
        if marked and word[0].isupper() and word.lower() not in _NOT_NAMES | _TITLES:
            return word
    return ""


def _name(text: str, births: list[Finding]) -> str:
    """The first thing in ``text`` that looks like a person's name, or ""."""
    titled = _TITLED.search(text)
    if titled:
        return titled.group()
    cued = _NAME_CUE.search(text)
    if cued:
        return cued.group(1)
    given_names = load_groups()[1]
    starts = _sentence_starts(text)
    words = list(_WORD.finditer(text))
    for index, match in enumerate(words):
        word = match.group()
        lower = word.lower()
        if not word[0].isupper() or lower in _NOT_NAMES or lower in _TITLES:
            continue
        following = words[index + 1] if index + 1 < len(words) else None
        joined = following is not None and text[match.end() : following.start()] == " "
        surname = (
            joined
            and following is not None
            and following.group()[0].isupper()
            and following.group().lower() not in _NOT_NAMES
        )
        if match.start() in starts and not surname:
            continue
        if surname and following is not None:
            return f"{word} {following.group()}"
        if lower in given_names:
            return word
    return _named_before(text, births)


def identifying_details(text: str, *, today: date | None = None) -> list[Finding]:
    """What in ``text`` looks like it identifies someone, in the order it appears."""
    if not text or not text.strip():
        return []
    today = today or date.today()
    nhs = _nhs_numbers(text)
    taken = [(f.start, f.start + len(f.text)) for f in nhs]
    findings = [*nhs, *_phone_numbers(text, taken), *_postcodes(text)]
    births = _dates_of_birth(text, today)
    if births:
        name = _name(text, births)
        if name:
            birth = births[0]
            findings.append(
                Finding(
                    NAME_AND_DATE_OF_BIRTH,
                    f"{name}, {birth.text}",
                    min(birth.start, text.find(name)),
                )
            )
    return sorted(findings, key=lambda f: f.start)


def describe(findings: list[Finding], where: str) -> str:
    """One plain-English message: which kinds of detail were found, and where."""
    kinds: list[str] = []
    for finding in findings:
        quoted = f"{finding.words} (“{finding.text}”)"
        if quoted not in kinds:
            kinds.append(quoted)
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return (
        f"{where} contains what looks like {listed}. An anonymous consultation must not "
        "identify the child or family: remove it, or describe it without the detail (for "
        "example \u201ca 6 year old\u201d, \u201cin the west of the city\u201d)."
    )
