"""Completing the assessment and a manager's sign-off."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.assessment_services.common import (
    _check_version,
    _require_open,
    _require_worker,
)
from righthelp.earlyhelp.assessment_services.step_up_prompt import (
    _evaluation_suggests_harm,
    prompt_scale,
)
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.consent_rules import episode_children
from righthelp.earlyhelp.events import (
    assessment_completed_event,
    assessment_saved_events,
    assessment_sign_off_requested_event,
)
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    StepUpPrompt,
)
from righthelp.earlyhelp.permissions import can_work_on_episode
from righthelp.people.models import PersonKind


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
    return bool(early_help_setting("assessment_sign_off_by_other_manager"))


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
