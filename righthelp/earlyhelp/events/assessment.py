"""The events of the early help assessment: started, saved, the step-up prompt, sign-off,
completion and outcome scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypedDict, cast

from django.db.models import QuerySet

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.earlyhelp.models import (
    Assessment,
    Episode,
    ScoreOccasion,
    StepUpChoice,
    StepUpPrompt,
)

# --- Assessments ---------------------------------------------------------------------------


class AssessmentStartedPayload(TypedDict):
    assessment: int
    episode: int
    based_on: int | None
    due_on: str


def assessment_started_event(
    *, actor: User, episode: Episode, assessment: Assessment, based_on: Assessment | None
) -> Event:
    payload: AssessmentStartedPayload = {
        "assessment": assessment.pk,
        "episode": episode.pk,
        "based_on": based_on.pk if based_on else None,
        "due_on": assessment.due_on.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_STARTED,
        subject_ids=episode.member_ids(),
        summary=(
            f"Early help assessment started for {episode.reference}"
            + (" from the family's last assessment" if based_on else "")
        ),
        payload=payload,
    )


def assessment_started_payload(event: Event) -> AssessmentStartedPayload:
    return cast(AssessmentStartedPayload, payload_read(event, Verb.ASSESSMENT_STARTED))


class AssessmentSavedPayload(TypedDict):
    assessment: int
    episode: int
    version: int
    changed: list[str]
    old: dict[str, Any]
    new: dict[str, Any]
    step_up_prompt: int | None


def assessment_saved_event(
    *,
    actor: User,
    assessment: Assessment,
    changed: Sequence[str],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    step_up_prompt: StepUpPrompt | None,
    prompt_scale: int,
) -> Event:
    """The parts of an assessment that changed (``changed``, their labels), with their old and
    new values; ``step_up_prompt`` when a worry score of ``prompt_scale`` or less raised one."""
    summary = f"Early help assessment saved: {', '.join(changed)}"
    if step_up_prompt is not None:
        summary = f"{summary}. A worry score of {prompt_scale} or less: consider stepping up"
    payload: AssessmentSavedPayload = {
        "assessment": assessment.pk,
        "episode": assessment.episode_id,
        "version": assessment.version,
        "changed": list(changed),
        "old": dict(old),
        "new": dict(new),
        "step_up_prompt": step_up_prompt.pk if step_up_prompt is not None else None,
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_SAVED,
        subject_ids=assessment.episode.member_ids(),
        summary=summary[:300],
        payload=payload,
    )


def assessment_saved_payload(event: Event) -> AssessmentSavedPayload:
    return cast(AssessmentSavedPayload, payload_read(event, Verb.ASSESSMENT_SAVED))


def assessment_saved_events(assessment: Assessment) -> QuerySet[Event]:
    """The assessment's ASSESSMENT_SAVED events, oldest first, with their actors."""
    return (
        Event.objects.filter(verb=Verb.ASSESSMENT_SAVED.value, payload__assessment=assessment.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
    )


class StepUpPromptAnsweredPayload(TypedDict):
    episode: int
    assessment: int
    prompt: int
    scores: list[dict[str, Any]]
    choice: str
    reason: str


def step_up_prompt_answered_event(*, actor: User, episode: Episode, prompt: StepUpPrompt) -> Event:
    scores = ", ".join(f"{s['asked']} {s['score']}" for s in prompt.scores)
    payload: StepUpPromptAnsweredPayload = {
        "episode": episode.pk,
        "assessment": prompt.assessment_id,
        "prompt": prompt.pk,
        "scores": prompt.scores,
        "choice": prompt.choice,
        "reason": prompt.reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.STEP_UP_PROMPT_ANSWERED,
        subject_ids=episode.member_ids(),
        summary=(
            f"Worry scored {scores}: "
            + (
                "stepping up now"
                if prompt.choice == StepUpChoice.STEP_UP
                else f"not stepping up now ({prompt.reason})"
            )
        )[:300],
        payload=payload,
    )


def step_up_prompt_answered_payload(event: Event) -> StepUpPromptAnsweredPayload:
    return cast(StepUpPromptAnsweredPayload, payload_read(event, Verb.STEP_UP_PROMPT_ANSWERED))


class AssessmentSignOffRequestedPayload(TypedDict):
    assessment: int
    episode: int
    version: int
    managers: list[int]


def assessment_sign_off_requested_event(
    *, actor: User, assessment: Assessment, managers: Sequence[User]
) -> Event:
    payload: AssessmentSignOffRequestedPayload = {
        "assessment": assessment.pk,
        "episode": assessment.episode_id,
        "version": assessment.version,
        "managers": [m.pk for m in managers],
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_SIGN_OFF_REQUESTED,
        subject_ids=assessment.episode.member_ids(),
        summary=f"Early help assessment sent for sign-off ({assessment.episode.reference})",
        payload=payload,
    )


def assessment_sign_off_requested_payload(event: Event) -> AssessmentSignOffRequestedPayload:
    return cast(
        AssessmentSignOffRequestedPayload,
        payload_read(event, Verb.ASSESSMENT_SIGN_OFF_REQUESTED),
    )


class AssessmentCompletedPayload(TypedDict):
    assessment: int
    episode: int
    version: int
    recommended_scale: int | None
    significant_harm_suspected: bool
    overdue: bool
    authors: list[int]


def assessment_completed_event(
    *, actor: User, assessment: Assessment, overdue: bool, authors: Iterable[int]
) -> Event:
    payload: AssessmentCompletedPayload = {
        "assessment": assessment.pk,
        "episode": assessment.episode_id,
        "version": assessment.version,
        "recommended_scale": assessment.recommended_scale,
        "significant_harm_suspected": assessment.significant_harm_suspected,
        "overdue": overdue,
        "authors": sorted(authors),
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_COMPLETED,
        subject_ids=assessment.episode.member_ids(),
        summary=(
            f"Early help assessment signed off: recommended level {assessment.recommended_scale}"
            + (", significant harm suspected" if assessment.significant_harm_suspected else "")
        ),
        payload=payload,
    )


def assessment_completed_payload(event: Event) -> AssessmentCompletedPayload:
    return cast(AssessmentCompletedPayload, payload_read(event, Verb.ASSESSMENT_COMPLETED))


class OutcomeScalesScoredPayload(TypedDict):
    episode: int
    occasion: str
    scores: dict[str, int]
    measured_on: str


def outcome_scales_scored_event(
    *,
    actor: User,
    episode: Episode,
    occasion: str,
    scores: Mapping[str, int],
    day: date,
    areas: int,
) -> Event:
    """``areas``: how many areas were scored."""
    payload: OutcomeScalesScoredPayload = {
        "episode": episode.pk,
        "occasion": occasion,
        "scores": dict(scores),
        "measured_on": day.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.OUTCOME_SCALES_SCORED,
        subject_ids=episode.member_ids(),
        summary=f"Outcome scales scored ({ScoreOccasion(occasion).label.lower()}) on "
        f"{day.day} {day:%B %Y}: {areas} areas",
        payload=payload,
    )


def outcome_scales_scored_payload(event: Event) -> OutcomeScalesScoredPayload:
    return cast(OutcomeScalesScoredPayload, payload_read(event, Verb.OUTCOME_SCALES_SCORED))
