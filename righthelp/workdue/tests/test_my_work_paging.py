"""My work is paged by group: each group (overdue, due today, due this week) shows its first
items with its total, and pages through the rest; the totals are the full due lists' (the
sources' unpaged ``items``), the navigation's count is the same number, and the page does the
same queries whether each group holds 3 items or 30."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.workdue.models import Task
from righthelp.workdue.selectors import (
    DUE_THIS_WEEK,
    DUE_TODAY,
    OVERDUE,
    STATES,
    due_now_count,
    due_state,
    work_for,
)
from righthelp.workdue.sources import Window, due_sources, end_of, scope_for
from righthelp.workdue.tests.helpers import due_at, submitted_contact
from righthelp.workdue.tests.test_scoped_reads import episode_with_work, overdue_disagreement

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def moments(now: datetime) -> dict[str, datetime]:
    """A moment in each group, whatever the time of day the test runs."""
    today = timezone.localtime(now).date()
    return {
        OVERDUE: now - timedelta(hours=2),
        DUE_TODAY: now + (end_of(today) - now) / 2,
        DUE_THIS_WEEK: end_of(today) + timedelta(days=2, hours=12),
    }


def days(now: datetime) -> dict[str, date]:
    """A day in each group."""
    today = timezone.localtime(now).date()
    return {
        OVERDUE: today - timedelta(days=1),
        DUE_TODAY: today,
        DUE_THIS_WEEK: today + timedelta(days=3),
    }


def front_door_work(cast: Cast, now: datetime, each: int) -> None:
    """``each`` items in every group for the front door: a third contacts waiting for a
    decision, the rest tasks in the front door's queue."""
    for state, moment in moments(now).items():
        contacts = max(1, each // 3)
        for _ in range(contacts):
            due_at(submitted_contact(cast), moment)
        Task.objects.bulk_create(
            Task(
                key=f"{state}-{n}",
                kind="consent-withdrawn",
                title=f"Task {state} {n}",
                due_on=days(now)[state],
                link="/",
                queue="front_door",
                person_ids=[cast.child.pk],
                created_at=now,
            )
            for n in range(each - contacts)
        )


def unpaged(user: User, now: datetime) -> dict[str, list[str]]:
    """The full due lists by the unpaged definition: every source's ``items`` over the week,
    grouped by ``due_state``, in My work's order."""
    today = timezone.localtime(now).date()
    window = Window(now=now, horizon=end_of(today + timedelta(days=6)))
    items = sorted(
        (item for source in due_sources() for item in source.items(scope_for(user), window)),
        key=lambda item: (item.due_at, item.kind, item.object_id),
    )
    groups: dict[str, list[str]] = {state: [] for state in STATES}
    for item in items:
        state = due_state(item, now)
        if state is not None:
            groups[state].append(item.key)
    return groups


def test_group_totals_are_the_full_due_lists_and_the_navigation_count(cast: Cast) -> None:
    # Given 30 front-door items in each group, and early help and disagreement work
    now = timezone.now()
    front_door_work(cast, now, 30)
    episode_with_work(cast, cast.front_door_worker, child=cast.child)
    overdue_disagreement(cast, cast.front_door_worker)

    for user in (cast.front_door_worker, cast.front_door_manager, cast.team_member):
        # When My work shows the first 10 of each group
        work = work_for(user, now=now, per_group=10)

        # Then each group's total is its full list's length, and it shows the first 10
        full = unpaged(user, now)
        assert work.counts == {state: len(full[state]) for state in STATES}, user.username
        for state in STATES:
            assert [item.key for item in getattr(work, state)] == full[state][:10]
        assert due_now_count(user, now=now) == work.counts[OVERDUE] + work.counts[DUE_TODAY]

    # And the front door's numbers are the ones made: 30 of each, plus the worker's own
    # overdue meeting and disagreement and the plan action due today
    counts = work_for(cast.front_door_worker, now=now).counts
    assert counts == {OVERDUE: 32, DUE_TODAY: 31, DUE_THIS_WEEK: 30}


def test_paging_a_group_shows_each_item_once_in_order(cast: Cast) -> None:
    now = timezone.now()
    front_door_work(cast, now, 30)
    full = unpaged(cast.front_door_worker, now)
    for state in STATES:
        seen: list[str] = []
        for number in range(1, 6):
            work = work_for(cast.front_door_worker, now=now, pages={state: number}, per_group=7)
            group = getattr(work, state)
            assert group.page.number == number and group.page.paginator.num_pages == 5
            seen += [item.key for item in group]
        assert seen == full[state]
        assert len(set(seen)) == 30


def test_a_page_past_the_end_shows_the_last_page(cast: Cast) -> None:
    now = timezone.now()
    front_door_work(cast, now, 9)
    work = work_for(cast.front_door_worker, now=now, pages={OVERDUE: 50}, per_group=4)
    assert work.overdue.page.number == 3
    assert [i.key for i in work.overdue] == unpaged(cast.front_door_worker, now)[OVERDUE][8:]


def my_work_queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path)
    assert page.status_code == 200
    return len(captured), page.content.decode()


