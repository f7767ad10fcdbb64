"""The early help assessment and outcome scales services, on a real database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from pytest_django import Settings

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import assessment_selectors as selectors
from righthelp.earlyhelp import assessment_services as services
from righthelp.earlyhelp.assessment_services import ScalingAnswerDetails, ThresholdSelection
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeStatus,
    OutcomeScore,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import ThresholdEvaluation
from righthelp.thresholds.registry import load_framework

if TYPE_CHECKING:
    from conftest import Cast


@pytest.fixture
def nottingham() -> Framework:
    return load_framework("nottingham-2018")


@pytest.fixture
def family(cast: Cast) -> tuple[Episode, Person, Person]:
    child = PersonFactory(given_name="Ruby", family_name="Assess")
    mum = PersonFactory(given_name="Lee", family_name="Assess")
    locality = cast.holding_team.organisation.locality
    episode = make_episode(
        locality=locality,
        opened_by=cast.team_member,
        children=[child],
        adults=[mum],
        lead=cast.team_member,
    )
    return episode, child, mum


def _ready(actor: User, assessment: Assessment, framework: Framework) -> Assessment:
    need = next(i for i in framework.indicators_by_id.values() if i.kind == "need" and i.scale == 2)
    return services.assessment_save(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        dimensions={"education": {"strengths": "Loves reading", "needs": "Missing Mondays"}},
        child_voices={
            c.pk: "I like school when my friends are there."
            for c in services.episode_children(assessment.episode)
        },
        analysis="Needs are emerging around attendance; mum wants help with routines.",
        threshold=ThresholdSelection(framework=framework, needs=[need.id], age_years=8),
    )


def test_a_first_assessment_starts_blank_and_is_due_after_the_working_days(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.based_on is None
    expected = working_calendar().add_working_days(episode.opened_at.date(), 20)
    assert assessment.due_on == expected
    event = Event.objects.get(verb=Verb.ASSESSMENT_STARTED.value)
    assert event.payload["assessment"] == assessment.pk


@override_settings(RIGHTHELP_EARLY_HELP={"assessment_working_days": 5, "outcome_areas": ["A"]})
def test_the_timescale_comes_from_settings(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assert assessment.due_on == working_calendar().add_working_days(episode.opened_at.date(), 5)


def test_only_one_draft_at_a_time(cast: Cast, family: tuple[Episode, Person, Person]) -> None:
    episode, _child, _mum = family
    services.assessment_start(actor=cast.team_member, episode=episode)
    with pytest.raises(ValidationError, match="already has a draft"):
        services.assessment_start(actor=cast.team_member, episode=episode)


def test_someone_not_working_on_the_episode_cannot_start_or_save(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, _mum = family
    with pytest.raises(PermissionError):
        services.assessment_start(actor=cast.practitioner, episode=episode)
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    with pytest.raises(PermissionError):
        services.assessment_save(
            actor=cast.involved, assessment=assessment, expected_version=1, history="x"
        )


def test_a_new_episode_for_the_same_child_starts_from_the_last_assessment(
    cast: Cast, family: tuple[Episode, Person, Person], nottingham: Framework
) -> None:
    episode, child, mum = family
    first = services.assessment_start(actor=cast.team_member, episode=episode)
    first = _ready(cast.team_member, first, nottingham)
    services.assessment_save(
        actor=cast.team_member,
        assessment=first,
        expected_version=first.version,
        scaling_answers=[ScalingAnswerDetails("Mum", 6, "Things are calmer")],
    )
    first.refresh_from_db()
    services.assessment_complete(
        actor=cast.team_manager, assessment=first, expected_version=first.version
    )
    later = make_episode(
        locality=episode.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
    )
    draft = services.assessment_start(actor=cast.team_member, episode=later)
    assert draft.based_on_id == first.pk
    assert draft.dimensions == first.dimensions
    assert draft.child_voice == first.child_voice
    assert [(v.person_id, v.voice) for v in draft.child_voices.all()] == [
        (child.pk, "I like school when my friends are there.")
    ]
    assert [(a.asked, a.score) for a in draft.scaling_answers.all()] == [("Mum", 6)]
    assert draft.status == AssessmentStatus.DRAFT


def test_the_previous_episode_chain_also_carries_the_assessment(
    cast: Cast, family: tuple[Episode, Person, Person], nottingham: Framework
) -> None:
    episode, _child, _mum = family
    first = services.assessment_start(actor=cast.team_member, episode=episode)
    services.assessment_save(
        actor=cast.team_member, assessment=first, expected_version=1, history="Moved in 2024"
    )
    other_child = PersonFactory()
    later = make_episode(
        locality=episode.locality,
        opened_by=cast.team_member,
        children=[other_child],
        lead=cast.team_member,
    )
    later.previous_episode = episode
    later.save()
    draft = services.assessment_start(actor=cast.team_member, episode=later)
    assert draft.based_on_id == first.pk
    assert draft.history == "Moved in 2024"


def test_a_stale_save_is_refused_saying_what_changed(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    services.assessment_save(
        actor=cast.team_manager, assessment=assessment, expected_version=1, parents_views="Mum: ok"
    )
    with pytest.raises(StaleEdit, match="Parents' views") as stale:
        services.assessment_save(
            actor=cast.team_member, assessment=assessment, expected_version=1, history="New"
        )
    assert "Nothing has been saved" in str(stale.value)
    assessment.refresh_from_db()
    assert assessment.history == ""
    assert assessment.version == 2


def test_a_save_records_old_and_new_values(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    services.assessment_save(
        actor=cast.team_member, assessment=assessment, expected_version=1, risk_factors="Debt"
    )
    event = Event.objects.get(verb=Verb.ASSESSMENT_SAVED.value)
    assert event.payload["old"] == {"risk_factors": ""}
    assert event.payload["new"] == {"risk_factors": "Debt"}
    assert mum.pk in set(event.subjects.values_list("person_id", flat=True))


def test_bad_scaling_and_dimensions_are_refused_and_nothing_is_saved(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=cast.team_member,
            assessment=assessment,
            expected_version=1,
            history="kept?",
            scaling_answers=[ScalingAnswerDetails("Mum", 11)],
        )
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=cast.team_member,
            assessment=assessment,
            expected_version=1,
            dimensions={"astrology": {"needs": "x"}},
        )
    assessment.refresh_from_db()
    assert assessment.history == ""
    assert assessment.version == 1


def test_sign_off_needs_analysis_voice_a_dimension_and_a_level(
    cast: Cast, family: tuple[Episode, Person, Person], nottingham: Framework
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    with pytest.raises(ValidationError) as refused:
        services.assessment_complete(
            actor=cast.team_manager, assessment=assessment, expected_version=1
        )
    assert set(refused.value.message_dict) == {
        "analysis",
        "child_voice",
        "dimensions",
        "recommended_scale",
    }
    assessment = _ready(cast.team_member, assessment, nottingham)
    done = services.assessment_complete(
        actor=cast.team_manager, assessment=assessment, expected_version=assessment.version
    )
    assert done.status == AssessmentStatus.COMPLETED
    assert done.signed_off_by == cast.team_manager
    assert done.recommended_scale == 2
    assert not done.significant_harm_suspected
    assert done.threshold_evaluation_id is not None
    evaluation = ThresholdEvaluation.objects.get(pk=done.threshold_evaluation_id)
    assert evaluation.context == f"assessment:{done.pk}"
    assert evaluation.person_ids == [_child.pk]
    with pytest.raises(ValidationError, match="signed off"):
        services.assessment_save(
            actor=cast.team_member, assessment=done, expected_version=done.version, history="x"
        )


def test_an_immediate_referral_indicator_flags_significant_harm(
    cast: Cast, family: tuple[Episode, Person, Person], nottingham: Framework
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    immediate = next(i for i in nottingham.indicators_by_id.values() if i.immediate_referral)
    saved = services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=1,
        threshold=ThresholdSelection(framework=nottingham, needs=[immediate.id]),
    )
    assert saved.significant_harm_suspected
    assert saved.recommended_scale == nottingham.top_scale


def test_a_closed_episode_refuses_changes(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    episode.status = EpisodeStatus.CLOSED
    episode.save()
    with pytest.raises(ValidationError, match="closed"):
        services.assessment_save(
            actor=cast.team_member, assessment=assessment, expected_version=1, history="x"
        )


def test_outcome_scales_are_validated_against_the_configured_areas(
    cast: Cast, family: tuple[Episode, Person, Person], settings: Settings
) -> None:
    episode, _child, _mum = family
    settings.RIGHTHELP_EARLY_HELP = {
        **settings.RIGHTHELP_EARLY_HELP,
        "outcome_areas": ["Physical health", "Family routine"],
    }
    with pytest.raises(ValidationError):
        services.outcome_scales_score(
            actor=cast.team_member, episode=episode, occasion="assessment", scores={"Nope": 3}
        )
    with pytest.raises(ValidationError):
        services.outcome_scales_score(
            actor=cast.team_member,
            episode=episode,
            occasion="assessment",
            scores={"Family routine": 0},
        )
    with pytest.raises(ValidationError):
        services.outcome_scales_score(
            actor=cast.team_member, episode=episode, occasion="sometime", scores={}
        )
    assert not OutcomeScore.objects.exists()
    services.outcome_scales_score(
        actor=cast.team_member,
        episode=episode,
        occasion="assessment",
        scores={"Physical health": 4, "Family routine": 3},
    )
    services.outcome_scales_score(
        actor=cast.team_member, episode=episode, occasion="review", scores={"Family routine": 7}
    )
    series = {
        s.area: s for s in selectors.outcome_score_series(user=cast.team_member, episode=episode)
    }
    assert [p.score for p in series["Family routine"].points] == [3, 7]
    assert series["Family routine"].change == 4
    assert series["Physical health"].latest == 4
    assert Event.objects.filter(verb=Verb.OUTCOME_SCALES_SCORED.value).count() == 2


def test_sign_off_flags_significant_harm_when_the_level_is_the_top_one(
    cast: Cast, family: tuple[Episode, Person, Person], nottingham: Framework
) -> None:
    episode, _child, _mum = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    top = next(
        i
        for i in nottingham.indicators_by_id.values()
        if i.kind == "need" and i.scale == nottingham.top_scale and not i.immediate_referral
    )
    assessment = services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=1,
        dimensions={"health": {"needs": "Untreated injuries"}},
        child_voices={_child.pk: "It hurts"},
        analysis="Serious concern",
        threshold=ThresholdSelection(framework=nottingham, needs=[top.id], severe=[top.id]),
        significant_harm_suspected=False,
    )
    # The practitioner unticks the flag on a later save, but sign-off reads the evaluation.
    assessment = services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=assessment.version,
        significant_harm_suspected=False,
    )
    done = services.assessment_complete(
        actor=cast.team_manager, assessment=assessment, expected_version=assessment.version
    )
    assert done.significant_harm_suspected
