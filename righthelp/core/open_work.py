"""What is open for a child: the one answer every caller uses.

Each capability that holds work about a person (an early help episode, a contact the front door
is considering, a referral to children's social care, ...) registers a *source* in its app's
``ready()``, exactly as it registers a person visibility source with the checkpoint. The known
check, the front door's contact page and anything else that asks "is this child already open to
someone?" call ``open_work_for`` and hear from every source, so a new capability cannot be
forgotten by one of them.

A source answers for many people at once with a bounded number of queries (its reads are by
indexed person ids), so the known check stays fast at a council's size.

What a source returns is fit to be shown to any practitioner: the service, whom to contact (a
team, locality or named lead practitioner) and a reference. Never what the record says.

The same answer drives what a withdrawal of consent sets in motion
(``consent.services.consent_withdraw``): each piece of open work that rests on consent
(``rests_on_consent``) gets a review task for whoever works on it (``owner_id``, or with none
the ``queue``: ``"front_door"``, or ``"locality"`` with ``locality_id``), opened at ``link``, and
the people in ``told`` are told.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "OpenWork",
    "Service",
    "OpenWorkSource",
    "open_work_for",
    "open_work_sources",
    "register_open_work_source",
    "unregister_open_work_source",
]


class Service:
    """The services' names as the answers say them ("Open to early help ...")."""

    EARLY_HELP = "early help"
    SOCIAL_CARE = "children's social care"
    FRONT_DOOR = "the front door"


@dataclass(frozen=True)
class OpenWork:
    """One piece of open work about one person, as much as anyone may be told of it.

    ``summary`` says what is open ("Open to early help in West locality"), ``contact`` whom to
    contact ("contact the lead practitioner, Erin Kaur (Early Help Service)"). ``open_to_service``
    is true when the service's own records hold the work (an episode, a referral), false for work
    still being decided (a contact the front door is considering). ``reference`` is the
    service's own reference (episode or contact), for the people who work on it.
    """

    person_id: int
    kind: str  # e.g. "early_help_episode": the source's own name for the work
    object_id: int
    service: str  # one of ``Service``, or a later capability's own
    summary: str
    contact: str
    reference: str = ""
    lead: str = ""  # the named lead practitioner or worker, where there is one
    locality: str = ""
    open_to_service: bool = True
    since: datetime | None = None
    # For those who work on it (consent withdrawal's review task and notices):
    label: str = ""  # what it is with its reference, never a name ("early help EH-26-000012")
    link: str = ""  # the page where it is worked on
    owner_id: int | None = None  # who reviews it; with none, ``queue`` does
    queue: str = ""  # "" (its owner), "front_door" or "locality" (with ``locality_id``)
    locality_id: int | None = None
    told: tuple[tuple[int, str], ...] = ()  # (user id, their part: "lead practitioner for ...")
    rests_on_consent: bool = True  # early help and requests for it do; statutory work does not

    @property
    def key(self) -> str:
        """Unique across sources: the source's kind and its object's id."""
        return f"{self.kind}:{self.object_id}"

    @property
    def line(self) -> str:
        """The sentence for any practitioner: what is open and whom to contact."""
        return f"{self.summary}: {self.contact}."

    @property
    def line_with_reference(self) -> str:
        """The sentence for those who work on it (the front door), with the reference."""
        reference = f" ({self.reference})" if self.reference else ""
        return f"{self.summary}{reference}: {self.contact}."


OpenWorkSource = Callable[[Sequence[int]], Iterable[OpenWork]]
_sources: list[OpenWorkSource] = []


def register_open_work_source(source: OpenWorkSource) -> None:
    """Add where open work comes from (called from an app's ``ready()``). Idempotent."""
    if source not in _sources:
        _sources.append(source)


def unregister_open_work_source(source: OpenWorkSource) -> None:
    """Remove a source (for tests that register a fake one)."""
    if source in _sources:
        _sources.remove(source)


def open_work_sources() -> tuple[OpenWorkSource, ...]:
    return tuple(_sources)


def open_work_for(
    person_ids: Iterable[int], *, exclude: Collection[tuple[str, int]] = ()
) -> dict[int, list[OpenWork]]:
    """Every piece of open work about these people, from every registered source.

    Returns ``{person id: [OpenWork, ...]}`` with an entry (perhaps empty) for each id asked
    about: the sources in the order they were registered, each source's work in the order it
    gave it, without repeats. ``exclude`` leaves out work by ``(kind, object_id)`` (the contact
    being read, on its own page). Reads no more than each source's bounded number of queries,
    whatever the number of people. Logs nothing: the caller logs what it reveals.
    """
    ids = sorted({int(i) for i in person_ids})
    found: dict[int, list[OpenWork]] = {pk: [] for pk in ids}
    if not ids:
        return found
    excluded = set(exclude)
    seen: set[tuple[int, str, int]] = set()
    for source in _sources:
        for work in source(ids):
            key = (work.person_id, work.kind, work.object_id)
            if work.person_id not in found or key in seen:
                continue
            if (work.kind, work.object_id) in excluded:
                continue
            seen.add(key)
            found[work.person_id].append(work)
    return found
