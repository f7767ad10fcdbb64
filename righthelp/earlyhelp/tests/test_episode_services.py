"""Starting, stepping down and closing early help episodes, through the services (real DB)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services as consent_services
from righthelp.consent.models import ConsentRecord
from righthelp.consent.tests.factories import VALID
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeOrigin,
    EpisodeStatus,
    LeadStatus,
    LocalityCase,
    OutcomeScore,
    Plan,
    PlanAction,
    PlanOutcome,
)
from righthelp.earlyhelp.tests.access_expectations_episodes import (
    early_help_request,
    social_care_referral,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def give_consent(cast: Cast, person: Person) -> ConsentRecord:
    return consent_services.consent_record(
        actor=cast.team_member,
        person=person,
        purpose="early_help",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=["early_help"],
        method="verbal",
        validity=VALID,
    )


def events(verb: Verb) -> list[Event]:
    return list(Event.objects.filter(verb=verb).prefetch_related("subjects"))


def subject_ids(event: Event) -> set[int]:
    return {s.person_id for s in event.subjects.all()}


def test_taking_up_a_request_opens_an_episode_for_the_linked_family(cast: Cast) -> None:
    child, mum = PersonFactory(), PersonFactory(kind="adult")
    request = early_help_request(cast, [child], [mum])

    episode = services.episode_start_from_request(
        actor=cast.team_member, early_help_request=request
    )

    request.refresh_from_db()
    assert request.taken_up_at == episode.opened_at
    assert episode.origin == EpisodeOrigin.FRONT_DOOR
    assert re.fullmatch(r"EH-\d\d-\d{6}", episode.reference)
    assert {m.person_id: m.role for m in episode.members.all()} == {
        child.pk: "child",
        mum.pk: "adult",
    }
    assert episode.without_lead_since is not None
    [event] = events(Verb.EPISODE_OPENED)
    assert subject_ids(event) == {child.pk, mum.pk}
    assert Event.objects.exclude(verb=Verb.CONSENT_RECORDED).count() == 1


def test_a_request_is_taken_up_once_and_only_by_its_locality(cast: Cast) -> None:
    request = early_help_request(cast, [PersonFactory()])
    with pytest.raises(PermissionError):
        services.episode_start_from_request(actor=cast.practitioner, early_help_request=request)
    services.episode_start_from_request(actor=cast.team_member, early_help_request=request)
    with pytest.raises(ValidationError):
        services.episode_start_from_request(
            actor=cast.early_help_worker, early_help_request=request
        )


def test_starting_directly_is_refused_without_consent_and_saves_nothing(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory(given_name="Lily", family_name="Nocons")
    with pytest.raises(ValidationError) as refused:
        services.episode_start_direct(
            actor=cast.team_member,
            locality=cast.holding_team.locality,
            children=[child],
            level="additional",
            reason="Struggling since the move",
        )
    assert "Lily Nocons" in str(refused.value)
    assert not Event.objects.filter(verb=Verb.EPISODE_OPENED).exists()


def test_starting_directly_with_consent_opens_an_episode(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    give_consent(cast, child)
    episode = services.episode_start_direct(
        actor=cast.team_member,
        locality=cast.holding_team.locality,
        children=[child],
        level="targeted",
        reason="Struggling since the move",
    )
    assert episode.origin == EpisodeOrigin.DIRECT
    assert episode.level == "targeted"
    assert len(events(Verb.EPISODE_OPENED)) == 1


def test_a_new_episode_for_a_family_seen_before_carries_on_from_the_previous_one(
    cast: Cast,
) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    give_consent(cast, child)
    old = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[child]
    )
    with pytest.raises(ValidationError):  # still open: work on it instead
        services.episode_start_direct(
            actor=cast.team_member,
            locality=cast.holding_team.locality,
            children=[child],
            level="additional",
            reason="Again",
        )
    old.status = EpisodeStatus.CLOSED
    old.save()
    new = services.episode_start_direct(
        actor=cast.team_member,
        locality=cast.holding_team.locality,
        children=[child],
        level="additional",
        reason="Again",
    )
    assert new.previous_episode == old


def _previous_with_assessment_and_plan(cast: Cast, child: Person) -> Episode:
    old = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[child]
    )
    now = timezone.now()
    Assessment.objects.create(
        episode=old,
        status=AssessmentStatus.COMPLETED,
        started_at=now,
        started_by=cast.team_member,
        due_on=now.date(),
        child_voice="I like football",
        completed_at=now,
    )
    plan = Plan.objects.create(
        episode=old,
        number=2,
        status="agreed",
        contingency="Ask for a TAF",
        created_at=now,
        created_by=cast.team_member,
    )
    outcome = PlanOutcome.objects.create(plan=plan, text="Ellie goes to school every day")
    PlanAction.objects.create(plan=plan, outcome=outcome, what="Walk to school", due_on=now.date())
    old.status = EpisodeStatus.CLOSED
    old.save()
    return old


def test_stepping_down_inherits_the_last_assessment_and_plan_and_proposes_a_lead(
    cast: Cast,
) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    old = _previous_with_assessment_and_plan(cast, child)
    referral = social_care_referral(cast, [child])

    episode = services.episode_step_down(
        actor=cast.team_member,
        referral=referral,
        locality=cast.holding_team.locality,
        level="targeted",
        reason="Plan ended, support still needed",
        lead=cast.involved,
    )

    assert episode.origin == EpisodeOrigin.STEP_DOWN
    assert episode.stepped_down_from == referral
    assert episode.previous_episode == old
    assessment = episode.assessments.get()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.child_voice == "I like football"
    plan = episode.plans.get()
    assert plan.number == 1 and plan.contingency == "Ask for a TAF"
    assert plan.actions.get().outcome == plan.outcomes.get()
    assert episode.leads.get().status == LeadStatus.PROPOSED
    [event] = events(Verb.STEPPED_DOWN)
    assert subject_ids(event) == {child.pk}
    assert Event.objects.exclude(verb=Verb.CONSENT_RECORDED).count() == 1


def test_stepping_down_without_a_lead_brings_the_family_to_the_action_meeting(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    episode = services.episode_step_down(
        actor=cast.team_member,
        referral=social_care_referral(cast, [child]),
        locality=cast.holding_team.locality,
        level="additional",
        reason="Needs a lead",
        to_locality_meeting=True,
    )
    case = LocalityCase.objects.get(episode=episode)
    assert case.reason == "step_down"
    assert case.meeting.meets_on > timezone.localdate()


def test_stepping_down_needs_a_lead_or_the_meeting(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    with pytest.raises(ValidationError):
        services.episode_step_down(
            actor=cast.team_member,
            referral=social_care_referral(cast, [PersonFactory()]),
            locality=cast.holding_team.locality,
            level="additional",
            reason="Needs a lead",
        )


def test_closing_needs_a_reason_and_a_summary(cast: Cast) -> None:
    episode = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[PersonFactory()]
    )
    with pytest.raises(ValidationError) as refused:
        services.episode_close(actor=cast.team_member, episode=episode, reason="", summary="")
    assert set(refused.value.message_dict) == {"reason", "summary"}
    with pytest.raises(ValidationError) as refused:
        services.episode_close(
            actor=cast.team_member, episode=episode, reason="other", summary="Done"
        )
    assert "reason_other" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.episode_close(
            actor=cast.team_member,
            episode=episode,
            reason="needs_met",
            summary="Done",
            outcome_scores={"Physical health": 11},
        )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.OPEN


def test_closing_ends_the_lead_and_keeps_the_outcome_scores(cast: Cast) -> None:
    child = PersonFactory()
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
    )
    closed = services.episode_close(
        actor=cast.team_member,
        episode=episode,
        reason="needs_met",
        summary="Ellie is going to school every day",
        outcome_scores={"Physical health": 8, "Family routine": 7},
        expected_version=episode.version,
    )
    assert closed.status == EpisodeStatus.CLOSED
    assert episode.leads.get().status == LeadStatus.ENDED
    assert OutcomeScore.objects.filter(episode=episode, occasion="closure").count() == 2
    [event] = events(Verb.EPISODE_CLOSED)
    assert subject_ids(event) == {child.pk}


def test_a_stale_close_is_refused(cast: Cast) -> None:
    episode = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[PersonFactory()]
    )
    with pytest.raises(StaleEdit):
        services.episode_close(
            actor=cast.team_member,
            episode=episode,
            reason="needs_met",
            summary="Done",
            expected_version=episode.version - 1,
        )


def test_someone_who_cannot_work_on_the_episode_cannot_close_it(cast: Cast) -> None:
    episode = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[PersonFactory()]
    )
    with pytest.raises(PermissionError):
        services.episode_close(
            actor=cast.practitioner, episode=episode, reason="needs_met", summary="Done"
        )


def test_no_lead_since_is_kept_until_a_lead_is_active(cast: Cast) -> None:
    episode = make_episode(
        locality=cast.holding_team.locality, opened_by=cast.team_member, children=[PersonFactory()]
    )
    assert episode.without_lead_since is not None
    assert episode.without_lead_since > timezone.now() - timedelta(minutes=1)


def test_a_recorded_lawful_basis_is_enough_to_start_directly(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    consent_services.lawful_basis_record(
        actor=cast.team_member,
        person=child,
        basis="safeguarding",
        reasons="Bruising seen at school",
        parents_told=True,
        share_with=["early_help"],
    )
    episode = services.episode_start_direct(
        actor=cast.team_member,
        locality=cast.holding_team.locality,
        children=[child],
        level="additional",
        reason="Support after the safeguarding concern",
    )
    assert episode.members.get().person == child


def test_consent_for_another_kind_of_agency_is_not_enough(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    consent_services.consent_record(
        actor=cast.team_member,
        person=child,
        purpose="early_help",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo",
        share_with=["school"],
        method="verbal",
        validity=VALID,
    )
    with pytest.raises(ValidationError):
        services.episode_start_direct(
            actor=cast.team_member,
            locality=cast.holding_team.locality,
            children=[child],
            level="additional",
            reason="Support",
        )


def test_a_double_submitted_start_makes_one_episode(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    give_consent(cast, child)
    key = "0b7a7c1e-6a9f-4f3b-9d55-3b1c2f1f0a11"
    first = services.episode_start_direct(
        actor=cast.team_member,
        locality=cast.holding_team.locality,
        children=[child],
        level="additional",
        reason="Support",
        submission_key=key,
    )
    second = services.episode_start_direct(
        actor=cast.team_member,
        locality=cast.holding_team.locality,
        children=[child],
        level="additional",
        reason="Support",
        submission_key=key,
    )
    assert first.pk == second.pk
    assert Event.objects.filter(verb=Verb.EPISODE_OPENED).count() == 1


def test_only_early_help_workers_of_the_locality_start_directly(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory()
    give_consent(cast, child)
    with pytest.raises(PermissionError):
        services.episode_start_direct(
            actor=cast.team_manager,
            locality=cast.holding_team.locality,
            children=[child],
            level="additional",
            reason="Support",
        )
