"""What the API tells a sender about a contact it sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from righthelp.accounts.models import ApiToken
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
)

STATUS_TEXT = {
    ContactStatus.RECEIVED: "Received by the front door; not yet looked at",
    ContactStatus.IN_TRIAGE: "The front door is considering the request",
    ContactStatus.AWAITING_SIGN_OFF: "The front door is considering the request",
    ContactStatus.DECIDED: "Decided: see the outcome",
}


@dataclass(frozen=True)
class ApiContactStatus:
    """What the sending agency may know about its contact: no more than its referrer sees."""

    id: int
    reference: str
    status: str
    received_at: datetime | None
    decision_due_at: datetime | None
    outcome: str | None
    outcome_sent_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        def stamp(value: datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "id": self.id,
            "reference": self.reference,
            "status": self.status,
            "status_text": STATUS_TEXT.get(ContactStatus(self.status), ""),
            "received_at": stamp(self.received_at),
            "decision_due_at": stamp(self.decision_due_at),
            "outcome": self.outcome,
            "outcome_sent_at": stamp(self.outcome_sent_at),
        }


def api_contact_view(contact: Contact) -> ApiContactStatus:
    """The status and outcome of a contact, in the referrer's words (no access log: the
    caller has just written it, or logs the read itself)."""
    feedback = contact.feedback.order_by("-sent_at", "-id").first()
    return ApiContactStatus(
        id=contact.pk,
        reference=contact.reference,
        status=contact.status,
        received_at=contact.received_at,
        decision_due_at=contact.decision_due_at,
        outcome=feedback.message if feedback is not None else None,
        outcome_sent_at=feedback.sent_at if feedback is not None else None,
    )


def api_contact_status(*, token: ApiToken, contact_id: int, path: str = "") -> ApiContactStatus:
    """A contact this token's organisation sent through the API, logged as an API read.

    Raises ``Contact.DoesNotExist`` for a contact that is missing, was sent by another
    organisation, or did not come through the API: the caller cannot tell them apart.
    """
    contact = Contact.objects.get(
        pk=contact_id, kind=ContactKind.API, referrer_organisation=token.organisation
    )
    person_ids = [
        pid
        for pid in contact.subjects.values_list("person_id", flat=True).order_by("id")
        if pid is not None
    ]
    access_record(
        user=None,
        action=AccessAction.API_READ,
        person_ids=person_ids,
        path=path,
        detail={"organisation": token.organisation_id, "contact": contact.pk, "token": token.pk},
    )
    return api_contact_view(contact)
