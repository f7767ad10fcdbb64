"""Threshold frameworks: the data model, the file schema and its validator.

A framework is a JSON file (``righthelp/thresholds/frameworks/<slug>.json``) described in
``schema.md`` beside this module. :func:`loads_framework` parses and validates one, and returns
frozen dataclasses. Validation collects *every* problem, each with the JSON path of the value at
fault and, when the framework came from text, the line it sits on; any problem at all raises one
:class:`FrameworkInvalid` and nothing partial is returned.

This module is pure Python: no database, no Django.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeAlias, TypeVar

SCHEMA_VERSION = 1
SCALES: tuple[int, ...] = (1, 2, 3, 4)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_PART_RE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)?$")
PUBLISHED_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

Kind: TypeAlias = Literal["need", "strength"]
KINDS: tuple[Kind, ...] = ("need", "strength")


# --------------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework file."""

    path: str  # JSON path, e.g. "indicators[12].scale"; "" for the whole document
    message: str
    line: int | None = None  # 1-based line in the source text, when known

    def __str__(self) -> str:
        where = self.path or "(document)"
        if self.line is not None:
            where = f"line {self.line}: {where}"
        return f"{where}: {self.message}"


class FrameworkInvalid(ValueError):
    """A framework file failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{head}invalid framework ({len(self.problems)} problem(s)):\n{lines}")


# --------------------------------------------------------------------------------------------
# The data model (what loading returns)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceDocument:
    seed: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Level:
    scale: int
    name: str
    description: str  # what the level means
    help: str  # what help looks like
    contact: str  # who to contact and how


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str


@dataclass(frozen=True)
class Domain:
    id: str
    name: str
    description: str | None
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    text: str
    scale: int | None  # None only in a vocabulary framework (no levels)
    domain: str
    dimension: str | None
    kind: Kind
    immediate_referral: bool
    tags: tuple[str, ...]


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class ImmediateReferralRule:
    """Any ticked immediate-referral indicator: the top level, and contact the front door now."""

    next_step: str


@dataclass(frozen=True)
class BaselineRule:
    """The baseline is the highest level among the ticked needs (the lowest level if none)."""

    kind: Literal["highest_need"] = "highest_need"


@dataclass(frozen=True)
class CountAcrossDomainsRule:
    """Enough ticked needs at the baseline (or a given) level, spanning enough domains, raise."""

    name: str
    min_needs: int
    min_domains: int
    at_level: int | Literal["baseline"]
    raise_by: int
    max_scale: int
    kind: Literal["count_across_domains"] = "count_across_domains"


@dataclass(frozen=True)
class NamedCombinationRule:
    """Ticked needs carrying *all* the tags (each by at least one need) lift to ``to_scale``."""

    name: str
    tags: tuple[str, ...]
    to_scale: int
    prompt: str | None = None
    kind: Literal["named_combination"] = "named_combination"


CombinationRule: TypeAlias = CountAcrossDomainsRule | NamedCombinationRule


@dataclass(frozen=True)
class ProtectiveRule:
    """Ticked strengths lower the suggestion by at most ``max_lower`` (0 or 1) levels.

    Never a suggestion at the top level (specialist support, protection): strengths are recorded
    beside it, not subtracted from it. Every file says so (``lowers_top_level: false``) and the
    validator refuses one that says otherwise.
    """

    max_lower: int
    min_strengths: int
    lowers_top_level: Literal[False] = False


@dataclass(frozen=True)
class VulnerabilityFloorRule:
    """A vulnerable child (unborn, under an age, disabled) with a need at or above
    ``when_any_need_at`` is never suggested below ``floor`` (protective factors cannot take
    the suggestion under it)."""

    name: str
    unborn: bool
    under_age_years: int | None
    disabled: bool
    when_any_need_at: int
    floor: int
    basis: str


@dataclass(frozen=True)
class Rules:
    immediate_referral: ImmediateReferralRule | None = None
    baseline: BaselineRule | None = None
    combination: tuple[CombinationRule, ...] = ()
    protective: ProtectiveRule | None = None
    vulnerability_floor: tuple[VulnerabilityFloorRule, ...] = ()


CONSENT_FROM = ("parent", "parent_and_child")


@dataclass(frozen=True)
class ConsentRule:
    """Whose consent early help needs (the optional top-level ``consent`` key): the parent's or
    carer's (``parent``), or theirs and the child's where appropriate (``parent_and_child``),
    with the framework's own words."""

    consent_from: str
    text: str

    @property
    def child_too(self) -> bool:
        return self.consent_from == "parent_and_child"


