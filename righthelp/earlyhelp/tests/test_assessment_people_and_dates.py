"""The assessment holds the right people in the right roles: each child's own voice, a prompt to
consider stepping up when anyone scores the worry at 0 or 1 (and what the worker chose), and
sign-off by a manager who did not write it. Outcome scores keep the day they were measured."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.earlyhelp import assessment_selectors as selectors
from righthelp.earlyhelp import assessment_services as services
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    OutcomeScore,
    StepUpChoice,
    StepUpPrompt,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory
from righthelp.thresholds.registry import load_framework

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(cast: Cast) -> tuple[Episode, Person, Person]:
    ruby = PersonFactory(given_name="Ruby", family_name="Voices")
    sam = PersonFactory(given_name="Sam", family_name="Voices")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[ruby, sam],
        lead=cast.team_member,
    )
    return episode, ruby, sam


def _ready(cast: Cast, assessment: Assessment, voices: Mapping[int, str] | None) -> Assessment:
    framework = load_framework("nottingham-2018")
    need = next(i for i in framework.indicators_by_id.values() if i.kind == "need" and i.scale == 2)
    return services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=assessment.version,
        dimensions={"education": {"needs": "Missing Mondays"}},
        child_voices=voices,
        analysis="Emerging needs around attendance.",
        threshold=services.ThresholdSelection(framework=framework, needs=[need.id], age_years=8),
    )


# --- Each child's voice --------------------------------------------------------------------


def test_each_child_in_the_episode_has_their_own_voice(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, ruby, sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assessment = _ready(cast, assessment, {ruby.pk: "I like my teacher"})
    problems = services.completion_problems(assessment)
    assert problems["child_voice"] == [
        "Record Sam Voices's voice, in their own words (for a baby, what you saw of them)"
    ]
    saved = services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=assessment.version,
        child_voices={sam.pk: "I miss my old school"},
    )
    assert "child_voice" not in services.completion_problems(saved)
    assert {v.person_id: v.voice for v in saved.child_voices.all()} == {
        ruby.pk: "I like my teacher",
        sam.pk: "I miss my old school",
    }
    # One text for readers that carry the voices on (the step-up contact), each child named.
    assert saved.child_voice == (
        "Ruby Voices: I like my teacher\n\nSam Voices: I miss my old school"
    )
    event = Event.objects.filter(verb=Verb.ASSESSMENT_SAVED).latest("id")
    assert event.payload["new"]["child_voices"][str(sam.pk)] == "I miss my old school"


def test_a_voice_for_someone_not_a_child_of_the_episode_is_refused(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _ruby, _sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=cast.team_member,
            assessment=assessment,
            expected_version=assessment.version,
            child_voices={PersonFactory().pk: "Not in this family"},
        )
    assert not assessment.child_voices.exists()


def test_the_page_has_a_box_for_each_childs_voice(
    cast: Cast, family: tuple[Episode, Person, Person], client: Client
) -> None:
    episode, ruby, sam = family
    services.assessment_start(actor=cast.team_member, episode=episode)
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:assessment-section", args=[episode.pk, "child"])
    html = client.get(url).content.decode()
    assert "Ruby Voices&#x27;s voice" in html and "Sam Voices&#x27;s voice" in html
    client.post(url, {"version": 1, f"voice_{ruby.pk}": "Fine", f"voice_{sam.pk}": "Sad"})
    page = client.get(reverse("earlyhelp:assessment-complete", args=[episode.pk])).content
    assert b"Sad" in page and b"Fine" in page


# --- A worry score of 0 or 1 ---------------------------------------------------------------


def test_a_score_of_0_or_1_from_anyone_prompts_considering_stepping_up(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _ruby, _sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=assessment.version,
        scaling_answers=[
            services.ScalingAnswerDetails("Mum", 6),
            services.ScalingAnswerDetails("School", 1, "He came in with a bruise"),
        ],
    )
    prompt = StepUpPrompt.objects.get(assessment=assessment)
    assert prompt.scores == [{"asked": "School", "score": 1}]
    assert prompt.raised_by == cast.team_member and prompt.answered_at is None
    saved = Event.objects.filter(verb=Verb.ASSESSMENT_SAVED).latest("id")
    assert saved.payload["step_up_prompt"] == prompt.pk
    assessment.refresh_from_db()
    # Until the worker answers it, the assessment cannot be signed off.
    assert "step_up_prompt" in services.completion_problems(assessment)
    # Not now needs a reason.
    with pytest.raises(ValidationError) as refused:
        services.step_up_prompt_answer(
            actor=cast.team_member, prompt=prompt, choice=StepUpChoice.NOT_NOW
        )
    assert "reason" in refused.value.message_dict
    answered = services.step_up_prompt_answer(
        actor=cast.team_member,
        prompt=prompt,
        choice=StepUpChoice.NOT_NOW,
        reason="The bruise was from football; school saw it happen",
    )
    assert answered.choice == StepUpChoice.NOT_NOW and answered.answered_by == cast.team_member
    event = Event.objects.get(verb=Verb.STEP_UP_PROMPT_ANSWERED)
    assert event.payload["reason"] == "The bruise was from football; school saw it happen"
    assert "step_up_prompt" not in services.completion_problems(assessment)
    with pytest.raises(ValidationError, match="already been answered"):
        services.step_up_prompt_answer(
            actor=cast.team_member, prompt=prompt, choice=StepUpChoice.STEP_UP
        )


def test_scores_above_the_prompt_level_raise_no_prompt(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _ruby, _sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=assessment.version,
        scaling_answers=[services.ScalingAnswerDetails("Mum", 2)],
    )
    assert not StepUpPrompt.objects.exists()


def test_saving_a_0_on_the_page_asks_the_worker_then_step_up_now_opens_the_consultation(
    cast: Cast, family: tuple[Episode, Person, Person], client: Client
) -> None:
    episode, _ruby, _sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:assessment-section", args=[episode.pk, "safety"]),
        {"version": assessment.version, "asked_0": "Ruby", "score_0": "0"},
    )
    prompt = StepUpPrompt.objects.get(assessment=assessment)
    prompt_url = reverse("earlyhelp:assessment-step-up-prompt", args=[episode.pk, prompt.pk])
    assert response.status_code == 302 and response["Location"] == prompt_url
    page = client.get(prompt_url).content.decode()
    assert "Ruby scored 0" in page
    refused = client.post(prompt_url, {"choice": ""})
    assert 'href="#id_choice_0"' in refused.content.decode()
    response = client.post(prompt_url, {"choice": "step_up"})
    assert response["Location"] == reverse("earlyhelp:step-up", args=[episode.pk])
    prompt.refresh_from_db()
    assert prompt.choice == StepUpChoice.STEP_UP
    summary = client.get(reverse("earlyhelp:assessment-complete", args=[episode.pk]))
    assert "Step up now: talk to the locality social worker" in summary.content.decode()


# --- Sign-off by a manager who did not write it -------------------------------------------


def test_the_author_cannot_sign_off_and_a_manager_who_did_not_write_it_can(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, ruby, sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assessment = _ready(cast, assessment, {ruby.pk: "Fine", sam.pk: "Fine"})
    with pytest.raises(ValidationError, match="A team manager signs off"):
        services.assessment_complete(
            actor=cast.team_member, assessment=assessment, expected_version=assessment.version
        )
    done = services.assessment_complete(
        actor=cast.team_manager, assessment=assessment, expected_version=assessment.version
    )
    assert done.status == AssessmentStatus.COMPLETED and done.signed_off_by == cast.team_manager


def test_a_manager_who_wrote_part_of_it_cannot_sign_it_off(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, ruby, sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assessment = services.assessment_save(
        actor=cast.team_manager,
        assessment=assessment,
        expected_version=assessment.version,
        history="Known to early help in 2023",
    )
    assessment = _ready(cast, assessment, {ruby.pk: "Fine", sam.pk: "Fine"})
    with pytest.raises(ValidationError, match="You wrote part of this assessment"):
        services.assessment_complete(
            actor=cast.team_manager, assessment=assessment, expected_version=assessment.version
        )
    assert services.sign_off_managers(assessment) == []


def test_with_the_setting_off_the_worker_signs_off_their_own(
    cast: Cast, family: tuple[Episode, Person, Person], settings: Settings
) -> None:
    settings.RIGHTHELP_EARLY_HELP = {
        **settings.RIGHTHELP_EARLY_HELP,
        "assessment_sign_off_by_other_manager": False,
    }
    episode, ruby, sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assessment = _ready(cast, assessment, {ruby.pk: "Fine", sam.pk: "Fine"})
    done = services.assessment_complete(
        actor=cast.team_member, assessment=assessment, expected_version=assessment.version
    )
    assert done.signed_off_by == cast.team_member


def test_the_worker_sends_it_for_sign_off_and_the_manager_is_told_and_can_open_it(
    cast: Cast, family: tuple[Episode, Person, Person], client: Client
) -> None:
    episode, ruby, sam = family
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    assessment = _ready(cast, assessment, {ruby.pk: "Fine", sam.pk: "Fine"})
    client.force_login(cast.team_member)
    page = client.get(reverse("earlyhelp:assessment-complete", args=[episode.pk])).content
    assert b"Send for sign-off" in page and b"Sign off the assessment</button>" not in page
    response = client.post(
        reverse("earlyhelp:assessment-sign-off-request", args=[episode.pk]),
        {"version": assessment.version},
        follow=True,
    )
    assert "sent to a manager to sign off" in response.content.decode()
    assert Event.objects.filter(verb=Verb.ASSESSMENT_SIGN_OFF_REQUESTED).count() == 1
    notice = Notification.objects.get(kind=NotificationKind.SIGN_OFF_NEEDED)
    assert notice.recipient == cast.team_manager
    manager = Client()
    manager.force_login(cast.team_manager)
    response = manager.get(notice.link)
    assert response.status_code == 200
    assert b"Sign off the assessment</button>" in response.content
    manager.post(notice.link, {"version": assessment.version})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED


# --- Outcome scores measured on a day ------------------------------------------------------


def test_outcome_scores_keep_the_day_measured_and_are_ordered_by_it(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _ruby, _sam = family
    Episode.objects.filter(pk=episode.pk).update(opened_at=timezone.now() - timedelta(days=60))
    episode.refresh_from_db()
    today = timezone.localdate()
    services.outcome_scales_score(
        actor=cast.team_member,
        episode=episode,
        occasion="review",
        scores={"Family routine": 7},
    )
    # Typed in later, but scored with the family a month ago: it comes first.
    services.outcome_scales_score(
        actor=cast.team_member,
        episode=episode,
        occasion="assessment",
        scores={"Family routine": 3},
        measured_on=today - timedelta(days=30),
    )
    assert list(OutcomeScore.objects.values_list("measured_on", flat=True)) == [
        today - timedelta(days=30),
        today,
    ]
    series = {
        s.area: s for s in selectors.outcome_score_series(user=cast.team_member, episode=episode)
    }
    points = series["Family routine"].points
    assert [(p.scored_on, p.score) for p in points] == [(today - timedelta(days=30), 3), (today, 7)]
    assert series["Family routine"].change == 4


def test_outcome_scores_cannot_be_measured_in_the_future_or_before_early_help(
    cast: Cast, family: tuple[Episode, Person, Person]
) -> None:
    episode, _ruby, _sam = family
    today = timezone.localdate()
    for day, words in (
        (today + timedelta(days=1), "today or in the past"),
        (
            timezone.localdate(episode.opened_at) - timedelta(days=1),
            "on or after the day early help started",
        ),
    ):
        with pytest.raises(ValidationError, match=words):
            services.outcome_scales_score(
                actor=cast.team_member,
                episode=episode,
                occasion="review",
                scores={"Family routine": 5},
                measured_on=day,
            )
    assert not OutcomeScore.objects.exists()


def test_the_scales_page_shows_the_day_measured_and_refuses_a_future_one(
    cast: Cast, family: tuple[Episode, Person, Person], client: Client
) -> None:
    episode, _ruby, _sam = family
    client.force_login(cast.team_member)
    url = reverse("earlyhelp:outcome-scales", args=[episode.pk])
    page = client.get(url).content.decode()
    today = timezone.localdate()
    assert f'name="measured_on-day" type="text" inputmode="numeric" value="{today.day}"' in page
    tomorrow = today + timedelta(days=1)
    area = services.outcome_areas()[0]
    data = {"occasion": "assessment", "area_0": "4"}
    refused = client.post(
        url,
        {
            **data,
            "measured_on-day": tomorrow.day,
            "measured_on-month": tomorrow.month,
            "measured_on-year": tomorrow.year,
        },
    )
    assert "must be today or in the past" in refused.content.decode()
    assert 'href="#id_measured_on-day"' in refused.content.decode()
    response = client.post(
        url,
        {
            **data,
            "measured_on-day": today.day,
            "measured_on-month": today.month,
            "measured_on-year": today.year,
        },
        follow=True,
    )
    assert f"{today.day} {today:%B %Y}" in response.content.decode()
    assert OutcomeScore.objects.get().area == area
