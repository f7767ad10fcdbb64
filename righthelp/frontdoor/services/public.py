"""Concerns from the public and contacts the front door takes by telephone or letter."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core.services import submission_claim, submission_complete
from righthelp.frontdoor.events import (
    public_contact_received_event,
    telephone_contact_received_event,
    written_confirmation_received_event,
)
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
    PublicSubmission,
    SubjectRole,
    Urgency,
)
from righthelp.frontdoor.services.common import (
    SubjectDetails,
    _check_version,
    _front_door_only,
    _receive,
    _write_subjects,
)
from righthelp.frontdoor.services.think_family import think_family_tell


def phone_us() -> str:
    """ "phone us", with the front door's number (``RIGHTHELP_FRONT_DOOR_PHONE``) when one is
    configured: every message that tells someone to phone gives the number."""
    phone = str(getattr(settings, "RIGHTHELP_FRONT_DOOR_PHONE", "") or "").strip()
    return f"phone us on {phone}" if phone else "phone us"


class RateLimited(Exception):
    """Too many public submissions from one sender; nothing was saved."""


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
