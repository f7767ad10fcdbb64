"""Every write at the front door: raising a contact, triage, decisions, sign-off, feedback,
anonymous consultations.

Consent is checked here, never in templates: a request for early help cannot be submitted
without current consent or a recorded lawful basis for each child; a concern that a child may
be suffering significant harm goes through without consent but only with the lawful-basis
reasons recorded.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, OrganisationKind, User
from righthelp.consent import services as consent_services
from righthelp.consent.models import ConsentPurpose, LawfulBasisKind, LawfulBasisRecord
from righthelp.consent.services import ConsentDetails as ConsentDetails
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit, submission_claim, submission_complete
from righthelp.frontdoor import anonymity, referrer_messages, think_family
from righthelp.frontdoor.due import contact_due_times, feedback_due_after_decision
from righthelp.frontdoor.events import (
    consultation_advised_event,
    consultation_asked_event,
    contact_assigned_event,
    contact_drafted_event,
    contact_person_linked_event,
    contact_prioritised_event,
    contact_reopened_event,
    contact_sent_event,
    decision_made_event,
    decision_signed_off_event,
    feedback_sent_event,
    public_contact_received_event,
    step_down_requested_event,
    telephone_contact_received_event,
    think_family_checked_event,
    written_confirmation_received_event,
)
from righthelp.frontdoor.models import (
    EARLY_HELP_OUTCOMES,
    OPEN_STATUSES,
    SOCIAL_CARE_OUTCOMES,
    Consultation,
    Contact,
    ContactKind,
    ContactStatus,
    ContactSubject,
    Decision,
    EarlyHelpRequest,
    Feedback,
    FeedbackChannel,
    Outcome,
    Priority,
    PublicSubmission,
    SocialCareReferral,
    StepDownRequest,
    StepUpHandover,
    SubjectRole,
    ThinkFamilyNotice,
    Urgency,
)
from righthelp.frontdoor.notices import (
    notify_contact_assigned,
    notify_feedback_arrived,
    notify_sign_off_needed,
    notify_think_family,
)
from righthelp.frontdoor.permissions import (
    is_childrens_social_care,
    is_front_door,
    is_front_door_manager,
)
from righthelp.frontdoor.referrer_messages import PUBLIC_KINDS, Reach
from righthelp.people import identifiers
from righthelp.people.models import Person
from righthelp.thresholds.models import ThresholdEvaluation


def phone_us() -> str:
    """ "phone us", with the front door's number (``RIGHTHELP_FRONT_DOOR_PHONE``) when one is
    configured: every message that tells someone to phone gives the number."""
    phone = str(getattr(settings, "RIGHTHELP_FRONT_DOOR_PHONE", "") or "").strip()
    return f"phone us on {phone}" if phone else "phone us"


class RateLimited(Exception):
    """Too many public submissions from one sender; nothing was saved."""


@dataclass(frozen=True)
class SubjectDetails:
    role: str
    person: Person | None = None
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    concern_applies: bool = True
    nhs_number: str = ""


@dataclass(frozen=True)
class LawfulBasisDetails:
    reasons: str
    parents_told: bool
    not_told_reason: str = ""
    basis: str = "safeguarding"
    # The referrer's explicit statement that they suspect the child is suffering, or is likely
    # to suffer, significant harm: the only ground for sharing without consent on the
    # safeguarding basis, and what makes the contact a significant-harm contact.
    significant_harm_suspected: bool = False

    @property
    def on_significant_harm(self) -> bool:
        return self.basis == LawfulBasisKind.SAFEGUARDING


SIGNIFICANT_HARM_CONFIRM = (
    "Confirm that you have reasonable cause to suspect the child is suffering, or is likely to "
    "suffer, significant harm. You can share without consent only on that ground: otherwise, "
    "ask the family for their consent first"
)


def significant_harm_ground(lawful_basis: LawfulBasisDetails | None) -> bool:
    """Whether a sender shares without consent on the ground of significant harm, which they
    must confirm explicitly (``ValidationError`` naming ``significant_harm_suspected`` if not).
    Such a contact is a significant-harm contact whatever urgency the sender picked."""
    if lawful_basis is None or not lawful_basis.on_significant_harm:
        return False
    if not lawful_basis.significant_harm_suspected:
        raise ValidationError({"significant_harm_suspected": [SIGNIFICANT_HARM_CONFIRM]})
    return True


def _check_version(contact: Contact, expected_version: int | None) -> Contact:
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            "This contact was changed by someone else after you opened it. Nothing has been "
            "saved: check it as it is now and try again."
        )
    return locked


def _write_subjects(contact: Contact, subjects: Sequence[SubjectDetails]) -> None:
    errors: list[str] = []
    rows = []
    for details in subjects:
        if details.role not in SubjectRole.values:
            errors.append("Say who each person is")
            continue
        postcode = details.postcode.strip()
        if postcode:
            try:
                identifiers.validate_postcode(postcode)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            postcode = identifiers.normalise_postcode(postcode)
        nhs_number = details.nhs_number.strip()
        if nhs_number:
            try:
                identifiers.validate_nhs_number(nhs_number)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            nhs_number = identifiers.normalise_nhs_number(nhs_number)
        if details.person is None and not (
            details.given_name.strip() or details.family_name.strip()
        ):
            errors.append("Enter the name of each person the request is about")
            continue
        rows.append(
            ContactSubject(
                contact=contact,
                person=details.person,
                role=details.role,
                concern_applies=details.concern_applies,
                given_name=details.given_name.strip(),
                family_name=details.family_name.strip(),
                date_of_birth=details.date_of_birth,
                address=details.address.strip(),
                postcode=postcode,
                nhs_number=nhs_number,
            )
        )
    if errors:
        raise ValidationError({"subjects": sorted(set(errors))})
    contact.subjects.all().delete()
    ContactSubject.objects.bulk_create(rows)


@transaction.atomic
def request_save(
    *,
    actor: User,
    subjects: Sequence[SubjectDetails],
    worry: str,
    what_tried: str = "",
    child_views: str = "",
    urgency: str = Urgency.ROUTINE,
    referrer_view_scale: int | None = None,
    family_knows: bool | None = None,
    threshold_evaluation: ThresholdEvaluation | None = None,
    contact: Contact | None = None,
    expected_version: int | None = None,
    submission_key: uuid.UUID | str | None = None,
) -> Contact:
    """Save a practitioner's request for support as a draft (new or changed).

    Drafts need not be complete. A stale save is refused; a repeated first save makes one
    draft.
    """
    if contact is None:
        existing = submission_claim(key=submission_key, user=actor, purpose="request_save")
        if existing is not None:
            return Contact.objects.get(pk=existing)
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": ["Select how urgent this is"]})
    if referrer_view_scale is not None and referrer_view_scale not in (1, 2, 3, 4):
        raise ValidationError({"referrer_view_scale": ["Select the level you think is right"]})
    now = timezone.now()
    if contact is None:
        contact = Contact.objects.create(
            reference=f"DRAFT-{uuid.uuid4().hex[:10]}",
            kind=ContactKind.REQUEST_FOR_SUPPORT,
            status=ContactStatus.DRAFT,
            referrer=actor,
            referrer_organisation_id=actor.organisation_id,
            referrer_name=actor.display_name,
            referrer_email=actor.email,
            created_at=now,
        )
        submission_complete(key=submission_key, result_id=contact.pk)
    else:
        contact = _check_version(contact, expected_version)
        if contact.referrer_id != actor.pk or contact.status != ContactStatus.DRAFT:
            raise ValidationError("Only your own drafts can be changed")
        contact.version += 1
    contact.worry = worry.strip()
    contact.what_tried = what_tried.strip()
    contact.child_views = child_views.strip()
    contact.urgency = urgency
    contact.referrer_view_scale = referrer_view_scale
    contact.family_knows = family_knows
    contact.threshold_evaluation = threshold_evaluation
    contact.save()
    _write_subjects(contact, subjects)
    contact_drafted_event(actor=actor, contact=contact)
    return contact


def _receive(contact: Contact) -> None:
    """Stamp the reference, the due times and the arrival priority when a contact reaches the
    front door: every route comes through here, and the times come from the one rule,
    ``due.contact_due_times``."""
    now = timezone.now()
    contact.received_at = now
    contact.status = ContactStatus.RECEIVED
    contact.reference = f"FD-{now:%y}-{contact.pk:06d}"
    due = contact_due_times(
        now,
        working_calendar(),
        urgency=contact.urgency,
        by_telephone=contact.kind == ContactKind.TELEPHONE,
    )
    contact.decision_due_at = due.decision
    contact.feedback_due_at = due.feedback
    contact.written_confirmation_due_at = due.written_confirmation
    if due.priority:
        contact.priority = due.priority


@transaction.atomic
def request_submit(
    *,
    actor: User,
    contact: Contact,
    expected_version: int | None = None,
    consent: ConsentDetails | None = None,
    lawful_basis: LawfulBasisDetails | None = None,
) -> Contact:
    """Send a draft request to the front door.

    Refuses an incomplete request (no child, no worry) and enforces consent: each child needs
    current consent to share for early help, or a recorded lawful basis. A concern that a child
    may be suffering significant harm needs no consent but needs the lawful-basis reasons.
    Sharing without consent on the safeguarding basis needs the referrer's explicit statement
    that they suspect significant harm, and makes the request a significant-harm contact (red,
    decided within 24 hours) whatever urgency was picked.
    """
    contact = _check_version(contact, expected_version)
    if contact.referrer_id != actor.pk or contact.status != ContactStatus.DRAFT:
        raise ValidationError("This request has already been sent")
    errors: dict[str, list[str]] = {}
    children = [s for s in contact.subjects.select_related("person") if s.role == SubjectRole.CHILD]
    if not children:
        errors["subjects"] = ["Add the child the request is about"]
    elif any(s.person is None for s in children):
        errors["subjects"] = ["Find or add a record for each child before sending"]
    if not contact.worry:
        errors["worry"] = ["Describe what you are worried about"]
    if errors:
        raise ValidationError(errors)
    if significant_harm_ground(lawful_basis):
        contact.urgency = Urgency.SIGNIFICANT_HARM
    significant_harm = contact.urgency == Urgency.SIGNIFICANT_HARM
    consent_record = None
    basis_record: LawfulBasisRecord | None = None
    for subject in children:
        person = subject.person
        assert person is not None
        if consent is not None:
            consent_record = consent_services.consent_for_request_record(
                actor=actor, person=person, details=consent
            )
        if lawful_basis is not None:
            basis_record = consent_services.lawful_basis_record(
                actor=actor,
                person=person,
                basis=lawful_basis.basis,
                reasons=lawful_basis.reasons,
                parents_told=lawful_basis.parents_told,
                not_told_reason=lawful_basis.not_told_reason,
                share_with=["childrens_social_care"],
                context=f"contact:{contact.pk}",
            )
        basis = consent_services.sharing_allowed(
            people=[person],
            agency_kind="childrens_social_care",
            purposes=(ConsentPurpose.EARLY_HELP,),
            lawful_basis_context=f"contact:{contact.pk}",
        )[person.pk].basis
        if basis is None:
            if significant_harm:
                raise ValidationError(
                    {
                        "lawful_basis": [
                            "You can send a concern about significant harm without consent, "
                            "but say why you are sharing without it and whether the parents "
                            "know"
                        ]
                    }
                )
            raise ValidationError(
                {
                    "consent": [
                        f"A request for early help needs the family's consent for "
                        f"{person.full_name}, or a lawful basis for sharing without it"
                    ]
                }
            )
        if basis.consent is not None:
            consent_record = basis.consent
    contact.consent = consent_record
    contact.lawful_basis = basis_record
    contact.version += 1
    _receive(contact)
    contact.save()
    contact_sent_event(
        actor=actor,
        contact=contact,
        without_consent_on_significant_harm=significant_harm_ground(lawful_basis),
    )
    think_family_tell(actor=actor, contact=contact)
    return contact


def _sender_hash(sender_address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{sender_address}".encode()).hexdigest()


@transaction.atomic
def public_contact_submit(
    *,
    kind: str,
    sender_address: str,
    referrer_name: str,
    referrer_email: str,
    referrer_phone: str,
    referrer_relationship: str,
    child: SubjectDetails,
    worry: str,
) -> Contact:
    """A concern from a member of the public, or a family asking for help: no sign-in.

    Rate-limited per sender (a hash of their address, never the address itself); a refused
    submission saves nothing and does not touch the queue.
    """
    if kind not in (ContactKind.PUBLIC_CONCERN, ContactKind.SELF_REFERRAL):
        raise ValidationError("Unknown form")
    now = timezone.now()
    sender = _sender_hash(sender_address)
    recent = PublicSubmission.objects.filter(
        sender_hash=sender, submitted_at__gte=now - timedelta(hours=1)
    ).count()
    if recent >= settings.RIGHTHELP_PUBLIC_FORM_LIMIT:
        raise RateLimited(
            "You have sent several forms in the last hour. Please wait before sending another, "
            f"or {phone_us()}. If a child is in immediate danger, call 999."
        )
    errors: dict[str, list[str]] = {}
    if not worry.strip():
        errors["worry"] = ["Tell us what you are worried about"]
    if not (child.given_name.strip() or child.family_name.strip()):
        errors["child_given_name"] = ["Enter the child's name, or as much of it as you know"]
    if kind == ContactKind.SELF_REFERRAL and not (referrer_email.strip() or referrer_phone.strip()):
        errors["referrer_phone"] = ["Enter a phone number or email address so we can contact you"]
    if errors:
        raise ValidationError(errors)
    PublicSubmission.objects.create(sender_hash=sender, submitted_at=now)
    contact = Contact.objects.create(
        reference=f"NEW-{uuid.uuid4().hex[:10]}",
        kind=kind,
        status=ContactStatus.DRAFT,
        referrer_name=referrer_name.strip(),
        referrer_email=referrer_email.strip(),
        referrer_phone=referrer_phone.strip(),
        referrer_relationship=referrer_relationship.strip(),
        worry=worry.strip(),
        created_at=now,
    )
    _write_subjects(contact, [child])
    _receive(contact)
    contact.save()
    public_contact_received_event(contact=contact)
    # Nobody on a public form is linked yet: Think Family runs when the front door links them.
    think_family_tell(actor=None, contact=contact)
    return contact


def _front_door_only(actor: User) -> None:
    if not is_front_door(actor):
        raise PermissionError("Only the front door can do this")


@transaction.atomic
def contact_assign(*, actor: User, contact: Contact, worker: User) -> Contact:
    """Give a contact to a front-door worker; it moves into triage."""
    _front_door_only(actor)
    if not is_front_door(worker):
        raise ValidationError({"worker": ["Choose someone who works at the front door"]})
    contact = _check_version(contact, None)
    if contact.status not in OPEN_STATUSES:
        raise ValidationError("This contact has been decided")
    previous = contact.assigned_to
    contact.assigned_to = worker
    if contact.status == ContactStatus.RECEIVED:
        contact.status = ContactStatus.IN_TRIAGE
    contact.version += 1
    contact.save()
    contact_assigned_event(actor=actor, contact=contact, previous=previous, worker=worker)
    notify_contact_assigned(contact=contact)
    return contact


@transaction.atomic
def contact_prioritise(*, actor: User, contact: Contact, priority: str) -> Contact:
    _front_door_only(actor)
    if priority not in Priority.values:
        raise ValidationError({"priority": ["Select red, amber or green"]})
    contact = _check_version(contact, None)
    old = contact.priority
    contact.priority = priority
    contact.version += 1
    contact.save()
    contact_prioritised_event(actor=actor, contact=contact, old=old)
    return contact


def _statement_record(actor: User, subject: ContactSubject, person: Person) -> None:
    """Record the consent or lawful basis a sending system stated (``sharing_statement``)
    against the person a named child has just been linked to: once per (subject, person).

    What was recorded is noted in the statement's ``recorded`` list, so linking again (to the
    same record) records nothing more. The front-door user who links is the recorder; the note
    says the sending organisation stated it through the API.
    """
    contact = Contact.objects.select_for_update().get(pk=subject.contact_id)
    statement = dict(contact.sharing_statement or {})
    if not statement:
        return
    covered = {c.get("subject") for c in statement.get("covers", [])}
    if subject.pk not in covered:
        return
    recorded: list[dict[str, Any]] = list(statement.get("recorded", []))
    if any(r.get("subject") == subject.pk and r.get("person") == person.pk for r in recorded):
        return
    organisation = contact.referrer_organisation
    sender = organisation.name if organisation else "the sending organisation"
    stated_on = str(statement.get("stated_at", ""))[:10]
    note = (
        f"Stated by {sender} through the RightHelp API with contact {contact.reference}"
        + (f" on {stated_on}" if stated_on else "")
        + f"; recorded by the front door ({actor.display_name}) when the child was linked to "
        "this record."
    )
    entry: dict[str, Any] = {"subject": subject.pk, "person": person.pk}
    consent = statement.get("consent")
    if consent:
        record = consent_services.consent_statement_record(
            actor=actor,
            person=person,
            purpose=ConsentPurpose.EARLY_HELP,
            given_by=consent["given_by"],
            given_by_name=consent["given_by_name"],
            share_with=consent.get("share_with") or ("early_help", "childrens_social_care"),
            method=consent["method"],
            notes=note,
        )
        entry["consent"] = record.pk
    basis = statement.get("lawful_basis")
    if basis:
        basis_record = consent_services.lawful_basis_record(
            actor=actor,
            person=person,
            basis=basis["basis"],
            reasons=f"{basis['reasons']}\n\n({note})",
            parents_told=bool(basis["parents_told"]),
            not_told_reason=basis.get("not_told_reason", ""),
            share_with=["childrens_social_care"],
            context=f"contact:{contact.pk}",
        )
        entry["lawful_basis"] = basis_record.pk
    if len(entry) == 2:
        return
    recorded.append(entry)
    statement["recorded"] = recorded
    contact.sharing_statement = statement
    contact.save(update_fields=["sharing_statement"])


@transaction.atomic
def contact_link_person(*, actor: User, subject: ContactSubject, person: Person) -> ContactSubject:
    """Link a person named in a contact to their record (found or newly created).

    When the contact came with a consent or lawful basis stated by the sending system (the
    API), it is recorded against the person now, once: linking again records nothing more.
    """
    _front_door_only(actor)
    old = subject.person_id
    subject.person = person
    subject.save(update_fields=["person"])
    contact_person_linked_event(actor=actor, subject=subject, person=person, old=old)
    _statement_record(actor, subject, person)
    # Think Family, now that this person is linked (after any consent or lawful basis an API
    # sender stated has been recorded against them).
    think_family_tell(actor=actor, contact=Contact.objects.get(pk=subject.contact_id))
    return subject


@transaction.atomic
def telephone_contact_record(
    *,
    actor: User,
    referrer_name: str,
    referrer_agency: str,
    referrer_phone: str = "",
    referrer_email: str = "",
    children: Sequence[SubjectDetails],
    worry: str,
    urgency: str = Urgency.ROUTINE,
    family_knows: bool | None = None,
    submission_key: uuid.UUID | str | None = None,
) -> Contact:
    """A front-door worker records a telephone contact from a professional.

    The contact is received at once (reference, due times). A call about significant harm
    arrives red and must be confirmed in writing by the referrer within
    ``RIGHTHELP_TIMESCALES["written_confirmation_hours"]`` (``written_confirmation_due_at``).
    A double-submitted form makes one contact.
    """
    _front_door_only(actor)
    existing = submission_claim(key=submission_key, user=actor, purpose="telephone_contact")
    if existing is not None:
        return Contact.objects.get(pk=existing)
    errors: dict[str, list[str]] = {}
    if not referrer_name.strip():
        errors["referrer_name"] = ["Enter the name of the professional who called"]
    if not referrer_agency.strip():
        errors["referrer_agency"] = ["Enter the agency the caller works for"]
    if not (referrer_phone.strip() or referrer_email.strip()):
        errors["referrer_phone"] = ["Enter a phone number or email address for the caller"]
    if not worry.strip():
        errors["worry"] = ["Describe what the caller is worried about"]
    if urgency not in Urgency.values:
        errors["urgency"] = ["Select how urgent this is"]
    if not children:
        errors["subjects"] = ["Enter the child the call is about"]
    if any(c.role != SubjectRole.CHILD for c in children):
        errors["subjects"] = ["Enter the children the call is about"]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    contact = Contact.objects.create(
        reference=f"NEW-{uuid.uuid4().hex[:10]}",
        kind=ContactKind.TELEPHONE,
        status=ContactStatus.DRAFT,
        referrer_name=referrer_name.strip(),
        referrer_relationship=referrer_agency.strip(),
        referrer_phone=referrer_phone.strip(),
        referrer_email=referrer_email.strip(),
        worry=worry.strip(),
        urgency=urgency,
        family_knows=family_knows,
        created_at=now,
    )
    _write_subjects(contact, children)
    _receive(contact)
    contact.save()
    submission_complete(key=submission_key, result_id=contact.pk)
    telephone_contact_received_event(actor=actor, contact=contact)
    think_family_tell(actor=actor, contact=contact)
    return contact


@transaction.atomic
def written_confirmation_record(*, actor: User, contact: Contact) -> Contact:
    """The referrer's written confirmation of a telephone contact has arrived."""
    _front_door_only(actor)
    contact = _check_version(contact, None)
    if contact.written_confirmation_due_at is None:
        raise ValidationError("This contact does not need written confirmation")
    if contact.written_confirmation_received_at is not None:
        raise ValidationError("The written confirmation has already been recorded")
    now = timezone.now()
    contact.written_confirmation_received_at = now
    contact.version += 1
    contact.save()
    late = now > contact.written_confirmation_due_at
    written_confirmation_received_event(actor=actor, contact=contact, late=late)
    return contact


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


