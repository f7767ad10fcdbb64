"""Steps every front-door write shares: checking a version, receiving a contact, writing the people
it names, recording a statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent import services as consent_services
from righthelp.consent.models import ConsentPurpose
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit
from righthelp.frontdoor.due import contact_due_times
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
    ContactSubject,
    SubjectRole,
)
from righthelp.frontdoor.permissions import (
    is_front_door,
)
from righthelp.people import identifiers
from righthelp.people.models import Person


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


def _front_door_only(actor: User) -> None:
    if not is_front_door(actor):
        raise PermissionError("Only the front door can do this")


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
