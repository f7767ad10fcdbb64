"""Requests for support raised by professionals: drafts, sending, the people they name and the
significant-harm ground."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent import services as consent_services
from righthelp.consent.models import ConsentPurpose, LawfulBasisKind, LawfulBasisRecord
from righthelp.consent.services import ConsentDetails
from righthelp.core.services import submission_claim, submission_complete
from righthelp.frontdoor.events import (
    contact_drafted_event,
    contact_sent_event,
)
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
    SubjectRole,
    Urgency,
)
from righthelp.frontdoor.services.common import (
    SubjectDetails,
    _check_version,
    _receive,
    _write_subjects,
)
from righthelp.frontdoor.services.think_family import think_family_tell
from righthelp.thresholds.models import ThresholdEvaluation


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
