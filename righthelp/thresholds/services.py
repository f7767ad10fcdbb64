"""Uploading framework versions and recording threshold evaluations."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.thresholds.engine import EvaluationInputError, evaluate
from righthelp.thresholds.events import framework_uploaded_event, threshold_evaluated_event
from righthelp.thresholds.framework import Framework, FrameworkInvalid, loads_framework
from righthelp.thresholds.models import FrameworkVersion, ThresholdEvaluation
from righthelp.thresholds.selectors import framework_current, framework_slugs


@transaction.atomic
def framework_upload(*, actor: User, text: str) -> FrameworkVersion:
    """Store a new version of a framework file. Administrators only.

    The file is validated completely first; a bad file is refused with every problem named
    (line and field) and nothing changes. Its version must be higher than the current one, so
    earlier versions, and every evaluation recorded against them, stay as they were.
    """
    if not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionError("Only administrators can upload threshold frameworks")
    try:
        framework = loads_framework(text, source="the uploaded file")
    except FrameworkInvalid as invalid:
        raise ValidationError({"file": [str(problem) for problem in invalid.problems]}) from invalid
    if framework.slug in framework_slugs():
        current = framework_current(framework.slug)
        if framework.version <= current.version:
            raise ValidationError(
                {
                    "file": [
                        f"version: this file is version {framework.version}, but version "
                        f"{current.version} of {framework.slug} is already in use; "
                        f"give the new file version {current.version + 1} or higher"
                    ]
                }
            )
    uploaded = FrameworkVersion.objects.create(
        slug=framework.slug,
        version=framework.version,
        name=framework.name,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    framework_uploaded_event(actor=actor, framework=framework, uploaded=uploaded)
    return uploaded


@transaction.atomic
def evaluation_record(
    *,
    actor: User,
    framework: Framework,
    needs: Iterable[str],
    strengths: Iterable[str] = (),
    severe: Iterable[str] = (),
    age_years: int | None = None,
    unborn: bool = False,
    disabled: bool = False,
    key_answers: Mapping[str, str] | None = None,
    decided_scale: int | None = None,
    decided_reason: str = "",
    person_ids: Iterable[int] = (),
    context: str = "",
) -> ThresholdEvaluation:
    """Record a threshold evaluation: the selection, the framework's suggestion, the decision.

    The practitioner's level is theirs to judge; when it differs from the suggestion a reason is
    required. The framework slug, version and indicator ids are stored so history is never
    rewritten by a later version of the framework; so is the framework's "act now" text when the
    suggestion is at the top level, so every page showing the record can show it.
    """
    try:
        result = evaluate(
            framework,
            needs=needs,
            strengths=strengths,
            severe=severe,
            age_years=age_years,
            unborn=unborn,
            disabled=disabled,
            key_answers=key_answers,
        )
    except (EvaluationInputError, LookupError) as error:
        raise ValidationError({"needs": [str(error)]}) from error
    scales = {level.scale for level in framework.levels}
    if decided_scale is not None and decided_scale not in scales:
        raise ValidationError({"decided_scale": ["Select a level from the framework"]})
    if (
        decided_scale is not None
        and result.suggested_scale is not None
        and decided_scale != result.suggested_scale
        and not decided_reason.strip()
    ):
        raise ValidationError(
            {
                "decided_reason": [
                    "Explain why the level you judge right differs from the suggested level"
                ]
            }
        )
    data = result.as_dict()
    record = ThresholdEvaluation.objects.create(
        framework_slug=framework.slug,
        framework_version=framework.version,
        needs=sorted(set(needs)),
        strengths=sorted(set(strengths)),
        severe=sorted(set(severe)),
        inputs={
            "age_years": age_years,
            "unborn": unborn,
            "disabled": disabled,
            "key_answers": dict(key_answers or {}),
        },
        suggested_scale=result.suggested_scale,
        immediate_referral=result.immediate_referral,
        act_now=result.act_now or "",
        reasons=data.get("reasons", []),
        decided_scale=decided_scale,
        decided_reason=decided_reason.strip(),
        person_ids=sorted({int(i) for i in person_ids}),
        context=context,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    threshold_evaluated_event(actor=actor, framework=framework, evaluation=record)
    return record
