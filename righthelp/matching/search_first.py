"""Search before create: the one flow every page that adds a person goes through.

Every page where a person is added (the people "add a person" page, the referrer's request for
support, the front door linking a contact to a record, someone joining a family in early help)
and the people search ask the matcher (``selectors.match_candidates``) with the details typed,
show the scored candidates through one partial (``matching/_candidates.html``), and, when a new
record is made after candidates were shown, record "none of these"
(``services.match_none_record``).

The details that were checked travel with the page as hidden fields (``checked-*``), so that a
later post can show the same candidates again (to pick one) and can tell whether "none of
these" was chosen for the details now being saved, not for different ones typed since.

``search_first_resolve`` is the flow itself, so the pages only read their forms, call it and
redirect: a repeated post leads to what the first made; otherwise the matcher is asked, likely
matches are shown before anything is made, and "none of these" creates the person
(``person_create_searched``) and records the choice in one transaction.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from righthelp.accounts.models import User
from righthelp.core.selectors import submission_result
from righthelp.frontdoor.models import Contact
from righthelp.matching.selectors import Candidate, SearchResult, match_candidates
from righthelp.matching.services import match_none_record
from righthelp.people import services as people_services
from righthelp.people.models import Person

T = TypeVar("T")

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


# --- The flow -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoneOfThese:
    """The search before creating showed ``shown_ids`` for ``query``, and none was the person:
    ``reason`` is needed when one of them (or a record the actor may not see) is very likely.
    ``submission_key`` makes a form sent twice record the choice once."""

    query: MatchQuery
    shown_ids: Sequence[int]
    reason: str = ""
    submission_key: uuid.UUID | None = None


class ReasonRefused(ValidationError):
    """ "None of these" was refused (a very likely match needs a reason); the message is on the
    ``reason`` field of the "none of these" form, not the page's own."""


def none_of_these_record(*, actor: User, person: Person, none_of_these: NoneOfThese) -> None:
    """Record "none of these" for ``person``, just made (``matching.services.match_none_record``:
    the reason rule and the duplicates queue). A refusal is a ``ReasonRefused``."""
    try:
        match_none_record(
            actor=actor,
            person=person,
            query=none_of_these.query,
            shown_ids=none_of_these.shown_ids,
            reason=none_of_these.reason,
            submission_key=none_of_these.submission_key,
        )
    except ValidationError as error:
        raise ReasonRefused(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from None


def person_create_searched(
    *,
    actor: User,
    details: people_services.PersonDetails,
    involvement: people_services.Involvement,
    none_of_these: NoneOfThese | None,
    address: people_services.AddressDetails | None = None,
    submission_key: uuid.UUID | str | None = None,
) -> Person:
    """Create a person after searching first (``people.services.person_create``) and, when the
    search showed likely matches, record that none was the person (``none_of_these_record``).
    Call it inside the transaction that does whatever else the page makes with the record."""
    person = people_services.person_create(
        actor=actor,
        details=details,
        involvement=involvement,
        address=address,
        submission_key=submission_key,
    )
    if none_of_these is not None:
        none_of_these_record(actor=actor, person=person, none_of_these=none_of_these)
    return person


@dataclass(frozen=True)
class Replay:
    """The submission key a repeated post is recognised by, and what it was claimed for."""

    submission_key: uuid.UUID | str | None
    purpose: str


def search_first_matches(
    *,
    actor: User,
    query: MatchQuery,
    path: str,
    replay: Replay,
    for_contact: Contact | None = None,
    keep: Callable[[Candidate], bool] | None = None,
) -> SearchResult | None:
    """The matcher's candidates for ``query`` (only those ``keep`` accepts), or ``None`` for a
    form sent twice: it leads to what the first made, not to a check against it."""
    key = replay.submission_key
    if submission_result(key=key, user=actor, purpose=replay.purpose) is not None:
        return None
    result = query.search(user=actor, path=path, for_contact=for_contact)
    return only(result, keep) if keep is not None else result


@dataclass(frozen=True)
class SearchFirstOutcome(Generic[T]):
    """What ``search_first_resolve`` did.

    ``matches`` is what the search found (``None`` for a repeated post, which is not checked
    again). Exactly one of these holds: ``confirm_first`` (likely matches to show before
    anything is made; nothing was written but the search's log), ``made`` (what ``create``
    returned), ``refused`` (the page's own form is refused; nothing was made) or
    ``reason_refused`` (the reason "none of these" needs is missing; nothing was made)."""

    matches: SearchResult | None
    made: T | None = None
    refused: ValidationError | None = None
    reason_refused: ValidationError | None = None

    @property
    def confirm_first(self) -> bool:
        nothing_else = self.made is None and self.refused is None and self.reason_refused is None
        return nothing_else and found_any(self.matches)


def search_first_resolve(
    *,
    actor: User,
    query: MatchQuery,
    answer: Mapping[str, Any],
    reason: str,
    path: str,
    replay: Replay,
    create: Callable[[NoneOfThese | None], T],
    none_of_these_key: uuid.UUID | None = None,
    for_contact: Contact | None = None,
    keep: Callable[[Candidate], bool] | None = None,
) -> SearchFirstOutcome[T]:
    """Search first, then create: the one flow of every page that adds a person.

    A repeated post (``replay``) goes straight to ``create``, which leads to what the first
    made. Otherwise the matcher is asked with ``query`` (``search_first_matches``, logged as a
    search; with ``for_contact``, a triage search). Likely matches (shown ones, or likely ones
    in records the actor may not see) are returned to be shown first, unless the post
    (``answer``) says "none of these" for these very details; then ``create`` is called with a
    ``NoneOfThese`` (the candidates shown, ``reason``, claimed by ``none_of_these_key``), which
    it hands to ``person_create_searched``. With no likely match it is called with ``None``.

    ``create`` makes the person and whatever the page makes with them in one savepoint: a
    refusal (``ValidationError``) rolls all of it back and is returned, on ``reason_refused``
    when it is the reason rule (``ReasonRefused``). A ``PermissionError`` propagates."""
    matches = search_first_matches(
        actor=actor, query=query, path=path, replay=replay, for_contact=for_contact, keep=keep
    )
    choice: NoneOfThese | None = None
    if found_any(matches):
        assert matches is not None
        if not none_of_these_chosen(answer, query):
            return SearchFirstOutcome(matches=matches)
        choice = NoneOfThese(
            query=query,
            shown_ids=[c.person.pk for c in matches.candidates],
            reason=reason,
            submission_key=none_of_these_key,
        )
    try:
        with transaction.atomic():
            made = create(choice)
    except ReasonRefused as error:
        return SearchFirstOutcome(matches=matches, reason_refused=error)
    except ValidationError as error:
        return SearchFirstOutcome(matches=matches, refused=error)
    return SearchFirstOutcome(matches=matches, made=made)
