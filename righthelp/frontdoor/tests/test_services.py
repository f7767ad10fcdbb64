"""Front-door services: consent rules on submit, public forms, triage, decisions, sign-off,
feedback, consultations and the known check."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from pytest_django import DjangoCaptureOnCommitCallbacks

from righthelp.accounts.models import Role
from righthelp.accounts.tests.factories import LocalityFactory, UserFactory
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.core.checkpoint import visible_people
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.models import (
    Consultation,
    Contact,
    ContactStatus,
    Decision,
    EarlyHelpRequest,
    SocialCareReferral,
)
from righthelp.frontdoor.services import ConsentDetails, LawfulBasisDetails, SubjectDetails

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def draft(cast: Cast, **overrides: Any) -> Contact:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "subjects": [SubjectDetails(role="child", person=cast.child)],
        "worry": "Kayden has been coming to school hungry and withdrawn",
        "referrer_view_scale": 3,
    }
    values.update(overrides)
    return services.request_save(**values)


CONSENT = ConsentDetails(
    given_by="parent_or_carer",
    given_by_name="Jo Fletcher",
    method="verbal",
    validity=VALID,
    child_not_asked_reason=CHILD_NOT_ASKED,
)


def submitted(cast: Cast, **overrides: Any) -> Contact:
    contact = draft(cast, **overrides)
    return services.request_submit(actor=cast.involved, contact=contact, consent=CONSENT)


def test_a_request_for_early_help_without_consent_or_lawful_basis_is_refused(cast: Cast) -> None:
    contact = draft(cast)
    with pytest.raises(ValidationError) as refused:
        services.request_submit(actor=cast.involved, contact=contact)
    assert "consent" in refused.value.message_dict
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT


def test_with_consent_the_request_reaches_the_front_door_with_due_times(cast: Cast) -> None:
    contact = submitted(cast)
    assert contact.status == ContactStatus.RECEIVED
    assert contact.reference.startswith("FD-")
    assert contact.feedback_due_at is not None
    assert contact.decision_due_at is not None
    assert contact.received_at is not None
    assert contact.decision_due_at > contact.received_at
    assert contact.feedback_due_at > contact.decision_due_at
    assert contact.consent is not None and contact.consent.given_by_name == "Jo Fletcher"
    verbs = list(
        Event.objects.filter(subjects__person_id=cast.child.pk).values_list("verb", flat=True)
    )
    assert Verb.CONTACT_RECEIVED in verbs and Verb.CONSENT_RECORDED in verbs


def test_significant_harm_goes_without_consent_but_only_with_lawful_basis_reasons(
    cast: Cast,
) -> None:
    contact = draft(cast, urgency="significant_harm")
    with pytest.raises(ValidationError) as refused:
        services.request_submit(actor=cast.involved, contact=contact)
    assert "lawful_basis" in refused.value.message_dict
    services.request_submit(
        actor=cast.involved,
        contact=contact,
        lawful_basis=LawfulBasisDetails(
            reasons="Bruising on the face the child says was caused by a parent",
            parents_told=False,
            not_told_reason="Telling the parent could put the child at greater risk",
            significant_harm_suspected=True,
        ),
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED and contact.priority == "red"
    assert contact.lawful_basis is not None and contact.consent is None


def test_a_repeated_first_save_makes_one_draft_and_a_stale_save_is_refused(cast: Cast) -> None:
    key = uuid.uuid4()
    first = draft(cast, submission_key=key)
    second = draft(cast, submission_key=key)
    assert first.pk == second.pk and Contact.objects.count() == 1
    services.request_save(
        actor=cast.involved,
        contact=first,
        expected_version=1,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Updated",
    )
    from righthelp.core.services import StaleEdit

    with pytest.raises(StaleEdit):
        services.request_save(
            actor=cast.involved,
            contact=first,
            expected_version=1,
            subjects=[SubjectDetails(role="child", person=cast.child)],
            worry="Older tab",
        )


def test_front_door_sees_the_child_while_handling_the_contact(cast: Cast) -> None:
    assert not visible_people(cast.front_door_worker).filter(pk=cast.child.pk).exists()
    submitted(cast)
    assert visible_people(cast.front_door_worker).filter(pk=cast.child.pk).exists()
    assert not visible_people(cast.practitioner).filter(pk=cast.child.pk).exists()


def test_public_concern_lands_in_the_queue_and_is_rate_limited(cast: Cast) -> None:
    def report() -> Contact:
        return services.public_contact_submit(
            kind="public_concern",
            sender_address="203.0.113.9",
            referrer_name="",
            referrer_email="",
            referrer_phone="",
            referrer_relationship="Neighbour",
            child=SubjectDetails(role="child", given_name="Ellie", family_name="Shaw"),
            worry="Shouting every night and the little girl is left alone",
        )

    with override_settings(RIGHTHELP_PUBLIC_FORM_LIMIT=2):
        first = report()
        report()
        with pytest.raises(services.RateLimited):
            report()
    assert first.status == ContactStatus.RECEIVED and first.referrer is None
    assert Contact.objects.count() == 2
    queue = selectors.contact_queue(user=cast.front_door_worker, filters=selectors.QueueFilter())
    assert first in queue.object_list


def decided(cast: Cast, outcome: str, **kwargs: Any) -> tuple[Contact, Decision]:
    contact = submitted(cast)
    services.contact_assign(
        actor=cast.front_door_worker, contact=contact, worker=cast.front_door_worker
    )
    return contact, services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome=outcome,
        rationale="Needs across health and school; family willing to engage",
        decided_scale=kwargs.pop("decided_scale", 3),
        **kwargs,
    )


def test_an_early_help_decision_creates_a_locality_request_and_tells_the_referrer(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    cast.involved.email = "pat@example.org"
    cast.involved.save()
    west = LocalityFactory(name="West", slug="west")
    with django_capture_on_commit_callbacks(execute=True):
        contact, decision = decided(cast, "early_help_targeted", locality=west)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assert EarlyHelpRequest.objects.get(decision=decision).locality == west
    feedback = contact.feedback.get()
    assert "targeted early help" in feedback.message and contact.reference in feedback.message
    assert mail.outbox[-1].to == ["pat@example.org"]


def test_an_early_help_decision_needs_a_locality_and_a_differing_level_needs_a_reason(
    cast: Cast,
) -> None:
    contact = submitted(cast)
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=cast.front_door_worker,
            contact=contact,
            outcome="early_help_additional",
            rationale="x",
            decided_scale=2,
        )
    assert set(refused.value.message_dict) == {"locality", "differs_reason"}


def test_configured_outcomes_wait_for_another_managers_sign_off(cast: Cast) -> None:
    contact, decision = decided(cast, "csc_assessment", decided_scale=4, differs_reason="Injury")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_SIGN_OFF
    assert not SocialCareReferral.objects.exists()
    with pytest.raises(PermissionError):
        services.decision_sign_off(actor=cast.front_door_worker, decision=decision, agreed=True)
    services.decision_sign_off(actor=cast.front_door_manager, decision=decision, agreed=True)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    assessment_due_on = SocialCareReferral.objects.get(decision=decision).assessment_due_on
    assert assessment_due_on is not None and assessment_due_on > date.today()


def test_a_manager_who_disagrees_sends_the_contact_back_with_a_note(cast: Cast) -> None:
    contact, decision = decided(cast, "advice", decided_scale=3)
    with pytest.raises(ValidationError):
        services.decision_sign_off(actor=cast.front_door_manager, decision=decision, agreed=False)
    services.decision_sign_off(
        actor=cast.front_door_manager, decision=decision, agreed=False, note="Talk to the school"
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.IN_TRIAGE
    assert not contact.feedback.exists()


def test_only_the_front_door_decides(cast: Cast) -> None:
    contact = submitted(cast)
    with pytest.raises(PermissionError):
        services.decision_record(
            actor=cast.involved, contact=contact, outcome="advice", rationale="x"
        )


def test_the_known_check_reveals_only_whom_to_contact_and_is_logged(cast: Cast) -> None:
    make_episode(
        locality=LocalityFactory(name="West", slug="west"),
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )
    stranger = UserFactory(username="stranger", roles=[Role.PRACTITIONER])
    answer = selectors.known_check(
        user=stranger,
        given_name="Kay",
        family_name="fletcher",
        date_of_birth=cast.child.date_of_birth,
    )
    assert answer.known
    assert "contact the lead practitioner, " in answer.text
    assert "(Early Help West)" in answer.text
    assert "Kayden" not in answer.text
    nobody = selectors.known_check(
        user=stranger, family_name="Nobody", date_of_birth=date(2010, 1, 1)
    )
    assert not nobody.known
    records = AccessRecord.objects.filter(user=stranger, action=AccessAction.KNOWN_CHECK)
    assert records.count() == 2
    assert list(records.order_by("id")[0].people.values_list("person_id", flat=True)) == [
        cast.child.pk
    ]


def test_an_anonymous_consultation_holds_no_personal_data(cast: Cast) -> None:
    consultation = services.consultation_ask(actor=cast.involved, question="A 9-year-old says...")
    services.consultation_advise(
        actor=cast.front_door_worker, consultation=consultation, advice="Ask"
    )
    fields = {f.name for f in Consultation._meta.get_fields()}
    assert not fields & {"person", "person_id", "given_name", "family_name", "date_of_birth"}
    assert not Event.objects.filter(verb=Verb.CONSULTATION_ASKED).get().subjects.exists()
