"""Consent and lawful basis stated through the contacts API: the NHS number kept on the named
child, shown on the contact page, and the statement recorded against the child's record when
the front door links them, once."""

from __future__ import annotations

import copy
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.accounts import services as account_services
from righthelp.accounts.models import ApiToken
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.models import ConsentRecord, LawfulBasisRecord
from righthelp.frontdoor import api_schema, api_services, services
from righthelp.frontdoor.models import Contact
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(cast: Cast) -> ApiToken:
    assert cast.involved.organisation is not None
    issued, _ = account_services.api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    return issued


def submit(token: ApiToken, payload: dict[str, Any] | None = None) -> Contact:
    contact, created = api_services.api_contact_submit(
        token=token,
        idempotency_key=str(uuid.uuid4()),
        payload=payload or copy.deepcopy(api_schema.EXAMPLE_EARLY_HELP),
    )
    assert created
    return contact


def test_the_nhs_number_is_kept_on_the_named_child_and_in_the_statement(token: ApiToken) -> None:
    contact = submit(token)
    subject = contact.subjects.get()
    assert subject.nhs_number == "4857773457"
    assert contact.sharing_statement["covers"] == [
        {"subject": subject.pk, "nhs_number": "4857773457"}
    ]


def test_linking_records_the_stated_consent_once_by_the_front_door_user(
    cast: Cast, token: ApiToken
) -> None:
    assert cast.involved.organisation is not None
    contact = submit(token)
    subject = contact.subjects.get()
    child = PersonFactory(given_name="Amelia", family_name="Hartley")
    services.contact_link_person(actor=cast.front_door_worker, subject=subject, person=child)
    consent = ConsentRecord.objects.get(person=child)
    assert consent.decision == "given" and consent.purpose == "early_help"
    assert consent.given_by == "parent_or_carer" and consent.given_by_name == "Claire Hartley"
    assert consent.method == "verbal"
    assert sorted(consent.share_with) == ["childrens_social_care", "early_help"]
    assert consent.recorded_by == cast.front_door_worker
    assert cast.involved.organisation.name in consent.notes
    assert "through the RightHelp API" in consent.notes and contact.reference in consent.notes
    assert Event.objects.filter(verb=Verb.CONSENT_RECORDED).count() == 1
    contact.refresh_from_db()
    assert contact.sharing_statement["recorded"] == [
        {"subject": subject.pk, "person": child.pk, "consent": consent.pk}
    ]
    # Linking again to the same record records nothing more.
    subject.refresh_from_db()
    services.contact_link_person(actor=cast.front_door_manager, subject=subject, person=child)
    assert ConsentRecord.objects.filter(person=child).count() == 1
    assert Event.objects.filter(verb=Verb.CONSENT_RECORDED).count() == 1
    assert not LawfulBasisRecord.objects.exists()


def test_linking_records_a_stated_lawful_basis_against_the_person(
    cast: Cast, token: ApiToken
) -> None:
    contact = submit(token, copy.deepcopy(api_schema.EXAMPLE_SIGNIFICANT_HARM))
    subjects = list(contact.subjects.order_by("id"))
    child = PersonFactory()
    services.contact_link_person(actor=cast.front_door_worker, subject=subjects[0], person=child)
    services.contact_link_person(actor=cast.front_door_worker, subject=subjects[0], person=child)
    basis = LawfulBasisRecord.objects.get(person=child)
    stated = contact.sharing_statement["lawful_basis"]
    assert basis.basis == stated["basis"]
    assert basis.reasons.startswith(stated["reasons"])
    assert "through the RightHelp API" in basis.reasons
    assert basis.parents_told == stated["parents_told"]
    assert basis.decided_by == cast.front_door_worker
    assert basis.context == f"contact:{contact.pk}"
    assert not ConsentRecord.objects.exists()


def test_a_contact_without_a_statement_records_nothing_on_linking(cast: Cast) -> None:
    contact = services.public_contact_submit(
        kind="public_concern",
        sender_address="203.0.113.7",
        referrer_name="",
        referrer_email="",
        referrer_phone="",
        referrer_relationship="",
        child=services.SubjectDetails(role="child", given_name="Ellie", family_name="Shaw"),
        worry="Left alone at night",
    )
    services.contact_link_person(
        actor=cast.front_door_worker, subject=contact.subjects.get(), person=PersonFactory()
    )
    assert not ConsentRecord.objects.exists() and not LawfulBasisRecord.objects.exists()
    assert Contact.objects.get(pk=contact.pk).sharing_statement == {}


def test_the_contact_page_shows_the_nhs_number_and_the_statement_then_that_it_is_recorded(
    cast: Cast, client: Client, token: ApiToken
) -> None:
    sent_contact(cast)  # the front door sees cast.child through this contact
    contact = submit(token)
    subject = contact.subjects.get()
    client.force_login(cast.front_door_worker)
    url = reverse("frontdoor:contact", args=[contact.pk])
    html = client.get(url).content.decode()
    assert "NHS number as given" in html and "4857773457" in html
    assert "As stated by the sending organisation through the API" in html
    assert "Claire Hartley" in html
    assert "Not yet recorded: link them to a record" in html
    link = reverse("frontdoor:contact-link", args=[contact.pk, subject.pk])
    response = client.post(
        link,
        {"action": "link", "q": cast.child.family_name, "link-person": cast.child.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert ConsentRecord.objects.filter(person=cast.child, notes__contains="API").count() == 1
    html = client.get(url).content.decode()
    assert "Recorded on their record" in html
    # The same link posted again makes no second record.
    client.post(link, {"action": "link", "q": cast.child.family_name, "link-person": cast.child.pk})
    assert ConsentRecord.objects.filter(person=cast.child, notes__contains="API").count() == 1


def test_a_statement_that_cannot_be_recorded_for_the_person_is_refused_on_the_link_page(
    cast: Cast, client: Client, token: ApiToken
) -> None:
    payload = copy.deepcopy(api_schema.EXAMPLE_EARLY_HELP)
    payload["consent"]["given_by"] = "child"
    contact = submit(token, payload)
    subject = contact.subjects.get()
    services.contact_assign(
        actor=cast.front_door_worker, contact=contact, worker=cast.front_door_worker
    )
    client.force_login(cast.front_door_worker)
    link = reverse("frontdoor:contact-link", args=[contact.pk, subject.pk])
    response = client.post(
        link,
        {
            "action": "create",
            "new-kind": "unborn",
            "new-family_name": "Hartley",
            "new-expected_date_of_birth-day": "1",
            "new-expected_date_of_birth-month": "1",
            "new-expected_date_of_birth-year": "2030",
        },
    )
    assert response.status_code == 200
    assert "An unborn baby&#x27;s parent or carer decides" in response.content.decode()
    subject.refresh_from_db()
    assert subject.person_id is None
    assert not ConsentRecord.objects.exists()
