"""The contacts API through the test client: tokens, idempotency, validation, consent, reads,
the OpenAPI description."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.accounts import services as account_services
from righthelp.accounts.models import Organisation
from righthelp.accounts.tests.factories import OrganisationFactory
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import api_schema, api_services, services
from righthelp.frontdoor.api_services import submit as api_submit
from righthelp.frontdoor.models import Contact, ContactKind, ContactStatus, Priority
from righthelp.frontdoor.tests.access_expectations_api import rows

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts"


@pytest.fixture
def school(cast: Cast) -> Organisation:
    assert cast.involved.organisation is not None
    return cast.involved.organisation


@pytest.fixture
def raw_token(cast: Cast, school: Organisation) -> str:
    _, raw = account_services.api_token_issue(
        actor=cast.administrator, organisation=school, name="School MIS"
    )
    return raw


def post(
    client: Client, body: Any, token: str | None, key: str | None = "key-1", **headers: str
) -> TestResponse:
    extra: dict[str, Any] = dict(headers)
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(CONTACTS, data=data, content_type="application/json", **extra)


def get(client: Client, contact_id: int, token: str | None) -> TestResponse:
    extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(reverse("api:contact", kwargs={"contact_id": contact_id}), **extra)


def body(**overrides: Any) -> dict[str, Any]:
    value = copy.deepcopy(api_schema.EXAMPLE_EARLY_HELP)
    value.update(overrides)
    return value


# --- Authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer rh_wrong"])
def test_a_request_without_a_valid_token_gets_401_json_and_saves_nothing(
    client: Client, cast: Cast, header: str | None
) -> None:
    extra: dict[str, Any] = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.post(
        CONTACTS,
        data=json.dumps(body()),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        **extra,
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["errors"]
    assert not Contact.objects.exists()


def test_a_revoked_token_gets_401(client: Client, cast: Cast, school: Organisation) -> None:
    token, raw = account_services.api_token_issue(actor=None, organisation=school, name="Old")
    account_services.api_token_revoke(actor=None, token=token)
    response = post(client, body(), raw)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert not Contact.objects.exists()


def test_a_signed_in_session_is_not_a_token_and_the_api_does_not_touch_sessions(
    client: Client, cast: Cast, raw_token: str
) -> None:
    client.force_login(cast.administrator)
    assert post(client, body(), None).status_code == 401
    assert get(client, 1, None).status_code == 401
    response = post(client, body(), raw_token)
    assert response.status_code == 201
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_an_oversized_body_is_refused(
    client: Client, cast: Cast, raw_token: str, settings: Settings
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = post(client, body(), raw_token)
    assert response.status_code == 413
    assert not Contact.objects.exists()


def test_using_a_token_stamps_when_it_was_last_used(
    client: Client, cast: Cast, school: Organisation, raw_token: str
) -> None:
    post(client, body(), raw_token)
    token = school.tokens.get()
    assert token.last_used_at is not None


# --- Sending a contact ------------------------------------------------------------------------


def test_a_request_is_received_by_the_front_door_with_one_event(
    client: Client, cast: Cast, school: Organisation, raw_token: str
) -> None:
    response = post(client, body(), raw_token, key=str(uuid.uuid4()))
    assert response.status_code == 201
    data = response.json()
    contact = Contact.objects.get()
    assert data["id"] == contact.pk and data["reference"] == contact.reference
    assert data["reference"].startswith("FD-")
    assert data["status"] == "received" and data["outcome"] is None
    assert data["decision_due_at"] and data["received_at"]
    assert response["Location"] == reverse("api:contact", kwargs={"contact_id": contact.pk})
    assert response["Cache-Control"] == "no-store"
    assert contact.kind == ContactKind.API
    assert contact.status == ContactStatus.RECEIVED
    assert contact.referrer is None and contact.referrer_organisation == school
    assert contact.referrer_email == "s.patel@westfield.example.sch.uk"
    assert contact.decision_due_at and contact.feedback_due_at
    subject = contact.subjects.get()
    assert (subject.given_name, subject.family_name, subject.postcode) == (
        "Amelia",
        "Hartley",
        "HU3 2AA",
    )
    assert subject.person is None and str(subject.date_of_birth) == "2016-04-12"
    event = Event.objects.get(verb=Verb.CONTACT_RECEIVED)
    assert event.actor is None
    assert event.payload["contact"] == contact.pk
    assert event.payload["organisation"] == school.pk
    assert event.payload["via"] == "api"


def test_the_stated_consent_is_kept_on_the_contact_with_the_children_it_covers(
    client: Client, cast: Cast, raw_token: str
) -> None:
    post(client, body(), raw_token)
    contact = Contact.objects.get()
    statement = contact.sharing_statement
    assert statement["source"] == "api"
    assert statement["consent"] == {
        "given_by": "parent_or_carer",
        "given_by_name": "Claire Hartley",
        "method": "verbal",
        "share_with": ["childrens_social_care", "early_help"],
    }
    assert statement["lawful_basis"] is None
    subject = contact.subjects.get()
    assert statement["covers"] == [{"subject": subject.pk, "nhs_number": "4857773457"}]
    assert contact.family_knows is True
    # Nothing is recorded as consent in RightHelp until the child is linked to a record.
    assert contact.consent is None and contact.lawful_basis is None


def test_a_retry_with_the_same_idempotency_key_returns_the_same_contact(
    client: Client, cast: Cast, raw_token: str
) -> None:
    first = post(client, body(), raw_token, key="retry-me")
    again = post(client, body(), raw_token, key="retry-me")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Contact.objects.count() == 1
    assert Event.objects.filter(verb=Verb.CONTACT_RECEIVED).count() == 1


def test_the_same_key_from_another_organisation_is_another_contact(
    client: Client, cast: Cast, raw_token: str
) -> None:
    other = OrganisationFactory(name="Hull Royal Infirmary", kind="health")
    _, other_raw = account_services.api_token_issue(actor=None, organisation=other, name="EPR")
    assert post(client, body(), raw_token, key="shared").status_code == 201
    assert post(client, body(), other_raw, key="shared").status_code == 201
    assert Contact.objects.count() == 2


def test_a_concurrent_duplicate_caught_by_the_unique_constraint_returns_the_first_contact(
    client: Client, cast: Cast, raw_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert post(client, body(), raw_token, key="race").status_code == 201
    first = Contact.objects.get()
    # Make the second request miss the first at its check, as if both checked at once: the
    # database's unique constraint must then stop the second contact.
    monkeypatch.setattr(api_submit, "_existing_contact", _miss_once(api_submit))
    response = post(client, body(), raw_token, key="race")
    assert response.status_code == 200
    assert response.json()["id"] == first.pk
    assert Contact.objects.count() == 1


def _miss_once(module: ModuleType) -> Callable[[Organisation, str], Contact | None]:
    real = module._existing_contact
    calls = {"n": 0}

    def existing(organisation: Organisation, key: str) -> Contact | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(organisation, key)

    return existing


def test_a_missing_idempotency_key_is_refused(client: Client, cast: Cast, raw_token: str) -> None:
    response = post(client, body(), raw_token, key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert not Contact.objects.exists()


def test_an_unusable_idempotency_key_is_refused(client: Client, cast: Cast, raw_token: str) -> None:
    response = post(client, body(), raw_token, key="x" * 201)
    assert response.status_code == 400
    assert not Contact.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "", b"\xff\xfe"])
def test_a_body_that_is_not_json_is_refused(
    client: Client, cast: Cast, raw_token: str, raw: str | bytes
) -> None:
    response = post(client, raw, raw_token)
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("body:")
    assert not Contact.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(
    client: Client, cast: Cast, raw_token: str
) -> None:
    response = post(client, [1, 2], raw_token)
    assert response.status_code == 400
    assert "body" in response.json()["fields"]


def test_an_invalid_nhs_number_is_refused_and_named(
    client: Client, cast: Cast, raw_token: str
) -> None:
    bad = body()
    bad["children"][0]["nhs_number"] = "485 777 3456"
    response = post(client, bad, raw_token)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "check digit" in fields["children[0].nhs_number"][0]
    assert any(e.startswith("children[0].nhs_number:") for e in response.json()["errors"])
    assert not Contact.objects.exists()


def test_every_problem_is_named_at_once(client: Client, cast: Cast, raw_token: str) -> None:
    bad = body(
        urgency="soon",
        referrer_view_scale=7,
        worry=" ",
        colour="blue",
        children=[
            {"given_name": "A", "date_of_birth": "12/04/2016", "postcode": "NOT A POSTCODE"},
            {"family_name": "B", "date_of_birth": "2016-02-30"},
            {"family_name": "C", "date_of_birth": str(timezone.localdate() + timedelta(days=1))},
            {},
        ],
        referrer={"name": "", "email": "not-an-email"},
    )
    response = post(client, bad, raw_token)
    assert response.status_code == 400
    fields = response.json()["fields"]
    for name in [
        "urgency",
        "referrer_view_scale",
        "worry",
        "colour",
        "children[0].date_of_birth",
        "children[0].postcode",
        "children[1].date_of_birth",
        "children[2].date_of_birth",
        "children[3].family_name",
        "referrer.name",
        "referrer.email",
    ]:
        assert name in fields, name
    assert not Contact.objects.exists()


def test_an_early_help_request_without_consent_or_lawful_basis_is_refused(
    client: Client, cast: Cast, raw_token: str
) -> None:
    bad = body()
    del bad["consent"]
    response = post(client, bad, raw_token)
    assert response.status_code == 400
    assert "consent" in response.json()["fields"]
    assert not Contact.objects.exists()


def test_consent_must_be_complete_and_cover_the_front_door(
    client: Client, cast: Cast, raw_token: str
) -> None:
    bad = body(consent={"given_by": "neighbour", "method": "verbal", "share_with": ["police"]})
    fields = post(client, bad, raw_token).json()["fields"]
    assert {"consent.given_by", "consent.given_by_name", "consent.share_with"} <= set(fields)


def test_an_early_help_request_may_go_with_a_lawful_basis_instead_of_consent(
    client: Client, cast: Cast, raw_token: str
) -> None:
    value = body(
        lawful_basis={
            "reasons": "Risk of harm",
            "parents_told": True,
            "significant_harm_suspected": True,
        }
    )
    del value["consent"]
    assert post(client, value, raw_token).status_code == 201
    assert Contact.objects.get().sharing_statement["lawful_basis"]["basis"] == "safeguarding"


def test_significant_harm_without_consent_needs_the_lawful_basis_reasons(
    client: Client, cast: Cast, raw_token: str
) -> None:
    value = copy.deepcopy(api_schema.EXAMPLE_SIGNIFICANT_HARM)
    del value["lawful_basis"]
    response = post(client, value, raw_token, key="a")
    assert response.status_code == 400
    assert "lawful_basis" in response.json()["fields"]

    value["lawful_basis"] = {"reasons": "", "parents_told": False}
    fields = post(client, value, raw_token, key="b").json()["fields"]
    assert {"lawful_basis.reasons", "lawful_basis.not_told_reason"} <= set(fields)
    assert not Contact.objects.exists()


def test_significant_harm_is_red_and_due_within_a_day(
    client: Client, cast: Cast, raw_token: str
) -> None:
    response = post(client, api_schema.EXAMPLE_SIGNIFICANT_HARM, raw_token)
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert contact.priority == Priority.RED
    assert contact.decision_due_at is not None
    assert contact.decision_due_at <= timezone.now() + timedelta(hours=24)
    assert contact.family_knows is False


def test_only_post_is_allowed_on_contacts(client: Client, cast: Cast, raw_token: str) -> None:
    response = client.get(CONTACTS, HTTP_AUTHORIZATION=f"Bearer {raw_token}")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


# --- Reading a contact ------------------------------------------------------------------------


def test_the_sender_reads_status_and_outcome_and_the_read_is_logged(
    client: Client, cast: Cast, raw_token: str
) -> None:
    contact_id = post(client, body(), raw_token).json()["id"]
    contact = Contact.objects.get(pk=contact_id)
    # The front door links the child and decides; the outcome is what the referrer was told.
    subject = contact.subjects.get()
    services.contact_link_person(actor=cast.front_door_worker, subject=subject, person=cast.child)
    services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="early_help_additional",
        rationale="Needs a family support worker",
        locality=cast.holding_team.organisation.locality,
    )
    response = get(client, contact_id, raw_token)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "decided"
    assert "passed to early help" in data["outcome"]
    assert data["outcome_sent_at"]
    assert "rationale" not in json.dumps(data).lower()
    record = AccessRecord.objects.get(action=AccessAction.API_READ)
    assert record.user is None
    assert record.detail["organisation"] == contact.referrer_organisation_id
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]


def test_another_organisation_gets_the_same_404_as_for_a_missing_contact(
    client: Client, cast: Cast, raw_token: str
) -> None:
    contact_id = post(client, body(), raw_token).json()["id"]
    other = OrganisationFactory(name="Humberside Police", kind="police")
    _, other_raw = account_services.api_token_issue(actor=None, organisation=other, name="Niche")
    theirs = get(client, contact_id, other_raw)
    missing = get(client, contact_id + 999, other_raw)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["errors"] and missing.json()["errors"]
    assert not AccessRecord.objects.filter(action=AccessAction.API_READ).exists()


def test_a_contact_raised_through_the_pages_is_not_readable_through_the_api(
    client: Client, cast: Cast, raw_token: str
) -> None:
    draft = services.request_save(
        actor=cast.involved,
        subjects=[services.SubjectDetails(role="child", person=cast.child)],
        worry="Hungry",
    )
    contact = services.request_submit(
        actor=cast.involved,
        contact=draft,
        consent=services.ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Jo Fletcher",
            method="verbal",
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )
    assert get(client, contact.pk, raw_token).status_code == 404


def test_reading_needs_a_token(client: Client, cast: Cast, raw_token: str) -> None:
    contact_id = post(client, body(), raw_token).json()["id"]
    assert get(client, contact_id, None).status_code == 401
    assert get(client, contact_id, "rh_nope").status_code == 401


# --- OpenAPI ----------------------------------------------------------------------------------


def test_the_openapi_description_is_public_json_naming_both_operations(
    client: Client, db: None
) -> None:
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {"/contacts", "/contacts/{contact_id}"}
    assert "post" in document["paths"]["/contacts"]
    assert "get" in document["paths"]["/contacts/{contact_id}"]
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    parameter = document["components"]["parameters"]["IdempotencyKey"]
    assert parameter["in"] == "header" and parameter["required"] is True
    assert document["servers"][0]["url"].endswith("/api/v1")
    for operation in ("/contacts", "/contacts/{contact_id}"):
        responses = next(iter(document["paths"][operation].values()))["responses"]
        assert "401" in responses


def test_the_documented_fields_are_the_fields_the_api_accepts(db: None) -> None:
    schemas = api_schema.openapi_document()["components"]["schemas"]
    assert set(schemas["ContactRequest"]["properties"]) == api_services.TOP_FIELDS
    assert set(schemas["Child"]["properties"]) == api_services.CHILD_FIELDS
    assert set(schemas["Referrer"]["properties"]) == api_services.REFERRER_FIELDS
    assert set(schemas["Consent"]["properties"]) == api_services.CONSENT_FIELDS
    assert set(schemas["LawfulBasis"]["properties"]) == api_services.LAWFUL_BASIS_FIELDS


def test_each_documented_example_is_accepted_by_the_real_endpoint(
    client: Client, cast: Cast, raw_token: str
) -> None:
    document = json.loads(client.get(reverse("api:openapi")).content)
    examples = document["paths"]["/contacts"]["post"]["requestBody"]["content"]["application/json"][
        "examples"
    ]
    assert len(examples) >= 2
    for name, example in examples.items():
        response = post(client, example["value"], raw_token, key=name)
        assert response.status_code == 201, (name, response.json())
        documented = document["components"]["schemas"]["ContactStatus"]["required"]
        assert set(documented) == set(response.json())


# --- The access rows ----------------------------------------------------------------------------


def test_the_api_rows_hold_for_every_role(client: Client, cast: Cast) -> None:
    for name, row in rows(cast).items():
        for label, user in cast.by_label().items():
            client.logout()
            if user is not None:
                client.force_login(user)
            if row.method == "json":
                response = client.post(
                    row.url, data=json.dumps(row.body or {}), content_type="application/json"
                )
            else:
                response = getattr(client, row.method)(row.url)
            expected = row.anonymous if label == "anonymous" else row.ok
            assert response.status_code in expected, (name, label, response.status_code)


# --- A real race, on PostgreSQL -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_copies_racing_make_one_contact_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so there is no race to lose")
    organisation = OrganisationFactory(name="Race School")
    token, _ = account_services.api_token_issue(actor=None, organisation=organisation, name="MIS")
    real = api_submit._existing_contact
    both_checked = threading.Barrier(2, timeout=10)
    seen = threading.local()

    def existing_then_wait(organisation: Organisation, key: str) -> Contact | None:
        found = real(organisation, key)
        if not getattr(seen, "checked", False):
            seen.checked = True
            both_checked.wait()  # both copies have looked, and found nothing, before either saves
        return found

    monkeypatch.setattr(api_submit, "_existing_contact", existing_then_wait)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            contact, created = api_services.api_contact_submit(
                token=token, idempotency_key="same", payload=body()
            )
            results.append((contact.pk, created))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({pk for pk, _ in results}) == 1
    assert Contact.objects.count() == 1
