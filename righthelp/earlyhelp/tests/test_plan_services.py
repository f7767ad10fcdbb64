"""The multi-agency plan: drafts, stale saves, agreeing, reviews and action updates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.earlyhelp.models import ActionStatus, Episode, Plan, PlanStatus, Progress
from righthelp.earlyhelp.plan_services import (
    ActionDetails,
    FamilyAgreement,
    OutcomeDetails,
    PlanChanged,
    plan_action_update,
    plan_agree,
    plan_review,
    plan_save_draft,
)
from righthelp.earlyhelp.tests.factories import make_episode

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db
MUM = [FamilyAgreement("Jo Fletcher", "mum")]

OUTCOMES = [OutcomeDetails(text="Kayden is in school every day", measure="Attendance over 95%")]
ACTIONS = [
    ActionDetails(
        what="Walk Kayden to school each morning",
        owner_name="Mum",
        due_on=date(2026, 12, 18),
        outcome_index=0,
    )
]


def episode_for(cast: Cast) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )


def draft(
    cast: Cast,
    episode: Episode,
    contingency: str = "If attendance drops again, a meeting within a week",
) -> Plan:
    return plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=OUTCOMES,
        actions=ACTIONS,
        contingency=contingency,
        internal_notes="Mum is wary of school; go gently",
    )


def test_first_save_makes_version_one_and_one_event(cast: Cast) -> None:
    episode = episode_for(cast)
    plan = draft(cast, episode)
    assert (plan.number, plan.status, plan.version) == (1, PlanStatus.DRAFT, 1)
    assert plan.outcomes.count() == 1 and plan.actions.get().outcome is not None
    assert Event.objects.filter(verb=Verb.PLAN_SAVED).count() == 1


def test_cannot_agree_without_a_contingency_plan(cast: Cast) -> None:
    episode = episode_for(cast)
    plan = draft(cast, episode, contingency="")
    with pytest.raises(ValidationError) as refused:
        plan_agree(actor=cast.team_member, family=MUM, plan=plan)
    assert "contingency" in refused.value.message_dict
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_cannot_agree_without_an_outcome_and_an_action(cast: Cast) -> None:
    episode = episode_for(cast)
    plan = plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[],
        actions=[],
        contingency="Meet again within a week",
        internal_notes="",
    )
    with pytest.raises(ValidationError) as refused:
        plan_agree(actor=cast.team_member, family=MUM, plan=plan)
    assert {"outcomes", "actions"} <= set(refused.value.message_dict)


def test_a_stale_save_is_refused_and_told_what_changed(cast: Cast) -> None:
    episode = episode_for(cast)
    plan = draft(cast, episode)
    loaded = plan.version
    # Someone else saves first, adding an action and changing the contingency.
    plan_save_draft(
        actor=cast.team_manager,
        episode=episode,
        expected_version=loaded,
        outcomes=OUTCOMES,
        actions=[
            *ACTIONS,
            ActionDetails(
                what="School nurse check-in", owner_name="Nurse", due_on=date(2026, 12, 1)
            ),
        ],
        contingency="Call a meeting within three days",
        internal_notes="Mum is wary of school; go gently",
    )
    with pytest.raises(PlanChanged) as refused:
        plan_save_draft(
            actor=cast.team_member,
            episode=episode,
            expected_version=loaded,
            outcomes=OUTCOMES,
            actions=ACTIONS,
            contingency="Something else",
            internal_notes="",
        )
    changes = " ".join(refused.value.changes)
    assert "Action added: School nurse check-in" in changes
    assert "contingency plan was changed" in changes
    assert cast.team_manager.display_name in changes
    plan.refresh_from_db()
    assert plan.contingency == "Call a meeting within three days"


def test_agreeing_supersedes_the_earlier_agreed_version_and_versions_are_kept(cast: Cast) -> None:
    episode = episode_for(cast)
    first = plan_agree(actor=cast.team_member, family=MUM, plan=draft(cast, episode))
    second = plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=first.version,
        outcomes=[*OUTCOMES, OutcomeDetails(text="Mum feels less alone")],
        actions=ACTIONS,
        contingency=first.contingency,
        internal_notes="",
    )
    assert second.number == 2
    first.refresh_from_db()
    assert first.status == PlanStatus.AGREED  # still in force until the new one is agreed
    plan_agree(actor=cast.team_member, family=MUM, plan=second)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    assert first.outcomes.count() == 1  # the old version is unchanged
    assert Plan.objects.filter(episode=episode).count() == 2


def test_review_makes_a_new_draft_copied_from_the_current_with_progress(cast: Cast) -> None:
    episode = episode_for(cast)
    agreed = plan_agree(actor=cast.team_member, family=MUM, plan=draft(cast, episode))
    reviewed = plan_review(
        actor=cast.team_member,
        episode=episode,
        meeting=None,
        progress=Progress.SOME,
        summary="Attendance up to 90%",
        measured_by="School attendance officer",
    )
    assert reviewed.number == agreed.number + 1
    assert reviewed.status == PlanStatus.DRAFT
    assert reviewed.progress_measured_by == "School attendance officer"
    assert [o.text for o in reviewed.outcomes.all()] == [o.text for o in agreed.outcomes.all()]
    outcome = reviewed.actions.get().outcome
    assert outcome is not None and outcome.plan_id == reviewed.pk
    assert Event.objects.filter(verb=Verb.PLAN_REVIEWED).count() == 1


def test_action_update_records_old_and_new_status_and_bumps_the_version(cast: Cast) -> None:
    episode = episode_for(cast)
    plan = draft(cast, episode)
    action = plan.actions.get()
    plan_action_update(actor=cast.team_member, action=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    event = Event.objects.get(verb=Verb.PLAN_ACTION_UPDATED)
    assert (event.payload["old"], event.payload["new"]) == ("not_started", "done")
    plan.refresh_from_db()
    assert plan.version == 2


def test_someone_not_working_on_the_episode_cannot_save(cast: Cast) -> None:
    episode = episode_for(cast)
    with pytest.raises(PermissionError):
        plan_save_draft(
            actor=cast.practitioner,
            episode=episode,
            expected_version=0,
            outcomes=OUTCOMES,
            actions=ACTIONS,
            contingency="x",
            internal_notes="",
        )
