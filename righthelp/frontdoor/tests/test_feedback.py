"""Feedback is true: a referrer who gave only a telephone number is telephoned (a due item with
the message to give, and "record that I telephoned"), never recorded as sent to; a member of
the public hears only what they may know; and each outcome is e-mailed once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from righthelp.accounts.tests.factories import LocalityFactory
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import referrer_messages, services
from righthelp.frontdoor.models import Contact, ContactKind, Decision, Feedback, FeedbackChannel
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.workdue.selectors import due_items, work_for

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

WORRY = "Ellie is often outside late at night and says there is no food at home"


def _decide(cast: Cast, contact: Contact, outcome: str = "early_help_additional") -> Decision:
    return services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome=outcome,
        rationale="Needs across school and home; the family will engage",
        locality=LocalityFactory(name="North", slug="north"),
        decided_scale=2,
    )


def _public(kind: str = ContactKind.PUBLIC_CONCERN, email: str = "", phone: str = "") -> Contact:
    return services.public_contact_submit(
        kind=kind,
        sender_address="198.51.100.4",
        referrer_name="A neighbour",
        referrer_email=email,
        referrer_phone=phone,
        referrer_relationship="Neighbour",
        child=SubjectDetails(role="child", given_name="Ellie", family_name="Shaw"),
        worry=WORRY,
    )


def _telephone_only(cast: Cast) -> Contact:
    return services.telephone_contact_record(
        actor=cast.front_door_worker,
        referrer_name="Dr Amira Khan",
        referrer_agency="Westfield Surgery",
        referrer_phone="01482 000222",
        children=[SubjectDetails(role="child", given_name="Leo", family_name="Marsh")],
        worry="Leo's mother has stopped bringing him to appointments",
    )


def _items(kind: str) -> list:  # type: ignore[type-arg]
    return [i for i in due_items(now=timezone.now()) if i.kind == kind]


# --- A referrer who gave only a telephone number ----------------------------------------------


def test_a_telephone_only_referrer_is_not_recorded_as_told_when_the_decision_is_made(
    cast: Cast,
) -> None:
    contact = _telephone_only(cast)
    _decide(cast, contact)
    assert not Feedback.objects.exists()
    assert not Event.objects.filter(verb=Verb.FEEDBACK_SENT).exists()


def test_a_telephone_only_referrer_gets_a_telephone_the_referrer_item_with_the_message(
    cast: Cast,
) -> None:
    contact = _telephone_only(cast)
    decision = _decide(cast, contact)
    [item] = _items("contact-telephone-referrer")
    assert item.object_id == contact.pk
    assert item.title == f"{contact.reference}: telephone the referrer"
    assert item.note == f"Tell them: {services.referrer_message(decision)}"
    assert item.link == reverse("frontdoor:contact-feedback", args=[contact.pk])
    assert not _items("contact-feedback")
    # The front door sees it in My work, with the message.
    listed = work_for(cast.front_door_worker, now=contact.feedback_due_at)
    assert any(i.kind == "contact-telephone-referrer" for i in listed.overdue + listed.due_today)


def test_recording_the_call_tells_the_referrer_and_ends_the_item(cast: Cast) -> None:
    contact = _telephone_only(cast)
    decision = _decide(cast, contact)
    feedback = services.feedback_telephoned(
        actor=cast.front_door_worker, contact=contact, message=services.referrer_message(decision)
    )
    assert feedback.channel == FeedbackChannel.TELEPHONE
    assert feedback.sent_by == cast.front_door_worker and feedback.sent_to_email == ""
    assert Event.objects.get(verb=Verb.FEEDBACK_SENT).payload["channel"] == "telephone"
    assert not _items("contact-telephone-referrer")


def test_feedback_cannot_be_sent_in_writing_to_a_telephone_only_referrer(cast: Cast) -> None:
    contact = _telephone_only(cast)
    with pytest.raises(ValidationError):
        services.feedback_send(actor=cast.front_door_worker, contact=contact, message="Decided")
    assert not Feedback.objects.exists()


def test_the_feedback_page_asks_the_worker_to_telephone_and_records_the_call(
    client: Client, cast: Cast
) -> None:
    contact = _telephone_only(cast)
    decision = _decide(cast, contact)
    client.force_login(cast.front_door_worker)
    url = reverse("frontdoor:contact-feedback", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "Telephone the referrer" in page and "01482 000222" in page
    assert "Record that I telephoned" in page
    contact_page = client.get(reverse("frontdoor:contact", args=[contact.pk])).content.decode()
    assert "nobody has told them yet" in contact_page
    response = client.post(url, {"message": services.referrer_message(decision)}, follow=True)
    assert "Recorded that you telephoned the referrer" in response.content.decode()
    assert Feedback.objects.get().channel == FeedbackChannel.TELEPHONE


def test_a_referrer_who_left_no_contact_details_is_neither_told_nor_chased(cast: Cast) -> None:
    contact = _public()
    _decide(cast, contact)
    assert not Feedback.objects.exists()
    assert not _items("contact-feedback") and not _items("contact-telephone-referrer")


# --- Members of the public hear only what they may know ----------------------------------------


def test_a_member_of_the_public_is_told_only_that_the_concern_was_considered(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    contact = _public(email="neighbour@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _decide(cast, contact)
    [email] = mail.outbox
    assert email.to == ["neighbour@example.org"]
    assert email.body == f"{contact.reference}: {referrer_messages.PUBLIC_CONCERN_CONSIDERED}"
    for detail in ("early help", "needs", "lead practitioner", "universal services", "Ellie"):
        assert detail not in email.body.replace("family's privacy", "")


def test_a_family_asking_for_help_hears_what_happens_next_not_the_decision(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    contact = _public(kind=ContactKind.SELF_REFERRAL, email="mum@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _decide(cast, contact)
    [email] = mail.outbox
    assert email.body == f"{contact.reference}: {referrer_messages.SELF_REFERRAL_HELP}"
    assert "early help" not in email.body and "needs" not in email.body


def test_a_telephone_only_member_of_the_public_is_rung_with_the_public_wording(cast: Cast) -> None:
    contact = _public(kind=ContactKind.SELF_REFERRAL, phone="07700 900982")
    _decide(cast, contact)
    [item] = _items("contact-telephone-referrer")
    assert item.note == (f"Tell them: {contact.reference}: {referrer_messages.SELF_REFERRAL_HELP}")


def test_a_member_of_the_public_cannot_be_sent_the_familys_details(cast: Cast) -> None:
    contact = _public(email="neighbour@example.org")
    with pytest.raises(ValidationError) as refused:
        services.feedback_send(
            actor=cast.front_door_worker,
            contact=contact,
            message="Ellie's mother is drinking and early help will support the family",
        )
    assert "message" in refused.value.message_dict
    assert not Feedback.objects.exists()
    # The standard wording goes.
    services.feedback_send(
        actor=cast.front_door_worker,
        contact=contact,
        message=f"{contact.reference}: {referrer_messages.PUBLIC_CONCERN_RECEIVED}",
    )
    assert Feedback.objects.get().channel == FeedbackChannel.EMAIL


def test_the_feedback_page_for_the_public_shows_only_the_standard_wording(
    client: Client, cast: Cast
) -> None:
    contact = _public(email="neighbour@example.org")
    _decide(cast, contact)
    client.force_login(cast.front_door_worker)
    page = client.get(reverse("frontdoor:contact-feedback", args=[contact.pk])).content.decode()
    assert referrer_messages.PUBLIC_CONCERN_CONSIDERED.replace("'", "&#x27;") in page
    assert "<textarea" not in page


# --- Each outcome is e-mailed once ---------------------------------------------------------------


def test_a_signed_in_referrer_is_e_mailed_the_outcome_once(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    cast.involved.email = "pat@example.org"
    cast.involved.save()
    contact = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry=WORRY,
    )
    services.request_submit(
        actor=cast.involved,
        contact=contact,
        consent=ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Jo Fletcher",
            method="verbal",
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(cast, contact)
    to_referrer = [m for m in mail.outbox if "pat@example.org" in m.to]
    assert len(to_referrer) == 1
    feedback = Feedback.objects.get()
    assert feedback.channel == FeedbackChannel.IN_APP and feedback.sent_to_user == cast.involved
    notice = Notification.objects.get(
        recipient=cast.involved, kind=NotificationKind.FEEDBACK_ARRIVED
    )
    assert notice.emailed_at is not None


def test_an_e_mail_only_referrer_is_e_mailed_the_outcome_once(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    contact = _public(kind=ContactKind.SELF_REFERRAL, email="mum@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _decide(cast, contact)
    assert [m.to for m in mail.outbox] == [["mum@example.org"]]
    assert Feedback.objects.get().sent_to_email == "mum@example.org"
