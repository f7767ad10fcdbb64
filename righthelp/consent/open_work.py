"""The open work a withdrawal of consent touches, contributed by each capability.

When consent is withdrawn, every open piece of work about the person must be reviewed by the
person working on it, and the people working with the family must be told. Which work is open,
and who works on it, is each capability's own knowledge: each registers a source in its
``apps.py`` ``ready()`` with :func:`register_open_work`, as person visibility sources are
registered, so a new capability plugs in without changing consent.

A source is ``f(person_ids) -> list[OpenWork]``: the open work about any of those people.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from righthelp.workdue.models import TaskQueue


@dataclass(frozen=True)
class OpenWork:
    """One open piece of work (an episode, a contact, a request) about the person.

    ``key`` is unique across sources ("episode:12"); ``reference`` names it in notices and task
    titles (never a person's name: titles are e-mailed); ``link`` opens it. The review task goes
    to ``owner_id``, or, with no owner, to ``queue`` (and ``locality_id`` for a locality's
    queue). ``told`` are the users to tell, each with their part in the work in plain words
    ("lead practitioner").
    """

    key: str
    reference: str
    link: str
    owner_id: int | None = None
    queue: str = TaskQueue.OWNER
    locality_id: int | None = None
    told: tuple[tuple[int, str], ...] = field(default=())


OpenWorkSource = Callable[[Sequence[int]], list[OpenWork]]

_sources: list[OpenWorkSource] = []


def register_open_work(source: OpenWorkSource) -> None:
    if source not in _sources:
        _sources.append(source)


def unregister_open_work(source: OpenWorkSource) -> None:
    """For tests that register a source of their own."""
    if source in _sources:
        _sources.remove(source)


def open_work_about(person_ids: Sequence[int]) -> list[OpenWork]:
    """Every registered source's open work about any of ``person_ids``, each piece once."""
    found: dict[str, OpenWork] = {}
    for source in _sources:
        for work in source(person_ids):
            found.setdefault(work.key, work)
    return list(found.values())
