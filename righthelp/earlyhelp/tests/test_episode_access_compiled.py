"""Who may work on or see an episode, asked of one episode (``permissions.episode_access``: one
query, compiled once for everyone with the same ``Reach`` and run with each user's id) or of a
few (``selectors.common.team_episodes_opened``), gives the same answers as the rules read whole
(``workable_episodes_q``, ``invited_episodes_q``, ``team_episodes_q`` without ``one_by_one``)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core.checkpoint import request_memo
from righthelp.core.compiled import clear_compiled
from righthelp.earlyhelp.models import Episode, TafInvitee
from righthelp.earlyhelp.permissions import (
    Reach,
    episode_access,
    invited_episodes_q,
    reach_of,
    workable_episodes_q,
)
from righthelp.earlyhelp.selectors.caseload import no_lead_count
from righthelp.earlyhelp.selectors.common import _team_tab_q, team_episodes_q

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("demo_data", "--families", "30", "--seed", "1", stdout=StringIO())
    call_command("demo_early_help", "--episodes", "8", stdout=StringIO())
    # Everyone is invited to one meeting, so the invitation source has something to find.
    meeting = TafInvitee.objects.select_related("meeting").first()
    assert meeting is not None
    for user in User.objects.filter(is_active=True):
        TafInvitee.objects.get_or_create(meeting=meeting.meeting, user=user)


def _whole(user: User) -> tuple[set[int], set[int]]:
    work = set(Episode.objects.filter(workable_episodes_q(user)).values_list("pk", flat=True))
    seen = set(
        Episode.objects.filter(
            invited_episodes_q(user) | team_episodes_q(user, one_by_one=False)
        ).values_list("pk", flat=True)
    )
    return work, seen


def test_one_episode_at_a_time_answers_as_the_whole_rules(demo: None) -> None:
    clear_compiled()
    episodes = list(Episode.objects.values_list("pk", flat=True))
    users = list(User.objects.filter(is_active=True).order_by("pk"))
    reaches: dict[Reach, list[User]] = {}
    for user in users:
        with request_memo():
            work, seen = _whole(user)
            reaches.setdefault(reach_of(user), []).append(user)
            for pk in episodes:
                assert episode_access(user, pk) == (pk in work, pk in seen), (user, pk)
            assert episode_access(user, max(episodes) + 1) is None
    # Some users share a reach: the compiled query is run for several users' ids.
    assert any(len(same) > 1 for same in reaches.values())


def test_the_no_lead_count_is_the_team_tab_narrowed(demo: None) -> None:
    Episode.objects.update(without_lead_since=timezone.now() - timedelta(days=400))
    for user in User.objects.filter(is_active=True).order_by("pk"):
        with request_memo():
            expected = Episode.objects.filter(_team_tab_q(user), status="open").count()
            assert no_lead_count(user) == expected, user
