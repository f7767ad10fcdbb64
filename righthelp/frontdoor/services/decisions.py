"""Decisions on contacts, their sign-off, what they create, reopening, and feedback to the
referrer."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.core.selectors import working_calendar
from righthelp.frontdoor import referrer_messages
from righthelp.frontdoor.due import contact_due_times, feedback_due_after_decision
from righthelp.frontdoor.events import (
    contact_reopened_event,
    decision_made_event,
    decision_signed_off_event,
    feedback_sent_event,
)
from righthelp.frontdoor.models import (
    EARLY_HELP_OUTCOMES,
    OPEN_STATUSES,
    SOCIAL_CARE_OUTCOMES,
    Contact,
    ContactStatus,
    Decision,
    EarlyHelpRequest,
    Feedback,
    FeedbackChannel,
    Outcome,
    SocialCareReferral,
)
from righthelp.frontdoor.notices import (
    notify_contact_assigned,
    notify_feedback_arrived,
    notify_sign_off_needed,
)
from righthelp.frontdoor.permissions import (
    is_front_door_manager,
)
from righthelp.frontdoor.referrer_messages import PUBLIC_KINDS, Reach
from righthelp.frontdoor.services.common import _check_version, _front_door_only
from righthelp.frontdoor.services.triage import _level_departures
from righthelp.thresholds.models import ThresholdEvaluation

DECLINED_OUTCOMES = (Outcome.ADVICE, Outcome.SIGNPOST)


def referrer_message(decision: Decision) -> str:
    """The outcome in words fit for the referrer (``referrer_messages.referrer_message``)."""
    return referrer_messages.referrer_message(decision.contact, decision)


def _apply_decision(actor: User, decision: Decision) -> None:
    """Create what the decision implies, close the contact, and tell the referrer."""
    contact = decision.contact
    now = timezone.now()
    if decision.outcome in EARLY_HELP_OUTCOMES:
        assert decision.locality is not None
        EarlyHelpRequest.objects.create(
            decision=decision, locality=decision.locality, level=decision.outcome, created_at=now
        )
    elif decision.outcome in SOCIAL_CARE_OUTCOMES:
        due = working_calendar().add_working_days(
            timezone.localdate(), settings.RIGHTHELP_TIMESCALES["csc_assessment_working_days"]
        )
        SocialCareReferral.objects.create(
            decision=decision, route=decision.outcome, created_at=now, assessment_due_on=due
        )
    contact.status = ContactStatus.DECIDED
    if decision.outcome in DECLINED_OUTCOMES:
        contact.feedback_due_at = feedback_due_after_decision(contact.feedback_due_at, now)
    contact.version += 1
    contact.save()
    _tell_referrer(actor, contact, decision)


def _tell_referrer(actor: User, contact: Contact, decision: Decision) -> None:
    """Send the outcome where it can be sent (in the app, or by e-mail). A referrer who gave
    only a telephone number is telephoned by the front door: the "telephone the referrer" due
    item (in ``workdue``) stays until a worker records the call (``feedback_telephoned``), so
    no feedback is recorded as sent before anyone has told them. A referrer who left no way
    to reach them cannot be told."""
    if referrer_messages.referrer_reach(contact) in (Reach.IN_APP, Reach.EMAIL):
        feedback_send(
            actor=actor,
            contact=contact,
            message=referrer_messages.referrer_message(contact, decision),
        )


@transaction.atomic
def decision_record(
    *,
    actor: User,
    contact: Contact,
    outcome: str,
    rationale: str,
    locality: Locality | None = None,
    decided_scale: int | None = None,
    threshold_evaluation: ThresholdEvaluation | None = None,
    differs_reason: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Record the front door's decision with its rationale.

    Early-help outcomes need a locality. Any departure needs a reason (``differs_reason``): a
    decided level that differs from the referrer's view, or from the framework's suggestion on
    the referrer's or this decision's threshold evaluation (unless this decision's evaluation
    already records why, for this level), and a referral to children's social care recorded at
    level 1 or 2. Outcomes configured in RIGHTHELP_SIGN_OFF_OUTCOMES wait for a
    front-door manager's sign-off; others take effect at once (creating an early-help request
    or a social-care referral and telling the referrer).
    """
    _front_door_only(actor)
    contact = _check_version(contact, expected_version)
    errors: dict[str, list[str]] = {}
    if contact.status not in OPEN_STATUSES or contact.status == ContactStatus.AWAITING_SIGN_OFF:
        raise ValidationError("This contact already has a decision")
    if outcome not in Outcome.values:
        errors["outcome"] = ["Select the decision"]
    if not rationale.strip():
        errors["rationale"] = ["Explain the reasons for the decision"]
    if outcome in EARLY_HELP_OUTCOMES and locality is None:
        errors["locality"] = ["Select the locality the early help request goes to"]
    if decided_scale is not None and decided_scale not in (1, 2, 3, 4):
        errors["decided_scale"] = ["Select the level of need"]
    # Any departure from the referrer's view or from the framework needs the reason: a level that
    # differs from the view or from a threshold evaluation's suggestion (unless the decision's own
    # evaluation already records why), and a social-care referral at an early-help level.
    differs_from = _level_departures(contact, decided_scale, threshold_evaluation)
    low_social_care = outcome in SOCIAL_CARE_OUTCOMES and decided_scale in (1, 2)
    if (differs_from or low_social_care) and not differs_reason.strip():
        asks = []
        if differs_from:
            asks.append(f"why the level decided differs from {' and '.join(differs_from)}")
        if low_social_care:
            asks.append(
                f"why a referral to children's social care is recorded at level {decided_scale}"
            )
        errors["differs_reason"] = [f"Explain {', and '.join(asks)}"]
    if errors:
        raise ValidationError(errors)
    needs_sign_off = outcome in settings.RIGHTHELP_SIGN_OFF_OUTCOMES
    decision = Decision.objects.create(
        contact=contact,
        outcome=outcome,
        locality=locality,
        decided_scale=decided_scale,
        threshold_evaluation=threshold_evaluation,
        rationale=rationale.strip(),
        differs_reason=differs_reason.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
        needs_sign_off=needs_sign_off,
    )
    decision_made_event(actor=actor, contact=contact, decision=decision)
    if needs_sign_off:
        contact.status = ContactStatus.AWAITING_SIGN_OFF
        contact.version += 1
        contact.save()
    else:
        _apply_decision(actor, decision)
    notify_sign_off_needed(decision=decision)
    return decision


