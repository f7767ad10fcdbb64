"""Writes for the early help assessment (with its Signs of Safety conversation) and the outcome
scales scored with the family.

Every write here is for people who may work on the episode (``permissions.can_work_on_episode``);
anyone else is refused with ``PermissionError`` (views have already answered 404 by then). Bad
input is refused with a ``ValidationError`` naming the field and nothing is half-saved; a save
against an out-of-date version raises ``StaleEdit`` saying who changed what since.

Each child in the episode has their own voice (``ChildVoice``). A "how worried are we?" score of
0 or 1 (``RIGHTHELP_EARLY_HELP["step_up_prompt_at_or_below"]``) from anyone raises a
``StepUpPrompt`` the worker answers (step up now, or not now and why) before sign-off. Sign-off
is by a team manager who wrote no part of the assessment, unless
``RIGHTHELP_EARLY_HELP["assessment_sign_off_by_other_manager"]`` is off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.consent.models import ConsentPurpose
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.consent_rules import episode_children, require_early_help_consent
from righthelp.earlyhelp.events import (
    assessment_completed_event,
    assessment_saved_event,
    assessment_saved_events,
    assessment_saved_payload,
    assessment_sign_off_requested_event,
    assessment_started_event,
    outcome_scales_scored_event,
    step_up_prompt_answered_event,
)
from righthelp.earlyhelp.models import (
    TRIANGLE_DIMENSIONS,
    Assessment,
    AssessmentStatus,
    ChildVoice,
    Episode,
    EpisodeMember,
    EpisodeStatus,
    MemberRole,
    OutcomeScore,
    ScalingAnswer,
    ScoreOccasion,
    StepUpChoice,
    StepUpPrompt,
)
from righthelp.earlyhelp.permissions import can_work_on_episode
from righthelp.people.models import Person, PersonKind
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.selectors import framework_at
from righthelp.thresholds.services import evaluation_record

DIMENSION_CODES = frozenset(code for code, _ in TRIANGLE_DIMENSIONS)

# The free-text parts of the assessment, with the names practitioners know them by.
TEXT_FIELDS: dict[str, str] = {
    "protective_factors": "Protective factors",
    "risk_factors": "Risk factors",
    "lived_experience": "The child's lived experience",
    "parents_views": "Parents' views",
    "history": "History",
    "analysis": "Analysis",
    "working_well": "What is working well",
    "worried_about": "What are we worried about",
    "needs_to_happen": "What needs to happen",
}
MAX_SCALING_ANSWERS = 30


@dataclass(frozen=True)
class ScalingAnswerDetails:
    """One person's answer to "how worried are we?" (0 to 10)."""

    asked: str
    score: int
    why: str = ""


@dataclass(frozen=True)
class ThresholdSelection:
    """What the practitioner ticked in the threshold component and the level they judge right."""

    framework: Framework
    needs: Sequence[str] = ()
    strengths: Sequence[str] = ()
    severe: Sequence[str] = ()
    age_years: int | None = None
    unborn: bool = False
    disabled: bool = False
    key_answers: Mapping[str, str] = field(default_factory=dict)
    decided_scale: int | None = None
    decided_reason: str = ""


# --- helpers ---------------------------------------------------------------------------------


