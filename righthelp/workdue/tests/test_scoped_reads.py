"""One user's reads do bounded work: "My work" (``work_for``) filters each source in its own
query, and the navigation's count (``due_now_count``) is one query that agrees with the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.accounts.tests.factories import UserFactory
from righthelp.earlyhelp.models import Episode, MeetingKind, Plan, PlanAction, TafMeeting
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.escalations import services as escalations
from righthelp.escalations.models import Disagreement, DisagreementKind
from righthelp.frontdoor import services as frontdoor
from righthelp.people.models import Person, ProfessionalRole
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory
from righthelp.workdue import selectors
from righthelp.workdue.selectors import due_now_count, work_for
from righthelp.workdue.tests.helpers import due_at, submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def episode_with_work(cast: Cast, lead: User, child: Person | None = None) -> Episode:
    """An episode led by ``lead`` with an overdue meeting and a plan action due today."""
    episode = make_episode(
        locality=cast.holding_team.organisation.locality,
        opened_by=lead,
        children=[child or PersonFactory()],
        lead=lead,
    )
    today = timezone.localdate()
    TafMeeting.objects.create(
        episode=episode,
        kind=MeetingKind.choices[0][0],
        due_on=today - timedelta(days=1),
        scheduled_for=timezone.now(),
    )
    plan = Plan.objects.create(
        episode=episode, number=1, created_at=timezone.now(), created_by=lead
    )
    PlanAction.objects.create(plan=plan, what="Free school meals", owner=lead, due_on=today)
    return episode


def overdue_disagreement(cast: Cast, worker: User) -> Disagreement:
    """A disagreement about a new child whose allocated worker is ``worker``, a month late."""
    child = PersonFactory()
    InvolvementFactory(person=child, user=cast.involved, organisation=cast.involved.organisation)
    InvolvementFactory(
        person=child,
        user=worker,
        role=ProfessionalRole.ALLOCATED_WORKER,
        organisation=worker.organisation,
    )
    return escalations.disagreement_raise(
        actor=cast.involved,
        child=child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="x",
        reason="x",
        risk="x",
        high_risk=False,
        wanted="x",
        now=timezone.now() - timedelta(days=30),
    )


def someone_elses_work(cast: Cast, other: User) -> None:
    """One more of each kind of item, none of them ``cast.team_member``'s or their team's."""
    episode_with_work(cast, other)
    overdue_disagreement(cast, other)
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    due_at(contact, timezone.now() - timedelta(hours=1))


def queries_for(call: Callable[..., object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_my_work_does_the_same_queries_however_much_work_others_have(cast: Cast) -> None:
    episode_with_work(cast, cast.team_member, child=cast.child)
    overdue_disagreement(cast, cast.team_member)
    other = cast.early_help_worker
    someone_elses_work(cast, other)
    for user in (cast.team_member, cast.team_manager):
        user.role_set()  # load the roles, as every page does first
    before = {
        u: queries_for(lambda u=u: work_for(u)) for u in (cast.team_member, cast.team_manager)
    }
    for _ in range(3):
        someone_elses_work(cast, other)
    after = {u: queries_for(lambda u=u: work_for(u)) for u in (cast.team_member, cast.team_manager)}
    assert after == before
    work = work_for(cast.team_member)
    assert sorted(i.kind for i in work.overdue) == ["escalation-stage", "taf-meeting"]
    # The other worker's items are still in everyone's list, for the scheduled command.
    assert len([i for i in selectors.due_items() if other.pk in i.owner_ids]) == 3 * 4


def test_the_count_is_what_my_work_shows_overdue_or_due_today(cast: Cast) -> None:
    episode_with_work(cast, cast.team_member, child=cast.child)
    overdue_disagreement(cast, cast.team_member)
    someone_elses_work(cast, cast.early_help_worker)
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_worker, contact=contact, worker=cast.front_door_worker
    )
    frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
        decided_scale=1,
        differs_reason="The worry is met by the school's pastoral support",
    )
    due_at(submitted_contact(cast), timezone.now() + timedelta(days=3))  # this week, not today
    users = [
        cast.team_member,
        cast.team_manager,
        cast.other_manager,
        cast.early_help_worker,
        cast.front_door_worker,
        cast.front_door_manager,
        cast.involved,
        cast.practitioner,
    ]
    for user in users:
        work = work_for(user)
        assert due_now_count(user) == len(work.overdue) + len(work.due_today), user.username
    assert due_now_count(cast.team_member) == 3  # meeting, plan action, disagreement stage
    assert due_now_count(cast.practitioner) == 0


def test_the_count_is_one_query(cast: Cast) -> None:
    episode_with_work(cast, cast.team_member)
    cast.team_manager.role_set()  # load the roles, as every page does first
    assert queries_for(lambda: due_now_count(cast.team_manager)) == 1


def test_the_count_adds_no_more_than_its_own_queries_to_an_unrelated_page(
    cast: Cast, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode_with_work(cast, cast.team_member, child=cast.child)
    client.force_login(cast.team_member)
    url = reverse("thresholds:index")
    client.get(url)  # warm caches (framework files, the calendar)
    with CaptureQueriesContext(connection) as with_count:
        page = client.get(url).content.decode()
    assert '2<span class="govuk-visually-hidden"> items overdue or due today</span>' in page
    cast.team_member.role_set()  # load the roles, as every page does first
    count_queries = queries_for(lambda: due_now_count(cast.team_member))
    monkeypatch.setattr(selectors, "due_now_count", lambda user, now=None: 0)
    with CaptureQueriesContext(connection) as without_count:
        page = client.get(url).content.decode()
    assert "moj-notification-badge" not in page and "My work" in page
    assert len(with_count) - len(without_count) <= count_queries == 1


def test_a_user_with_nothing_due_sees_no_number(cast: Cast, client: Client) -> None:
    UserFactory(username="nobody", roles=[Role.PRACTITIONER])
    client.force_login(cast.practitioner)
    page = client.get(reverse("thresholds:index")).content.decode()
    assert "moj-notification-badge" not in page
