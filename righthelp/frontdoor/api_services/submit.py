"""Submitting a contact through the API once, whatever the retries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from righthelp.accounts.models import ApiToken, Organisation
from righthelp.frontdoor.api_services.parse import (
    ApiContactRequest,
    api_request_parse,
    idempotency_key_problem,
)
from righthelp.frontdoor.events import api_contact_received_event
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
    SubjectRole,
)
from righthelp.frontdoor.services import (
    SubjectDetails,
    _receive,
    _write_subjects,
    think_family_tell,
)


def _existing_contact(organisation: Organisation, key: str) -> Contact | None:
    return Contact.objects.filter(
        referrer_organisation=organisation, api_idempotency_key=key
    ).first()


def _statement(
    token: ApiToken, request: ApiContactRequest, subject_ids: Sequence[int]
) -> dict[str, Any]:
    consent = request.consent
    basis = request.lawful_basis
    return {
        "source": "api",
        "organisation": token.organisation_id,
        "token": token.pk,
        "stated_at": timezone.now().isoformat(),
        "consent": None
        if consent is None
        else {
            "given_by": consent.given_by,
            "given_by_name": consent.given_by_name,
            "method": consent.method,
            "share_with": list(consent.share_with),
        },
        "lawful_basis": None
        if basis is None
        else {
            "basis": basis.basis,
            "reasons": basis.reasons,
            "parents_told": basis.parents_told,
            "not_told_reason": basis.not_told_reason,
            "significant_harm_suspected": basis.significant_harm_suspected,
        },
        "covers": [
            {"subject": subject_id, "nhs_number": child.nhs_number}
            for subject_id, child in zip(subject_ids, request.children, strict=True)
        ],
    }


@transaction.atomic
def api_contact_submit(
    *, token: ApiToken, idempotency_key: str, payload: Any
) -> tuple[Contact, bool]:
    """Receive a request for support from another agency's system.

    Returns ``(contact, created)``. A retry with an Idempotency-Key this organisation has
    already used returns the contact that key made (``created`` False) and changes nothing,
    whatever the body. Otherwise the body is validated (``ValidationError`` naming every
    problem) and one contact is made and received by the front door (reference and due times
    stamped), with one ``contact.received`` event.
    """
    problem = idempotency_key_problem(idempotency_key)
    if problem:
        raise ValidationError({"Idempotency-Key": [problem]})
    organisation = token.organisation
    existing = _existing_contact(organisation, idempotency_key)
    if existing is not None:
        return existing, False
    request = api_request_parse(payload)
    family_knows = True if request.consent is not None else None
    if request.consent is None and request.lawful_basis is not None:
        family_knows = request.lawful_basis.parents_told
    try:
        # A savepoint: if a copy of this request made the contact after the check above, the
        # unique constraint (organisation, idempotency key) refuses this one and the copy's
        # contact is the answer.
        with transaction.atomic():
            contact = Contact.objects.create(
                reference=f"NEW-{uuid.uuid4().hex[:10]}",
                kind=ContactKind.API,
                status=ContactStatus.DRAFT,
                referrer_organisation=organisation,
                referrer_name=request.referrer_name,
                referrer_email=request.referrer_email,
                referrer_phone=request.referrer_phone,
                worry=request.worry,
                what_tried=request.what_tried,
                child_views=request.child_views,
                urgency=request.urgency,
                referrer_view_scale=request.referrer_view_scale,
                family_knows=family_knows,
                api_idempotency_key=idempotency_key,
                created_at=timezone.now(),
            )
    except IntegrityError:
        existing = _existing_contact(organisation, idempotency_key)
        if existing is None:
            raise
        return existing, False
    _write_subjects(
        contact,
        [
            SubjectDetails(
                role=SubjectRole.CHILD,
                given_name=child.given_name,
                family_name=child.family_name,
                date_of_birth=child.date_of_birth,
                postcode=child.postcode,
                nhs_number=child.nhs_number,
            )
            for child in request.children
        ],
    )
    subject_ids = list(contact.subjects.order_by("id").values_list("id", flat=True))
    contact.sharing_statement = _statement(token, request, subject_ids)
    _receive(contact)
    contact.save()
    api_contact_received_event(contact=contact, organisation=organisation, token=token)
    # The children are linked by the front door at triage: Think Family runs then.
    think_family_tell(actor=None, contact=contact)
    return contact, True