@dataclass(frozen=True)
class Framework:
    schema_version: int
    slug: str
    version: int
    name: str
    publisher: str
    published: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when the source is undated
    source_document: SourceDocument
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    indicators: tuple[Indicator, ...]
    rules: Rules
    key_questions: tuple[KeyQuestion, ...] = ()
    default_next_step: str | None = None
    transcription_notes: tuple[str, ...] = ()
    # What to do now if significant harm is known or suspected; shown with every suggestion at
    # the top level. Required when the framework has levels; a vocabulary has none.
    act_now: str | None = None
    consent: ConsentRule | None = None
    _by_id: Mapping[str, Indicator] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    _order: Mapping[str, int] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in self.indicators}))
        object.__setattr__(
            self, "_order", MappingProxyType({i.id: n for n, i in enumerate(self.indicators)})
        )

    # -- lookups ---------------------------------------------------------------------------

    @property
    def is_vocabulary(self) -> bool:
        """A framework with no levels records concerns but suggests no level."""
        return not self.levels

    @property
    def top_scale(self) -> int | None:
        return self.levels[-1].scale if self.levels else None

    @property
    def published_date(self) -> date | None:
        """The first day of the published period (the source may give only year or month)."""
        return None if self.published is None else _first_day(self.published)

    @property
    def indicators_by_id(self) -> Mapping[str, Indicator]:
        return self._by_id

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def position(self, indicator_id: str) -> int:
        """The indicator's position in the file (document order)."""
        return self._order[indicator_id]

    def level(self, scale: int) -> Level:
        for level in self.levels:
            if level.scale == scale:
                return level
        raise KeyError(scale)

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def needs(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.kind == "need")

    def strengths(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.kind == "strength")


# --------------------------------------------------------------------------------------------
# Locating JSON values in text (path -> line), so problems can name lines
# --------------------------------------------------------------------------------------------

