"""Reads for the early help assessment and the outcome scales.

Each read takes the user and answers ``Http404`` for an episode that does not exist or that the
user may not see (the same answer). Reads of the family's assessment are written to the access
log in the request's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.earlyhelp.models import (
    TRIANGLE_DIMENSIONS,
    Assessment,
    AssessmentStatus,
    ChildVoice,
    Episode,
    EpisodeMember,
    MemberRole,
    OutcomeScore,
    ScalingAnswer,
    ScoreOccasion,
    StepUpPrompt,
)
from righthelp.earlyhelp.permissions import can_view_episode, can_work_on_episode
from righthelp.people.models import Person


@dataclass(frozen=True)
class DimensionEntry:
    code: str
    label: str
    strengths: str
    needs: str


@dataclass(frozen=True)
class ChildVoiceEntry:
    child: Person
    voice: str  # "" when not recorded yet


@dataclass(frozen=True)
class AssessmentView:
    """An episode's assessment as its page shows it."""

    episode: Episode
    assessment: Assessment | None  # the draft if there is one, else the latest signed off
    scaling_answers: tuple[ScalingAnswer, ...]
    dimensions: tuple[DimensionEntry, ...]
    completed: tuple[Assessment, ...]  # every signed-off assessment of this episode, newest first
    can_work: bool
    overdue: bool
    today: date
    # Each child in the episode with their voice in the current assessment.
    child_voices: tuple[ChildVoiceEntry, ...] = ()
    # Step-up prompts raised on the current assessment, newest first; the open one (unanswered).
    step_up_prompts: tuple[StepUpPrompt, ...] = ()
    open_prompt: StepUpPrompt | None = None


def episode_for_assessment(*, user: User, episode_id: int | str, work: bool = False) -> Episode:
    """The episode, if the user may see it (``work=True``: may work on it); else ``Http404``."""
    try:
        episode = Episode.objects.select_related("locality").get(pk=int(episode_id))
    except (Episode.DoesNotExist, ValueError):
        raise Http404 from None
    allowed = can_work_on_episode(user, episode) if work else can_view_episode(user, episode)
    if not allowed:
        raise Http404
    return episode


def assessment_for_episode(
    *, user: User, episode_id: int | str, path: str = "", work: bool = False
) -> AssessmentView:
    """The episode's current assessment (access-logged as a view of the episode's family)."""
    episode = episode_for_assessment(user=user, episode_id=episode_id, work=work)
    assessments = list(
        Assessment.objects.filter(episode=episode)
        .select_related("threshold_evaluation", "signed_off_by", "started_by", "based_on")
        .order_by("-started_at", "-id")
    )
    draft = next((a for a in assessments if a.status == AssessmentStatus.DRAFT), None)
    completed = tuple(a for a in assessments if a.status == AssessmentStatus.COMPLETED)
    current = draft or (completed[0] if completed else None)
    access_record(
        user=user,
        action=AccessAction.VIEW_EPISODE,
        person_ids=episode.member_ids(),
        path=path,
        detail={"episode": episode.pk, "assessment": current.pk if current else None},
    )
    return assessment_view(
        episode=episode,
        assessment=current,
        assessments=assessments,
        can_work=can_work_on_episode(user, episode),
    )


