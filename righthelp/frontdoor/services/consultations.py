"""Anonymous consultations: a professional asks the front door without naming the family."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.frontdoor import anonymity
from righthelp.frontdoor.events import (
    consultation_advised_event,
    consultation_asked_event,
)
from righthelp.frontdoor.models import (
    Consultation,
)
from righthelp.frontdoor.services.common import _front_door_only
from righthelp.thresholds.models import ThresholdEvaluation


def _anonymity_check(question: str, evaluation: ThresholdEvaluation | None) -> None:
    """Refuse free text that identifies someone (``anonymity.identifying_details``): the
    question, and the threshold selection's answers to key questions and reason. Each problem
    is named by its field (``question``, ``key_<question id>`` as in the threshold selection
    form, ``decided_reason``) and says which kind of detail was found."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    found = anonymity.identifying_details(question, today=today)
    if found:
        errors["question"] = [anonymity.describe(found, "Your question")]
    if evaluation is not None:
        inputs = evaluation.inputs or {}
        for question_id, answer in (inputs.get("key_answers") or {}).items():
            found = anonymity.identifying_details(str(answer), today=today)
            if found:
                errors[f"key_{question_id}"] = [
                    anonymity.describe(found, "Your answer to this threshold question")
                ]
        found = anonymity.identifying_details(evaluation.decided_reason, today=today)
        if found:
            errors["decided_reason"] = [anonymity.describe(found, "Your reason for the level")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_ask(
    *, actor: User, question: str, threshold_evaluation: ThresholdEvaluation | None = None
) -> Consultation:
    """An anonymous consultation: a question and, optionally, a threshold selection; no names.

    Refused, with nothing saved, when the question or the selection's free text contains what
    looks like an NHS number, a phone number, a postcode, or a name with a date of birth
    (``anonymity``), or when the selection is linked to a child's record. Every caller comes
    through here, so no page or API can store an identifying consultation.
    """
    if not question.strip():
        raise ValidationError({"question": ["Describe the situation you want advice on"]})
    if threshold_evaluation is not None and threshold_evaluation.person_ids:
        raise ValidationError("An anonymous consultation cannot be linked to a child's record")
    _anonymity_check(question, threshold_evaluation)
    consultation = Consultation.objects.create(
        asked_by=actor,
        question=question.strip(),
        threshold_evaluation=threshold_evaluation,
        asked_at=timezone.now(),
    )
    consultation_asked_event(actor=actor, consultation=consultation)
    return consultation


@transaction.atomic
def consultation_advise(*, actor: User, consultation: Consultation, advice: str) -> Consultation:
    _front_door_only(actor)
    if not advice.strip():
        raise ValidationError({"advice": ["Enter the advice given"]})
    consultation.advice = advice.strip()
    consultation.advised_by = actor
    consultation.advised_at = timezone.now()
    consultation.save()
    consultation_advised_event(actor=actor, consultation=consultation)
    if consultation.asked_by.email:
        recipient = consultation.asked_by.email
        transaction.on_commit(
            lambda: send_mail(
                "Advice on your consultation",
                "The front door has answered your anonymous consultation. Sign in to read it.",
                None,
                [recipient],
                fail_silently=True,
            )
        )
    return consultation