def _level_departures(
    contact: Contact, decided_scale: int | None, threshold_evaluation: ThresholdEvaluation | None
) -> list[str]:
    """What a decided level departs from: the referrer's view, or the framework's suggestion on
    the referrer's or the decision's threshold evaluation (unless the decision's own evaluation
    already records why, for this level)."""
    differs_from: list[str] = []
    if decided_scale is None:
        return differs_from
    if contact.referrer_view_scale not in (None, decided_scale):
        differs_from.append(f"the referrer's view (level {contact.referrer_view_scale})")
    for evaluation, whose in (
        (contact.threshold_evaluation, "the referrer's"),
        (threshold_evaluation, "this decision's"),
    ):
        if evaluation is None or evaluation.suggested_scale in (None, decided_scale):
            continue
        if evaluation is threshold_evaluation and (
            evaluation.decided_scale == decided_scale and evaluation.decided_reason.strip()
        ):
            continue
        differs_from.append(
            f"the framework's suggestion on {whose} threshold evaluation "
            f"(level {evaluation.suggested_scale})"
        )
    return differs_from


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
    feedback_sent_event(actor=actor, contact=contact, feedback=feedback, telephoned=True)
    return feedback


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


def step_up_contact_build(
    *,
    actor: User,
    locality: Locality,
    children: Sequence[Person],
    adults: Sequence[Person],
    worry: str,
    episode_id: int,
    assessment_id: int | None = None,
    assessment_completed: bool = False,
    plan_id: int | None = None,
    what_tried: str = "",
    child_views: str = "",
    urgency: str = Urgency.ROUTINE,
) -> Contact:
    """A step-up contact from early help, received at the front door with its children linked
    and its handover (``StepUpHandover``): links to the episode, its assessment (signed off, or
    in progress when ``assessment_completed`` is false) and its agreed plan version, which the
    front door opens from the contact rather than reading pasted text.

    Called only inside ``earlyhelp.services.step_up_consult``, which chooses what is handed
    over (never a draft plan) and records the one event (STEPPED_UP) for the whole step; this
    records none of its own, apart from Think Family's (``think_family_tell``, when other
    children's professionals are considered). Consent is not required: the front door can
    always be told a child may need social care.
    """
    now = timezone.now()
    contact = Contact.objects.create(
        reference=f"DRAFT-{uuid.uuid4().hex[:10]}",
        kind=ContactKind.STEP_UP,
        referrer=actor,
        referrer_organisation_id=actor.organisation_id,
        referrer_name=actor.display_name,
        referrer_email=actor.email,
        locality=locality,
        worry=worry,
        what_tried=what_tried,
        child_views=child_views,
        urgency=urgency,
        family_knows=None,
        created_at=now,
    )
    ContactSubject.objects.bulk_create(
        [ContactSubject(contact=contact, person=p, role=SubjectRole.CHILD) for p in children]
        + [ContactSubject(contact=contact, person=p, role=SubjectRole.ADULT) for p in adults]
    )
    StepUpHandover.objects.create(
        contact=contact,
        episode_id=episode_id,
        assessment_id=assessment_id,
        assessment_completed=assessment_completed and assessment_id is not None,
        plan_id=plan_id,
        handed_over_at=now,
    )
    _receive(contact)
    contact.save()
    think_family_tell(actor=actor, contact=contact)
    return contact


