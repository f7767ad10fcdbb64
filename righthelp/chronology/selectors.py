"""Every read of chronologies: a person's (or a family's) typed events merged with the entries
practitioners added by hand, newest first, each with its provenance. Each read is logged."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any, overload

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import Event
from righthelp.audit.selectors import events_about, events_by_id
from righthelp.audit.services import access_record
from righthelp.chronology.models import ChronologyEntry, Significance
from righthelp.chronology.permissions import visible_entries_q
from righthelp.core import checkpoint
from righthelp.matching.selectors import history_ids_of
from righthelp.people.models import HouseholdMember, Person, PersonKind

HAND_ENTRY = "entry"  # the event-kind filter's value for entries added by hand
# The events that record entries being added or corrected are not shown beside the entries: the
# entries themselves are, and the events would tell readers without consent that another agency
# recorded something (and how significant it was).
ENTRY_VERBS = frozenset({Verb.CHRONOLOGY_ENTRY_ADDED.value, Verb.CHRONOLOGY_ENTRY_AMENDED.value})


@dataclass(frozen=True)
class ChronologyFilter:
    agency_id: int | None = None
    significance: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""  # HAND_ENTRY, a Verb value, or "" for everything
    significant_only: bool = False


@dataclass
class ChronologyItem:
    """One line of a chronology: a typed event or an entry added by hand."""

    occurred_on: date
    sort_at: datetime
    title: str
    description: str
    agency: str  # where it came from: an entry's source agency, an event's actor's agency
    recorded_by: str  # who typed it in (an entry) or did it (an event)
    person_names: list[str] = field(default_factory=list)
    significance: str = ""
    significance_label: str = ""
    impact_on_child: str = ""
    entry: ChronologyEntry | None = None
    event: Event | None = None
    corrected: bool = False
    corrects: ChronologyEntry | None = None
    recorded_by_agency: str = ""  # the agency of whoever recorded it, which may not be the source
    amend_url: str = ""  # where to correct an entry, on the pages that offer it

    @property
    def key(self) -> tuple[date, datetime, int]:
        pk = self.entry.pk if self.entry is not None else (self.event.pk if self.event else 0)
        return (self.occurred_on, self.sort_at, pk)


# (the day it happened, the moment that orders a day's lines, id, "event" or "entry")
SortKey = tuple[date, datetime, int, str]


class MergedChronology(Sequence[ChronologyItem]):
    """Typed events and hand entries as one sequence, newest first, for ``Paginator``.

    A slice fetches at most ``stop`` rows from each source and merges them, so the first page of
    a long chronology reads two small queries, not the whole history.
    """

    def __init__(
        self,
        events: QuerySet[Event],
        entries: QuerySet[ChronologyEntry],
        names: dict[int, str],
        *,
        reach: int = 0,
    ) -> None:
        # Which rows: counted and sorted on ids and sort keys alone (no joins to authors or
        # agencies, no annotations); a page's rows are then loaded with what the lines show.
        self.events = events
        self.entries = entries
        self.names = names  # person id (and merged ids) -> whose it is, for the family view
        # How far the page to be shown reaches (its last line's position): counting reads the
        # sort keys of that many rows of each source, which both answers the count of a source
        # no longer than that (no COUNT query) and is the page's window, read once.
        self.reach = reach
        self._count: int | None = None
        self._keys: tuple[int, list[SortKey], list[SortKey]] | None = None

    def _event_keys(self, stop: int) -> list[SortKey]:
        return [
            (timezone.localtime(at).date(), at, pk, "event")
            for at, pk in self.events[:stop].values_list("occurred_at", "pk")
        ]

    def _entry_keys(self, stop: int) -> list[SortKey]:
        return [
            (on, at, pk, "entry")
            for on, at, pk in self.entries[:stop].values_list("occurred_on", "recorded_at", "pk")
        ]

    def _read_keys(self, stop: int) -> tuple[list[SortKey], list[SortKey]]:
        """The sort keys of the first ``stop`` rows of each source (all of a shorter one), kept
        for a later window that reaches no further (or a source that has no more rows)."""
        if self._keys is not None:
            read_to, events, entries = self._keys
            if stop <= read_to:
                return events[:stop], entries[:stop]
            if len(events) < read_to and len(entries) < read_to:
                return events, entries  # both read to their end
        events, entries = self._event_keys(stop), self._entry_keys(stop)
        self._keys = (stop, events, entries)
        return events, entries

    def __len__(self) -> int:
        if self._count is None:
            if self.reach > 0:
                # One row past the reach says whether a source goes further than the page.
                events, entries = self._read_keys(self.reach + 1)
                if len(events) > self.reach:
                    events_count = self.events.order_by().values("pk").count()
                else:
                    events_count = len(events)
                if len(entries) > self.reach:
                    entries_count = self.entries.order_by().count()
                else:
                    entries_count = len(entries)
                self._count = events_count + entries_count
            else:
                self._count = (
                    self.events.order_by().values("pk").count() + self.entries.order_by().count()
                )
        return self._count

    @staticmethod
    def _shown_entries(entries: QuerySet[ChronologyEntry]) -> QuerySet[ChronologyEntry]:
        return entries.select_related(
            "source_agency", "recorded_by__organisation", "amends"
        ).annotate(is_corrected=Exists(ChronologyEntry.objects.filter(amends=OuterRef("pk"))))

    def _merged(self, stop: int | None) -> Iterator[ChronologyItem]:
        events = self.events
        entries = self._shown_entries(self.entries)
        if stop is not None:
            events, entries = events[:stop], entries[:stop]
        if self.names:
            events = events.prefetch_related("subjects")
        streams = [
            (self._event_item(e) for e in events),
            (self._entry_item(e) for e in entries),
        ]
        return heapq.merge(*streams, key=lambda item: item.key, reverse=True)

    @overload
    def __getitem__(self, index: int) -> ChronologyItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[ChronologyItem]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start, stop = index.start or 0, index.stop
            if stop is None:
                return list(islice(self._merged(stop), start, stop))
            return self._window(start, stop)
        return list(islice(self._merged(index + 1), index, index + 1))[0]

    def _window(self, start: int, stop: int) -> list[ChronologyItem]:
        """A page: merge only the sort keys of the first ``stop`` rows of each source, then load
        the rows on the page, so page 50 does not build 5,000 objects and the first page does
        not join every entry to its agency and author before sorting (PostgreSQL did)."""
        event_keys, entry_keys = self._read_keys(stop)
        wanted = list(
            islice(
                heapq.merge(event_keys, entry_keys, key=lambda k: k[:3], reverse=True),
                start,
                stop,
            )
        )
        event_ids = [k[2] for k in wanted if k[3] == "event"]
        entry_ids = [k[2] for k in wanted if k[3] == "entry"]
        # Events and entries are loaded by id alone: the ids come from the filtered sources, so
        # neither the join to the events' people (with its DISTINCT over every column) nor the
        # visibility condition need be built and compiled again.
        items: list[ChronologyItem] = []
        if event_ids:
            events = events_by_id(event_ids)
            if self.names:
                events = events.prefetch_related("subjects")
            items += [self._event_item(e) for e in events]
        if entry_ids:
            entries = self._shown_entries(ChronologyEntry.objects.filter(pk__in=entry_ids))
            items += [self._entry_item(e) for e in entries]
        return sorted(items, key=lambda item: item.key, reverse=True)

    def __iter__(self) -> Iterator[ChronologyItem]:
        return self._merged(None)

    def _event_item(self, event: Event) -> ChronologyItem:
        names: list[str] = []
        if self.names:
            names = sorted(
                {self.names[s.person_id] for s in event.subjects.all() if s.person_id in self.names}
            )
        at = timezone.localtime(event.occurred_at)
        return ChronologyItem(
            occurred_on=at.date(),
            sort_at=event.occurred_at,
            title=event.get_verb_display(),
            description=event.summary,
            agency=event.organisation.name if event.organisation else "",
            recorded_by=event.actor.display_name if event.actor else "RightHelp",
            recorded_by_agency=event.organisation.name if event.organisation else "",
            person_names=names,
            event=event,
        )

    def _entry_item(self, entry: ChronologyEntry) -> ChronologyItem:
        recorder_agency = entry.recorded_by.organisation
        return ChronologyItem(
            occurred_on=entry.occurred_on,
            sort_at=entry.recorded_at,
            title="Correction" if entry.amends_id else "Entry",
            description=entry.what_happened,
            agency=entry.source_agency.name,
            recorded_by=entry.recorded_by.display_name,
            recorded_by_agency=recorder_agency.name if recorder_agency else "",
            person_names=[self.names[entry.person_id]] if self.names else [],
            significance=entry.significance,
            significance_label=entry.get_significance_display(),
            impact_on_child=entry.impact_on_child,
            entry=entry,
            corrected=bool(getattr(entry, "is_corrected", False)),
            corrects=entry.amends,
        )


def _sources(
    user: User, people: list[Person], chronology_filter: ChronologyFilter, *, family: bool
) -> MergedChronology:
    """Events and entries about ``people`` (and records merged into them); in the family view
    each line is marked with whose it is."""
    history = history_ids_of(people)
    ids = [i for p in people for i in history[p.pk]]
    names = {i: p.full_name for p in people for i in history[p.pk]} if family else {}
    events = events_about(ids).exclude(verb__in=ENTRY_VERBS)
    entries = ChronologyEntry.objects.filter(
        visible_entries_q(user, people), person_id__in=ids
    ).order_by("-occurred_on", "-recorded_at", "-id")
    f = chronology_filter
    if f.agency_id:
        events = events.filter(organisation_id=f.agency_id)
        entries = entries.filter(source_agency_id=f.agency_id)
    if f.date_from:
        events = events.filter(occurred_at__date__gte=f.date_from)
        entries = entries.filter(occurred_on__gte=f.date_from)
    if f.date_to:
        events = events.filter(occurred_at__date__lte=f.date_to)
        entries = entries.filter(occurred_on__lte=f.date_to)
    significance = [f.significance] if f.significance else []
    if f.significant_only:
        wanted = {Significance.SIGNIFICANT.value, Significance.CRITICAL.value}
        significance = [s for s in significance if s in wanted] if significance else list(wanted)
        if not significance:
            significance = ["-"]  # asked for routine and significant-only: nothing matches
    if significance:
        # Typed events carry no significance: a significance filter shows hand entries only.
        events = events.none()
        entries = entries.filter(significance__in=significance)
    if f.kind == HAND_ENTRY:
        events = events.none()
    elif f.kind:
        events = events.filter(verb=f.kind)
        entries = entries.none()
    return MergedChronology(events, entries, names)


def event_kinds() -> list[tuple[str, str]]:
    """Choices for the event-kind filter."""
    from righthelp.audit.events import CHRONOLOGY_VERBS

    kinds = [(v.value, v.label) for v in Verb if v in CHRONOLOGY_VERBS and v not in ENTRY_VERBS]
    return [(HAND_ENTRY, "Entries added by hand"), *sorted(kinds, key=lambda k: k[1])]


def _reach(page_number: int | str, per_page: int) -> int:
    """How far the page asked for reaches (``Paginator.get_page``'s page numbers: anything not a
    whole number is the first page; a page past the end the last, read from the keys' end)."""
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1
    return max(number, 1) * per_page


def person_chronology(
    *,
    user: User,
    person_id: int | str,
    chronology_filter: ChronologyFilter | None = None,
    page_number: int | str = 1,
    per_page: int = 50,
    path: str = "",
) -> tuple[Person, Page[ChronologyItem]]:
    """A person's merged chronology, one page, logged as one read (404 if not visible)."""
    person = checkpoint.person_or_404(user, person_id)
    merged = _sources(user, [person], chronology_filter or ChronologyFilter(), family=False)
    merged.reach = _reach(page_number, per_page)
    page = Paginator(merged, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    access_record(user=user, action=AccessAction.VIEW_CHRONOLOGY, person_ids=[person.pk], path=path)
    return person, page


def people_chronology(*, user: User, people: Sequence[Person]) -> MergedChronology:
    """The chronology of several people on one timeline (an early help episode's family, on
    its page and in a step-up's handover), newest first, each line marked with whose it is.

    The same lines, by the same rule, as the child and family chronologies: the typed events
    about each person and the records merged into them (``history_ids_of``), and the entries
    ``user`` may read (``visible_entries_q``: consent or a lawful basis for the reader's kind of
    agency), never the events of entries being added or corrected. Not logged: the page that
    shows it logs its own read (the episode as a view of the episode, the handover with the
    contact as its reason). Slice it (``[:n]``, or through ``Paginator``) for a constant number
    of queries however long the history.
    """
    return _sources(user, list(people), ChronologyFilter(), family=True)


def family_children(user: User, person: Person) -> list[Person]:
    """The children (and unborn babies) in ``person``'s current households, or 404 unless the
    user may see every one of them."""
    households = HouseholdMember.objects.filter(person=person, end_date__isnull=True).values(
        "household_id"
    )
    children = list(
        Person.objects.filter(
            household_links__household_id__in=households,
            household_links__end_date__isnull=True,
            kind__in=[PersonKind.CHILD, PersonKind.UNBORN],
        )
        .distinct()
        .order_by("date_of_birth", "id")
    )
    if person.kind in (PersonKind.CHILD, PersonKind.UNBORN) and person not in children:
        children.insert(0, person)
    visible = set(
        checkpoint.visible_people(user)
        .filter(pk__in=[c.pk for c in children])
        .values_list("pk", flat=True)
    )
    if not children or any(c.pk not in visible for c in children):
        raise Http404("No such family")
    return children


def family_chronology(
    *,
    user: User,
    person_id: int | str,
    chronology_filter: ChronologyFilter | None = None,
    page_number: int | str = 1,
    per_page: int = 50,
    path: str = "",
) -> tuple[Person, list[Person], Page[ChronologyItem]]:
    """All the children of a person's household on one timeline, each line marked with whose it
    is; only for a user who may see every child (404 otherwise). Logged as one read."""
    person = checkpoint.person_or_404(user, person_id)
    children = family_children(user, person)
    merged = _sources(user, children, chronology_filter or ChronologyFilter(), family=True)
    merged.reach = _reach(page_number, per_page)
    page = Paginator(merged, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    access_record(
        user=user,
        action=AccessAction.VIEW_CHRONOLOGY,
        person_ids=[c.pk for c in children],
        path=path,
        detail={"family": True},
    )
    return person, children, page


def chronology_for_export(
    *,
    user: User,
    person_id: int | str,
    chronology_filter: ChronologyFilter | None = None,
    family: bool = False,
    export_format: str,
    path: str = "",
) -> tuple[Person, list[Person], list[ChronologyItem]]:
    """Every line of a chronology the user may see, for an export; logged as an EXPORT."""
    person = checkpoint.person_or_404(user, person_id)
    people = family_children(user, person) if family else [person]
    items = list(_sources(user, people, chronology_filter or ChronologyFilter(), family=family))
    access_record(
        user=user,
        action=AccessAction.EXPORT,
        person_ids=[p.pk for p in people],
        path=path,
        detail={"what": "chronology", "format": export_format, "lines": len(items)},
    )
    return person, people, items


def entry_for_amend(*, user: User, entry_id: int | str) -> ChronologyEntry:
    """An entry the user may see and correct (404 otherwise). Logged: its content is shown."""
    try:
        entry = ChronologyEntry.objects.select_related("person", "source_agency").get(
            pk=int(entry_id)
        )
    except (ChronologyEntry.DoesNotExist, ValueError):
        raise Http404("No such entry") from None
    person = checkpoint.person_or_404(user, entry.person_id)
    if not ChronologyEntry.objects.filter(visible_entries_q(user, [person]), pk=entry.pk).exists():
        raise Http404("No such entry")
    access_record(
        user=user,
        action=AccessAction.VIEW_CHRONOLOGY,
        person_ids=[person.pk],
        path="",
        detail={"entry": entry.pk},
    )
    return entry


def person_for_change(*, user: User, person_id: int | str) -> Person:
    """The person a user is about to add an entry for (404 when not theirs). Not logged."""
    return checkpoint.person_or_404(user, person_id)