_WS_RE = re.compile(r"[ \t\n\r]*")
_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NUMBER_RE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Locator:
    """A small JSON walker (run on text ``json.loads`` already accepted) that records the line
    of every value by path, and any duplicated object keys (which ``json`` silently drops)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[str, int] = {}
        self.duplicates: list[Problem] = []

    def line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def ws(self, pos: int) -> int:
        m = _WS_RE.match(self.text, pos)
        return m.end() if m else pos

    def value(self, pos: int, path: str) -> int:
        pos = self.ws(pos)
        self.lines.setdefault(path, self.line_at(pos))
        ch = self.text[pos]
        if ch == "{":
            return self.obj(pos + 1, path)
        if ch == "[":
            return self.arr(pos + 1, path)
        if ch == '"':
            return self.string(pos)[1]
        for literal in ("true", "false", "null"):
            if self.text.startswith(literal, pos):
                return pos + len(literal)
        m = _NUMBER_RE.match(self.text, pos)
        if not m:  # pragma: no cover - json.loads accepted the text already
            raise ValueError(f"unexpected character at {pos}")
        return m.end()

    def string(self, pos: int) -> tuple[str, int]:
        """The JSON string starting at ``pos`` (its opening quote), and the position after it."""
        m = _STRING_RE.match(self.text, pos)
        if not m:  # pragma: no cover - json.loads accepted the text already
            raise ValueError(f"unterminated string at {pos}")
        decoded: str = json.loads(m.group())
        return decoded, m.end()

    def obj(self, pos: int, path: str) -> int:
        seen: set[str] = set()
        pos = self.ws(pos)
        if self.text[pos] == "}":
            return pos + 1
        while True:
            pos = self.ws(pos)
            key_line = self.line_at(pos)
            key, pos = self.string(pos)
            child = _child(path, key)
            if key in seen:
                self.duplicates.append(Problem(child, "duplicate key", key_line))
            seen.add(key)
            self.lines[child] = key_line
            pos = self.ws(pos)
            pos = self.value(pos + 1, child)  # skip ':'
            pos = self.ws(pos)
            if self.text[pos] == "}":
                return pos + 1
            pos += 1  # ','

    def arr(self, pos: int, path: str) -> int:
        pos = self.ws(pos)
        if self.text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self.value(pos, _child(path, index))
            pos = self.ws(pos)
            if self.text[pos] == "]":
                return pos + 1
            pos += 1
            index += 1


def locate(text: str) -> tuple[dict[str, int], list[Problem]]:
    """Map each JSON path in ``text`` to its line; also report duplicated keys."""
    loc = _Locator(text)
    try:
        loc.value(0, "")
    except (ValueError, IndexError):  # pragma: no cover - defensive; text was valid JSON
        return {}, []
    return loc.lines, loc.duplicates


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------
#
# Reading happens in two passes. The first reads each part of the document on its own, noting
# every problem and keeping every part that was well formed (with its index in the file). The
# second checks references between the parts that survived; checks that depend on a part that
# was itself broken are skipped, so one mistake is reported once rather than echoed a hundred
# times. Only a document with no problems at all becomes a Framework.

T = TypeVar("T")
_MISSING = object()
Indexed: TypeAlias = list[tuple[int, T]]


class _Checker:
    """Collects problems while reading untrusted JSON data into the model."""

    def __init__(self, lines: Mapping[str, int] | None) -> None:
        self.lines = lines or {}
        self.problems: list[Problem] = []
        # path prefix -> label (e.g. the indicator id), to make messages easy to act on
        self.labels: dict[str, str] = {}

    def line_for(self, path: str) -> int | None:
        p = path
        while True:
            if p in self.lines:
                return self.lines[p]
            if not p:
                return None
            cut = max(p.rfind("."), p.rfind("["))
            p = p[:cut] if cut > 0 else ""

    def add(self, path: str, message: str) -> None:
        cut = path.find(".", path.find("["))
        owner = path[:cut] if cut > 0 else path
        label = self.labels.get(owner)
        if label:
            message = f"{message} ({label})"
        self.problems.append(Problem(path, message, self.line_for(path)))

    # -- field readers -----------------------------------------------------------------------

    def obj(self, value: Any, path: str, *, allowed: Sequence[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"must be an object, not {_type_name(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.add(_child(path, key), "unknown field")
        return value

    def get(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> Any:
        if key not in data:
            if required:
                self.add(_child(path, key), "required field is missing")
            return _MISSING
        return data[key]

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        nullable: bool = False,
        pattern: re.Pattern[str] | None = None,
    ) -> str | None:
        value = self.get(data, key, path, required=required)
        where = _child(path, key)
        if value is _MISSING or (value is None and nullable):
            return None
        if not isinstance(value, str):
            self.add(where, f"must be a string, not {_type_name(value)}")
            return None
        if not value.strip():
            self.add(where, "must not be empty")
            return None
        if pattern is not None and not pattern.match(value):
            self.add(where, f"{value!r} does not match the pattern {pattern.pattern}")
            return None
        return value

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        nullable: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self.get(data, key, path, required=required)
        where = _child(path, key)
        if value is _MISSING or (value is None and nullable):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"must be an integer, not {_type_name(value)}")
            return None
        if minimum is not None and value < minimum:
            self.add(where, f"must be at least {minimum}, not {value}")
            return None
        if maximum is not None and value > maximum:
            self.add(where, f"must be at most {maximum}, not {value}")
            return None
        return int(value)

    def boolean(self, data: Mapping[str, Any], key: str, path: str) -> bool | None:
        """An optional boolean, false when absent; None (with a problem) when not a boolean."""
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.add(_child(path, key), f"must be true or false, not {_type_name(value)}")
            return None
        return value

    def strings(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool,
        pattern: re.Pattern[str],
    ) -> list[str] | None:
        """A list of unique strings matching ``pattern``; None (with problems) when bad."""
        value = self.get(data, key, path, required=required)
        where = _child(path, key)
        if value is _MISSING:
            return None if required else []
        if not isinstance(value, list):
            self.add(where, f"must be a list, not {_type_name(value)}")
            return None
        out: list[str] = []
        ok = True
        for n, item in enumerate(value):
            if not isinstance(item, str) or not pattern.match(item):
                self.add(f"{where}[{n}]", f"{item!r} does not match the pattern {pattern.pattern}")
                ok = False
            elif item in out:
                self.add(f"{where}[{n}]", f"duplicate {item!r}")
                ok = False
            else:
                out.append(item)
        return out if ok else None

    def items(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        read: Callable[[_Checker, Any, str], T | None],
        *,
        required: bool = True,
    ) -> tuple[Indexed[T], bool]:
        """Read a list of objects: the well-formed ones with their index, and whether all were."""
        value = self.get(data, key, path, required=required)
        where = _child(path, key)
        if value is _MISSING:
            return [], not required
        if not isinstance(value, list):
            self.add(where, f"must be a list, not {_type_name(value)}")
            return [], False
        out: Indexed[T] = []
        ok = True
        for n, item in enumerate(value):
            parsed = read(self, item, f"{where}[{n}]")
            if parsed is None:
                ok = False
            else:
                out.append((n, parsed))
        return out, ok


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover


def _unique(c: _Checker, values: Sequence[tuple[Any, str]], what: str) -> None:
    first: dict[Any, str] = {}
    for value, path in values:
        if value in first:
            c.add(path, f"duplicate {what} {value!r} (first at {first[value]})")
        else:
            first[value] = path


_TOP_FIELDS = (
    "schema_version",
    "slug",
    "version",
    "name",
    "publisher",
    "published",
    "source_document",
    "levels",
    "domains",
    "indicators",
    "rules",
    "key_questions",
    "default_next_step",
    "act_now",
    "transcription_notes",
    "consent",
)


def _read_consent(c: _Checker, value: Any, path: str) -> ConsentRule | None:
    data = c.obj(value, path, allowed=("from", "text"))
    if data is None:
        return None
    consent_from = c.text(data, "from", path)
    text = c.text(data, "text", path)
    if consent_from is not None and consent_from not in CONSENT_FROM:
        c.add(_child(path, "from"), f"must be one of {', '.join(CONSENT_FROM)}")
        return None
    if consent_from is None or text is None:
        return None
    return ConsentRule(consent_from=consent_from, text=text)


def _read_source(c: _Checker, value: Any, path: str) -> SourceDocument | None:
    data = c.obj(value, path, allowed=("seed", "title", "url"))
    if data is None:
        return None
    seed = c.text(data, "seed", path)
    title = c.text(data, "title", path)
    url = c.text(data, "url", path, required=False, nullable=True)
    if seed is None or title is None:
        return None
    return SourceDocument(seed=seed, title=title, url=url)


def _read_level(c: _Checker, value: Any, path: str) -> Level | None:
    data = c.obj(value, path, allowed=("scale", "name", "description", "help", "contact"))
    if data is None:
        return None
    scale = c.integer(data, "scale", path, minimum=1, maximum=4)
    name = c.text(data, "name", path)
    description = c.text(data, "description", path)
    help_ = c.text(data, "help", path)
    contact = c.text(data, "contact", path)
    if scale is None or name is None or description is None or help_ is None or contact is None:
        return None
    return Level(scale, name, description, help_, contact)


def _read_dimension(c: _Checker, value: Any, path: str) -> Dimension | None:
    data = c.obj(value, path, allowed=("id", "name"))
    if data is None:
        return None
    id_ = c.text(data, "id", path, pattern=ID_PART_RE)
    name = c.text(data, "name", path)
    if id_ is None or name is None:
        return None
    return Dimension(id_, name)


def _read_domain(c: _Checker, value: Any, path: str) -> Domain | None:
    data = c.obj(value, path, allowed=("id", "name", "description", "dimensions"))
    if data is None:
        return None
    id_ = c.text(data, "id", path, pattern=ID_PART_RE)
    name = c.text(data, "name", path)
    description = c.text(data, "description", path, required=False, nullable=True)
    dims, dims_ok = c.items(data, "dimensions", path, _read_dimension, required=False)
    _unique(c, [(d.id, f"{path}.dimensions[{n}].id") for n, d in dims], "dimension id")
    if id_ is None or name is None or not dims_ok:
        return None
    return Domain(id_, name, description, tuple(d for _, d in dims))


_INDICATOR_FIELDS = (
    "id",
    "text",
    "scale",
    "domain",
    "dimension",
    "kind",
    "immediate_referral",
    "tags",
)


def _read_indicator(c: _Checker, value: Any, path: str) -> Indicator | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        c.labels[path] = f"indicator {value['id']}"
    data = c.obj(value, path, allowed=_INDICATOR_FIELDS)
    if data is None:
        return None
    id_ = c.text(data, "id", path)
    text = c.text(data, "text", path)
    scale = c.integer(data, "scale", path, nullable=True, minimum=1, maximum=4)
    scale_ok = "scale" in data and (data["scale"] is None or scale is not None)
    domain = c.text(data, "domain", path)
    dimension = c.text(data, "dimension", path, nullable=True)
    dimension_ok = "dimension" in data and (data["dimension"] is None or dimension is not None)
    kind = c.text(data, "kind", path)
    if kind is not None and kind not in KINDS:
        c.add(f"{path}.kind", f"must be 'need' or 'strength', not {kind!r}")
        kind = None
    immediate = c.boolean(data, "immediate_referral", path)
    tags = c.strings(data, "tags", path, required=False, pattern=TAG_RE)
    if (
        id_ is None
        or text is None
        or not scale_ok
        or domain is None
        or not dimension_ok
        or kind is None
        or immediate is None
        or tags is None
    ):
        return None
    kind_value: Kind = "need" if kind == "need" else "strength"
    return Indicator(id_, text, scale, domain, dimension, kind_value, immediate, tuple(tags))


def _read_key_question(c: _Checker, value: Any, path: str) -> KeyQuestion | None:
    data = c.obj(value, path, allowed=("id", "text"))
    if data is None:
        return None
    id_ = c.text(data, "id", path, pattern=ID_PART_RE)
    text = c.text(data, "text", path)
    if id_ is None or text is None:
        return None
    return KeyQuestion(id_, text)


_COUNT_FIELDS = ("kind", "name", "min_needs", "min_domains", "at_level", "raise_by", "max_scale")


def _read_combination(c: _Checker, value: Any, path: str) -> CombinationRule | None:
    if not isinstance(value, dict):
        c.add(path, f"must be an object, not {_type_name(value)}")
        return None
    kind = value.get("kind")
    if kind == "count_across_domains":
        data = c.obj(value, path, allowed=_COUNT_FIELDS)
        if data is None:  # pragma: no cover - checked above
            return None
        name = c.text(data, "name", path)
        min_needs = c.integer(data, "min_needs", path, minimum=1)
        min_domains = c.integer(data, "min_domains", path, minimum=1)
        at_level: int | Literal["baseline"] | None = None
        if data.get("at_level") == "baseline":
            at_level = "baseline"
        elif isinstance(data.get("at_level"), str):
            c.add(f"{path}.at_level", "must be a level scale (1-4) or the string 'baseline'")
        else:
            at_level = c.integer(data, "at_level", path, minimum=1, maximum=4)
        raise_by = c.integer(data, "raise_by", path, minimum=1, maximum=3)
        max_scale = c.integer(data, "max_scale", path, minimum=1, maximum=4)
        if (
            name is None
            or min_needs is None
            or min_domains is None
            or at_level is None
            or raise_by is None
            or max_scale is None
        ):
            return None
        return CountAcrossDomainsRule(name, min_needs, min_domains, at_level, raise_by, max_scale)
    if kind == "named_combination":
        data = c.obj(value, path, allowed=("kind", "name", "tags", "to_scale", "prompt"))
        if data is None:  # pragma: no cover - checked above
            return None
        name = c.text(data, "name", path)
        to_scale = c.integer(data, "to_scale", path, minimum=1, maximum=4)
        prompt = c.text(data, "prompt", path, required=False, nullable=True)
        tags = c.strings(data, "tags", path, required=True, pattern=TAG_RE)
        if tags is not None and not tags:
            c.add(f"{path}.tags", "must name at least one tag")
            tags = None
        if name is None or to_scale is None or tags is None:
            return None
        return NamedCombinationRule(name, tuple(tags), to_scale, prompt)
    c.add(f"{path}.kind", f"must be 'count_across_domains' or 'named_combination', not {kind!r}")
    return None


_FLOOR_FIELDS = (
    "kind",
    "name",
    "unborn",
    "under_age_years",
    "disabled",
    "when_any_need_at",
    "floor",
    "basis",
)


def _read_vulnerability(c: _Checker, value: Any, path: str) -> VulnerabilityFloorRule | None:
    data = c.obj(value, path, allowed=_FLOOR_FIELDS)
    if data is None:
        return None
    kind_ok = data.get("kind", "vulnerability_floor") == "vulnerability_floor"
    if not kind_ok:
        c.add(f"{path}.kind", f"must be 'vulnerability_floor', not {data['kind']!r}")
    name = c.text(data, "name", path)
    unborn = c.boolean(data, "unborn", path)
    under_age = c.integer(data, "under_age_years", path, required=False, nullable=True, minimum=1)
    under_age_ok = data.get("under_age_years") is None or under_age is not None
    disabled = c.boolean(data, "disabled", path)
    when = c.integer(data, "when_any_need_at", path, minimum=1, maximum=4)
    floor = c.integer(data, "floor", path, minimum=1, maximum=4)
    basis = c.text(data, "basis", path)
    if unborn is False and data.get("under_age_years") is None and disabled is False:
        c.add(path, "must apply to someone: set unborn, under_age_years or disabled")
        return None
    if (
        not kind_ok
        or name is None
        or unborn is None
        or not under_age_ok
        or disabled is None
        or when is None
        or floor is None
        or basis is None
    ):
        return None
    return VulnerabilityFloorRule(name, unborn, under_age, disabled, when, floor, basis)


def _spares_top_level(c: _Checker, data: Mapping[str, Any], path: str) -> bool:
    """The protective rule's declaration that it never lowers a suggestion at the top level."""
    where = _child(path, "lowers_top_level")
    if "lowers_top_level" not in data:
        c.add(
            where,
            "required field is missing: strengths never lower a suggestion at the top level "
            "(specialist support, protection); declare it with false",
        )
        return False
    value = data["lowers_top_level"]
    if value is not False:
        c.add(
            where,
            "must be false: strengths never lower a suggestion at the top level (specialist "
            "support, protection); they are recorded beside it",
        )
        return False
    return True


