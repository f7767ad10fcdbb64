"""My work, the navigation's count and the due notifications: every registered source's due
items (``workdue.sources``), gathered here, and the reads of tasks.

Each capability owns its due rules and registers a source in its ``ready()`` (the front door's
contacts and sign-offs in ``frontdoor.due``; early help's assessments, meetings, plan actions and
episodes without a lead in ``earlyhelp.due``; disagreement stages in ``escalations.due``); tasks
are ``workdue``'s own source (``TASK_SOURCE``). Each source's queries are filtered by a
``Scope``: everyone's for ``due_items(now=...)`` and the scheduled command; one user's for
``work_for`` (what they own, their teams' work if they manage a team, the front door's queue for
front-door staff) and for ``due_now_count``, the navigation's count, which counts the same
queries in the database. This module imports no capability.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core import checkpoint
from righthelp.core.compiled import compiled_rows
from righthelp.workdue.models import Task
from righthelp.workdue.sources import (
    EVERYONE,
    DueItem,
    DueSource,
    Rows,
    Scope,
    Window,
    all_rows,
    dated,
    due_sources,
    end_of,
    scope_for,
)

__all__ = [
    "DUE_THIS_WEEK",
    "DUE_TODAY",
    "OVERDUE",
    "PER_GROUP",
    "STATES",
    "DueGroup",
    "DueItem",
    "MyWork",
    "due_items",
    "due_now_count",
    "due_state",
    "task_for_completion",
    "task_in_work",
    "work_for",
]

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE_THIS_WEEK = "due_this_week"
STATES = (OVERDUE, DUE_TODAY, DUE_THIS_WEEK)
# "This week" is the next seven days, so a Friday still shows what falls due next week.
WEEK = timedelta(days=7)


def due_state(item: DueItem, now: datetime) -> str | None:
    """Overdue, due today or due this week, or ``None`` when it is further away."""
    today = timezone.localtime(now).date()
    if now >= item.due_at:
        return OVERDUE
    if item.due_day <= today:
        return DUE_TODAY
    if item.due_day < today + WEEK:
        return DUE_THIS_WEEK
    return None


def _window(now: datetime, days: int) -> Window:
    """From the past up to the end of the ``days``-th day from today (1: today)."""
    return Window(now=now, horizon=end_of(timezone.localtime(now).date() + timedelta(days - 1)))


# --- Tasks: workdue's own source ------------------------------------------------------------


TASK_KIND = "task"


def _task_scope_q(scope: Scope) -> Q:
    """Tasks in a read's scope: owned (by the user, or by their team members for a team
    manager), the front door's queue for front-door staff, and a locality's queue for the
    managers of its teams and for the early help workers of its teams (who can act on what it
    links to: a request waiting in the locality)."""
    if scope.everyone:
        return Q()
    q = scope.owns("owner_id")
    if scope.front_door:
        q |= Q(owner__isnull=True, queue="front_door")
    localities = scope.locality_ids()
    if scope.manages_teams and localities is not None:
        q |= Q(owner__isnull=True, queue="locality", locality_id__in=localities)
    if scope.early_help_worker:
        q |= Q(owner__isnull=True, queue="locality", locality_id__in=scope.member_locality_ids())
    return q


def _task_queries(scope: Scope, window: Window) -> Mapping[str, QuerySet[Any]]:
    return {
        TASK_KIND: Task.objects.filter(
            _task_scope_q(scope), window.day("due_on"), completed_at__isnull=True
        ).order_by("due_on", "pk")
    }


def _task_items(scope: Scope, window: Window) -> list[DueItem]:
    """Open tasks (``workdue.Task``): their owner's, or their queue's."""
    return _task_items_from(scope, window, all_rows(_task_queries(scope, window)))


def _task_items_from(scope: Scope, window: Window, rows: Rows) -> list[DueItem]:
    items: list[DueItem] = []
    for task in rows.get(TASK_KIND, ()):
        queue = ""
        if task.queue == "front_door":
            queue = "front_door"
        elif task.queue == "locality":
            queue = f"locality:{task.locality_id}"
        items.append(
            dated(
                TASK_KIND,
                task.pk,
                task.title,
                task.due_on,
                task.link,
                owner_ids=(task.owner_id,) if task.owner_id else (),
                queue=queue,
                person_ids=tuple(task.person_ids),
            )
        )
    return items


def task_in_work(user: User, task_id: int, *, path: str = "") -> Task:
    """The task ``task_id`` if it is in ``user``'s My work, open or completed
    (``Task.DoesNotExist`` otherwise: another user's task does not exist for them). The read is
    logged (``LIST_WORK``) with the people the task is about."""
    task = Task.objects.select_related("completed_by").get(
        _task_scope_q(scope_for(user)), pk=task_id
    )
    access_record(user=user, action=AccessAction.LIST_WORK, person_ids=task.person_ids, path=path)
    return task


def task_for_completion(user: User, task_id: int) -> Task:
    """The task ``task_id`` if it is in ``user``'s My work (whatever its due date), locked for
    completing; ``Task.DoesNotExist`` otherwise, so another user's task does not exist here."""
    return Task.objects.select_for_update().get(_task_scope_q(scope_for(user)), pk=task_id)


def _task_row_due(kind: str, task: Task) -> datetime:
    return end_of(task.due_on)


TASK_SOURCE = DueSource(
    name="tasks",
    queries=_task_queries,
    items=_task_items,
    items_from=_task_items_from,
    row_due=_task_row_due,
)


# --- Gathering every source ----------------------------------------------------------------


def _items(scope: Scope, window: Window) -> list[DueItem]:
    items = [item for source in due_sources() for item in source.items(scope, window)]
    return sorted(items, key=lambda item: (item.due_at, item.kind, item.object_id))


def due_items(*, now: datetime | None = None) -> list[DueItem]:
    """Every item in the system due before the end of this week's window, overdue ones
    included, earliest first. Not filtered by user: for the scheduled command."""
    now = now or timezone.now()
    return _items(EVERYONE, _window(now, WEEK.days))


# How many items of each group My work shows at a time.
PER_GROUP = 25


class DueGroup(list[DueItem]):
    """One group of My work (overdue, due today, due this week): the items on its current page,
    with ``total`` (every item in the group, counted by the database) and ``page`` (a
    ``Page`` over ``total``, for the group's own pagination)."""

    def __init__(self, items: Iterable[DueItem] = (), *, total: int = 0, page: Page[int]):
        super().__init__(items)
        self.total = total
        self.page = page


def _group_page(total: int, number: int, per_group: int) -> Page[int]:
    # A range stands for the group's items: the paginator needs only how many there are.
    return Paginator(range(total), per_group).get_page(number)


@dataclass
class MyWork:
    overdue: DueGroup
    due_today: DueGroup
    due_this_week: DueGroup

    @property
    def counts(self) -> dict[str, int]:
        return {
            OVERDUE: self.overdue.total,
            DUE_TODAY: self.due_today.total,
            DUE_THIS_WEEK: self.due_this_week.total,
        }


def _group_windows(now: datetime, delays: tuple[timedelta, ...] = ()) -> dict[str, Window]:
    """Each group as a window (``due_state`` in SQL): overdue is due at or before ``now``;
    due today, after it and before tomorrow; due this week, tomorrow to the seventh day."""
    values = _window_values(now, delays)
    just_after_day = timezone.localtime(values["just_after"]).date()
    return _windows_from(values, timezone.localtime(now).date(), just_after_day, delays)


def _window_values(now: datetime, delays: tuple[timedelta, ...]) -> dict[str, Any]:
    """The moments of My work's groups that change with each request (``now`` and just after
    it, and just after it moved earlier by each of ``delays``); the rest follow from the day."""
    just_after = now + timedelta(microseconds=1)
    values: dict[str, Any] = {"now": now, "just_after": just_after}
    for index, delay in enumerate(delays):
        values[f"earlier{index}"] = just_after - delay
    return values


def _windows_from(
    values: Mapping[str, Any], today: date, just_after_day: date, delays: tuple[timedelta, ...]
) -> dict[str, Window]:
    """The groups' windows with ``values``' moments as they are (``_window_values``) and every
    day given (today, and the day just after now falls on), so a query built for them takes
    each of ``values`` as one of its parameters."""
    now, just_after = values["now"], values["just_after"]
    end_of_today = end_of(today)
    return {
        OVERDUE: Window(
            now=now,
            horizon=just_after,
            days=(just_after_day, None),
            earlier_moments=tuple(
                (delay, values[f"earlier{index}"], None) for index, delay in enumerate(delays)
            ),
        ),
        DUE_TODAY: Window(
            now=now,
            horizon=end_of_today,
            since=just_after,
            days=(timezone.localtime(end_of_today).date(), just_after_day),
            earlier_moments=tuple(
                (delay, end_of_today - delay, values[f"earlier{index}"])
                for index, delay in enumerate(delays)
            ),
        ),
        DUE_THIS_WEEK: Window(
            now=now, horizon=end_of(today + WEEK - timedelta(days=1)), since=end_of_today
        ),
    }


# Which source, group and kind each count of ``_group_counts`` is, by its compiled query's key.
_layouts: dict[Hashable, list[tuple[DueSource, str, str]]] = {}


def _group_counts(
    user: User, scope: Scope, now: datetime, paged: list[DueSource]
) -> list[tuple[DueSource, str, str, int]]:
    """How many rows each pageable source's query of each kind has in each group, counted in
    one query (a COUNT subquery each), built and compiled once per kind of user and day
    (``core.compiled``): only the user and the moments of the groups change between requests."""
    if not paged:
        return []
    today = timezone.localtime(now).date()
    delays = tuple(sorted({delay for source in paged for delay in source.earlier_by()}))
    kind = replace(scope, user_id=None)
    values = {"user_id": user.pk, **_window_values(now, delays)}
    # The day "just after now" falls on is part of the shape (a moment before midnight).
    just_after_day = timezone.localtime(values["just_after"]).date()
    key = ("workdue.my_work_counts", kind, today, just_after_day, tuple(paged), delays)

    def build(given: Mapping[str, Any]) -> QuerySet[Any]:
        given_scope = replace(kind, user_id=given["user_id"])
        windows = _windows_from(given, today, just_after_day, delays)
        layout = [
            (source, state, item_kind, queryset)
            for source in paged
            for state in STATES
            for item_kind, queryset in source.queries(given_scope, windows[state]).items()
        ]
        if len(_layouts) >= 64:
            _layouts.clear()
        _layouts[key] = [(source, state, item_kind) for source, state, item_kind, _ in layout]
        return _counts_query(given["user_id"], [queryset for *_, queryset in layout])

    rows = compiled_rows(key, build, values)
    if key not in _layouts:  # compiled earlier, its layout since forgotten
        build(values)
    counts = list(rows[0]) if rows else [0] * len(_layouts[key])
    return [
        (source, state, item_kind, count or 0)
        for (source, state, item_kind), count in zip(_layouts[key], counts, strict=True)
    ]


def _counts_query(user_id: int, queries: list[QuerySet[Any]]) -> QuerySet[Any]:
    """One row: how many rows each of ``queries`` has (a COUNT subquery each)."""
    counts = {
        f"n{index}": Subquery(
            queryset.order_by().values(n=Func(F("pk"), function="COUNT")),
            output_field=IntegerField(),
        )
        for index, queryset in enumerate(queries)
    }
    if not counts:
        return User.objects.none().values_list("pk")
    return User.objects.filter(pk=user_id).annotate(**counts).values_list(*counts)


def _counts(user: User, queries: list[QuerySet[Any]]) -> list[int]:
    """How many rows each query has, all counted in one query (a COUNT subquery each)."""
    if not queries:
        return []
    row = _counts_query(user.pk, queries).first()
    return [value or 0 for value in (row or (0,) * len(queries))]


def work_for(
    user: User,
    *,
    now: datetime | None = None,
    path: str = "",
    pages: Mapping[str, int] | None = None,
    per_group: int = PER_GROUP,
) -> MyWork:
    """What ``user`` should act on, grouped by state: what they own, their teams' work if they
    manage a team, and the front door's queue for front-door staff. Each group shows one page
    of ``per_group`` items (``pages`` gives a group's page number; the first by default) and
    its total. For a pageable source, the database counts each kind in each group and returns
    only the first rows each page needs, so the work done grows with the page and the user's
    scope, not with everyone's items or the user's whole list. The read is logged
    (``LIST_WORK``) with the people the listed items are about."""
    now = now or timezone.now()
    pages = pages or {}
    scope = scope_for(user)
    numbers = {state: max(1, int(pages.get(state, 1))) for state in STATES}
    # The first rows of each pageable query, and the whole of any other source.
    wanted = {state: numbers[state] * per_group for state in STATES}
    paged = [source for source in due_sources() if source.items_from is not None]
    # Each pageable source's queries for each group, counted together in one query.
    counted = _group_counts(user, scope, now, paged)
    delays = tuple(sorted({delay for source in paged for delay in source.earlier_by()}))
    windows = _group_windows(now, delays)
    totals = dict.fromkeys(STATES, 0)
    rows: dict[DueSource, dict[str, list[Any]]] = {source: {} for source in paged}
    needed: dict[tuple[DueSource, str], list[str]] = {}
    for source, state, kind, count in counted:
        totals[state] += count
        if count:
            needed.setdefault((source, state), []).append(kind)
    # Only the groups with rows are built, and of them only the rows the page can show: the
    # first ``wanted`` of each kind, and of those the first ``wanted`` of the group's kinds
    # together (``_first_rows``).
    fetched: Fetched = [
        (source, state, kind, list(queries[kind][: wanted[state]]))
        for (source, state), kinds in needed.items()
        for queries in (source.queries(scope, windows[state]),)
        for kind in kinds
    ]
    for source, _, kind, found in _first_rows(fetched, wanted):
        rows[source].setdefault(kind, []).extend(found)
    week = _window(now, WEEK.days)
    candidates: list[tuple[DueItem, str]] = []
    for source in paged:
        assert source.items_from is not None
        for item in source.items_from(scope, week, rows[source]):
            if (item_state := due_state(item, now)) is not None:
                candidates.append((item, item_state))
    # A source that cannot be paged is built in full and counted here.
    for source in due_sources():
        if source.items_from is None:
            for item in source.items(scope, week):
                if (item_state := due_state(item, now)) is not None:
                    totals[item_state] += 1
                    candidates.append((item, item_state))
    candidates.sort(key=lambda pair: (pair[0].due_at, pair[0].kind, pair[0].object_id))
    groups: dict[str, list[DueItem]] = {state: [] for state in STATES}
    for item, state in candidates:
        groups[state].append(item)
    shown: dict[str, list[DueItem]] = {}
    page_of: dict[str, Page[int]] = {}
    for state in STATES:
        page_of[state] = _group_page(totals[state], numbers[state], per_group)
        first = (page_of[state].number - 1) * per_group
        shown[state] = groups[state][first : first + per_group]
    people = sorted({pid for items in shown.values() for item in items for pid in item.person_ids})
    names = _names_seen_by(user, people)

    def group(state: str) -> DueGroup:
        return DueGroup(
            (
                replace(
                    item,
                    family=", ".join(names[pid] for pid in item.person_ids if pid in names),
                )
                for item in shown[state]
            ),
            total=totals[state],
            page=page_of[state],
        )

    work = MyWork(group(OVERDUE), group(DUE_TODAY), group(DUE_THIS_WEEK))
    access_record(user=user, action=AccessAction.LIST_WORK, person_ids=people, path=path)
    return work


Fetched = list[tuple[DueSource, str, str, list[Any]]]


def _first_rows(fetched: Fetched, wanted: Mapping[str, int]) -> Fetched:
    """Of the rows fetched for each group, kind by kind (``(source, group, kind, rows)``), the
    first ``wanted`` of the group's kinds together, in the order the group is listed in (by
    due moment, kind and id), of the sources that tell when a row is due (``row_due``); every
    row of the others. The rest cannot be on the page, so no item is built for them."""
    ranked: dict[str, list[tuple[tuple[datetime, str, int], int]]] = {}
    for index, (source, state, kind, found) in enumerate(fetched):
        if source.row_due is not None:
            ranked.setdefault(state, []).extend(
                ((source.row_due(kind, row), kind, row.pk), index) for row in found
            )
    kept = {
        (index, pk)
        for state, keyed in ranked.items()
        for (_, _, pk), index in sorted(keyed)[: wanted[state]]
    }
    return [
        (
            source,
            state,
            kind,
            found if source.row_due is None else [row for row in found if (index, row.pk) in kept],
        )
        for index, (source, state, kind, found) in enumerate(fetched)
    ]


def _names_seen_by(user: User, person_ids: list[int]) -> dict[int, str]:
    """The names of those of ``person_ids`` that ``user`` may see (one query): an item about
    someone they may not see (a disagreement's child, for a holder higher up the ladder) is
    listed by its reference alone."""
    if not person_ids:
        return {}
    # Only what a name is made of: a page lists up to 75 items, each about several people.
    people = (
        checkpoint.visible_people(user)
        .filter(pk__in=person_ids)
        .only("kind", "given_name", "family_name")
    )
    return {person.pk: person.full_name for person in people}


def due_now_count(user: User, *, now: datetime | None = None) -> int:
    """How many of ``user``'s items are overdue or due today, for the navigation: the same
    filters as ``work_for``, counted by the database in one query (a COUNT subquery per
    source), building no items. It names nobody, so it is not logged."""
    from righthelp.workdue.badges import compiled_due_now_count  # badges reads this module

    return compiled_due_now_count(user, now=now)


def due_now_count_built(user: User, *, now: datetime | None = None) -> int:
    """``due_now_count`` built afresh from the registered sources on every call, without the
    compiled SQL: the definition the compiled count is checked against."""
    now = now or timezone.now()
    scope, window = scope_for(user), _window(now, 1)
    queries = [
        queryset for source in due_sources() for queryset in source.queries(scope, window).values()
    ]
    return sum(_counts(user, queries))
