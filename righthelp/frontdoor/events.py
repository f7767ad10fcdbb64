"""The events the front door records: one function per kind, payload built here, and beside
each the shape of its payload and a reader. A contact's events are about the people linked to
it (none until the front door links them).

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypedDict, cast

from righthelp.accounts.models import ApiToken, Locality, Organisation, User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.frontdoor.models import (
    Consultation,
    Contact,
    ContactKind,
    ContactStatus,
    ContactSubject,
    Decision,
    Feedback,
    SocialCareReferral,
    StepDownRequest,
    ThinkFamilyNotice,
    Urgency,
)
from righthelp.people.models import Person


def contact_subject_ids(contact: Contact) -> list[int]:
    """The people linked to a contact: whom its events are about."""
    return [s.person_id for s in contact.subjects.all() if s.person_id]


# --- Contacts arriving ---------------------------------------------------------------------


class ContactDraftedPayload(TypedDict):
    contact: int
    version: int


def contact_drafted_event(*, actor: User, contact: Contact) -> Event:
    payload: ContactDraftedPayload = {"contact": contact.pk, "version": contact.version}
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_DRAFTED,
        subject_ids=contact_subject_ids(contact),
        summary="Request for support saved as a draft",
        payload=payload,
    )


def contact_drafted_payload(event: Event) -> ContactDraftedPayload:
    return cast(ContactDraftedPayload, payload_read(event, Verb.CONTACT_DRAFTED))


class ContactReceivedPayload(TypedDict, total=False):
    """What each route into the front door records when a contact arrives: all name the contact
    and its reference; the rest depends on the route."""

    contact: int
    reference: str
    # a request for support sent by a practitioner
    urgency: str
    without_consent_on_significant_harm: bool
    # public forms and telephone contacts
    kind: str
    written_confirmation_due_at: str | None
    # the API
    organisation: int
    token: int
    via: str
    # a decided contact re-opened for a new decision
    reopened: bool
    previous_decision: int | None
    disagreement: int | None
    old: dict[str, str]
    new: dict[str, str]


def contact_sent_event(
    *, actor: User, contact: Contact, without_consent_on_significant_harm: bool
) -> Event:
    """A practitioner's request for support sent to the front door."""
    payload: ContactReceivedPayload = {
        "contact": contact.pk,
        "reference": contact.reference,
        "urgency": contact.urgency,
        "without_consent_on_significant_harm": without_consent_on_significant_harm,
    }
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_RECEIVED,
        subject_ids=contact_subject_ids(contact),
        summary=f"Request for support {contact.reference} sent to the front door"
        + (" (significant harm)" if contact.urgency == Urgency.SIGNIFICANT_HARM else ""),
        payload=payload,
    )


def public_contact_received_event(*, contact: Contact) -> Event:
    """A public concern or self-referral from a public form: no actor, nobody linked yet."""
    payload: ContactReceivedPayload = {
        "contact": contact.pk,
        "reference": contact.reference,
        "kind": contact.kind,
    }
    return event_record(
        actor=None,
        verb=Verb.CONTACT_RECEIVED,
        summary=f"{contact.get_kind_display()} {contact.reference} received",
        payload=payload,
    )


def telephone_contact_received_event(*, actor: User, contact: Contact) -> Event:
    due = contact.written_confirmation_due_at
    payload: ContactReceivedPayload = {
        "contact": contact.pk,
        "reference": contact.reference,
        "kind": ContactKind.TELEPHONE,
        "urgency": contact.urgency,
        "written_confirmation_due_at": due.isoformat() if due else None,
    }
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_RECEIVED,
        subject_ids=contact_subject_ids(contact),
        summary=f"Telephone contact {contact.reference} from {contact.referrer_name} "
        f"({contact.referrer_relationship}) recorded"
        + (" (to be confirmed in writing)" if due else ""),
        payload=payload,
    )