@dataclass
class _RulesRead:
    rules: Rules
    combination: Indexed[CombinationRule]
    floors: Indexed[VulnerabilityFloorRule]
    ok: bool


def _read_rules(c: _Checker, value: Any, path: str) -> _RulesRead:
    allowed = ("immediate_referral", "baseline", "combination", "protective", "vulnerability_floor")
    data = c.obj(value, path, allowed=allowed)
    if data is None:
        return _RulesRead(Rules(), [], [], False)
    ok = True
    immediate: ImmediateReferralRule | None = None
    raw = data.get("immediate_referral")
    if raw is not None:
        where = f"{path}.immediate_referral"
        sub = c.obj(raw, where, allowed=("next_step",))
        step = c.text(sub, "next_step", where) if sub is not None else None
        if step is None:
            ok = False
        else:
            immediate = ImmediateReferralRule(step)
    baseline: BaselineRule | None = None
    raw = data.get("baseline")
    if raw is not None:
        sub = c.obj(raw, f"{path}.baseline", allowed=("kind",))
        if sub is not None and sub.get("kind") == "highest_need":
            baseline = BaselineRule()
        else:
            if sub is not None:
                c.add(f"{path}.baseline.kind", "must be 'highest_need'")
            ok = False
    combination: Indexed[CombinationRule]
    combination, combination_ok = c.items(
        data, "combination", path, _read_combination, required=False
    )
    protective: ProtectiveRule | None = None
    raw = data.get("protective")
    if raw is not None:
        where = f"{path}.protective"
        sub = c.obj(raw, where, allowed=("max_lower", "min_strengths", "lowers_top_level"))
        lower = c.integer(sub, "max_lower", where, minimum=0, maximum=1) if sub else None
        min_s = c.integer(sub, "min_strengths", where, minimum=1) if sub else None
        spares_top = _spares_top_level(c, sub, where) if sub else False
        if lower is None or min_s is None or not spares_top:
            ok = False
        else:
            protective = ProtectiveRule(lower, min_s)
    floors, floors_ok = c.items(
        data, "vulnerability_floor", path, _read_vulnerability, required=False
    )
    names = [(r.name, f"{path}.combination[{n}].name") for n, r in combination]
    names += [(r.name, f"{path}.vulnerability_floor[{n}].name") for n, r in floors]
    _unique(c, names, "rule name")
    rules = Rules(
        immediate,
        baseline,
        tuple(r for _, r in combination),
        protective,
        tuple(r for _, r in floors),
    )
    return _RulesRead(rules, combination, floors, ok and combination_ok and floors_ok)


