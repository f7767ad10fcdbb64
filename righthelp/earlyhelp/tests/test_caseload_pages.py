"""Caseloads: mine, my team's, no lead for too long, overdue; search and the access log."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.paginator import Page
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.earlyhelp.models import Assessment, Episode, Plan, PlanAction
from righthelp.earlyhelp.selectors import CaseloadFilter, caseload
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _episode(cast: Cast, name: str, **kwargs: Any) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory(given_name=name, family_name="Caseload")],
        **kwargs,
    )


def refs(page: Page[Episode]) -> set[str]:
    return {episode.reference for episode in page.object_list}


def test_my_episodes_are_those_i_lead_and_the_team_sees_its_leads(cast: Cast) -> None:
    mine = _episode(cast, "Mine", lead=cast.team_member)
    other = _episode(cast, "Other", lead=cast.involved)
    assert refs(caseload(user=cast.team_member, filters=CaseloadFilter(tab="mine"))) == {
        mine.reference
    }
    # Early help workers see their locality's; the manager sees their team's leads only.
    assert refs(caseload(user=cast.team_member, filters=CaseloadFilter(tab="team"))) == {
        mine.reference,
        other.reference,
    }
    assert refs(caseload(user=cast.team_manager, filters=CaseloadFilter(tab="team"))) == {
        mine.reference
    }
    assert refs(caseload(user=cast.other_manager, filters=CaseloadFilter(tab="team"))) == set()


def test_episodes_without_a_lead_for_too_long_are_flagged(cast: Cast, settings: Settings) -> None:
    settings.RIGHTHELP_EARLY_HELP = {**settings.RIGHTHELP_EARLY_HELP, "no_lead_flag_days": 10}
    old = _episode(cast, "Old")
    old.without_lead_since = timezone.now() - timedelta(days=11)
    old.save()
    _episode(cast, "Recent")  # no lead since now: not flagged yet
    page = caseload(user=cast.team_member, filters=CaseloadFilter(tab="no_lead"))
    assert refs(page) == {old.reference}


def test_overdue_items_are_counted_per_episode(cast: Cast) -> None:
    episode = _episode(cast, "Late", lead=cast.team_member)
    _episode(cast, "OnTime", lead=cast.team_member)
    now = timezone.now()
    yesterday = timezone.localdate() - timedelta(days=1)
    Assessment.objects.create(
        episode=episode, started_at=now, started_by=cast.team_member, due_on=yesterday
    )
    plan = Plan.objects.create(
        episode=episode, number=1, created_at=now, created_by=cast.team_member
    )
    PlanAction.objects.create(plan=plan, what="A", due_on=yesterday)
    PlanAction.objects.create(plan=plan, what="B", due_on=yesterday)
    PlanAction.objects.create(plan=plan, what="C", due_on=yesterday, status="done")
    [row] = caseload(user=cast.team_member, filters=CaseloadFilter(tab="overdue")).object_list
    assert row.pk == episode.pk
    assert (row.overdue_assessments, row.overdue_meetings, row.overdue_actions) == (1, 0, 2)


def test_search_by_reference_or_name(cast: Cast) -> None:
    found = _episode(cast, "Findme", lead=cast.team_member)
    _episode(cast, "Hidden", lead=cast.team_member)
    assert refs(
        caseload(user=cast.team_member, filters=CaseloadFilter(tab="team", query="findme"))
    ) == {found.reference}
    assert refs(
        caseload(user=cast.team_member, filters=CaseloadFilter(tab="team", query=found.reference))
    ) == {found.reference}


def test_the_caseload_page_lists_and_logs(cast: Cast, client: Client) -> None:
    episode = _episode(cast, "Listed", lead=cast.team_member)
    client.force_login(cast.team_member)
    response = client.get(reverse("earlyhelp:caseload"))
    assert response.status_code == 200
    assert episode.reference in response.content.decode()
    record = AccessRecord.objects.get(action=AccessAction.LIST_EPISODES)
    assert {p.person_id for p in record.people.all()} == {episode.members.get().person_id}
    for tab in ("team", "no_lead", "overdue", "nonsense"):
        assert client.get(reverse("earlyhelp:caseload"), {"tab": tab}).status_code == 200


def test_a_practitioner_with_no_episodes_sees_an_empty_caseload(cast: Cast, client: Client) -> None:
    _episode(cast, "NotTheirs", lead=cast.team_member)
    client.force_login(cast.practitioner)
    response = client.get(reverse("earlyhelp:caseload"), {"tab": "team"})
    assert "No episodes" in response.content.decode()
    assert "Start early help" not in response.content.decode()
