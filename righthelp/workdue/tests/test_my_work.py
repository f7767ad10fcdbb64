"""The work each role sees (``work_for``), the my-work page, its access log and the nav count
(``due_now_count``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.core.forms import format_govuk_date
from righthelp.earlyhelp.models import Episode, MeetingKind, Plan, PlanAction, TafMeeting
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import services as frontdoor
from righthelp.workdue.selectors import DueItem, due_now_count, work_for
from righthelp.workdue.tests.helpers import decision_to_sign_off, due_at, submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def kinds(group: Iterable[DueItem]) -> list[tuple[str, int]]:
    return sorted((item.kind, item.object_id) for item in group)


def test_the_front_door_sees_an_unassigned_overdue_contact_and_others_do_not(cast: Cast) -> None:
    contact = due_at(submitted_contact(cast), timezone.now() - timedelta(hours=1))
    for user in (cast.front_door_worker, cast.front_door_manager):
        assert ("contact-decision", contact.pk) in kinds(work_for(user).overdue)
    for user in (cast.team_manager, cast.involved, cast.early_help_worker):
        assert work_for(user).overdue == []


def test_a_contact_assigned_to_a_worker_is_theirs_and_due_today(cast: Cast) -> None:
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    later_today = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    if later_today <= timezone.now():  # pragma: no cover - the last minute of the day
        pytest.skip("no time left today")
    due_at(contact, later_today)
    work = work_for(cast.front_door_worker)
    assert ("contact-decision", contact.pk) in kinds(work.due_today)
    assert work.counts["due_today"] >= 1


def test_a_decision_waiting_for_sign_off_is_the_front_door_managers(cast: Cast) -> None:
    decision_to_sign_off(cast)
    manager_kinds = [i.kind for g in vars(work_for(cast.front_door_manager)).values() for i in g]
    worker_kinds = [i.kind for g in vars(work_for(cast.front_door_worker)).values() for i in g]
    assert "decision-sign-off" in manager_kinds
    assert "decision-sign-off" not in worker_kinds


def _episode_with_work(cast: Cast) -> tuple[Episode, TafMeeting, PlanAction]:
    episode = make_episode(
        locality=cast.holding_team.organisation.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )
    today = timezone.localdate()
    meeting = TafMeeting.objects.create(
        episode=episode,
        kind=MeetingKind.choices[0][0],
        due_on=today - timedelta(days=1),
        scheduled_for=timezone.now(),
    )
    plan = Plan.objects.create(
        episode=episode, number=1, created_at=timezone.now(), created_by=cast.team_member
    )
    action = PlanAction.objects.create(
        plan=plan, what="Apply for free school meals", owner=cast.team_member, due_on=today
    )
    return episode, meeting, action


def test_the_lead_sees_their_episodes_work_and_their_team_manager_sees_it_too(cast: Cast) -> None:
    _, meeting, action = _episode_with_work(cast)
    for user in (cast.team_member, cast.team_manager):
        work = work_for(user)
        assert ("taf-meeting", meeting.pk) in kinds(work.overdue)
        assert ("plan-action", action.pk) in kinds(work.due_today)
    for user in (cast.other_manager, cast.front_door_worker, cast.involved):
        work = work_for(user)
        assert work.overdue == [] and work.due_today == []


def test_a_done_plan_action_is_no_longer_due(cast: Cast) -> None:
    _, _, action = _episode_with_work(cast)
    PlanAction.objects.filter(pk=action.pk).update(status="done")
    assert ("plan-action", action.pk) not in kinds(work_for(cast.team_member).due_today)


def test_my_work_page_lists_the_groups_and_logs_the_people_named(
    client: Client, cast: Cast
) -> None:
    _, meeting, action = _episode_with_work(cast)
    client.force_login(cast.team_member)
    response = client.get(reverse("workdue:my-work"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Overdue (1)" in page and "Due today (1)" in page
    assert '2<span class="govuk-visually-hidden"> items overdue or due today</span>' in page
    record = AccessRecord.objects.filter(
        user=cast.team_member, action=AccessAction.LIST_WORK
    ).latest("pk")
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]


def test_the_navigation_count_is_only_the_users_overdue_and_due_today_items(cast: Cast) -> None:
    _episode_with_work(cast)  # one meeting overdue, one plan action due today
    assert due_now_count(cast.team_member) == 2
    assert due_now_count(cast.team_manager) == 2  # their team's work
    assert due_now_count(cast.practitioner) == 0
    assert due_now_count(cast.other_manager) == 0


def test_my_work_shows_a_date_only_item_on_its_day_with_the_family_and_the_item(
    client: Client, cast: Cast
) -> None:
    # Given a plan action due in two days (a date, with no time)
    episode, _, action = _episode_with_work(cast)
    due_on = timezone.localdate() + timedelta(days=2)
    PlanAction.objects.filter(pk=action.pk).update(due_on=due_on)
    # When its owner opens My work
    client.force_login(cast.team_member)
    page = client.get(reverse("workdue:my-work")).content.decode()
    # Then it is due on that day, not at midnight the day after
    day_after = due_on + timedelta(days=1)
    assert f'<td class="govuk-table__cell">{format_govuk_date(due_on)}</td>' in page
    assert format_govuk_date(day_after) not in page
    assert "00:00" not in page
    # and it names the item and the family, with the episode's reference
    assert "Plan action: Apply for free school meals" in page
    assert "Kayden Fletcher" in page
    assert episode.reference in page


def test_my_work_shows_a_timed_item_with_its_date_and_time(client: Client, cast: Cast) -> None:
    # Given a contact whose decision is due at 14:30 in three days
    when = timezone.localtime() + timedelta(days=3)
    when = when.replace(hour=14, minute=30, second=0, microsecond=0)
    contact = due_at(submitted_contact(cast), when)
    # When a front-door worker opens My work
    client.force_login(cast.front_door_worker)
    page = client.get(reverse("workdue:my-work")).content.decode()
    # Then the decision is due on that day at that time, named, with the contact's reference
    assert f"{format_govuk_date(when.date())} at 14:30" in page
    assert "Decision on the contact" in page
    assert contact.reference in page
