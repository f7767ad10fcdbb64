"""The prompt to consider stepping up when an assessment suggests harm."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.earlyhelp.assessment_services.common import (
    _require_open,
    _require_worker,
)
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.events import (
    step_up_prompt_answered_event,
)
from righthelp.earlyhelp.models import (
    Assessment,
    StepUpChoice,
    StepUpPrompt,
)
from righthelp.thresholds.selectors import framework_at


def prompt_scale() -> int:
    return int(early_help_setting("step_up_prompt_at_or_below"))


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