def api_contact_received_event(
    *, contact: Contact, organisation: Organisation, token: ApiToken
) -> Event:
    """A request for support an organisation's system sent through the API (no actor)."""
    payload: ContactReceivedPayload = {
        "contact": contact.pk,
        "reference": contact.reference,
        "organisation": organisation.pk,
        "token": token.pk,
        "via": "api",
    }
    return event_record(
        actor=None,
        verb=Verb.CONTACT_RECEIVED,
        summary=f"Request for support {contact.reference} received from {organisation.name} "
        "through the API",
        payload=payload,
    )


def contact_reopened_event(
    *,
    actor: User,
    contact: Contact,
    reason: str,
    previous: Decision | None,
    upheld_disagreement: int | None,
) -> Event:
    """A decided contact back with the front door for a new decision (``upheld_disagreement``:
    the professional disagreement whose upholding re-opened it, if one did)."""
    payload: ContactReceivedPayload = {
        "contact": contact.pk,
        "reopened": True,
        "previous_decision": previous.pk if previous else None,
        "disagreement": upheld_disagreement,
        "old": {"status": ContactStatus.DECIDED},
        "new": {"status": contact.status},
    }
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_RECEIVED,
        subject_ids=contact_subject_ids(contact),
        summary=f"{contact.reference} re-opened for a new decision: {reason.strip()}"[:300],
        payload=payload,
    )


def contact_received_payload(event: Event) -> ContactReceivedPayload:
    return cast(ContactReceivedPayload, payload_read(event, Verb.CONTACT_RECEIVED))


class WrittenConfirmationPayload(TypedDict):
    contact: int
    due_at: str
    late: bool


def written_confirmation_received_event(*, actor: User, contact: Contact, late: bool) -> Event:
    due = contact.written_confirmation_due_at
    assert due is not None  # only a contact waiting for written confirmation gets one
    payload: WrittenConfirmationPayload = {
        "contact": contact.pk,
        "due_at": due.isoformat(),
        "late": late,
    }
    return event_record(
        actor=actor,
        verb=Verb.WRITTEN_CONFIRMATION_RECEIVED,
        subject_ids=contact_subject_ids(contact),
        summary=f"Written confirmation of {contact.reference} received"
        + (" (after it was due)" if late else ""),
        payload=payload,
    )


def written_confirmation_received_payload(event: Event) -> WrittenConfirmationPayload:
    return cast(WrittenConfirmationPayload, payload_read(event, Verb.WRITTEN_CONFIRMATION_RECEIVED))


# --- Triage --------------------------------------------------------------------------------


class ContactAssignedPayload(TypedDict):
    contact: int
    old: int | None
    new: int


def contact_assigned_event(
    *, actor: User, contact: Contact, previous: User | None, worker: User
) -> Event:
    payload: ContactAssignedPayload = {
        "contact": contact.pk,
        "old": previous.pk if previous else None,
        "new": worker.pk,
    }
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_ASSIGNED,
        subject_ids=contact_subject_ids(contact),
        summary=f"{contact.reference} assigned to {worker.display_name}",
        payload=payload,
    )


def contact_assigned_payload(event: Event) -> ContactAssignedPayload:
    return cast(ContactAssignedPayload, payload_read(event, Verb.CONTACT_ASSIGNED))


class ContactPrioritisedPayload(TypedDict):
    contact: int
    old: str
    new: str


def contact_prioritised_event(*, actor: User, contact: Contact, old: str) -> Event:
    """``old``: the priority before; the new one is the contact's."""
    payload: ContactPrioritisedPayload = {
        "contact": contact.pk,
        "old": old,
        "new": contact.priority,
    }
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_PRIORITISED,
        subject_ids=contact_subject_ids(contact),
        summary=f"{contact.reference} priority {contact.get_priority_display().lower()}",
        payload=payload,
    )


def contact_prioritised_payload(event: Event) -> ContactPrioritisedPayload:
    return cast(ContactPrioritisedPayload, payload_read(event, Verb.CONTACT_PRIORITISED))


