"""Search before create: what the pages that add or link a person share.

Every page where a person is added (the people "add a person" page, the referrer's request for
support, the front door linking a contact to a record) and the people search ask the matcher
(``selectors.match_candidates``) with the details typed, show the scored candidates through
one partial (``matching/_candidates.html``), and, when a new record is made after candidates
were shown, record "none of these" (``services.match_none_record``).

The details that were checked travel with the page as hidden fields (``checked-*``), so that a
later post can show the same candidates again (to pick one) and can tell whether "none of
these" was chosen for the details now being saved, not for different ones typed since.
Nothing here writes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from righthelp.accounts.models import User
from righthelp.frontdoor.models import Contact
from righthelp.matching.selectors import Candidate, SearchResult, match_candidates

PREFIX = "checked-"
_MARKER = f"{PREFIX}query"
_FIELDS = ("given_name", "family_name", "date_of_birth", "sex", "postcode", "nhs_number", "upn")


@dataclass(frozen=True)
class MatchQuery:
    """The details a person is searched by. Blank means not known."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""

    def __post_init__(self) -> None:
        for name in _FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, " ".join(value.split()))

    @classmethod
    def from_name(cls, name: str, **details: Any) -> MatchQuery:
        """One box for the whole name: the first word is the given name, the rest the family
        name; a single word is taken as the family name."""
        words = name.split()
        if len(words) > 1:
            return cls(given_name=words[0], family_name=" ".join(words[1:]), **details)
        return cls(family_name=" ".join(words), **details)

    @classmethod
    def from_post(cls, data: Mapping[str, Any]) -> MatchQuery | None:
        """The details a page checked, from its hidden fields; ``None`` if it carried none."""
        if _MARKER not in data:
            return None
        values: dict[str, Any] = {name: str(data.get(PREFIX + name, "")) for name in _FIELDS}
        try:
            values["date_of_birth"] = date.fromisoformat(values["date_of_birth"])
        except ValueError:
            values["date_of_birth"] = None
        return cls(**values)

    @property
    def enough(self) -> bool:
        """Enough to score candidates usefully: an NHS number or UPN, or a name and a date of
        birth. With less, pages fall back to the plain name search."""
        named = bool(self.given_name or self.family_name)
        return bool(self.nhs_number or self.upn) or (named and self.date_of_birth is not None)

    def hidden_fields(self) -> list[tuple[str, str]]:
        """``(name, value)`` pairs for hidden inputs that carry these details to the next post."""
        pairs = [(_MARKER, "1")]
        for name in _FIELDS:
            value = getattr(self, name)
            if isinstance(value, date):
                value = value.isoformat()
            pairs.append((PREFIX + name, value or ""))
        return pairs

    def searched(self) -> dict[str, str]:
        """What the "none of these" event records of the search: no more than the family name
        (the candidates it names hold the rest)."""
        return {"family_name": self.family_name}

    def search(self, *, user: User, path: str, for_contact: Contact | None = None) -> SearchResult:
        """Scored candidates for these details (logged as a search by ``match_candidates``).
        With ``for_contact``, a triage search of all records, logged with the contact."""
        return match_candidates(
            user=user,
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            postcode=self.postcode,
            nhs_number=self.nhs_number,
            upn=self.upn,
            path=path,
            for_contact=for_contact,
        )


def only(result: SearchResult, keep: Callable[[Candidate], bool]) -> SearchResult:
    """The same result showing only some candidates (for example children, on a page that
    asks for a child). The count of records the user may not see is unchanged."""
    return dataclasses.replace(result, candidates=tuple(c for c in result.candidates if keep(c)))


def found_any(result: SearchResult | None) -> bool:
    """Whether there is anything to check before adding: candidates shown, or likely matches
    in records the user may not see."""
    return result is not None and bool(result.candidates or result.hidden)


def none_of_these_chosen(data: Mapping[str, Any], query: MatchQuery) -> bool:
    """Whether the post says "none of these" for these details. A page that showed candidates
    carries the details it checked; if they were changed since, the new ones are checked
    first. (A post with no checked details, as from older pages, is taken at its word.)"""
    if data.get("none_of_these") != "yes":
        return False
    checked = MatchQuery.from_post(data)
    return checked is None or checked == query
