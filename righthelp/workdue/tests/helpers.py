"""Contacts made through the front door's own services, for the work-due tests."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import services as frontdoor
from righthelp.frontdoor.models import Contact, Decision
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails

if TYPE_CHECKING:
    from conftest import Cast

CONSENT = ConsentDetails(
    given_by="parent_or_carer",
    given_by_name="Jo Fletcher",
    method="verbal",
    validity=VALID,
    child_not_asked_reason=CHILD_NOT_ASKED,
)


def submitted_contact(cast: Cast) -> Contact:
    contact = frontdoor.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Kayden has been coming to school hungry and withdrawn",
        referrer_view_scale=3,
    )
    return frontdoor.request_submit(actor=cast.involved, contact=contact, consent=CONSENT)


def due_at(contact: Contact, when: datetime) -> Contact:
    Contact.objects.filter(pk=contact.pk).update(decision_due_at=when, feedback_due_at=None)
    contact.refresh_from_db()
    return contact


def decision_to_sign_off(cast: Cast) -> Decision:
    """A front-door worker's decision on a submitted contact that differs from the framework's
    level, so it waits for a front-door manager's sign-off."""
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_worker, contact=contact, worker=cast.front_door_worker
    )
    decision = frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
        decided_scale=1,
        differs_reason="The worry is met by the school's pastoral support",
    )
    assert decision.needs_sign_off
    return decision