@transaction.atomic
def decision_sign_off(*, actor: User, decision: Decision, agreed: bool, note: str = "") -> Decision:
    """A front-door manager agrees (the decision takes effect) or does not (the contact goes
    back to triage with the manager's note). Managers cannot sign off their own decisions."""
    if not is_front_door_manager(actor):
        raise PermissionError("Only a front-door manager can sign off a decision")
    decision = Decision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
    if not decision.needs_sign_off or decision.sign_off_agreed is not None:
        raise ValidationError("This decision does not need sign-off")
    if decision.decided_by_id == actor.pk:
        raise ValidationError("Another manager must sign off a decision you made")
    if not agreed and not note.strip():
        raise ValidationError({"note": ["Say why you do not agree, so the worker can act on it"]})
    decision.signed_off_by = actor
    decision.signed_off_at = timezone.now()
    decision.sign_off_agreed = agreed
    decision.sign_off_note = note.strip()
    decision.save()
    contact = decision.contact
    decision_signed_off_event(actor=actor, contact=contact, decision=decision, agreed=agreed)
    if agreed:
        _apply_decision(actor, decision)
    else:
        contact.status = ContactStatus.IN_TRIAGE
        contact.version += 1
        contact.save()
    return decision


def _check_feedback_message(contact: Contact, message: str) -> str:
    message = message.strip()
    if not message:
        raise ValidationError({"message": ["Enter the message for the referrer"]})
    if contact.kind in PUBLIC_KINDS and message not in referrer_messages.public_messages(contact):
        raise ValidationError(
            {
                "message": [
                    "A member of the public is told only that their contact was received and "
                    "what happens next, never the family's needs or what was decided: send "
                    "the standard message"
                ]
            }
        )
    return message


def _feedback_sent_mark(contact: Contact, feedback: Feedback) -> None:
    """The first feedback ends the contact's "feedback due" item (``Contact.feedback_sent_at``);
    later feedback leaves the first time as it was."""
    Contact.objects.filter(pk=contact.pk, feedback_sent_at__isnull=True).update(
        feedback_sent_at=feedback.sent_at
    )
    if contact.feedback_sent_at is None:
        contact.feedback_sent_at = feedback.sent_at