def _early_help_setting(name: str) -> Any:
    config: Mapping[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return config[name]


def _require_worker(actor: User, episode: Episode) -> None:
    if not can_work_on_episode(actor, episode):
        raise PermissionError("Only people working on this episode can change its assessment")


def _require_open(episode: Episode) -> None:
    if episode.status != EpisodeStatus.OPEN:
        raise ValidationError("This episode is closed: its assessment can no longer change")


def _voices_text(assessment: Assessment, children: Sequence[Person]) -> str:
    """Every child's voice as one text, in the episode's order ("Name: what they said")."""
    by_child = {v.person_id: v.voice for v in assessment.child_voices.all()}
    return "\n\n".join(
        f"{child.full_name}: {by_child[child.pk]}" for child in children if child.pk in by_child
    )


def _child_ids(episode: Episode) -> list[int]:
    return list(
        EpisodeMember.objects.filter(episode=episode, role=MemberRole.CHILD).values_list(
            "person_id", flat=True
        )
    )


def family_episode_ids(episode: Episode) -> set[int]:
    """This episode, the episodes it carries on from, and any episode sharing a child with it:
    the assessment follows the family, not the episode."""
    ids = {episode.pk}
    current = episode
    seen = {episode.pk}
    while current.previous_episode_id is not None and current.previous_episode_id not in seen:
        seen.add(current.previous_episode_id)
        ids.add(current.previous_episode_id)
        current = Episode.objects.get(pk=current.previous_episode_id)
    children = _child_ids(episode)
    if children:
        ids.update(
            EpisodeMember.objects.filter(person_id__in=children, role=MemberRole.CHILD).values_list(
                "episode_id", flat=True
            )
        )
    return ids


def _last_family_assessment(episode: Episode) -> Assessment | None:
    """The family's most recent assessment: the latest signed off, else the latest draft."""
    family = Assessment.objects.filter(episode_id__in=family_episode_ids(episode))
    completed = family.filter(status=AssessmentStatus.COMPLETED).order_by("-completed_at", "-id")
    return completed.first() or family.order_by("-started_at", "-id").first()


def _clean_dimensions(dimensions: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    cleaned: dict[str, dict[str, str]] = {}
    unknown = [code for code in dimensions if code not in DIMENSION_CODES]
    if unknown:
        raise ValidationError(
            {"dimensions": [f"Unknown Assessment Triangle dimension: {', '.join(sorted(unknown))}"]}
        )
    for code, _label in TRIANGLE_DIMENSIONS:
        value = dimensions.get(code) or {}
        strengths = str(value.get("strengths") or "").strip()
        needs = str(value.get("needs") or "").strip()
        if strengths or needs:
            cleaned[code] = {"strengths": strengths, "needs": needs}
    return cleaned


def _clean_scaling(answers: Sequence[ScalingAnswerDetails]) -> list[ScalingAnswerDetails]:
    errors: list[str] = []
    cleaned = []
    if len(answers) > MAX_SCALING_ANSWERS:
        errors.append(f"Record at most {MAX_SCALING_ANSWERS} people's answers")
    for number, answer in enumerate(answers, start=1):
        asked = answer.asked.strip()
        if not asked:
            errors.append(f"Answer {number}: say who was asked")
        if not isinstance(answer.score, int) or not 0 <= answer.score <= 10:
            errors.append(f"Answer {number}: the scale runs from 0 to 10")
        cleaned.append(ScalingAnswerDetails(asked[:200], answer.score, answer.why.strip()))
    if errors:
        raise ValidationError({"scaling_answers": errors})
    return cleaned


def _changes_since(assessment: Assessment, expected_version: int) -> str:
    """Who changed which parts after ``expected_version``, from the assessment's own events."""
    parts: list[str] = []
    people: list[str] = []
    for event in assessment_saved_events(assessment):
        saved = assessment_saved_payload(event)
        if int(saved.get("version", 0)) <= expected_version:
            continue
        for label in saved.get("changed", []):
            if label not in parts:
                parts.append(label)
        name = event.actor.get_full_name() or event.actor.username if event.actor else "someone"
        if name not in people:
            people.append(name)
    if not parts:
        return ""
    return f" {', '.join(people)} changed: {', '.join(parts)}."


def _check_version(assessment: Assessment, expected_version: int | None) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            "This assessment was changed by someone else after you opened it."
            + _changes_since(locked, expected_version)
            + " Nothing has been saved: check it as it is now and make your changes again."
        )
    return locked


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def assessment_start(*, actor: User, episode: Episode) -> Assessment:
    """Start the episode's early help assessment as a draft.

    If the family has an earlier assessment (an episode this one carries on from, or any
    episode with one of its children, including an earlier assessment in this episode) the
    draft is a copy of the last one to update, never a blank form. The draft is due
    ``RIGHTHELP_EARLY_HELP["assessment_working_days"]`` working days after the episode opened.
    Refuses a second draft while one is open, and refuses unless every child still has consent
    in force for early help (or the assessment) covering the early help service, or a lawful
    basis recorded for it, with no refusal or withdrawal of consent to the assessment in force.
    Records ``ASSESSMENT_STARTED``.
    """
    _require_worker(actor, episode)
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    _require_open(episode)
    require_early_help_consent(
        episode_children(episode),
        what="The early help assessment cannot start",
        field=None,
        not_stopped=(ConsentPurpose.ASSESSMENT,),
    )
    if Assessment.objects.filter(episode=episode, status=AssessmentStatus.DRAFT).exists():
        raise ValidationError("This episode already has a draft assessment: carry on with it")
    days = int(_early_help_setting("assessment_working_days"))
    opened = timezone.localdate(episode.opened_at)
    due_on = working_calendar().add_working_days(opened, days)
    previous = _last_family_assessment(episode)
    assessment = Assessment(
        episode=episode,
        started_at=timezone.now(),
        started_by=actor,
        due_on=due_on,
        based_on=previous,
    )
    if previous is not None:
        assessment.dimensions = dict(previous.dimensions or {})
        for name in TEXT_FIELDS:
            setattr(assessment, name, getattr(previous, name))
        assessment.threshold_evaluation = previous.threshold_evaluation
        assessment.recommended_scale = previous.recommended_scale
        assessment.significant_harm_suspected = previous.significant_harm_suspected
    assessment.save()
    if previous is not None:
        ScalingAnswer.objects.bulk_create(
            [
                ScalingAnswer(assessment=assessment, asked=a.asked, score=a.score, why=a.why)
                for a in previous.scaling_answers.all()
            ]
        )
        children = episode_children(episode)
        child_ids = {child.pk for child in children}
        ChildVoice.objects.bulk_create(
            [
                ChildVoice(assessment=assessment, person_id=v.person_id, voice=v.voice)
                for v in previous.child_voices.all()
                if v.person_id in child_ids
            ]
        )
        # Carried over as it was when the family's voices were one text for all the children.
        assessment.child_voice = _voices_text(assessment, children) or previous.child_voice
        assessment.save(update_fields=["child_voice"])
    assessment_started_event(actor=actor, episode=episode, assessment=assessment, based_on=previous)
    return assessment


def _record_threshold(
    actor: User, assessment: Assessment, selection: ThresholdSelection
) -> tuple[int, int | None, bool]:
    """Record the evaluation; returns (evaluation pk, recommended level, harm suggested)."""
    evaluation = evaluation_record(
        actor=actor,
        framework=selection.framework,
        needs=selection.needs,
        strengths=selection.strengths,
        severe=selection.severe,
        age_years=selection.age_years,
        unborn=selection.unborn,
        disabled=selection.disabled,
        key_answers=selection.key_answers,
        decided_scale=selection.decided_scale,
        decided_reason=selection.decided_reason,
        person_ids=_child_ids(assessment.episode),
        context=f"assessment:{assessment.pk}",
    )
    assessment.threshold_evaluation = evaluation
    recommended = (
        evaluation.decided_scale
        if evaluation.decided_scale is not None
        else evaluation.suggested_scale
    )
    top = selection.framework.top_scale
    harm = bool(
        evaluation.immediate_referral
        or (top is not None and evaluation.suggested_scale == top)
        or (top is not None and evaluation.decided_scale == top)
    )
    return evaluation.pk, recommended, harm


@transaction.atomic
def assessment_save(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int | None,
    dimensions: Mapping[str, Any] | None = None,
    scaling_answers: Sequence[ScalingAnswerDetails] | None = None,
    threshold: ThresholdSelection | None = None,
    significant_harm_suspected: bool | None = None,
    child_voices: Mapping[int, str] | None = None,
    **fields: str,
) -> Assessment:
    """Save changes to a draft assessment; parts not given stay as they are.

    ``fields`` are the free-text parts (``TEXT_FIELDS``); ``dimensions`` replaces the strengths
    and needs per Assessment Triangle dimension; ``child_voices`` maps each child's person id
    (children of the episode only) to their voice (empty: not recorded); ``scaling_answers``
    replaces the Signs of Safety scaling; ``threshold`` records a threshold evaluation (with the
    children's ids and the context ``assessment:<pk>``) whose level becomes the recommended
    level. If the evaluation suggests the top level or an immediate referral, or the
    practitioner says so, the assessment is flagged as suggesting significant harm. A scaling
    score at or below ``step_up_prompt_at_or_below`` raises a step-up prompt (unless one is
    waiting, or the last one was answered for the same scores). Refuses completed assessments,
    closed episodes and stale versions (saying what changed). Records ``ASSESSMENT_SAVED``
    with the old and new values of what changed.
    """
    _require_worker(actor, assessment.episode)
    unknown = sorted(set(fields) - set(TEXT_FIELDS))
    if unknown:
        raise ValidationError(f"Unknown parts of the assessment: {', '.join(unknown)}")
    locked = _check_version(assessment, expected_version)
    _require_open(locked.episode)
    if locked.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment has been signed off and can no longer change")
    changed: list[str] = []
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    prompt: StepUpPrompt | None = None
    changed.extend(_save_text(locked, fields, old, new))
    if dimensions is not None:
        cleaned = _clean_dimensions(dimensions)
        if cleaned != (locked.dimensions or {}):
            old["dimensions"], new["dimensions"] = locked.dimensions, cleaned
            locked.dimensions = cleaned
            changed.append("Strengths and needs")
    if child_voices is not None and _save_child_voices(locked, child_voices, old, new):
        changed.append("The children's voices")
    if scaling_answers is not None and _save_scaling(locked, scaling_answers, old, new):
        changed.append("How worried are we (scaling)")
        prompt = _step_up_prompt_raise(actor, locked)
    harm = locked.significant_harm_suspected
    if threshold is not None:
        previous_evaluation = locked.threshold_evaluation_id
        evaluation_pk, recommended, suggested_harm = _record_threshold(actor, locked, threshold)
        old["threshold_evaluation"], new["threshold_evaluation"] = (
            previous_evaluation,
            evaluation_pk,
        )
        if recommended != locked.recommended_scale:
            old["recommended_scale"], new["recommended_scale"] = (
                locked.recommended_scale,
                recommended,
            )
        locked.recommended_scale = recommended
        changed.append("Recommended level")
        harm = suggested_harm or bool(significant_harm_suspected)
    elif significant_harm_suspected is not None:
        harm = significant_harm_suspected
    if harm != locked.significant_harm_suspected:
        old["significant_harm_suspected"] = locked.significant_harm_suspected
        new["significant_harm_suspected"] = harm
        locked.significant_harm_suspected = harm
        changed.append("Significant harm suspected")
    if not changed:
        return locked
    locked.version += 1
    locked.save()
    assessment_saved_event(
        actor=actor,
        assessment=locked,
        changed=changed,
        old=old,
        new=new,
        step_up_prompt=prompt,
        prompt_scale=prompt_scale(),
    )
    return locked


def _save_text(
    assessment: Assessment, fields: Mapping[str, str], old: dict[str, Any], new: dict[str, Any]
) -> list[str]:
    """Set the free-text parts given; returns the names of those that changed."""
    changed: list[str] = []
    for name, value in fields.items():
        value = (value or "").strip()
        if getattr(assessment, name) != value:
            old[name], new[name] = getattr(assessment, name), value
            setattr(assessment, name, value)
            changed.append(TEXT_FIELDS[name])
    return changed


def _save_scaling(
    assessment: Assessment,
    scaling_answers: Sequence[ScalingAnswerDetails],
    old: dict[str, Any],
    new: dict[str, Any],
) -> bool:
    """Replace the Signs of Safety scaling; returns whether anything changed."""
    answers = _clean_scaling(scaling_answers)
    before = [
        {"asked": a.asked, "score": a.score, "why": a.why} for a in assessment.scaling_answers.all()
    ]
    after = [{"asked": a.asked, "score": a.score, "why": a.why} for a in answers]
    if before == after:
        return False
    assessment.scaling_answers.all().delete()
    ScalingAnswer.objects.bulk_create(
        [
            ScalingAnswer(assessment=assessment, asked=a.asked, score=a.score, why=a.why)
            for a in answers
        ]
    )
    old["scaling_answers"], new["scaling_answers"] = before, after
    return True


def _save_child_voices(
    assessment: Assessment,
    voices: Mapping[int, str],
    old: dict[str, Any],
    new: dict[str, Any],
) -> bool:
    """Replace the children's voices given; returns whether anything changed."""
    children = episode_children(assessment.episode)
    child_ids = {child.pk for child in children}
    if any(person_id not in child_ids for person_id in voices):
        raise ValidationError({"child_voices": ["Record voices only for the children here"]})
    rows = {v.person_id: v for v in assessment.child_voices.all()}
    before = {str(pk): row.voice for pk, row in rows.items()}
    for person_id, text in voices.items():
        text = (text or "").strip()
        row = rows.get(person_id)
        if not text and row is not None:
            row.delete()
        elif text and row is None:
            ChildVoice.objects.create(assessment=assessment, person_id=person_id, voice=text)
        elif text and row is not None and row.voice != text:
            row.voice = text
            row.save(update_fields=["voice"])
    after = {str(v.person_id): v.voice for v in assessment.child_voices.all()}
    if after == before:
        return False
    old["child_voices"], new["child_voices"] = before, after
    assessment.child_voice = _voices_text(assessment, children)
    return True


def prompt_scale() -> int:
    return int(_early_help_setting("step_up_prompt_at_or_below"))


def _step_up_prompt_raise(actor: User, assessment: Assessment) -> StepUpPrompt | None:
    """A new prompt when someone's score is at or below the prompt scale, unless one is waiting
    for an answer or the last one was answered for exactly these scores."""
    low = [
        {"asked": a.asked, "score": a.score}
        for a in assessment.scaling_answers.order_by("id")
        if a.score <= prompt_scale()
    ]
    if not low:
        return None
    last = StepUpPrompt.objects.filter(assessment=assessment).order_by("-raised_at", "-id").first()
    if last is not None and (last.answered_at is None or last.scores == low):
        return None
    return StepUpPrompt.objects.create(
        assessment=assessment, scores=low, raised_at=timezone.now(), raised_by=actor
    )


@transaction.atomic
def step_up_prompt_answer(
    *, actor: User, prompt: StepUpPrompt, choice: str, reason: str = ""
) -> StepUpPrompt:
    """Record what the worker chose when a worry score of 0 or 1 prompted them to consider
    stepping up: step up now (the page then opens the step-up consultation), or not now, with
    the reason (required). Answered once. Records STEP_UP_PROMPT_ANSWERED."""
    locked = (
        StepUpPrompt.objects.select_for_update()
        .select_related("assessment__episode")
        .get(pk=prompt.pk)
    )
    episode = locked.assessment.episode
    _require_worker(actor, episode)
    _require_open(episode)
    if locked.answered_at is not None:
        raise ValidationError("This prompt has already been answered")
    errors: dict[str, list[str]] = {}
    if choice not in StepUpChoice.values:
        errors["choice"] = ["Select whether to step up now"]
    elif choice == StepUpChoice.NOT_NOW and not reason.strip():
        errors["reason"] = ["Say why you are not stepping up now"]
    if errors:
        raise ValidationError(errors)
    locked.choice = choice
    locked.reason = reason.strip()
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.save()
    step_up_prompt_answered_event(actor=actor, episode=episode, prompt=locked)
    return locked


def completion_problems(assessment: Assessment) -> dict[str, list[str]]:
    """What is missing before the assessment can be signed off (empty when ready)."""
    problems: dict[str, list[str]] = {}
    if not assessment.analysis.strip():
        problems["analysis"] = ["Write the analysis: what the information means for the child"]
    heard = set(assessment.child_voices.values_list("person_id", flat=True))
    unheard = [
        child.full_name
        for child in episode_children(assessment.episode)
        if child.pk not in heard and child.kind != PersonKind.UNBORN
    ]
    if unheard:
        problems["child_voice"] = [
            f"Record {name}'s voice, in their own words (for a baby, what you saw of them)"
            for name in unheard
        ]
    if not any(
        (value or {}).get("strengths") or (value or {}).get("needs")
        for value in (assessment.dimensions or {}).values()
    ):
        problems["dimensions"] = ["Record strengths or needs under at least one dimension"]
    if assessment.recommended_scale is None or assessment.threshold_evaluation_id is None:
        problems["recommended_scale"] = ["Record the recommended level in the analysis"]
    if StepUpPrompt.objects.filter(assessment=assessment, answered_at__isnull=True).exists():
        problems["step_up_prompt"] = [
            f"Someone scored the worry at {prompt_scale()} or less: say whether you are stepping up"
        ]
    return problems


def sign_off_by_other_manager() -> bool:
    return bool(_early_help_setting("assessment_sign_off_by_other_manager"))


def assessment_authors(assessment: Assessment) -> set[int]:
    """Who wrote the assessment: whoever started it and everyone who saved a part of it."""
    savers = (
        assessment_saved_events(assessment)
        .filter(actor__isnull=False)
        .values_list("actor_id", flat=True)
    )
    return {assessment.started_by_id, *savers}


def sign_off_refusal(user: User, assessment: Assessment) -> str:
    """Why ``user`` may not sign the assessment off ("" if they may). When a manager other than
    its authors must sign off (the default), only a team manager who may work on the episode
    and wrote no part of it may."""
    if not sign_off_by_other_manager():
        return ""
    if not user.has_role(Role.TEAM_MANAGER):
        return "A team manager signs off the assessment: send it to your manager"
    if user.pk in assessment_authors(assessment):
        return (
            "You wrote part of this assessment, so a manager who did not must sign it off: "
            "send it to another manager"
        )
    return ""


def sign_off_managers(assessment: Assessment) -> list[User]:
    """The team managers who could sign this assessment off (they may work on the episode and
    wrote no part of it)."""
    authors = assessment_authors(assessment)
    managers = (
        User.objects.filter(role_assignments__role=Role.TEAM_MANAGER, is_active=True)
        .exclude(pk__in=authors)
        .distinct()
        .order_by("pk")
    )
    return [m for m in managers if can_work_on_episode(m, assessment.episode)]


@transaction.atomic
def assessment_sign_off_request(
    *, actor: User, assessment: Assessment, expected_version: int | None
) -> Assessment:
    """Send a ready assessment to the managers who could sign it off (they are told, with a
    link to the sign-off page). Refused while something needed for sign-off is missing, or when
    no such manager can be found. Records ASSESSMENT_SIGN_OFF_REQUESTED."""
    _require_worker(actor, assessment.episode)
    locked = _check_version(assessment, expected_version)
    _require_open(locked.episode)
    if locked.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment has already been signed off")
    problems = completion_problems(locked)
    if problems:
        raise ValidationError(problems)
    managers = sign_off_managers(locked)
    if not managers:
        raise ValidationError(
            "No team manager who wrote no part of this assessment can sign it off: ask the "
            "manager of the lead practitioner's team"
        )
    locked.sign_off_requested_at = timezone.now()
    locked.sign_off_requested_by = actor
    locked.save(update_fields=["sign_off_requested_at", "sign_off_requested_by"])
    assessment_sign_off_requested_event(actor=actor, assessment=locked, managers=managers)
    notices.assessment_sign_off_needed(actor=actor, assessment=locked, managers=managers)
    return locked


def _evaluation_suggests_harm(assessment: Assessment) -> bool:
    """Whether the recorded evaluation suggests an immediate referral or the framework's top
    level (read against exactly the framework version it used)."""
    evaluation = assessment.threshold_evaluation
    if evaluation is None:
        return False
    if evaluation.immediate_referral:
        return True
    try:
        framework = framework_at(evaluation.framework_slug, evaluation.framework_version)
    except Http404:
        return False
    top = framework.top_scale
    return top is not None and top in (evaluation.suggested_scale, evaluation.decided_scale)


@transaction.atomic
def assessment_complete(
    *, actor: User, assessment: Assessment, expected_version: int | None
) -> Assessment:
    """Sign off a draft assessment.

    Requires the analysis, every child's voice, strengths or needs under at least one
    dimension, a recommended level (a recorded threshold evaluation) and an answer to any
    step-up prompt. Signed off by a team manager who wrote no part of it (``sign_off_refusal``)
    unless that setting is off. If the evaluation suggests the top level or an immediate
    referral, the significant-harm flag is set (whatever the box says: the page must offer the
    step-up route). Records ``ASSESSMENT_COMPLETED``; refuses stale versions and anything
    already signed off.
    """
    _require_worker(actor, assessment.episode)
    locked = _check_version(assessment, expected_version)
    _require_open(locked.episode)
    if locked.status != AssessmentStatus.DRAFT:
        raise ValidationError("This assessment has already been signed off")
    refusal = sign_off_refusal(actor, locked)
    if refusal:
        raise ValidationError(refusal)
    problems = completion_problems(locked)
    if problems:
        raise ValidationError(problems)
    if _evaluation_suggests_harm(locked):
        locked.significant_harm_suspected = True
    locked.status = AssessmentStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.signed_off_by = actor
    locked.version += 1
    locked.save()
    assessment_completed_event(
        actor=actor,
        assessment=locked,
        overdue=locked.completed_at.date() > locked.due_on,
        authors=assessment_authors(locked),
    )
    return locked


def outcome_areas() -> list[str]:
    return [str(area) for area in _early_help_setting("outcome_areas")]


@transaction.atomic
def outcome_scales_score(
    *,
    actor: User,
    episode: Episode,
    occasion: str,
    scores: Mapping[str, int],
    measured_on: date | None = None,
) -> list[OutcomeScore]:
    """Record the outcome scales scored with the family on one occasion.

    ``scores`` maps configured areas (``RIGHTHELP_EARLY_HELP["outcome_areas"]``) to 1..10;
    areas left out were not scored this time. ``measured_on`` is the day they were scored with
    the family (today if not given): never in the future, nor before early help started.
    Refuses unknown areas, scores outside 1..10 and an empty scoring. Records
    ``OUTCOME_SCALES_SCORED``.
    """
    _require_worker(actor, episode)
    _require_open(episode)
    if occasion not in ScoreOccasion.values:
        raise ValidationError({"occasion": ["Select when the scales were scored"]})
    today = timezone.localdate()
    day = measured_on or today
    started = timezone.localdate(episode.opened_at)
    if day > today:
        raise ValidationError(
            {"measured_on": ["The date the scales were scored must be today or in the past"]}
        )
    if day < started:
        raise ValidationError(
            {
                "measured_on": [
                    "The date the scales were scored must be on or after the day early help "
                    f"started ({started.day} {started:%B %Y})"
                ]
            }
        )
    areas = outcome_areas()
    errors: list[str] = []
    for area, score in scores.items():
        if area not in areas:
            errors.append(f"{area} is not one of the outcome areas")
        elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 10:
            errors.append(f"{area}: score from 1 to 10")
    if errors:
        raise ValidationError({"scores": errors})
    if not scores:
        raise ValidationError({"scores": ["Score at least one area with the family"]})
    now = timezone.now()
    rows = OutcomeScore.objects.bulk_create(
        [
            OutcomeScore(
                episode=episode,
                occasion=occasion,
                area=area,
                score=scores[area],
                measured_on=day,
                scored_at=now,
                scored_by=actor,
            )
            for area in areas
            if area in scores
        ]
    )
    outcome_scales_scored_event(
        actor=actor, episode=episode, occasion=occasion, scores=scores, day=day, areas=len(rows)
    )
    return rows


__all__ = [
    "ScalingAnswerDetails",
    "ThresholdSelection",
    "assessment_authors",
    "assessment_complete",
    "assessment_save",
    "assessment_sign_off_request",
    "assessment_start",
    "completion_problems",
    "episode_children",
    "family_episode_ids",
    "outcome_scales_score",
    "sign_off_refusal",
    "step_up_prompt_answer",
]
