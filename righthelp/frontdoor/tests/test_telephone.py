"""Telephone contacts from professionals, and the written confirmation a call about significant
harm needs within 48 hours: the services, the pages, the queue's tag and filter."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.frontdoor import services
from righthelp.frontdoor.models import Contact, ContactKind, ContactStatus, Priority
from righthelp.frontdoor.services import SubjectDetails
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

QUEUE = reverse("frontdoor:queue")
TELEPHONE = reverse("frontdoor:telephone-contact")


def call(actor: User, urgency: str = "significant_harm", **overrides: Any) -> Contact:
    options: dict[str, Any] = {
        "referrer_name": "PC Dana Holt",
        "referrer_agency": "Humberside Police",
        "referrer_phone": "01482 000111",
        "referrer_email": "d.holt@police.example.uk",
        "children": [
            SubjectDetails(
                role="child", given_name="Leo", family_name="Marsh", nhs_number="485 777 3457"
            ),
            SubjectDetails(role="child", given_name="Isla", family_name="Marsh"),
        ],
        "worry": "Attended a domestic incident; the children were in the house",
        "urgency": urgency,
    }
    options.update(overrides)
    return services.telephone_contact_record(actor=actor, **options)


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "referrer_name": "PC Dana Holt",
        "referrer_agency": "Humberside Police",
        "referrer_phone": "01482 000111",
        "referrer_email": "",
        "child_1_given_name": "Leo",
        "child_1_family_name": "Marsh",
        "child_1_nhs_number": "485 777 3457",
        "child_2_given_name": "Isla",
        "child_2_family_name": "Marsh",
        "worry": "Attended a domestic incident; the children were in the house",
        "urgency": "significant_harm",
        "family_knows": "no",
    }
    data.update(overrides)
    return data


# --- Services ---------------------------------------------------------------------------------


def test_a_call_about_significant_harm_is_received_red_and_due_in_writing_in_48_hours(
    cast: Cast,
) -> None:
    before = timezone.now()
    contact = call(cast.front_door_worker)
    assert contact.kind == ContactKind.TELEPHONE
    assert contact.status == ContactStatus.RECEIVED
    assert contact.reference.startswith("FD-")
    assert contact.priority == Priority.RED
    assert contact.referrer_relationship == "Humberside Police"
    due = contact.written_confirmation_due_at
    assert due is not None
    assert before + timedelta(hours=48) <= due <= timezone.now() + timedelta(hours=48)
    assert contact.written_confirmation_received_at is None
    subjects = list(contact.subjects.order_by("id"))
    assert [s.given_name for s in subjects] == ["Leo", "Isla"]
    assert subjects[0].nhs_number == "4857773457"
    event = Event.objects.get(verb=Verb.CONTACT_RECEIVED, payload__contact=contact.pk)
    assert event.actor == cast.front_door_worker
    assert "to be confirmed in writing" in event.summary


def test_a_routine_call_needs_no_written_confirmation(cast: Cast) -> None:
    contact = call(cast.front_door_worker, urgency="routine")
    assert contact.written_confirmation_due_at is None
    with pytest.raises(ValidationError, match="does not need written confirmation"):
        services.written_confirmation_record(actor=cast.front_door_worker, contact=contact)


def test_a_call_is_refused_with_reasons_and_nothing_saved(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        call(
            cast.front_door_worker,
            referrer_name=" ",
            referrer_agency="",
            referrer_phone="",
            referrer_email="",
            worry="",
            children=[],
        )
    assert set(refused.value.message_dict) == {
        "referrer_name",
        "referrer_agency",
        "referrer_phone",
        "worry",
        "subjects",
    }
    with pytest.raises(ValidationError, match="NHS number"):
        call(
            cast.front_door_worker,
            children=[SubjectDetails(role="child", given_name="Leo", nhs_number="4857773458")],
        )
    assert not Contact.objects.exists()


def test_only_the_front_door_records_a_call(cast: Cast) -> None:
    with pytest.raises(PermissionError):
        call(cast.involved)


def test_a_double_submitted_call_makes_one_contact(cast: Cast) -> None:
    key = uuid.uuid4()
    first = call(cast.front_door_worker, submission_key=key)
    again = call(cast.front_door_worker, submission_key=key)
    assert first.pk == again.pk
    assert Contact.objects.count() == 1


def test_the_written_confirmation_is_recorded_once_with_an_event(cast: Cast) -> None:
    contact = call(cast.front_door_worker)
    updated = services.written_confirmation_record(actor=cast.front_door_manager, contact=contact)
    assert updated.written_confirmation_received_at is not None
    event = Event.objects.get(verb=Verb.WRITTEN_CONFIRMATION_RECEIVED)
    assert event.actor == cast.front_door_manager
    assert event.payload["contact"] == contact.pk and event.payload["late"] is False
    with pytest.raises(ValidationError, match="already been recorded"):
        services.written_confirmation_record(actor=cast.front_door_worker, contact=contact)
    with pytest.raises(PermissionError):
        services.written_confirmation_record(actor=cast.involved, contact=contact)


def test_a_late_confirmation_is_marked_late(cast: Cast) -> None:
    contact = call(cast.front_door_worker)
    Contact.objects.filter(pk=contact.pk).update(
        written_confirmation_due_at=timezone.now() - timedelta(hours=1)
    )
    services.written_confirmation_record(actor=cast.front_door_worker, contact=contact)
    event = Event.objects.get(verb=Verb.WRITTEN_CONFIRMATION_RECEIVED)
    assert event.payload["late"] is True
    assert "after it was due" in event.summary


# --- Pages ------------------------------------------------------------------------------------


def test_the_queue_offers_the_telephone_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.front_door_worker)
    html = client.get(QUEUE).content.decode()
    assert TELEPHONE in html and "Record a telephone contact" in html


def test_a_worker_records_a_call_through_the_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.front_door_worker)
    page = client.get(TELEPHONE)
    assert page.status_code == 200
    assert "within 48 hours" in page.content.decode()
    data = form_data()
    response = client.post(TELEPHONE, data, follow=True)
    contact = Contact.objects.get()
    assert response.redirect_chain[-1][0] == reverse("frontdoor:contact", args=[contact.pk])
    html = response.content.decode()
    assert "the caller must confirm it in writing by" in html
    assert contact.kind == ContactKind.TELEPHONE and contact.family_knows is False
    assert contact.subjects.count() == 2
    for text in (
        "Telephone contact (to be confirmed in writing)",
        "Humberside Police",
        "Agency",
        "NHS number as given",
        "4857773457",
        "Written confirmation from the caller",
        "Record the written confirmation as received",
    ):
        assert text in html, text
    # The same form posted again (a double click) makes no second contact.
    client.post(TELEPHONE, data)
    assert Contact.objects.count() == 1


def test_a_refused_call_keeps_what_was_typed(cast: Cast, client: Client) -> None:
    client.force_login(cast.front_door_worker)
    response = client.post(
        TELEPHONE,
        form_data(
            referrer_phone="",
            child_1_given_name="",
            child_1_family_name="",
            child_1_nhs_number="123",
            child_2_given_name="",
            child_2_family_name="",
            worry="Kept worry text",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a phone number or email address for the caller" in html
    assert "Enter the name of child 1" in html
    assert "Kept worry text" in html
    assert not Contact.objects.exists()


def test_the_contact_page_shows_due_overdue_and_received(cast: Cast, client: Client) -> None:
    contact = call(cast.front_door_worker)
    url = reverse("frontdoor:contact", args=[contact.pk])
    client.force_login(cast.front_door_worker)
    html = client.get(url).content.decode()
    assert "Due by" in html and "Overdue" not in html.split("Written confirmation")[1][:600]
    Contact.objects.filter(pk=contact.pk).update(
        written_confirmation_due_at=timezone.now() - timedelta(hours=2)
    )
    html = client.get(url).content.decode()
    assert "Chase the caller (PC Dana Holt" in html
    response = client.post(reverse("frontdoor:written-confirmation", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.written_confirmation_received_at is not None
    html = client.get(url).content.decode()
    assert "Received" in html and "Record the written confirmation as received" not in html
    # Recording it again is refused with a message, not an error page.
    again = client.post(
        reverse("frontdoor:written-confirmation", args=[contact.pk]), follow=True
    ).content.decode()
    assert "already been recorded" in again


def test_the_queue_tags_and_filters_overdue_written_confirmations(
    cast: Cast, client: Client
) -> None:
    overdue = call(cast.front_door_worker)
    not_yet = call(cast.front_door_worker)
    confirmed = call(cast.front_door_worker)
    routine = sent_contact(cast)
    past = timezone.now() - timedelta(hours=1)
    Contact.objects.filter(pk__in=[overdue.pk, confirmed.pk]).update(
        written_confirmation_due_at=past
    )
    services.written_confirmation_record(actor=cast.front_door_worker, contact=confirmed)
    # A significant-harm call is usually decided before the confirmation is due: still shown.
    Contact.objects.filter(pk=overdue.pk).update(status=ContactStatus.DECIDED)
    client.force_login(cast.front_door_worker)
    html = client.get(QUEUE).content.decode()
    assert "Written confirmation overdue" in html  # the filter's label, at least
    response = client.get(QUEUE, {"confirmation_overdue": "on"})
    rows = response.context["rows"]
    assert [r.contact.pk for r in rows] == [overdue.pk]
    assert rows[0].confirmation_overdue
    assert response.content.decode().count("govuk-tag--red govuk-!-margin-top-1") == 1
    assert routine.reference not in response.content.decode()
    assert not_yet.reference not in response.content.decode()
    # The tag shows on the open queue too.
    Contact.objects.filter(pk=not_yet.pk).update(written_confirmation_due_at=past)
    rows = client.get(QUEUE).context["rows"]
    assert [r.contact.pk for r in rows if r.confirmation_overdue] == [not_yet.pk]


def test_the_confirmation_filter_keeps_the_queue_query_count_constant(
    cast: Cast, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.front_door_worker)
    past = timezone.now() - timedelta(hours=1)

    def add(n: int) -> None:
        for _ in range(n):
            contact = call(cast.front_door_worker)
            Contact.objects.filter(pk=contact.pk).update(written_confirmation_due_at=past)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(QUEUE, {"confirmation_overdue": "on"}).context["rows"]) == 2
    add(12)
    with CaptureQueriesContext(connection) as many:
        rows = client.get(QUEUE, {"confirmation_overdue": "on"}).context["rows"]
    assert len(rows) == 14 and all(r.confirmation_overdue for r in rows)
    assert len(many) == len(few)
