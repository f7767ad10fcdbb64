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

from righthelp.earlyhelp.assessment_services.common import (
    DIMENSION_CODES,
    MAX_SCALING_ANSWERS,
    TEXT_FIELDS,
    ScalingAnswerDetails,
    ThresholdSelection,
    family_episode_ids,
)
from righthelp.earlyhelp.assessment_services.outcomes import outcome_areas, outcome_scales_score
from righthelp.earlyhelp.assessment_services.sign_off import (
    assessment_authors,
    assessment_complete,
    assessment_sign_off_request,
    completion_problems,
    sign_off_by_other_manager,
    sign_off_managers,
    sign_off_refusal,
)
from righthelp.earlyhelp.assessment_services.step_up_prompt import (
    prompt_scale,
    step_up_prompt_answer,
)
from righthelp.earlyhelp.assessment_services.writing import assessment_save, assessment_start
from righthelp.earlyhelp.consent_rules import episode_children

__all__ = [
    "DIMENSION_CODES",
    "MAX_SCALING_ANSWERS",
    "ScalingAnswerDetails",
    "TEXT_FIELDS",
    "ThresholdSelection",
    "assessment_authors",
    "assessment_complete",
    "assessment_save",
    "assessment_sign_off_request",
    "assessment_start",
    "completion_problems",
    "episode_children",
    "family_episode_ids",
    "outcome_areas",
    "outcome_scales_score",
    "prompt_scale",
    "sign_off_by_other_manager",
    "sign_off_managers",
    "sign_off_refusal",
    "step_up_prompt_answer",
]
