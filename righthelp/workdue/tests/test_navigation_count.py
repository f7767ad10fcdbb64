"""The navigation's count of My work, compiled once per kind of user (``workdue.badges``), is
``selectors.due_now_count``'s number for every user, at every moment, in one query."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from righthelp.core import compiled
from righthelp.core.compiled import clear_compiled
from righthelp.frontdoor import services as frontdoor
from righthelp.workdue.badges import compiled_due_now_count
from righthelp.workdue.selectors import due_now_count_built as due_now_count
from righthelp.workdue.sources import (
    DueSource,
    register_due_source,
    scope_for,
    unregister_due_source,
)
from righthelp.workdue.tests.helpers import due_at, submitted_contact
from righthelp.workdue.tests.test_scoped_reads import (
    episode_with_work,
    overdue_disagreement,
    someone_elses_work,
)

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_compiled() -> None:
    clear_compiled()


def everyone(cast: Cast) -> list:  # type: ignore[type-arg]
    return [user for user in cast.by_label().values() if user is not None]


def test_the_compiled_count_is_the_selector_count_for_every_user_and_moment(cast: Cast) -> None:
    episode_with_work(cast, cast.team_member, child=cast.child)
    overdue_disagreement(cast, cast.team_member)
    someone_elses_work(cast, cast.early_help_worker)
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    due_at(contact, timezone.now() + timedelta(hours=30))
    now = timezone.now()
    moments = [now, now + timedelta(days=1), now + timedelta(days=2), now - timedelta(days=40)]
    counts = set()
    for moment in moments:
        for user in everyone(cast):
            expected = due_now_count(user, now=moment)
            assert compiled_due_now_count(user, now=moment) == expected, (user.username, moment)
            counts.add(expected)
    assert len(counts) > 2  # the users and moments differ, so the comparison means something


def test_users_of_one_kind_share_the_sql_and_still_get_their_own_numbers(cast: Cast) -> None:
    # Two early help workers: the second reuses the first one's compiled query.
    one, other = cast.team_member, cast.early_help_worker
    assert replace(scope_for(one), user_id=None) == replace(scope_for(other), user_id=None)
    episode_with_work(cast, one)
    first = compiled_due_now_count(one)
    second = compiled_due_now_count(other)
    assert (first, second) == (due_now_count(one), due_now_count(other))
    assert first == 2 and second == 0


def test_a_write_is_counted_at_once(cast: Cast) -> None:
    before = compiled_due_now_count(cast.team_member)
    episode_with_work(cast, cast.team_member)
    assert compiled_due_now_count(cast.team_member) == before + 2 == due_now_count(cast.team_member)


def test_the_compiled_count_is_one_query(cast: Cast) -> None:
    episode_with_work(cast, cast.team_member)
    for user in everyone(cast):
        user.role_set()
        compiled_due_now_count(user)  # compiled here
        with CaptureQueriesContext(connection) as captured:
            compiled_due_now_count(user)
        assert len(captured) == 1, user.username
    # Every kind of user's query was kept, none built each time.
    assert compiled._cache and all(kept is not None for kept in compiled._cache.values())


def test_a_changed_setting_is_read_again(cast: Cast) -> None:
    # Episodes without a lead count for managers after a number of days set by the council.
    from righthelp.earlyhelp.tests.factories import make_episode

    make_episode(locality=cast.holding_team.organisation.locality, opened_by=cast.team_manager)
    later = timezone.now() + timedelta(days=3)
    counts = []
    for days in (1, 30):
        with override_settings(RIGHTHELP_EARLY_HELP={**_early_help(), "no_lead_flag_days": days}):
            expected = due_now_count(cast.team_manager, now=later)
            assert compiled_due_now_count(cast.team_manager, now=later) == expected
            counts.append(expected)
    assert counts[0] != counts[1]


def _early_help() -> dict:  # type: ignore[type-arg]
    from django.conf import settings

    return dict(settings.RIGHTHELP_EARLY_HELP)


def test_a_newly_registered_source_is_counted(cast: Cast) -> None:
    from righthelp.workdue.models import Task

    compiled_due_now_count(cast.team_member)
    extra = DueSource(
        name="test-extra",
        queries=lambda scope, window: {"extra": Task.objects.filter(pk__gte=0)},
        items=lambda scope, window: [],
    )
    register_due_source(extra)
    try:
        assert compiled_due_now_count(cast.team_member) == due_now_count(cast.team_member)
    finally:
        unregister_due_source(extra)
