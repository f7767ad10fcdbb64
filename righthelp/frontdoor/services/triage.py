"""Triage at the front door: assigning, prioritising and linking a contact to a person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from righthelp.accounts.models import User
from righthelp.frontdoor.events import (
    contact_assigned_event,
    contact_person_linked_event,
    contact_prioritised_event,
)
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    ContactSubject,
    Priority,
)
from righthelp.frontdoor.notices import (
    notify_contact_assigned,
)
from righthelp.frontdoor.permissions import (
    is_front_door,
)
from righthelp.frontdoor.services.common import _check_version, _front_door_only, _statement_record
from righthelp.frontdoor.services.think_family import think_family_tell
from righthelp.people.models import Person
from righthelp.thresholds.models import ThresholdEvaluation


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