class ContactPersonLinkedPayload(TypedDict):
    contact: int
    old: int | None
    new: int


def contact_person_linked_event(
    *, actor: User, subject: ContactSubject, person: Person, old: int | None
) -> Event:
    """A person named in a contact linked to ``person``'s record (``old``: the record it was
    linked to before, if any). About that person only."""
    payload: ContactPersonLinkedPayload = {
        "contact": subject.contact_id,
        "old": old,
        "new": person.pk,
    }
    return event_record(
        actor=actor,
        verb=Verb.CONTACT_PERSON_LINKED,
        subject_ids=[person.pk],
        summary=f"Named in contact {subject.contact.reference}",
        payload=payload,
    )


def contact_person_linked_payload(event: Event) -> ContactPersonLinkedPayload:
    return cast(ContactPersonLinkedPayload, payload_read(event, Verb.CONTACT_PERSON_LINKED))


# --- Decisions and feedback ----------------------------------------------------------------


class DecisionMadePayload(TypedDict):
    contact: int
    decision: int
    outcome: str
    decided_scale: int | None
    needs_sign_off: bool


def decision_made_event(*, actor: User, contact: Contact, decision: Decision) -> Event:
    payload: DecisionMadePayload = {
        "contact": contact.pk,
        "decision": decision.pk,
        "outcome": decision.outcome,
        "decided_scale": decision.decided_scale,
        "needs_sign_off": decision.needs_sign_off,
    }
    return event_record(
        actor=actor,
        verb=Verb.DECISION_MADE,
        subject_ids=contact_subject_ids(contact),
        summary=f"{contact.reference}: {decision.get_outcome_display()}"
        + (" (awaiting manager sign-off)" if decision.needs_sign_off else ""),
        payload=payload,
    )


def decision_made_payload(event: Event) -> DecisionMadePayload:
    return cast(DecisionMadePayload, payload_read(event, Verb.DECISION_MADE))


class DecisionSignedOffPayload(TypedDict):
    contact: int
    decision: int
    agreed: bool


def decision_signed_off_event(
    *, actor: User, contact: Contact, decision: Decision, agreed: bool
) -> Event:
    payload: DecisionSignedOffPayload = {
        "contact": contact.pk,
        "decision": decision.pk,
        "agreed": agreed,
    }
    return event_record(
        actor=actor,
        verb=Verb.DECISION_SIGNED_OFF,
        subject_ids=contact_subject_ids(contact),
        summary=f"{contact.reference}: manager {'agreed' if agreed else 'did not agree'}",
        payload=payload,
    )


def decision_signed_off_payload(event: Event) -> DecisionSignedOffPayload:
    return cast(DecisionSignedOffPayload, payload_read(event, Verb.DECISION_SIGNED_OFF))


class FeedbackSentPayload(TypedDict):
    contact: int
    feedback: int
    channel: str


def feedback_sent_event(
    *, actor: User | None, contact: Contact, feedback: Feedback, telephoned: bool = False
) -> Event:
    """The referrer told the outcome: in writing, or (``telephoned``) by telephone."""
    payload: FeedbackSentPayload = {
        "contact": contact.pk,
        "feedback": feedback.pk,
        "channel": feedback.channel,
    }
    how = "telephoned with" if telephoned else "told"
    return event_record(
        actor=actor,
        verb=Verb.FEEDBACK_SENT,
        subject_ids=contact_subject_ids(contact),
        summary=f"Referrer {how} the outcome of {contact.reference}",
        payload=payload,
    )


def feedback_sent_payload(event: Event) -> FeedbackSentPayload:
    return cast(FeedbackSentPayload, payload_read(event, Verb.FEEDBACK_SENT))


# --- Anonymous consultations -----------------------------------------------------------------


class ConsultationPayload(TypedDict):
    consultation: int


