"""The events the consent app records: one function per kind, payload built here, and beside
each the shape of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.consent.models import ConsentRecord, LawfulBasisRecord
from righthelp.people.models import Person


class ConsentRecordedPayload(TypedDict):
    consent: int
    purpose: str
    decision: str
    given_by: str
    share_with: list[str]
    method: str
    validity_source: str
    competence_assessed: bool


def consent_recorded_event(*, actor: User, person: Person, record: ConsentRecord) -> Event:
    payload: ConsentRecordedPayload = {
        "consent": record.pk,
        "purpose": record.purpose,
        "decision": record.decision,
        "given_by": record.given_by,
        "share_with": record.share_with,
        "method": record.method,
        "validity_source": record.validity_source,
        "competence_assessed": record.competence_assessed_on is not None,
    }
    return event_record(
        actor=actor,
        verb=Verb.CONSENT_RECORDED,
        subject_ids=[person.pk],
        summary=f"Consent {record.get_decision_display().lower()} for "
        f"{record.get_purpose_display().lower()} by {record.given_by_name}",
        payload=payload,
    )


def consent_recorded_payload(event: Event) -> ConsentRecordedPayload:
    return cast(ConsentRecordedPayload, payload_read(event, Verb.CONSENT_RECORDED))


class LawfulBasisRecordedPayload(TypedDict):
    lawful_basis: int
    basis: str
    parents_told: bool
    share_with: list[str]


def lawful_basis_recorded_event(*, actor: User, person: Person, record: LawfulBasisRecord) -> Event:
    payload: LawfulBasisRecordedPayload = {
        "lawful_basis": record.pk,
        "basis": record.basis,
        "parents_told": record.parents_told,
        "share_with": record.share_with,
    }
    return event_record(
        actor=actor,
        verb=Verb.LAWFUL_BASIS_RECORDED,
        subject_ids=[person.pk],
        summary=f"Information shared without consent: {record.get_basis_display()}",
        payload=payload,
    )


def lawful_basis_recorded_payload(event: Event) -> LawfulBasisRecordedPayload:
    return cast(LawfulBasisRecordedPayload, payload_read(event, Verb.LAWFUL_BASIS_RECORDED))


class ConsentWithdrawnPayload(TypedDict):
    consent: int
    withdrawal: int
    told: list[int]
    reviews: list[int]


def consent_withdrawn_event(
    *,
    actor: User,
    person: Person,
    consent: ConsentRecord,
    withdrawal: ConsentRecord,
    told: Sequence[User],
    reviews: Sequence[int],
) -> Event:
    """``consent``: the record withdrawn; ``withdrawal``: the new record saying so; ``told``:
    who was told; ``reviews``: the tasks set to review work resting on the consent."""
    payload: ConsentWithdrawnPayload = {
        "consent": consent.pk,
        "withdrawal": withdrawal.pk,
        "told": [user.pk for user in told],
        "reviews": list(reviews),
    }
    purpose = consent.get_purpose_display().lower()
    return event_record(
        actor=actor,
        verb=Verb.CONSENT_WITHDRAWN,
        subject_ids=[person.pk],
        summary=f"Consent for {purpose} withdrawn by {withdrawal.given_by_name}",
        payload=payload,
    )


def consent_withdrawn_payload(event: Event) -> ConsentWithdrawnPayload:
    return cast(ConsentWithdrawnPayload, payload_read(event, Verb.CONSENT_WITHDRAWN))