@dataclass
class _Parts:
    slug: str | None
    levels: Indexed[Level]
    levels_ok: bool
    domains: Indexed[Domain]
    domains_ok: bool
    indicators: Indexed[Indicator]
    indicators_ok: bool
    rules: _RulesRead | None
    key_questions: Indexed[KeyQuestion]
    default_next_step: str | None
    act_now_given: bool  # present in the file (problems with its value are reported apart)
    raw_need_tags: frozenset[str]


@dataclass(frozen=True)
class _LevelsRead:
    """What the levels say for the cross-checks: ``checked`` only when they were all well
    formed; a ``vocabulary`` has none."""

    checked: bool
    vocabulary: bool
    scales: frozenset[int]
    top: int | None


def _cross_check(c: _Checker, parts: _Parts) -> None:
    """References between the well-formed parts of the document."""
    scales = [level.scale for _, level in parts.levels]
    _check_parts_present(c, parts, scales)
    # Level references are checked only when the levels themselves were all well formed.
    levels = _LevelsRead(
        checked=parts.levels_ok,
        vocabulary=parts.levels_ok and not parts.levels,
        scales=frozenset(scales),
        top=max(scales) if scales else None,
    )
    _check_act_now(c, parts, levels)
    domains = {d.id: d for _, d in parts.domains}
    rules = parts.rules.rules if parts.rules is not None else None
    for n, ind in parts.indicators:
        path = f"indicators[{n}]"
        _check_indicator_id(c, parts.slug, path, ind)
        _check_indicator_scale(c, levels, path, ind)
        if parts.domains_ok:
            _check_indicator_domain(c, domains, path, ind)
        if ind.immediate_referral:
            _check_immediate_referral(c, parts, levels, path, ind)

    if parts.rules is None or rules is None:
        return
    _check_rule_references(c, parts, parts.rules, rules)
    if not levels.checked:
        return
    if levels.vocabulary:
        _check_vocabulary_rules(c, parts, rules)
    else:
        _check_level_rules(c, parts.rules, rules, levels.scales)