def test_the_page_does_the_same_queries_for_3_or_30_items_in_each_group(
    cast: Cast, client: Client
) -> None:
    now = timezone.now()
    episode_with_work(cast, cast.front_door_worker, child=cast.child)
    overdue_disagreement(cast, cast.front_door_worker)
    front_door_work(cast, now, 3)
    client.force_login(cast.front_door_worker)
    url = reverse("workdue:my-work")
    client.get(url)
    few, _ = my_work_queries(client, url)
    front_door_work_more = 27
    for state, moment in moments(now).items():
        Task.objects.bulk_create(
            Task(
                key=f"more-{state}-{n}",
                kind="consent-withdrawn",
                title=f"More {state} {n}",
                due_on=days(now)[state],
                link="/",
                queue="front_door",
                created_at=now,
            )
            for n in range(front_door_work_more)
        )
        for _ in range(3):
            due_at(submitted_contact(cast), moment)
    many, page = my_work_queries(client, url)
    assert many == few
    # The first group's page is full, with its total and a link to the next page
    assert "Overdue (35)" in page  # 3 + 30 front-door items, the worker's meeting and stage
    assert "?overdue=2" in page
    second, page_two = my_work_queries(client, f"{url}?overdue=2")
    assert second == few
    assert "Showing 26 to 35 of 35" in page_two


def test_the_compiled_group_counts_are_the_full_lists_for_every_user_and_moment(
    cast: Cast,
) -> None:
    # Given work in every group, an overdue disagreement and (for the managers of its
    # locality) an episode without a lead, whose due moment is some days after it lost its lead
    from righthelp.core import compiled
    from righthelp.core.compiled import clear_compiled
    from righthelp.earlyhelp.tests.factories import make_episode

    clear_compiled()
    now = timezone.now()
    front_door_work(cast, now, 3)
    episode_with_work(cast, cast.team_member, child=cast.child)
    overdue_disagreement(cast, cast.front_door_worker)
    make_episode(locality=cast.holding_team.organisation.locality, opened_by=cast.team_manager)
    users = [user for user in cast.by_label().values() if user is not None]
    totals = set()
    # When each user opens My work at moments on different days (the counts' query is compiled
    # once per kind of user and day, then filled in with each user and moment)
    for moment in (now, now + timedelta(days=1), now + timedelta(days=3), now - timedelta(days=40)):
        for user in users:
            counts = work_for(user, now=moment).counts
            # Then each group's total is its full list's length, and the navigation's count
            full = unpaged(user, moment)
            assert counts == {state: len(full[state]) for state in STATES}, (user, moment)
            assert due_now_count(user, now=moment) == counts[OVERDUE] + counts[DUE_TODAY]
            totals.add(tuple(counts.values()))
    assert len(totals) > 2  # the users and moments differ, so the comparison means something
    # And every kind of user's counts were kept compiled, none built afresh each time
    kept = [
        value
        for (_, key), value in compiled._cache.items()  # noqa: SLF001
        if isinstance(key, tuple) and key[0] == "workdue.my_work_counts"
    ]
    assert kept and all(value is not None for value in kept)
