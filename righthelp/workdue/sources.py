"""Where due work comes from: contributed, not collected.

Each capability that holds work with a due date (the front door's contacts and sign-offs, early
help's assessments, meetings, plan actions and episodes without a lead, disagreement stages,
``workdue``'s own tasks) owns its due rules in its own module and registers a ``DueSource`` with
``register_due_source`` in its app's ``ready()``, exactly as it registers a person visibility
source with the checkpoint. My work, the navigation's count and ``send_due_notifications`` ask
every registered source (``workdue.selectors``); a new capability plugs in here without editing
them, and a test can register a fake source.

A source answers for a ``Scope`` (everyone's items, or one user's) and a ``Window`` (due before a
moment) in two ways that must agree: ``queries`` (querysets whose rows are the items, counted by
the database for the navigation in one query) and ``items`` (the same rows as ``DueItem``).

A source that can be paged (every source RightHelp ships but the disagreements') also gives
``items_from``, and then its ``queries`` honour the window's lower bound (``Window.since``,
through ``Window.moment`` and ``Window.day``) and are ordered earliest due first, then by id.
My work then asks the database, per group (overdue, due today, due this week), for each kind's
count and its first rows only, and ``items_from`` turns just those rows into items; ``items`` is
``items_from`` over every row (``all_rows``), so the one definition of each rule serves both.
A source without ``items_from`` is built in full and grouped in Python.
This module imports no capability.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from righthelp.accounts.models import Role, TeamMembership, User
from righthelp.core.forms import format_govuk_date

__all__ = [
    "DueItem",
    "DueSource",
    "LazyQueries",
    "Scope",
    "Window",
    "all_rows",
    "dated",
    "due_sources",
    "end_of",
    "register_due_source",
    "scope_for",
    "timed",
    "unregister_due_source",
]


@dataclass(frozen=True)
class DueItem:
    kind: str  # e.g. "contact-decision", "plan-action"
    object_id: int
    title: str
    due_at: datetime  # the moment it becomes overdue
    due_day: date  # the day it is due, in local time
    link: str
    owner_ids: tuple[int, ...] = ()  # who must act; empty means the queue's managers
    queue: str = ""  # "front_door" for items every front-door worker sees
    person_ids: tuple[int, ...] = field(default=(), compare=False)
    note: str = field(default="", compare=False)  # added to the text of its notifications
    what: str = field(default="", compare=False)  # the item in words ("Plan action: ...")
    reference: str = field(default="", compare=False)  # the episode's, contact's or case's
    date_only: bool = field(default=False, compare=False)  # due on a day, at no set time
    # Whose it is: the names of the people it is about that the reader may see (``work_for``).
    family: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.due_at.isoformat()}"

    @property
    def due_text(self) -> str:
        """When it is due, as people say it: the day for a date-only item ("30 November 2025",
        not the midnight it becomes overdue), the day and time for a timed one."""
        if self.date_only:
            return format_govuk_date(self.due_day)
        at = timezone.localtime(self.due_at)
        return f"{format_govuk_date(at.date())} at {at:%H:%M}"


def end_of(day: date) -> datetime:
    """A date-only due date is overdue from the start of the next day (local time)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def timed(
    kind: str, object_id: int, title: str, due_at: datetime, link: str, **extra: Any
) -> DueItem:
    """An item due at a moment (a contact's decision, a disagreement stage)."""
    return DueItem(kind, object_id, title, due_at, timezone.localtime(due_at).date(), link, **extra)


def dated(kind: str, object_id: int, title: str, due_on: date, link: str, **extra: Any) -> DueItem:
    """An item due on a day, at no set time (an assessment, a plan action, a task)."""
    return DueItem(kind, object_id, title, end_of(due_on), due_on, link, date_only=True, **extra)