# --- Social care's work ending: step down ------------------------------------------------------


@transaction.atomic
def step_down_request(
    *,
    actor: User,
    referral: SocialCareReferral,
    work_ends_on: date | None,
    locality: Locality | None,
    why: str,
    support_needed: str,
    submission_key: str | None = None,
) -> StepDownRequest:
    """Record that children's social care's work with a family is ending and that early help
    should take over: who said so (the actor), when the work ends, why, what support is still
    needed, and the locality whose early help team picks it up. Only then does the referral
    wait to step down in that locality's early help list; accepting a referral never does.

    Only children's social care may say so (``permissions.is_childrens_social_care``; anyone
    else gets ``PermissionError``, shown as 404). Refuses a referral already stepped down or
    already asked to (one request per referral: a second submission changes nothing), and
    missing answers; a repeated post of the same form (``submission_key``) returns the request
    the first one made. Records STEP_DOWN_REQUESTED about the people the referral concerns.
    """
    if not is_childrens_social_care(actor):
        raise PermissionError("Only children's social care can say its work is ending")
    existing = submission_claim(key=submission_key, user=actor, purpose="step_down_request")
    if existing is not None:
        return StepDownRequest.objects.get(pk=existing)
    referral = (
        SocialCareReferral.objects.select_for_update()
        .select_related("decision__contact")
        .get(pk=referral.pk)
    )
    if StepDownRequest.objects.filter(referral=referral).exists():
        raise ValidationError(
            "Children's social care has already said its work with this family is ending"
        )
    if referral.step_downs.exists():
        raise ValidationError("This family has already stepped down to early help")
    errors: dict[str, list[str]] = {}
    if work_ends_on is None:
        errors["work_ends_on"] = ["Enter the date children's social care's work ends"]
    if locality is None:
        errors["locality"] = ["Select the locality whose early help team should take over"]
    if not why.strip():
        errors["why"] = ["Say why children's social care's work is ending"]
    if not support_needed.strip():
        errors["support_needed"] = ["Say what support the family still needs"]
    if errors:
        raise ValidationError(errors)
    assert work_ends_on is not None and locality is not None
    request = StepDownRequest.objects.create(
        referral=referral,
        requested_by=actor,
        requested_at=timezone.now(),
        work_ends_on=work_ends_on,
        locality=locality,
        why=why.strip(),
        support_needed=support_needed.strip(),
    )
    submission_complete(key=submission_key, result_id=request.pk)
    contact = referral.decision.contact
    step_down_requested_event(
        actor=actor,
        referral=referral,
        contact=contact,
        request=request,
        work_ends_on=work_ends_on,
        locality=locality,
    )
    return request