def _check_parts_present(c: _Checker, parts: _Parts, scales: list[int]) -> None:
    _unique(c, [(lv.scale, f"levels[{n}].scale") for n, lv in parts.levels], "level scale")
    _unique(c, [(d.id, f"domains[{n}].id") for n, d in parts.domains], "domain id")
    _unique(c, [(i.id, f"indicators[{n}].id") for n, i in parts.indicators], "indicator id")
    _unique(c, [(q.id, f"key_questions[{n}].id") for n, q in parts.key_questions], "question id")
    if parts.levels_ok and scales and scales != list(SCALES):
        c.add("levels", f"level scales must be exactly 1, 2, 3, 4 in order, not {scales}")
    if parts.domains_ok and not parts.domains:
        c.add("domains", "a framework needs at least one domain")
    if parts.indicators_ok and not parts.indicators:
        c.add("indicators", "a framework needs at least one indicator")


def _check_act_now(c: _Checker, parts: _Parts, levels: _LevelsRead) -> None:
    if levels.checked and not levels.vocabulary and not parts.act_now_given:
        c.add(
            "act_now",
            "a framework with levels must say what to do now if significant harm is known or "
            "suspected (shown with every suggestion at the top level)",
        )
    if levels.vocabulary and parts.act_now_given:
        c.add("act_now", "a framework with no levels suggests no top level: give no act_now")


def _check_indicator_id(c: _Checker, slug: str | None, path: str, ind: Indicator) -> None:
    if slug is None:
        return
    head, _, rest = ind.id.partition("/")
    if head != slug or not rest or not all(ID_PART_RE.match(p) for p in rest.split("/")):
        c.add(f"{path}.id", f"{ind.id!r} must be '{slug}/' then lower-case parts separated by '/'")


