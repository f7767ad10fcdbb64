"""The plan pages: editing, a stale save shown with what changed, versions, the family's copy."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.earlyhelp.models import Episode, Plan, PlanStatus
from righthelp.earlyhelp.plan_services import (
    ActionDetails,
    FamilyAgreement,
    OutcomeDetails,
    plan_agree,
    plan_save_draft,
)
from righthelp.earlyhelp.tests.factories import make_episode

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db
MUM = [FamilyAgreement("Jo Fletcher", "mum")]


def episode_for(cast: Cast) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )


def saved(
    cast: Cast, episode: Episode, notes: str = "Dad's probation officer says he is drinking again"
) -> Plan:
    return plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[OutcomeDetails(text="Kayden sleeps in his own bed")],
        actions=[
            ActionDetails(what="Bedtime routine chart", owner_name="Mum", due_on=date(2020, 1, 1))
        ],
        contingency="Ask for a joint visit with the locality social worker",
        internal_notes=notes,
    )


def post_data(
    plan_number: int, version: int, contingency: str, what: str = "Bedtime routine chart"
) -> dict[str, Any]:
    return {
        "number": plan_number,
        "version": version,
        "contingency": contingency,
        "internal_notes": "",
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-0-text": "Kayden sleeps in his own bed",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-what": what,
        "actions-0-owner_name": "Mum",
        "actions-0-due_on": "18/12/2026",
        "actions-0-status": "not_started",
        "actions-0-outcome": "0",
    }


def test_the_plan_page_shows_outcomes_actions_and_overdue_tags(cast: Cast, client: Client) -> None:
    episode = episode_for(cast)
    saved(cast, episode)
    client.force_login(cast.team_member)
    page = client.get(reverse("earlyhelp:plan", kwargs={"episode_pk": episode.pk})).content.decode()
    assert "Kayden sleeps in his own bed" in page
    assert "Overdue" in page


def test_saving_through_the_edit_page_starts_the_plan(cast: Cast, client: Client) -> None:
    episode = episode_for(cast)
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:plan-edit", kwargs={"episode_pk": episode.pk})
    response = client.post(url, post_data(0, 0, "Call a meeting"))
    assert response.status_code == 302
    plan = Plan.objects.get(episode=episode)
    outcome = plan.actions.get().outcome
    assert outcome is not None and outcome.text == "Kayden sleeps in his own bed"


def test_a_stale_save_on_the_page_is_refused_and_lists_what_changed(
    cast: Cast, client: Client
) -> None:
    episode = episode_for(cast)
    plan = saved(cast, episode)
    url = reverse("earlyhelp:plan-edit", kwargs={"episode_pk": episode.pk})
    # Two people open version 1 of the draft; the first saves a new action.
    client.force_login(cast.early_help_worker)
    first = client.post(url, post_data(1, plan.version, "Call a meeting", what="GP appointment"))
    assert first.status_code == 302
    client.force_login(cast.team_member)
    second = client.post(url, post_data(1, plan.version, "Something else"))
    assert second.status_code == 200
    page = second.content.decode()
    assert "changed this plan after you opened it" in page
    assert "Action added: GP appointment" in page
    assert "Something else" in page  # what was typed is kept
    plan.refresh_from_db()
    assert plan.contingency == "Call a meeting"


def test_agreeing_without_a_contingency_plan_is_refused_on_the_page(
    cast: Cast, client: Client
) -> None:
    episode = episode_for(cast)
    plan = plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[OutcomeDetails(text="x")],
        actions=[ActionDetails(what="y", owner_name="Mum", due_on=date(2026, 12, 1))],
        contingency="",
        internal_notes="",
    )
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:plan-agree", kwargs={"episode_pk": episode.pk}),
        {"version": plan.version},
        follow=True,
    )
    assert "contingency plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_earlier_versions_are_kept_and_viewable(cast: Cast, client: Client) -> None:
    episode = episode_for(cast)
    first = plan_agree(actor=cast.team_member, family=MUM, plan=saved(cast, episode))
    plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=first.version,
        outcomes=[OutcomeDetails(text="A new outcome")],
        actions=[ActionDetails(what="z", owner_name="Mum", due_on=date(2026, 12, 1))],
        contingency="c",
        internal_notes="",
    )
    client.force_login(cast.team_member)
    listing = client.get(reverse("earlyhelp:plan-versions", kwargs={"episode_pk": episode.pk}))
    assert "Version 1" in listing.content.decode() and "Version 2" in listing.content.decode()
    old = client.get(
        reverse("earlyhelp:plan-version", kwargs={"episode_pk": episode.pk, "number": 1})
    ).content.decode()
    assert "Kayden sleeps in his own bed" in old and "A new outcome" not in old


def test_the_printable_copy_leaves_out_internal_notes_and_is_logged(
    cast: Cast, client: Client
) -> None:
    episode = episode_for(cast)
    plan_agree(actor=cast.team_member, family=MUM, plan=saved(cast, episode))
    client.force_login(cast.team_member)
    response = client.get(reverse("earlyhelp:plan-print", kwargs={"episode_pk": episode.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kayden sleeps in his own bed" in page
    assert "probation officer" not in page
    assert "Internal notes" not in page
    assert AccessRecord.objects.filter(
        user=cast.team_member, action=AccessAction.PRINT_PLAN
    ).exists()
    # The staff page does show them.
    staff = client.get(reverse("earlyhelp:plan", kwargs={"episode_pk": episode.pk}))
    assert "probation officer" in staff.content.decode()


def test_someone_not_working_with_the_family_gets_not_found(cast: Cast, client: Client) -> None:
    episode = episode_for(cast)
    saved(cast, episode)
    client.force_login(cast.practitioner)
    for name in ("earlyhelp:plan", "earlyhelp:plan-print", "earlyhelp:plan-edit"):
        assert client.get(reverse(name, kwargs={"episode_pk": episode.pk})).status_code == 404


def _plan_with_actions(cast: Cast, count: int) -> Episode:
    episode = episode_for(cast)
    plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[OutcomeDetails(text=f"Outcome {i}") for i in range(5)],
        actions=[
            ActionDetails(
                what=f"Action {i}",
                owner=cast.early_help_worker if i % 2 else None,
                owner_name="" if i % 2 else "Mum",
                due_on=date(2026, 12, 1),
                outcome_index=i % 5,
            )
            for i in range(count)
        ],
        contingency="c",
        internal_notes="",
    )
    return episode


def test_the_plan_page_query_count_does_not_grow_with_the_actions(
    cast: Cast, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.team_member)
    counts = []
    for size in (2, 50):
        episode = _plan_with_actions(cast, size)
        url = reverse("earlyhelp:plan", kwargs={"episode_pk": episode.pk})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