# --- Think Family ------------------------------------------------------------------------------


def _agency_words(kind: str) -> str:
    return str(dict(OrganisationKind.choices).get(kind, kind)).lower()


@transaction.atomic
def think_family_tell(*, actor: User | None, contact: Contact) -> list[ThinkFamilyNotice]:
    """Think Family: once a contact has reached the front door with the people it concerns
    linked to their records, tell the professionals of every other child in their households.

    The people it concerns are the children it is about and anyone else the referrer said the
    concern touches. The professionals are whoever the registered sources say works with each
    other child (``think_family.child_professionals``: Named Person, allocated workers, the
    early help lead), except the actor and the referrer. Each is told only where sharing is
    lawful (``think_family.sharing_decisions``): with an in-app notification that names only the
    child they work with, at most once per contact. Where it is not, the notice records who was
    not told and why, for the contact page, and is checked again on the next call (every route
    calls this when a contact is received and whenever a person on it is linked). Records one
    ``THINK_FAMILY_CHECKED`` event when anything changed; does nothing for a draft.
    """
    if contact.status == ContactStatus.DRAFT:
        return []
    concerned = {
        s.person_id: s.person
        for s in contact.subjects.select_related("person")
        if s.person_id is not None
        and s.person is not None
        and (s.role == SubjectRole.CHILD or s.concern_applies)
    }
    others = think_family.other_children(set(concerned))
    if not others:
        return []
    excluded = {actor.pk if actor else None, contact.referrer_id}
    rows = [r for r in think_family.child_professionals(set(others)) if r.user_id not in excluded]
    if not rows:
        return []
    users = User.objects.in_bulk({r.user_id for r in rows})
    children = Person.objects.in_bulk(set(others))
    notices = {
        (n.child_id, n.recipient_id): n
        for n in ThinkFamilyNotice.objects.select_for_update().filter(contact=contact)
    }
    decisions: dict[str, dict[int, consent_services.SharingDecision]] = {}
    now = timezone.now()
    told: dict[int, list[Person]] = {}
    changed: list[ThinkFamilyNotice] = []
    for row in rows:
        user = users.get(row.user_id)
        if user is None or not user.is_active:
            continue
        notice = notices.get((row.child_id, row.user_id))
        if notice is not None and notice.told_at is not None:
            continue
        household = sorted(others[row.child_id])
        if row.agency_kind not in decisions:
            decisions[row.agency_kind] = think_family.sharing_decisions(
                concerned, row.agency_kind, contact.pk
            )
        lawful = any(decisions[row.agency_kind][pid].allowed for pid in household)
        reason = ""
        if not lawful:
            about = ", ".join(concerned[pid].full_name for pid in household)
            reason = (
                f"No consent covering {_agency_words(row.agency_kind)}, and no lawful basis "
                f"for sharing without consent, from the people the concern is about ({about})"
            )
        if notice is None:
            notice = ThinkFamilyNotice(
                contact=contact,
                child_id=row.child_id,
                recipient=user,
                role=row.role,
                agency_kind=row.agency_kind,
            )
        elif not lawful and notice.not_told_reason == reason:
            continue  # not told, for the same reason as before: nothing new
        notice.told_at = now if lawful else None
        notice.not_told_reason = reason
        notice.checked_at = now
        notice.save()
        changed.append(notice)
        if lawful:
            told.setdefault(user.pk, []).append(children[row.child_id])
    for user_id, their_children in told.items():
        notify_think_family(recipient=users[user_id], contact=contact, children=their_children)
    if changed:
        think_family_checked_event(
            actor=actor, contact=contact, subject_ids=concerned, notices=changed
        )
    return changed


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