# --- Whose items a read covers -------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose due items a read covers: everyone's (``user_id`` None: the scheduled command), or
    one user's: what they own, what the members of the teams they manage own (team managers),
    the front door's queue (front-door staff) and their teams' localities' queues. Each source
    turns this into conditions in its own query, so one user's read does work in proportion to
    their items, not to every item in the system."""

    user_id: int | None = None
    manages_teams: bool = False
    front_door: bool = False
    front_door_manager: bool = False
    early_help_worker: bool = False

    @property
    def everyone(self) -> bool:
        return self.user_id is None

    def _managed_teams(self) -> QuerySet[TeamMembership]:
        assert self.user_id is not None
        return TeamMembership.objects.filter(
            user_id=self.user_id, position=TeamMembership.Position.MANAGER
        )

    def owns(self, field: str) -> Q:
        """Rows whose ``field`` (a user id) is one of the users whose items this read covers."""
        if self.everyone:
            return Q()
        if not self.manages_teams:
            return Q(**{field: self.user_id})
        return Q(**{f"{field}__in": self._users()})

    def _users(self) -> QuerySet[Any]:
        """A team manager and their teams' members, as a subquery of user ids: the manager
        UNION the members. One IN over the few users, not "= me OR IN (members)": an OR of
        the two makes the database read every row of the table it filters (every plan action
        of five years), and a filter "id = me OR id IN (members)" on the users is estimated
        at half of them, so the tables it is joined to are read in full; the union of two
        indexed lookups is estimated at about the few users it holds."""
        assert self.user_id is not None
        members = TeamMembership.objects.filter(
            team_id__in=self._managed_teams().values("team_id")
        ).values("user_id")
        return User.objects.filter(pk=self.user_id).order_by().values("pk").union(members)

    def user_ids(self) -> QuerySet[User, Any] | None:
        """The same users as a subquery of ids (``None`` for everyone)."""
        if self.everyone:
            return None
        return User.objects.filter(self.owns("pk")).values("pk")

    def locality_ids(self) -> QuerySet[TeamMembership, Any] | None:
        """The localities of the teams this user manages (``None`` for everyone)."""
        if self.everyone:
            return None
        return (
            self._managed_teams().filter(team__locality__isnull=False).values("team__locality_id")
        )

    def member_locality_ids(self) -> QuerySet[TeamMembership, Any]:
        """The localities of every team this user belongs to (one user's read only)."""
        assert self.user_id is not None
        return TeamMembership.objects.filter(
            user_id=self.user_id, team__locality__isnull=False
        ).values("team__locality_id")


EVERYONE = Scope()


def scope_for(user: User) -> Scope:
    """A user's scope; the role checks use the user's cached roles (no query once loaded)."""
    return Scope(
        user_id=user.pk,
        manages_teams=user.has_role(Role.TEAM_MANAGER),
        front_door=user.has_role(Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER),
        front_door_manager=user.has_role(Role.FRONT_DOOR_MANAGER),
        early_help_worker=user.has_role(Role.EARLY_HELP_WORKER),
    )


@dataclass(frozen=True)
class Window:
    """Due before ``horizon`` (a moment; date-only due dates before its local date), as at
    ``now`` (a disagreement stage becomes the next level's too once it is overdue), and, with
    ``since``, not before ``since`` (date-only: not before its local date): one group of My
    work. A paged source filters with ``moment`` and ``day`` so both bounds apply."""

    now: datetime
    horizon: datetime
    since: datetime | None = None
    # The window's days when given rather than derived from its moments (``last_day``,
    # ``first_day``), and its moments moved earlier by a delay (``earlier``) when given: so a
    # query built for it takes each of its moments and days as given, and ``core.compiled``
    # can fill them in afresh for each request (My work's counts).
    days: tuple[date, date | None] | None = None
    earlier_moments: tuple[tuple[timedelta, datetime, datetime | None], ...] = ()

    @property
    def last_day(self) -> date:
        if self.days is not None:
            return self.days[0]
        return timezone.localtime(self.horizon).date()

    @property
    def first_day(self) -> date | None:
        if self.days is not None:
            return self.days[1]
        return None if self.since is None else timezone.localtime(self.since).date()

    def earlier(self, by: timedelta) -> Window:
        """The window moved ``by`` earlier, for a due moment ``by`` after a recorded one (an
        episode is flagged some days after it lost its lead)."""
        for delay, horizon, since in self.earlier_moments:
            if delay == by:
                return Window(self.now, horizon, since)
        since = None if self.since is None else self.since - by
        return Window(self.now, self.horizon - by, since)

    def moment(self, field: str) -> Q:
        """Rows whose ``field`` (a due moment) is in the window."""
        q = Q(**{f"{field}__lt": self.horizon})
        if self.since is not None:
            q &= Q(**{f"{field}__gte": self.since})
        return q

    def day(self, field: str) -> Q:
        """Rows whose ``field`` (a due day) is in the window."""
        q = Q(**{f"{field}__lt": self.last_day})
        if self.first_day is not None:
            q &= Q(**{f"{field}__gte": self.first_day})
        return q


# --- The registry ---------------------------------------------------------------------------


# Rows of a source's querysets, by kind: what ``items_from`` turns into items.
Rows = Mapping[str, Sequence[Any]]


@dataclass(frozen=True)
class DueSource:
    """One capability's due work. ``queries`` gives, by item kind, querysets whose rows are its
    items in a scope and window (no joins that repeat rows: the navigation counts them as they
    are); ``items`` gives the same rows as ``DueItem``, with who must act.

    ``items_from`` (optional) makes the source pageable: its ``queries`` then honour
    ``Window.since`` and are ordered by due moment, then id, and ``items_from(scope, window,
    rows)`` turns any rows of them (the first few of each kind, say) into their items, in a
    number of queries that does not grow with the rows."""

    name: str
    queries: Callable[[Scope, Window], Mapping[str, QuerySet[Any]]]
    items: Callable[[Scope, Window], list[DueItem]]
    items_from: Callable[[Scope, Window, Rows], list[DueItem]] | None = None
    # The delays its ``queries`` move a window earlier by (``Window.earlier``), so My work can
    # give those moments rather than have them computed (see ``Window``).
    earlier_by: Callable[[], tuple[timedelta, ...]] = field(default=lambda: ())
    # The moment a row of its ``queries`` of a kind is due (the ``due_at`` of the item
    # ``items_from`` makes of it), so My work can keep only the rows a page can show, across
    # every kind, before it builds their items (optional; a pageable source only).
    row_due: Callable[[str, Any], datetime] | None = None


class LazyQueries(Mapping[str, QuerySet[Any]]):
    """A source's querysets by kind, each built the first time it is asked for: My work asks
    only for the kinds with items in a group, so the others are never built."""

    def __init__(self, builders: Mapping[str, Callable[[], QuerySet[Any]]]) -> None:
        self._builders = dict(builders)
        self._built: dict[str, QuerySet[Any]] = {}

    def __getitem__(self, kind: str) -> QuerySet[Any]:
        if kind not in self._built:
            self._built[kind] = self._builders[kind]()
        return self._built[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


def all_rows(queries: Mapping[str, QuerySet[Any]]) -> dict[str, list[Any]]:
    """Every row of each queryset: a pageable source's ``items`` is its ``items_from`` over
    these."""
    return {kind: list(queryset) for kind, queryset in queries.items()}


_sources: list[DueSource] = []


def register_due_source(source: DueSource) -> None:
    """Add where due work comes from (called from an app's ``ready()``). Idempotent."""
    if source not in _sources:
        _sources.append(source)


def unregister_due_source(source: DueSource) -> None:
    """Remove a source (for tests that register a fake one)."""
    if source in _sources:
        _sources.remove(source)


def due_sources() -> tuple[DueSource, ...]:
    return tuple(_sources)