@transaction.atomic
def feedback_send(*, actor: User | None, contact: Contact, message: str) -> Feedback:
    """Tell the referrer, once, where they can read it: a signed-in referrer in the app (their
    requests page), which e-mails their account's address once; anyone else by e-mail to the
    address they gave, after commit. Refused for a referrer who gave only a telephone number
    (telephone them and record it with ``feedback_telephoned``) or nothing at all, and, for a
    member of the public, for anything but the standard wording (received, what happens
    next)."""
    message = _check_feedback_message(contact, message)
    reach = referrer_messages.referrer_reach(contact)
    if reach == Reach.TELEPHONE:
        raise ValidationError(
            "The referrer gave only a telephone number: telephone them, then record that you "
            "telephoned"
        )
    if reach == Reach.NONE:
        raise ValidationError("The referrer left no way to contact them: they cannot be told")
    in_app = reach == Reach.IN_APP
    feedback = Feedback.objects.create(
        contact=contact,
        message=message,
        channel=FeedbackChannel.IN_APP if in_app else FeedbackChannel.EMAIL,
        sent_to_user=contact.referrer if in_app else None,
        sent_to_email="" if in_app else contact.referrer_email,
        sent_by=actor,
        sent_at=timezone.now(),
    )
    _feedback_sent_mark(contact, feedback)
    feedback_sent_event(actor=actor, contact=contact, feedback=feedback)
    if in_app:
        # The notification is the one e-mail: it goes to the account's address after commit.
        notify_feedback_arrived(feedback=feedback)
    else:
        recipient = contact.referrer_email
        subject = f"Your request {contact.reference}"
        transaction.on_commit(
            lambda: send_mail(subject, feedback.message, None, [recipient], fail_silently=True)
        )
    return feedback


@transaction.atomic
def feedback_telephoned(*, actor: User, contact: Contact, message: str) -> Feedback:
    """A front-door worker records that they telephoned the referrer and what they told them
    (by default the standard message for the outcome). Only for a referrer with a telephone
    number; for a member of the public only the standard wording. Ends the "telephone the
    referrer" due item."""
    _front_door_only(actor)
    if not contact.referrer_phone:
        raise ValidationError("The referrer gave no telephone number")
    message = _check_feedback_message(contact, message)
    feedback = Feedback.objects.create(
        contact=contact,
        message=message,
        channel=FeedbackChannel.TELEPHONE,
        sent_by=actor,
        sent_at=timezone.now(),
    )
    _feedback_sent_mark(contact, feedback)
    feedback_sent_event(actor=actor, contact=contact, feedback=feedback, telephoned=True)
    return feedback


@transaction.atomic
def contact_reopen_for_decision(
    *, actor: User, contact: Contact, reason: str, upheld_disagreement: int | None = None
) -> Contact:
    """Re-open a decided contact so that the front door makes a new decision, recorded like any
    other with ``decision_record``; the earlier decisions stay in the contact's history.

    The front door may re-open a contact. So may whoever upholds a professional disagreement
    about its decision: ``escalations.services.stage_record`` has checked that they may record
    that disagreement's stage, and passes its id as ``upheld_disagreement``. The contact goes
    back to triage (or to the queue, if nobody is allocated) with new due times for the decision
    and the referrer's feedback; the allocated worker is told. Records CONTACT_RECEIVED (the
    contact is with the front door again), with the reason. Refuses a contact that is not
    decided and a missing reason.
    """
    if upheld_disagreement is None:
        _front_door_only(actor)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status != ContactStatus.DECIDED:
        raise ValidationError("Only a decided contact can be re-opened for a new decision")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the contact is re-opened"]})
    previous = Decision.objects.filter(contact=contact).order_by("-decided_at", "-pk").first()
    due = contact_due_times(timezone.now(), working_calendar(), urgency=contact.urgency)
    contact.status = ContactStatus.IN_TRIAGE if contact.assigned_to_id else ContactStatus.RECEIVED
    contact.decision_due_at = due.decision
    contact.feedback_due_at = due.feedback
    contact.version += 1
    contact.save()
    contact_reopened_event(
        actor=actor,
        contact=contact,
        reason=reason,
        previous=previous,
        upheld_disagreement=upheld_disagreement,
    )
    notify_contact_assigned(contact=contact)
    return contact
