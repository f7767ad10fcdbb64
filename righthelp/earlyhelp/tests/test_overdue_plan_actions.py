"""One definition of an overdue plan action (``earlyhelp.due.overdue_plan_actions``), the same on
the episode page, in the caseload's counts and in My work: an action on the latest version of an
open episode's plan, not done by its date. "Not done" is still owed, so it is overdue too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Cast
from righthelp.earlyhelp.due import overdue_plan_actions
from righthelp.earlyhelp.models import (
    ActionStatus,
    Episode,
    EpisodeStatus,
    Plan,
    PlanAction,
    PlanStatus,
)
from righthelp.earlyhelp.selectors import CaseloadFilter, caseload, episode_page
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory
from righthelp.workdue.selectors import work_for

pytestmark = pytest.mark.django_db


def _episode(cast: Cast) -> Episode:
    locality = cast.holding_team.organisation.locality
    assert locality is not None
    child = PersonFactory()
    return make_episode(
        locality=locality, opened_by=cast.team_member, children=[child], lead=cast.team_member
    )


def _plan(episode: Episode, cast: Cast, number: int = 1, status: str = PlanStatus.AGREED) -> Plan:
    return Plan.objects.create(
        episode=episode,
        number=number,
        status=status,
        created_at=timezone.now(),
        created_by=cast.team_member,
    )


def _action(plan: Plan, cast: Cast, what: str, status: str, days_ago: int = 3) -> PlanAction:
    return PlanAction.objects.create(
        plan=plan,
        what=what,
        owner=cast.team_member,
        due_on=timezone.localdate() - timedelta(days=days_ago),
        status=status,
    )


def _everywhere(cast: Cast, episode: Episode) -> tuple[set[str], int, set[str], set[str]]:
    """What each reader says is overdue for ``episode``: the rule itself, the caseload's count,
    the episode page's due list and My work."""
    rule = {a.what for a in overdue_plan_actions().filter(plan__episode=episode)}
    page = caseload(user=cast.team_member, filters=CaseloadFilter(tab="mine", include_closed=True))
    counted = next(e for e in page.object_list if e.pk == episode.pk).overdue_actions
    on_page = {
        item.what.removeprefix("Action: ")
        for item in episode_page(user=cast.team_member, episode_id=episode.pk).due
        if item.overdue and item.what.startswith("Action: ")
    }
    work = work_for(cast.team_member)
    in_my_work = {
        item.what.removeprefix("Plan action: ")
        for item in work.overdue
        if item.kind == "plan-action" and item.reference == episode.reference
    }
    return rule, counted, on_page, in_my_work


def test_an_action_not_done_by_its_date_is_overdue_on_every_page(cast: Cast) -> None:
    # Given an agreed plan with actions past their date: one not started, one marked
    # "Not done", one done
    episode = _episode(cast)
    plan = _plan(episode, cast)
    _action(plan, cast, "Free school meals", ActionStatus.NOT_STARTED)
    _action(plan, cast, "Housing letter", ActionStatus.NOT_DONE)
    _action(plan, cast, "School meeting", ActionStatus.DONE)

    # When each page asks what is overdue
    rule, counted, on_page, in_my_work = _everywhere(cast, episode)

    # Then all say the same two: "Not done" is still owed, "Done" is not
    assert rule == {"Free school meals", "Housing letter"}
    assert counted == 2
    assert on_page == rule
    assert in_my_work == rule


def test_an_action_copied_into_a_later_version_is_counted_once(cast: Cast) -> None:
    # Given an agreed version and the reviewed draft copied from it, both with the action
    episode = _episode(cast)
    agreed = _plan(episode, cast, number=1, status=PlanStatus.AGREED)
    draft = _plan(episode, cast, number=2, status=PlanStatus.DRAFT)
    _action(agreed, cast, "Free school meals", ActionStatus.NOT_STARTED)
    _action(draft, cast, "Free school meals", ActionStatus.IN_PROGRESS)

    rule, counted, on_page, in_my_work = _everywhere(cast, episode)

    # Then the latest version's action is the one overdue, once, everywhere
    assert [a.plan_id for a in overdue_plan_actions().filter(plan__episode=episode)] == [draft.pk]
    assert counted == 1
    assert rule == on_page == in_my_work == {"Free school meals"}


def test_a_closed_episode_has_no_overdue_actions(cast: Cast) -> None:
    episode = _episode(cast)
    _action(_plan(episode, cast), cast, "Free school meals", ActionStatus.NOT_DONE)
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)

    rule, counted, on_page, in_my_work = _everywhere(cast, episode)

    assert rule == on_page == in_my_work == set()
    assert counted == 0


def test_an_action_due_today_is_not_yet_overdue(cast: Cast) -> None:
    episode = _episode(cast)
    _action(_plan(episode, cast), cast, "Free school meals", ActionStatus.NOT_STARTED, days_ago=0)

    rule, counted, on_page, in_my_work = _everywhere(cast, episode)

    assert rule == on_page == in_my_work == set()
    assert counted == 0
    assert [i.kind for i in work_for(cast.team_member).due_today] == ["plan-action"]