def consultation_asked_event(*, actor: User, consultation: Consultation) -> Event:
    """About nobody: a consultation is anonymous."""
    payload: ConsultationPayload = {"consultation": consultation.pk}
    return event_record(
        actor=actor,
        verb=Verb.CONSULTATION_ASKED,
        summary="Anonymous consultation asked",
        payload=payload,
    )


def consultation_advised_event(*, actor: User, consultation: Consultation) -> Event:
    payload: ConsultationPayload = {"consultation": consultation.pk}
    return event_record(
        actor=actor,
        verb=Verb.CONSULTATION_ADVISED,
        summary="Consultation advice given",
        payload=payload,
    )


def consultation_payload(event: Event) -> ConsultationPayload:
    return cast(
        ConsultationPayload,
        payload_read(event, Verb.CONSULTATION_ASKED, Verb.CONSULTATION_ADVISED),
    )


# --- Step down requested by children's social care -----------------------------------------


class StepDownRequestedPayload(TypedDict):
    referral: int
    contact: int
    step_down_request: int
    work_ends_on: str
    locality: int
    why: str
    support_needed: str


def step_down_requested_event(
    *,
    actor: User,
    referral: SocialCareReferral,
    contact: Contact,
    request: StepDownRequest,
    work_ends_on: date,
    locality: Locality,
) -> Event:
    payload: StepDownRequestedPayload = {
        "referral": referral.pk,
        "contact": contact.pk,
        "step_down_request": request.pk,
        "work_ends_on": work_ends_on.isoformat(),
        "locality": locality.pk,
        "why": request.why,
        "support_needed": request.support_needed,
    }
    return event_record(
        actor=actor,
        verb=Verb.STEP_DOWN_REQUESTED,
        subject_ids=contact_subject_ids(contact),
        summary=f"Children's social care's work from {contact.reference} ends on "
        f"{work_ends_on:%d %B %Y}: step down to early help in {locality.name} asked for",
        payload=payload,
    )


def step_down_requested_payload(event: Event) -> StepDownRequestedPayload:
    return cast(StepDownRequestedPayload, payload_read(event, Verb.STEP_DOWN_REQUESTED))


# --- Think Family --------------------------------------------------------------------------


class ThinkFamilyTold(TypedDict):
    recipient: int
    child: int
    role: str


class ThinkFamilyNotTold(TypedDict):
    recipient: int
    child: int
    role: str
    reason: str


class ThinkFamilyCheckedPayload(TypedDict):
    contact: int
    told: list[ThinkFamilyTold]
    not_told: list[ThinkFamilyNotTold]


def think_family_checked_event(
    *,
    actor: User | None,
    contact: Contact,
    subject_ids: Iterable[int],
    notices: Sequence[ThinkFamilyNotice],
) -> Event:
    """The professionals of other children in the household considered for a contact: those
    ``notices`` told and those not told (with why)."""
    told_now = [n for n in notices if n.told_at is not None]
    not_told = [n for n in notices if n.told_at is None]
    payload: ThinkFamilyCheckedPayload = {
        "contact": contact.pk,
        "told": [
            {"recipient": n.recipient_id, "child": n.child_id, "role": n.role} for n in told_now
        ],
        "not_told": [
            {
                "recipient": n.recipient_id,
                "child": n.child_id,
                "role": n.role,
                "reason": n.not_told_reason,
            }
            for n in not_told
        ],
    }
    return event_record(
        actor=actor,
        verb=Verb.THINK_FAMILY_CHECKED,
        subject_ids=list(subject_ids),
        summary=f"Think Family for {contact.reference}: {len(told_now)} professional(s) of "
        f"other children in the household told, {len(not_told)} not told (no lawful basis)",
        payload=payload,
    )


def think_family_checked_payload(event: Event) -> ThinkFamilyCheckedPayload:
    return cast(ThinkFamilyCheckedPayload, payload_read(event, Verb.THINK_FAMILY_CHECKED))
