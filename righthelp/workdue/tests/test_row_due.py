"""Each pageable source tells when a row of its queries is due (``DueSource.row_due``), so My
work builds items only for the rows a page can show: that moment must be the ``due_at`` of the
item the source makes of the row, for every kind, or a page would show the wrong items."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from righthelp.workdue.selectors import work_for
from righthelp.workdue.sources import Window, all_rows, due_sources, end_of, scope_for
from righthelp.workdue.tests.test_my_work_paging import front_door_work, unpaged
from righthelp.workdue.tests.test_scoped_reads import episode_with_work

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_rows_due_moment_is_its_items(cast: Cast) -> None:
    # Given work of every kind: contacts and tasks in each group, an episode with a meeting and
    # an action, and one without a lead (for the managers of its locality)
    from righthelp.earlyhelp.tests.factories import make_episode

    now = timezone.now()
    front_door_work(cast, now, 6)
    episode_with_work(cast, cast.team_member, child=cast.child)
    make_episode(locality=cast.holding_team.organisation.locality, opened_by=cast.team_manager)
    window = Window(now=now, horizon=end_of(timezone.localdate() + timedelta(days=60)))
    checked = set()
    for user in (cast.front_door_worker, cast.front_door_manager, cast.team_manager):
        scope = scope_for(user)
        for source in due_sources():
            if source.row_due is None or source.items_from is None:
                continue
            rows = all_rows(source.queries(scope, window))
            # When the source tells when each row is due, and makes its items
            told = {
                (kind, row.pk): source.row_due(kind, row)
                for kind, found in rows.items()
                for row in found
            }
            items = source.items_from(scope, window, rows)
            # Then each row's moment is its item's
            assert told == {(item.kind, item.object_id): item.due_at for item in items}
            checked |= {kind for kind, _ in told}
    assert {"contact-decision", "task", "taf-meeting", "plan-action"} <= checked


def test_a_short_page_shows_the_first_items_of_every_kind_together(cast: Cast) -> None:
    # Given contacts and tasks in every group, due at interleaved moments
    now = timezone.now()
    front_door_work(cast, now, 12)
    full = unpaged(cast.front_door_worker, now)
    # When each group shows 2, 5 or 11 items a page
    for per_group in (2, 5, 11):
        work = work_for(cast.front_door_worker, now=now, per_group=per_group)
        # Then each shows the first of its full list, whichever kinds they are
        for state, keys in full.items():
            assert [item.key for item in getattr(work, state)] == keys[:per_group]