def _check_indicator_scale(c: _Checker, levels: _LevelsRead, path: str, ind: Indicator) -> None:
    if not levels.checked:
        return
    if levels.vocabulary and ind.scale is not None:
        c.add(f"{path}.scale", "must be null: this framework has no levels (vocabulary)")
    elif not levels.vocabulary and ind.scale is None:
        c.add(f"{path}.scale", "must be a level scale (1-4); only a vocabulary uses null")
    elif ind.scale is not None and ind.scale not in levels.scales:
        c.add(f"{path}.scale", f"{ind.scale} is not the scale of any level")


def _check_indicator_domain(
    c: _Checker, domains: Mapping[str, Domain], path: str, ind: Indicator
) -> None:
    domain = domains.get(ind.domain)
    if domain is None:
        c.add(f"{path}.domain", f"unknown domain {ind.domain!r}")
    elif ind.dimension is not None and ind.dimension not in {d.id for d in domain.dimensions}:
        c.add(f"{path}.dimension", f"unknown dimension {ind.dimension!r} in domain {domain.id!r}")


def _check_immediate_referral(
    c: _Checker, parts: _Parts, levels: _LevelsRead, path: str, ind: Indicator
) -> None:
    if ind.kind != "need":
        c.add(f"{path}.immediate_referral", "only a need can demand an immediate referral")
    if levels.checked and levels.top is not None and ind.scale != levels.top:
        c.add(
            f"{path}.scale",
            f"an immediate-referral indicator must sit at the top level ({levels.top})",
        )
    read = parts.rules
    if read is not None and read.ok and read.rules and not read.rules.immediate_referral:
        c.add(f"{path}.immediate_referral", "the framework declares no rules.immediate_referral")


def _check_rule_references(c: _Checker, parts: _Parts, read: _RulesRead, rules: Rules) -> None:
    """References that do not depend on the levels."""
    # Tags carried by needs; while some indicators are broken, any tag written on an indicator
    # that is not plainly a strength counts, so a broken indicator is not reported twice.
    need_tags = {t for _, i in parts.indicators if i.kind == "need" for t in i.tags}
    if not parts.indicators_ok:
        need_tags |= parts.raw_need_tags
    for n, rule in read.combination:
        path = f"rules.combination[{n}]"
        if isinstance(rule, CountAcrossDomainsRule):
            if parts.domains_ok and rule.min_domains > len(parts.domains):
                c.add(f"{path}.min_domains", f"the framework has only {len(parts.domains)} domains")
        else:
            for t, tag in enumerate(rule.tags):
                if tag not in need_tags:
                    c.add(f"{path}.tags[{t}]", f"no need indicator carries the tag {tag!r}")
    has_strengths = any(i.kind == "strength" for _, i in parts.indicators)
    if rules.protective is not None and parts.indicators_ok and not has_strengths:
        c.add("rules.protective", "declares a protective rule but the framework has no strengths")
    for n, floor in read.floors:
        if floor.floor > floor.when_any_need_at:
            c.add(
                f"rules.vulnerability_floor[{n}].floor",
                "a vulnerability floor may hold a level up, never raise it above the need it "
                "rests on (floor must not exceed when_any_need_at)",
            )


def _check_vocabulary_rules(c: _Checker, parts: _Parts, rules: Rules) -> None:
    """A framework with no levels declares no level rules and gives a default next step."""
    declared = (
        ("immediate_referral", rules.immediate_referral is not None),
        ("baseline", rules.baseline is not None),
        ("combination", bool(rules.combination)),
        ("protective", rules.protective is not None),
        ("vulnerability_floor", bool(rules.vulnerability_floor)),
    )
    for name, present in declared:
        if present:
            c.add(f"rules.{name}", "a framework with no levels cannot declare level rules")
    if parts.default_next_step is None:
        c.add("default_next_step", "a framework with no levels must give default_next_step")


def _check_level_rules(
    c: _Checker, read: _RulesRead, rules: Rules, level_scales: frozenset[int]
) -> None:
    """A framework with levels declares the baseline rule, and its rules name its levels."""
    if read.ok and rules.baseline is None:
        c.add("rules.baseline", "a framework with levels must declare the baseline rule")
    for n, rule in read.combination:
        path = f"rules.combination[{n}]"
        if isinstance(rule, CountAcrossDomainsRule):
            if rule.at_level != "baseline" and rule.at_level not in level_scales:
                c.add(f"{path}.at_level", f"{rule.at_level} is not the scale of any level")
            if rule.max_scale not in level_scales:
                c.add(f"{path}.max_scale", f"{rule.max_scale} is not the scale of any level")
        elif rule.to_scale not in level_scales:
            c.add(f"{path}.to_scale", f"{rule.to_scale} is not the scale of any level")
    for n, floor in read.floors:
        for key, scale in (("when_any_need_at", floor.when_any_need_at), ("floor", floor.floor)):
            if scale not in level_scales:
                c.add(
                    f"rules.vulnerability_floor[{n}].{key}",
                    f"{scale} is not the scale of any level",
                )


