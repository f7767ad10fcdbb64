"""Starting and saving the assessment, part by part."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentPurpose
from righthelp.core.selectors import working_calendar
from righthelp.earlyhelp.assessment_services.common import (
    DIMENSION_CODES,
    MAX_SCALING_ANSWERS,
    TEXT_FIELDS,
    ScalingAnswerDetails,
    ThresholdSelection,
    _check_version,
    _child_ids,
    _last_family_assessment,
    _require_open,
    _require_worker,
    _voices_text,
)
from righthelp.earlyhelp.assessment_services.step_up_prompt import (
    _step_up_prompt_raise,
    prompt_scale,
)
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.consent_rules import episode_children, require_early_help_consent
from righthelp.earlyhelp.events import (
    assessment_saved_event,
    assessment_started_event,
)
from righthelp.earlyhelp.models import (
    TRIANGLE_DIMENSIONS,
    Assessment,
    AssessmentStatus,
    ChildVoice,
    Episode,
    ScalingAnswer,
    StepUpPrompt,
)
from righthelp.thresholds.services import evaluation_record


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
    days = int(early_help_setting("assessment_working_days"))
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