def assessment_view(
    *,
    episode: Episode,
    assessment: Assessment | None,
    assessments: list[Assessment],
    can_work: bool,
) -> AssessmentView:
    """``assessment`` of ``episode`` as its page shows it (``assessments``: all of the
    episode's, newest first). Checks nothing and logs nothing: call it only from a read that
    has checked access and logged it (``assessment_for_episode``, or the step-up handover's
    ``handover_selectors.handover_assessment``)."""
    current = assessment
    draft = next((a for a in assessments if a.status == AssessmentStatus.DRAFT), None)
    completed = tuple(a for a in assessments if a.status == AssessmentStatus.COMPLETED)
    today = timezone.localdate()
    dimensions: tuple[DimensionEntry, ...] = ()
    answers: tuple[ScalingAnswer, ...] = ()
    voices: tuple[ChildVoiceEntry, ...] = ()
    prompts: tuple[StepUpPrompt, ...] = ()
    children = [
        m.person
        for m in EpisodeMember.objects.filter(episode=episode, role=MemberRole.CHILD)
        .select_related("person")
        .order_by("id")
    ]
    if current is not None:
        stored = current.dimensions or {}
        dimensions = tuple(
            DimensionEntry(
                code,
                label,
                str((stored.get(code) or {}).get("strengths", "")),
                str((stored.get(code) or {}).get("needs", "")),
            )
            for code, label in TRIANGLE_DIMENSIONS
        )
        answers = tuple(current.scaling_answers.all())
        said = {v.person_id: v.voice for v in ChildVoice.objects.filter(assessment=current)}
        voices = tuple(ChildVoiceEntry(child, said.get(child.pk, "")) for child in children)
        prompts = tuple(
            StepUpPrompt.objects.filter(assessment=current)
            .select_related("raised_by", "answered_by")
            .order_by("-raised_at", "-id")
        )
    return AssessmentView(
        episode=episode,
        assessment=current,
        scaling_answers=answers,
        dimensions=dimensions,
        completed=completed,
        can_work=can_work,
        overdue=draft is not None and draft.due_on < today,
        today=today,
        child_voices=voices,
        step_up_prompts=prompts,
        open_prompt=next((p for p in prompts if p.answered_at is None), None),
    )


@dataclass(frozen=True)
class ScorePoint:
    scored_on: date  # the day it was measured with the family
    occasion: str
    score: int

    @property
    def occasion_label(self) -> str:
        return (
            str(ScoreOccasion(self.occasion).label)
            if self.occasion in ScoreOccasion.values
            else self.occasion
        )


@dataclass(frozen=True)
class AreaSeries:
    """One outcome area's scores over time, oldest first, for drawing progress."""

    area: str
    points: tuple[ScorePoint, ...]

    @property
    def first(self) -> int | None:
        return self.points[0].score if self.points else None

    @property
    def latest(self) -> int | None:
        return self.points[-1].score if self.points else None

    @property
    def change(self) -> int | None:
        if len(self.points) < 2:
            return None
        return self.points[-1].score - self.points[0].score


def outcome_score_series(*, user: User, episode: Episode, path: str = "") -> list[AreaSeries]:
    """Each configured outcome area (then any area no longer configured but scored before) with
    its scores over time. ``Http404`` unless the user may see the episode; access-logged."""
    if not can_view_episode(user, episode):
        raise Http404
    scores = list(
        OutcomeScore.objects.filter(episode=episode)
        .order_by("measured_on", "scored_at", "id")
        .only("area", "score", "occasion", "measured_on", "scored_at")
    )
    access_record(
        user=user,
        action=AccessAction.VIEW_EPISODE,
        person_ids=episode.member_ids(),
        path=path,
        detail={"episode": episode.pk, "outcome_scales": len(scores)},
    )
    configured: Any = settings.RIGHTHELP_EARLY_HELP["outcome_areas"]
    areas = [str(a) for a in configured]
    for score in scores:
        if score.area not in areas:
            areas.append(score.area)
    by_area: dict[str, list[ScorePoint]] = {area: [] for area in areas}
    for score in scores:
        by_area[score.area].append(ScorePoint(score.measured_on, score.occasion, score.score))
    return [AreaSeries(area, tuple(points)) for area, points in by_area.items()]


def open_step_up_prompt(assessment: Assessment) -> StepUpPrompt | None:
    """The assessment's step-up prompt waiting for an answer, if any (call after
    ``assessment_for_episode``, which checks access and logs the read)."""
    return (
        StepUpPrompt.objects.filter(assessment=assessment, answered_at__isnull=True)
        .order_by("-raised_at", "-id")
        .first()
    )