def parse_framework(data: Any, *, lines: Mapping[str, int] | None = None) -> Framework:
    """Validate already-decoded JSON data; ``lines`` maps JSON paths to source lines."""
    return _parse(data, lines=lines, extra=())


def _parse(data: Any, *, lines: Mapping[str, int] | None, extra: Sequence[Problem]) -> Framework:
    c = _Checker(lines)
    c.problems.extend(extra)
    doc = c.obj(data, "", allowed=_TOP_FIELDS)
    if doc is None:
        raise FrameworkInvalid(c.problems)
    schema_version = c.integer(doc, "schema_version", "")
    if schema_version is not None and schema_version != SCHEMA_VERSION:
        c.add("schema_version", f"this code reads schema version {SCHEMA_VERSION} only")
    slug = c.text(doc, "slug", "", pattern=SLUG_RE)
    version = c.integer(doc, "version", "", minimum=1)
    name = c.text(doc, "name", "")
    publisher = c.text(doc, "publisher", "")
    published = c.text(doc, "published", "", nullable=True, pattern=PUBLISHED_RE)
    if published is not None:
        try:
            _first_day(published)
        except ValueError:
            c.add("published", f"{published!r} is not a real date")
    source: SourceDocument | None = None
    if "source_document" in doc:
        source = _read_source(c, doc["source_document"], "source_document")
    else:
        c.add("source_document", "required field is missing")
    levels, levels_ok = c.items(doc, "levels", "", _read_level)
    domains, domains_ok = c.items(doc, "domains", "", _read_domain)
    indicators, indicators_ok = c.items(doc, "indicators", "", _read_indicator)
    rules: _RulesRead | None = None
    if "rules" in doc:
        rules = _read_rules(c, doc["rules"], "rules")
    else:
        c.add("rules", "required field is missing (use {} for a vocabulary)")
    key_questions, _ = c.items(doc, "key_questions", "", _read_key_question, required=False)
    default_next_step = c.text(doc, "default_next_step", "", required=False, nullable=True)
    act_now = c.text(doc, "act_now", "", required=False)
    notes = c.strings(doc, "transcription_notes", "", required=False, pattern=_NON_EMPTY_RE)
    consent = _read_consent(c, doc["consent"], "consent") if "consent" in doc else None

    _cross_check(
        c,
        _Parts(
            slug=slug,
            levels=levels,
            levels_ok=levels_ok,
            domains=domains,
            domains_ok=domains_ok,
            indicators=indicators,
            indicators_ok=indicators_ok,
            rules=rules,
            key_questions=key_questions,
            default_next_step=default_next_step,
            act_now_given="act_now" in doc,
            raw_need_tags=_raw_need_tags(doc.get("indicators")),
        ),
    )
    if c.problems:
        raise FrameworkInvalid(c.problems)
    # No problems: every required part was read (each None above would have recorded one).
    assert schema_version is not None and slug is not None and version is not None
    assert name is not None and publisher is not None and source is not None
    assert rules is not None and notes is not None
    return Framework(
        schema_version=schema_version,
        slug=slug,
        version=version,
        name=name,
        publisher=publisher,
        published=published,
        source_document=source,
        levels=tuple(lv for _, lv in levels),
        domains=tuple(d for _, d in domains),
        indicators=tuple(i for _, i in indicators),
        rules=rules.rules,
        key_questions=tuple(q for _, q in key_questions),
        default_next_step=default_next_step,
        transcription_notes=tuple(notes),
        act_now=act_now,
        consent=consent,
    )


_NON_EMPTY_RE = re.compile(r"\S")


def _raw_need_tags(indicators: Any) -> frozenset[str]:
    """Every tag string on an indicator not marked as a strength, valid or not."""
    found: set[str] = set()
    for item in indicators if isinstance(indicators, list) else ():
        if not isinstance(item, dict) or item.get("kind") == "strength":
            continue
        tags = item.get("tags")
        if isinstance(tags, list):
            found.update(t for t in tags if isinstance(t, str))
    return frozenset(found)


def _first_day(published: str) -> date:
    parts = [int(p) for p in published.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def loads_framework(text: str, *, source: str | None = None) -> Framework:
    """Parse and validate framework JSON text; problems carry line numbers."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FrameworkInvalid(
            [Problem("", f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)],
            source=source,
        ) from exc
    lines, duplicates = locate(text)
    try:
        return _parse(data, lines=lines, extra=duplicates)
    except FrameworkInvalid as exc:
        raise FrameworkInvalid(exc.problems, source=source) from None


def load_framework_file(path: str | Path) -> Framework:
    p = Path(path)
    return loads_framework(p.read_text(encoding="utf-8"), source=str(p))


def problems_in(text: str) -> list[Problem]:
    """Every problem in framework JSON ``text`` (empty when it is valid)."""
    try:
        loads_framework(text)
    except FrameworkInvalid as exc:
        return exc.problems
    return []
