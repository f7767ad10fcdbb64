"""The front door's services record their events about the people linked to the contact, with
the payload ``frontdoor.events`` builds; the readers there read back what was written."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import services
from righthelp.frontdoor.events import (
    consultation_payload,
    contact_assigned_payload,
    contact_drafted_payload,
    contact_prioritised_payload,
    contact_received_payload,
    decision_made_payload,
    decision_signed_off_payload,
    feedback_sent_payload,
    written_confirmation_received_payload,
)
from righthelp.frontdoor.models import Contact, ContactStatus
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails

pytestmark = pytest.mark.django_db

CONSENT = ConsentDetails(
    given_by="parent_or_carer",
    given_by_name="Jo Fletcher",
    method="verbal",
    validity=VALID,
    child_not_asked_reason=CHILD_NOT_ASKED,
)


def events(verb: Verb) -> list[Event]:
    return list(Event.objects.filter(verb=verb.value).order_by("id"))


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def subjects(event: Event) -> set[int]:
    return set(event.subjects.values_list("person_id", flat=True))


def sent(cast: Cast) -> Contact:
    contact = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Kayden has been coming to school hungry and withdrawn",
        referrer_view_scale=3,
    )
    return services.request_submit(actor=cast.involved, contact=contact, consent=CONSENT)


def test_a_request_from_draft_to_decision_reads_back_each_step(cast: Cast) -> None:
    contact = sent(cast)
    drafted = only(Verb.CONTACT_DRAFTED)
    assert subjects(drafted) == {cast.child.pk}
    assert contact_drafted_payload(drafted)["contact"] == contact.pk
    received = only(Verb.CONTACT_RECEIVED)
    assert subjects(received) == {cast.child.pk}
    assert received.summary == f"Request for support {contact.reference} sent to the front door"
    assert contact_received_payload(received) == {
        "contact": contact.pk,
        "reference": contact.reference,
        "urgency": contact.urgency,
        "without_consent_on_significant_harm": False,
    }

    services.contact_assign(
        actor=cast.front_door_worker, contact=contact, worker=cast.front_door_worker
    )
    assigned = only(Verb.CONTACT_ASSIGNED)
    assert (
        assigned.summary == f"{contact.reference} assigned to {cast.front_door_worker.display_name}"
    )
    assert contact_assigned_payload(assigned) == {
        "contact": contact.pk,
        "old": None,
        "new": cast.front_door_worker.pk,
    }
    contact.refresh_from_db()
    old = contact.priority
    services.contact_prioritise(actor=cast.front_door_worker, contact=contact, priority="red")
    prioritised = only(Verb.CONTACT_PRIORITISED)
    assert prioritised.summary == f"{contact.reference} priority red"
    assert contact_prioritised_payload(prioritised) == {
        "contact": contact.pk,
        "old": old,
        "new": "red",
    }

    decision = services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="csc_assessment",
        rationale="Injury seen at school",
        decided_scale=4,
        differs_reason="Injury",
    )
    made = only(Verb.DECISION_MADE)
    assert subjects(made) == {cast.child.pk}
    assert made.summary.endswith("(awaiting manager sign-off)")
    assert decision_made_payload(made) == {
        "contact": contact.pk,
        "decision": decision.pk,
        "outcome": "csc_assessment",
        "decided_scale": 4,
        "needs_sign_off": True,
    }
    services.decision_sign_off(actor=cast.front_door_manager, decision=decision, agreed=True)
    signed = only(Verb.DECISION_SIGNED_OFF)
    assert signed.summary == f"{contact.reference}: manager agreed"
    assert decision_signed_off_payload(signed) == {
        "contact": contact.pk,
        "decision": decision.pk,
        "agreed": True,
    }
    feedback = contact.feedback.get()
    told = only(Verb.FEEDBACK_SENT)
    assert told.summary == f"Referrer told the outcome of {contact.reference}"
    assert feedback_sent_payload(told) == {
        "contact": contact.pk,
        "feedback": feedback.pk,
        "channel": feedback.channel,
    }

    services.contact_reopen_for_decision(
        actor=cast.front_door_worker, contact=contact, reason="New injury reported"
    )
    reopened = events(Verb.CONTACT_RECEIVED)[-1]
    assert (
        reopened.summary == f"{contact.reference} re-opened for a new decision: New injury reported"
    )
    read = contact_received_payload(reopened)
    assert read.get("reopened") is True and read.get("previous_decision") == decision.pk
    assert read.get("old") == {"status": ContactStatus.DECIDED}
    assert read.get("new") == {"status": ContactStatus.IN_TRIAGE}


def test_a_public_concern_and_a_consultation_are_about_nobody(cast: Cast) -> None:
    contact = services.public_contact_submit(
        kind="public_concern",
        sender_address="203.0.113.9",
        referrer_name="",
        referrer_email="",
        referrer_phone="",
        referrer_relationship="Neighbour",
        child=SubjectDetails(role="child", given_name="Ellie", family_name="Shaw"),
        worry="Shouting every night and the little girl is left alone",
    )
    received = only(Verb.CONTACT_RECEIVED)
    assert received.actor is None and not received.subjects.exists()
    assert contact_received_payload(received) == {
        "contact": contact.pk,
        "reference": contact.reference,
        "kind": "public_concern",
    }

    consultation = services.consultation_ask(actor=cast.involved, question="A 9-year-old says")
    services.consultation_advise(
        actor=cast.front_door_worker, consultation=consultation, advice="Ask"
    )
    for verb in (Verb.CONSULTATION_ASKED, Verb.CONSULTATION_ADVISED):
        event = only(verb)
        assert not event.subjects.exists()
        assert consultation_payload(event) == {"consultation": consultation.pk}


def test_a_telephone_contact_and_its_written_confirmation_read_back_when_it_was_due(
    cast: Cast,
) -> None:
    contact = services.telephone_contact_record(
        actor=cast.front_door_worker,
        referrer_name="PC Dana Holt",
        referrer_agency="Humberside Police",
        referrer_phone="01482 000111",
        children=[SubjectDetails(role="child", given_name="Isla", family_name="Marsh")],
        worry="Attended a domestic incident; the children were in the house",
        urgency="significant_harm",
    )
    due = contact.written_confirmation_due_at
    assert due is not None
    received = only(Verb.CONTACT_RECEIVED)
    assert received.summary == (
        f"Telephone contact {contact.reference} from PC Dana Holt (Humberside Police) recorded"
        " (to be confirmed in writing)"
    )
    assert contact_received_payload(received) == {
        "contact": contact.pk,
        "reference": contact.reference,
        "kind": "telephone",
        "urgency": "significant_harm",
        "written_confirmation_due_at": due.isoformat(),
    }
    services.written_confirmation_record(actor=cast.front_door_worker, contact=contact)
    confirmed = only(Verb.WRITTEN_CONFIRMATION_RECEIVED)
    assert confirmed.summary == f"Written confirmation of {contact.reference} received"
    read = written_confirmation_received_payload(confirmed)
    assert read["contact"] == contact.pk and read["late"] is False
    assert datetime.fromisoformat(read["due_at"]) == due
