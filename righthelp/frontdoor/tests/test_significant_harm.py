"""Sharing without consent on the ground of significant harm: the referrer must say explicitly
that they suspect significant harm, and the contact is then a significant-harm contact (red,
decided within 24 hours) whatever urgency they picked: through the service, the page and the
API."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.accounts import services as account_services
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import api_schema, services
from righthelp.frontdoor.models import Contact, ContactStatus, Priority, Urgency
from righthelp.frontdoor.services import LawfulBasisDetails, SubjectDetails

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

HELPFUL = "I think it would help."


def _draft(cast: Cast, urgency: str = Urgency.ROUTINE) -> Contact:
    return services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Kayden has been coming to school hungry",
        urgency=urgency,
        referrer_view_scale=2,
    )


def _basis(**overrides: Any) -> LawfulBasisDetails:
    values: dict[str, Any] = {
        "reasons": "Bruising to the face that Kayden says his stepfather caused",
        "parents_told": False,
        "not_told_reason": "Telling them could put Kayden at greater risk",
    }
    values.update(overrides)
    return LawfulBasisDetails(**values)


def test_a_routine_request_shared_without_consent_is_refused_unless_harm_is_suspected(
    cast: Cast,
) -> None:
    # The case from the field: a routine level 2 request, "I think it would help.", no consent.
    contact = _draft(cast)
    with pytest.raises(ValidationError) as refused:
        services.request_submit(
            actor=cast.involved, contact=contact, lawful_basis=_basis(reasons=HELPFUL)
        )
    assert "significant_harm_suspected" in refused.value.message_dict
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT and contact.urgency == Urgency.ROUTINE


def test_sharing_without_consent_on_significant_harm_makes_a_significant_harm_contact(
    cast: Cast,
) -> None:
    contact = _draft(cast, urgency=Urgency.ROUTINE)
    services.request_submit(
        actor=cast.involved,
        contact=contact,
        lawful_basis=_basis(significant_harm_suspected=True),
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED
    assert contact.urgency == Urgency.SIGNIFICANT_HARM
    assert contact.priority == Priority.RED
    assert contact.received_at is not None and contact.decision_due_at is not None
    assert contact.decision_due_at <= contact.received_at + timedelta(hours=24)
    received = Event.objects.get(verb=Verb.CONTACT_RECEIVED)
    assert received.payload["urgency"] == Urgency.SIGNIFICANT_HARM
    assert received.payload["without_consent_on_significant_harm"] is True


def test_an_urgent_request_shared_without_consent_becomes_significant_harm_too(cast: Cast) -> None:
    contact = _draft(cast, urgency=Urgency.URGENT)
    services.request_submit(
        actor=cast.involved, contact=contact, lawful_basis=_basis(significant_harm_suspected=True)
    )
    contact.refresh_from_db()
    assert contact.urgency == Urgency.SIGNIFICANT_HARM and contact.priority == Priority.RED


def test_a_request_with_consent_keeps_the_urgency_the_referrer_picked(cast: Cast) -> None:
    contact = _draft(cast, urgency=Urgency.URGENT)
    services.request_submit(
        actor=cast.involved,
        contact=contact,
        consent=services.ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Jo Fletcher",
            method="verbal",
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )
    contact.refresh_from_db()
    assert contact.urgency == Urgency.URGENT and contact.priority == ""


# --- The page -------------------------------------------------------------------------------


def _send_page(client: Client, cast: Cast, contact: Contact, **data: Any) -> TestResponse:
    client.force_login(cast.involved)
    posted = {
        "version": str(contact.version),
        "consent": "no",
        "reasons": HELPFUL,
        "parents_told": "yes",
    }
    posted.update(data)
    return client.post(reverse("frontdoor:request-submit", args=[contact.pk]), posted)


def test_the_send_page_explains_significant_harm_and_asks_for_the_statement(
    client: Client, cast: Cast
) -> None:
    contact = _draft(cast)
    client.force_login(cast.involved)
    page = client.get(reverse("frontdoor:request-submit", args=[contact.pk])).content.decode()
    assert 'name="significant_harm_suspected"' in page
    assert "Significant harm is ill-treatment" in page
    assert "red priority" in page


def test_the_send_page_refuses_sharing_without_consent_without_the_statement(
    client: Client, cast: Cast
) -> None:
    contact = _draft(cast)
    response = _send_page(client, cast, contact)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Confirm that you have reasonable cause to suspect" in page
    assert HELPFUL in page  # what was typed is kept
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT


def test_the_send_page_sends_a_significant_harm_contact_with_the_statement(
    client: Client, cast: Cast
) -> None:
    contact = _draft(cast)
    response = _send_page(
        client,
        cast,
        contact,
        reasons="Bruising to the face that Kayden says his stepfather caused",
        significant_harm_suspected="on",
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.urgency == Urgency.SIGNIFICANT_HARM and contact.priority == Priority.RED


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def token(cast: Cast) -> str:
    assert cast.involved.organisation is not None
    _, raw = account_services.api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    return raw


def _post(client: Client, body: dict[str, Any], token: str, key: str) -> TestResponse:
    return client.post(
        "/api/v1/contacts",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_the_api_refuses_a_routine_request_without_consent_unless_harm_is_suspected(
    client: Client, cast: Cast, token: str
) -> None:
    body = copy.deepcopy(api_schema.EXAMPLE_EARLY_HELP)
    del body["consent"]
    body["lawful_basis"] = {"reasons": HELPFUL, "parents_told": True}
    response = _post(client, body, token, "a")
    assert response.status_code == 400
    assert "lawful_basis.significant_harm_suspected" in response.json()["fields"]
    assert not Contact.objects.exists()


def test_the_api_makes_a_routine_request_without_consent_a_significant_harm_contact(
    client: Client, cast: Cast, token: str
) -> None:
    body = copy.deepcopy(api_schema.EXAMPLE_EARLY_HELP)
    del body["consent"]
    body["lawful_basis"] = {
        "reasons": "Amelia disclosed that her mother's partner hits her",
        "parents_told": False,
        "not_told_reason": "The partner lives with her",
        "significant_harm_suspected": True,
    }
    assert body["urgency"] == "routine"
    response = _post(client, body, token, "b")
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert contact.urgency == Urgency.SIGNIFICANT_HARM and contact.priority == Priority.RED
    assert contact.sharing_statement["lawful_basis"]["significant_harm_suspected"] is True


def test_the_api_keeps_the_urgency_of_a_request_shared_to_prevent_a_serious_crime(
    client: Client, cast: Cast, token: str
) -> None:
    body = copy.deepcopy(api_schema.EXAMPLE_EARLY_HELP)
    del body["consent"]
    body["lawful_basis"] = {
        "basis": "prevention_of_crime",
        "reasons": "Police operation into county lines supply",
        "parents_told": True,
    }
    assert _post(client, body, token, "c").status_code == 201
    contact = Contact.objects.get()
    assert contact.urgency == Urgency.ROUTINE and contact.priority == ""
