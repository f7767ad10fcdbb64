"""The early help assessment and outcome scales pages, through the views on a real database."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.earlyhelp import assessment_services as services
from righthelp.earlyhelp.models import Assessment, AssessmentStatus, Episode, OutcomeScore
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory
from righthelp.thresholds.selectors import framework_active

if TYPE_CHECKING:
    from conftest import Cast


@pytest.fixture
def episode(cast: Cast) -> Episode:
    child = PersonFactory(given_name="Ruby", family_name="Pages")
    return make_episode(
        locality=cast.holding_team.organisation.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
    )


@pytest.fixture
def worker(client: Client, cast: Cast) -> Client:
    client.force_login(cast.team_member)
    return client


def _url(name: str, episode: Episode, **kwargs: Any) -> str:
    return reverse(f"earlyhelp:{name}", kwargs={"episode_pk": episode.pk, **kwargs})


def test_the_page_offers_to_start_then_shows_the_task_list(
    worker: Client, episode: Episode
) -> None:
    page = worker.get(_url("assessment", episode))
    assert page.status_code == 200
    assert "Start the assessment" in page.content.decode()
    response = worker.post(_url("assessment-start", episode), follow=True)
    html = response.content.decode()
    assert "The assessment has been started" in html  # the notification banner
    assert "govuk-task-list" in html
    assert "Signs of Safety conversation" in html
    assert "Due on" in html
    assert AccessRecord.objects.filter(action=AccessAction.VIEW_EPISODE.value).exists()


def test_an_overdue_draft_is_tagged(worker: Client, cast: Cast, episode: Episode) -> None:
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    Assessment.objects.filter(pk=assessment.pk).update(due_on=datetime.date(2020, 1, 6))
    html = worker.get(_url("assessment", episode)).content.decode()
    assert "Overdue" in html


def test_a_part_saves_and_redirects_with_a_banner(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    services.assessment_start(actor=cast.team_member, episode=episode)
    url = _url("assessment-section", episode, section="child")
    assert worker.get(url).status_code == 200
    child = episode.members.get().person
    response = worker.post(
        url, {"version": 1, f"voice_{child.pk}": "I miss my dad", "lived_experience": ""}
    )
    assert response.status_code == 302
    saved = Assessment.objects.get(episode=episode)
    assert [(v.person_id, v.voice) for v in saved.child_voices.all()] == [
        (child.pk, "I miss my dad")
    ]
    assert saved.child_voice == "Ruby Pages: I miss my dad"


def test_a_stale_part_keeps_what_was_typed_and_explains(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    services.assessment_save(
        actor=cast.team_manager, assessment=assessment, expected_version=1, history="Moved"
    )
    response = worker.post(
        _url("assessment-section", episode, section="history"),
        {"version": 1, "history": "My words"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in html
    assert "My words" in html
    assert "govuk-error-summary" in html
    assert "What is saved now" in html
    assert "Moved" in html
    assert 'name="version" value="2"' in html
    # Having seen both, a second save goes ahead deliberately.
    response = worker.post(
        _url("assessment-section", episode, section="history"),
        {"version": 2, "history": "My words"},
    )
    assert response.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).history == "My words"


def test_the_signs_of_safety_scaling_is_saved_per_person(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    services.assessment_start(actor=cast.team_member, episode=episode)
    response = worker.post(
        _url("assessment-section", episode, section="safety"),
        {
            "version": 1,
            "working_well": "Grandma helps",
            "worried_about": "",
            "needs_to_happen": "",
            "asked_0": "Mum",
            "score_0": "6",
            "why_0": "Calmer",
            "asked_1": "School",
            "score_1": "",
        },
    )
    assert response.status_code == 200  # School has no score
    assert "Select the score they gave" in response.content.decode()
    response = worker.post(
        _url("assessment-section", episode, section="safety"),
        {"version": 1, "working_well": "Grandma helps", "asked_0": "Mum", "score_0": "6"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(episode=episode)
    assert [(a.asked, a.score) for a in assessment.scaling_answers.all()] == [("Mum", 6)]


def test_analysis_records_the_level_and_warns_of_significant_harm(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    services.assessment_start(actor=cast.team_member, episode=episode)
    framework = framework_active()
    top = next(
        i
        for i in framework.indicators_by_id.values()
        if i.kind == "need" and (i.immediate_referral or i.scale == framework.top_scale)
    )
    response = worker.post(
        _url("assessment-section", episode, section="analysis"),
        {
            "version": 1,
            "analysis": "Serious worry",
            "threshold-needs": [top.id],
            "threshold-decided_scale": str(framework.top_scale),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get(episode=episode)
    assert assessment.significant_harm_suspected
    assert assessment.threshold_evaluation is not None
    assert assessment.threshold_evaluation.context == f"assessment:{assessment.pk}"
    html = worker.get(_url("assessment", episode)).content.decode()
    assert "significant harm" in html
    assert reverse("frontdoor:request-new") in html


def test_sign_off_lists_what_is_missing_then_a_manager_signs_off(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    response = worker.post(_url("assessment-complete", episode), {"version": 1})
    assert response.status_code == 200
    assert "Write the analysis" in response.content.decode()
    framework = framework_active()
    need = next(i for i in framework.indicators_by_id.values() if i.kind == "need")
    assessment = services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=1,
        dimensions={"health": {"needs": "Dentist"}},
        child_voices={episode.members.get().person_id: "Fine"},
        analysis="Low level needs",
        threshold=services.ThresholdSelection(
            framework=framework, needs=[need.id], decided_scale=need.scale, decided_reason="x"
        ),
    )
    worker.force_login(cast.team_manager)
    response = worker.post(
        _url("assessment-complete", episode), {"version": assessment.version}, follow=True
    )
    assert "The assessment has been signed off" in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.COMPLETED


def test_people_not_working_on_the_episode_get_not_found(
    client: Client, cast: Cast, episode: Episode
) -> None:
    client.force_login(cast.practitioner)
    assert client.get(_url("assessment", episode)).status_code == 404
    assert client.post(_url("assessment-start", episode)).status_code == 404
    assert not Assessment.objects.exists()
    missing = reverse("earlyhelp:assessment", kwargs={"episode_pk": episode.pk + 999})
    assert client.get(missing).status_code == 404


def test_outcome_scales_are_scored_and_shown_as_progress(
    worker: Client, cast: Cast, episode: Episode, settings: Settings
) -> None:
    settings.RIGHTHELP_EARLY_HELP = {
        **settings.RIGHTHELP_EARLY_HELP,
        "outcome_areas": ["Physical health", "Family routine"],
    }
    url = _url("outcome-scales", episode)
    page = worker.get(url).content.decode()
    assert "not been scored yet" in page
    today = datetime.date.today()
    on = {"measured_on-day": today.day, "measured_on-month": today.month}
    on["measured_on-year"] = today.year
    response = worker.post(url, {"occasion": "assessment", **on})
    assert "Score at least one area" in response.content.decode()
    worker.post(url, {"occasion": "assessment", "area_0": "3", "area_1": "4", **on})
    response = worker.post(url, {"occasion": "review", "area_1": "8", **on}, follow=True)
    html = response.content.decode()
    assert "The outcome scales have been saved" in html
    assert "+4" in html
    assert "<svg" in html
    assert OutcomeScore.objects.filter(episode=episode).count() == 3


def test_more_people_than_the_default_rows_are_never_dropped(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    answers = [services.ScalingAnswerDetails(f"Person {n}", n) for n in range(8)]
    services.assessment_save(
        actor=cast.team_member, assessment=assessment, expected_version=1, scaling_answers=answers
    )
    url = _url("assessment-section", episode, section="safety")
    assert 'name="asked_8"' in worker.get(url).content.decode()  # room for one more
    data = {"version": 2, **{f"asked_{n}": f"Person {n}" for n in range(8)}}
    data.update({f"score_{n}": str(n) for n in range(8)})
    data.update({"asked_8": "Grandma", "score_8": "9"})
    assert worker.post(url, data).status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).scaling_answers.count() == 9


def test_a_signed_off_assessment_is_listed_and_can_be_started_again(
    worker: Client, cast: Cast, episode: Episode
) -> None:
    assessment = services.assessment_start(actor=cast.team_member, episode=episode)
    framework = framework_active()
    need = next(i for i in framework.indicators_by_id.values() if i.kind == "need")
    assessment = services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=1,
        dimensions={"health": {"strengths": "Sleeps well"}},
        child_voices={episode.members.get().person_id: "Fine"},
        analysis="Doing better",
        threshold=services.ThresholdSelection(
            framework=framework, needs=[need.id], decided_scale=need.scale, decided_reason="x"
        ),
    )
    services.assessment_complete(
        actor=cast.team_manager, assessment=assessment, expected_version=assessment.version
    )
    html = worker.get(_url("assessment", episode)).content.decode()
    assert "Signed-off assessments in this episode" in html
    assert "Sleeps well" in html
    worker.post(_url("assessment-start", episode))
    draft = Assessment.objects.get(episode=episode, status=AssessmentStatus.DRAFT)
    assert draft.based_on_id == assessment.pk
