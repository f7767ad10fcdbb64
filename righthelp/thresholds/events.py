"""The events the thresholds app records: one function per kind, payload built here, and beside
each the shape of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import FrameworkVersion, ThresholdEvaluation


class FrameworkUploadedPayload(TypedDict):
    slug: str
    version: int
    indicators: int
    sha256: str


def framework_uploaded_event(
    *, actor: User, framework: Framework, uploaded: FrameworkVersion
) -> Event:
    payload: FrameworkUploadedPayload = {
        "slug": framework.slug,
        "version": framework.version,
        "indicators": len(framework.indicators),
        "sha256": uploaded.sha256,
    }
    return event_record(
        actor=actor,
        verb=Verb.FRAMEWORK_UPLOADED,
        summary=f"{framework.name} version {framework.version} uploaded",
        payload=payload,
    )


def framework_uploaded_payload(event: Event) -> FrameworkUploadedPayload:
    return cast(FrameworkUploadedPayload, payload_read(event, Verb.FRAMEWORK_UPLOADED))


class ThresholdEvaluatedPayload(TypedDict):
    evaluation: int
    framework: str
    version: int
    suggested_scale: int | None
    decided_scale: int | None
    immediate_referral: bool


def threshold_evaluated_event(
    *, actor: User, framework: Framework, evaluation: ThresholdEvaluation
) -> Event:
    """About the children the evaluation is about (none for the guide's own use)."""
    payload: ThresholdEvaluatedPayload = {
        "evaluation": evaluation.pk,
        "framework": framework.slug,
        "version": framework.version,
        "suggested_scale": evaluation.suggested_scale,
        "decided_scale": evaluation.decided_scale,
        "immediate_referral": evaluation.immediate_referral,
    }
    decided = evaluation.decided_scale
    return event_record(
        actor=actor,
        verb=Verb.THRESHOLD_EVALUATED,
        subject_ids=evaluation.person_ids,
        summary=(
            f"{framework.name}: suggested level {evaluation.suggested_scale}"
            + (f", decided level {decided}" if decided is not None else "")
        ),
        payload=payload,
    )


def threshold_evaluated_payload(event: Event) -> ThresholdEvaluatedPayload:
    return cast(ThresholdEvaluatedPayload, payload_read(event, Verb.THRESHOLD_EVALUATED))
