"""Adding a new record although the search found a very likely match: every flow that adds a
person after a search (add a person, the referrer's "which child" step, the front door's link
page) needs "none of these" and a reason; the reason is stored and shown to whoever reviews
duplicates, and the pairs are in the duplicates queue at once, once however often the form is
sent. Below the duplicate threshold "none of these" needs no reason and queues nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.services import SubjectDetails
from righthelp.matching.models import CandidateStatus, DuplicateCandidate
from righthelp.matching.search_first import MatchQuery
from righthelp.matching.services import match_none_record
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

REASON_MISSING = "Say why the person you are adding is none of these records"
REASON = "Kaden is Kayden&#x27;s cousin, born the same day"
TYPED_REASON = "Kaden is Kayden's cousin, born the same day"


def html(response: TestResponse) -> str:
    return response.content.decode()


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(checked-[a-z_]+)" value="([^"]*)">', page))


def queued() -> list[DuplicateCandidate]:
    return list(DuplicateCandidate.objects.filter(status=CandidateStatus.OPEN))


def kadens() -> int:
    return Person.objects.filter(given_name="Kaden").count()


# --- The three flows ---------------------------------------------------------------------------


def people_add(cast: Cast, client: Client) -> tuple[str, dict[str, str]]:
    """The people "add a person" page, as the child's school sees it."""
    client.force_login(cast.involved)
    url = reverse("people:create")
    form = {
        "submission_key": str(uuid.uuid4()),
        "kind": "child",
        "given_name": "Kaden",
        "family_name": "Fletcher",
        "date_of_birth-day": "1",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2015",
        "sex": "male",
        "ethnicity": "NOBT",
        "involvement_role": "school_dsl",
    }
    return url, form


def referrer_add(cast: Cast, client: Client) -> tuple[str, dict[str, str]]:
    """The referrer's "which child" step of a request for support."""
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-new")
    form = {
        "action": "add",
        "q": "Kaden Fletcher",
        "add-submission_key": str(uuid.uuid4()),
        "add-given_name": "Kaden",
        "add-family_name": "Fletcher",
        "add-date_of_birth-day": "1",
        "add-date_of_birth-month": "6",
        "add-date_of_birth-year": "2015",
        "add-involvement_role": "school_dsl",
    }
    return url, form


def front_door_create(cast: Cast, client: Client) -> tuple[str, dict[str, str]]:
    """The front door's link page, creating a record for a contact's child."""
    contact = frontdoor_services.public_contact_submit(
        kind="public_concern",
        sender_address="203.0.113.9",
        referrer_name="A neighbour",
        referrer_email="",
        referrer_phone="07700 900123",
        referrer_relationship="Neighbour",
        child=SubjectDetails(
            role="child", given_name="Kaden", family_name="Fletcher", date_of_birth=date(2015, 6, 1)
        ),
        worry="Shouting every night and the little boy is left alone",
    )
    client.force_login(cast.front_door_worker)
    url = reverse("frontdoor:contact-link", args=[contact.pk, contact.subjects.get().pk])
    form = {
        "action": "create",
        "new-submission_key": str(uuid.uuid4()),
        "new-kind": "child",
        "new-given_name": "Kaden",
        "new-family_name": "Fletcher",
        "new-date_of_birth-day": "1",
        "new-date_of_birth-month": "6",
        "new-date_of_birth-year": "2015",
    }
    return url, form


FLOWS = [people_add, referrer_add, front_door_create]


@pytest.mark.parametrize("flow", FLOWS)
def test_none_of_these_without_a_reason_is_refused_and_keeps_what_was_typed(
    cast: Cast, client: Client, flow: Callable[[Cast, Client], tuple[str, dict[str, str]]]
) -> None:
    # Given a page that showed Kayden Fletcher as a very likely match for "Kaden Fletcher"
    url, form = flow(cast, client)
    shown = html(client.post(url, form))
    assert "Why is the person you are adding none of these records?" in shown
    assert "very likely to be this person" in shown
    # When "none of these" is sent without a reason
    response = client.post(url, {**form, "none_of_these": "yes", **hidden_fields(shown)})
    # Then nothing is added, the error is shown in the summary and on the field, and what was
    # typed is kept
    page = html(response)
    assert response.status_code == 200
    assert page.count(REASON_MISSING) == 2  # the error summary and the field
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
    assert 'value="Kaden"' in page
    assert kadens() == 0 and not queued()
    assert not Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).exists()


@pytest.mark.parametrize("flow", FLOWS)
def test_none_of_these_with_a_reason_queues_the_pair_at_once_and_once(
    cast: Cast, client: Client, flow: Callable[[Cast, Client], tuple[str, dict[str, str]]]
) -> None:
    url, form = flow(cast, client)
    shown = html(client.post(url, form))
    confirmed = {
        **form,
        "none_of_these": "yes",
        "none-reason": TYPED_REASON,
        **hidden_fields(shown),
    }
    # When the form is sent twice
    first = client.post(url, confirmed)
    second = client.post(url, confirmed)
    # Then one record is added, one "none of these" is recorded with the reason, and the pair
    # is in the duplicates queue once, with who said so and why
    assert first.status_code == second.status_code == 302
    kaden = Person.objects.get(given_name="Kaden")
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["reason"] == TYPED_REASON
    assert event.payload["person"] == kaden.pk
    [pair] = queued()
    assert {pair.person_a_id, pair.person_b_id} == {kaden.pk, cast.child.pk}
    assert pair.none_of_these_reason == TYPED_REASON
    assert pair.none_of_these_by is not None and pair.none_of_these_at is not None


def test_the_reviewer_reads_the_reason_in_the_queue_and_on_the_pair(
    cast: Cast, client: Client
) -> None:
    url, form = people_add(cast, client)
    shown = html(client.post(url, form))
    client.post(
        url, {**form, "none_of_these": "yes", "none-reason": TYPED_REASON, **hidden_fields(shown)}
    )
    [pair] = queued()
    client.force_login(cast.administrator)
    queue = html(client.get(reverse("matching:queue")))
    assert REASON in queue and cast.involved.display_name in queue
    review = html(client.get(reverse("matching:pair", args=[pair.pk])))
    assert "Why a new record was added" in review and REASON in review


def test_a_match_the_user_may_not_see_still_needs_the_reason_and_is_queued(
    cast: Cast, client: Client
) -> None:
    # Given a practitioner who does not work with Kayden: the likely match is only counted
    url, form = referrer_add(cast, client)
    client.force_login(cast.practitioner)
    shown = html(client.post(url, form))
    assert "1 likely match in records you do not work with" in shown
    assert "Kayden Fletcher, born" not in shown
    refused = client.post(url, {**form, "none_of_these": "yes", **hidden_fields(shown)})
    assert REASON_MISSING in html(refused) and kadens() == 0
    added = client.post(
        url,
        {**form, "none_of_these": "yes", "none-reason": "Not known to us", **hidden_fields(shown)},
    )
    assert added.status_code == 302
    [pair] = queued()
    assert cast.child.pk in (pair.person_a_id, pair.person_b_id)
    # The event names only what the practitioner was shown (the new record), never Kayden.
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert cast.child.pk not in event.subjects.values_list("person_id", flat=True)


def test_below_the_duplicate_threshold_none_of_these_needs_no_reason(
    cast: Cast, client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_DUPLICATE_THRESHOLD = 0.999999999
    url, form = people_add(cast, client)
    shown = html(client.post(url, form))
    assert "Kayden Fletcher" in shown
    assert "Why is the person you are adding none of these records?" not in shown
    added = client.post(url, {**form, "none_of_these": "yes", **hidden_fields(shown)})
    assert added.status_code == 302 and kadens() == 1
    assert not queued()
    assert Event.objects.get(verb=Verb.PERSON_MATCH_NONE).payload["reason"] == ""


# --- The service -------------------------------------------------------------------------------


def kaden_query() -> MatchQuery:
    return MatchQuery(given_name="Kaden", family_name="Fletcher", date_of_birth=date(2015, 6, 1))


def test_the_service_refuses_a_missing_reason_when_a_likely_duplicate_exists(cast: Cast) -> None:
    kaden = PersonFactory(given_name="Kaden", family_name="Fletcher")
    with pytest.raises(ValidationError) as refused:
        match_none_record(actor=cast.involved, person=kaden, query=kaden_query(), shown_ids=[])
    assert list(refused.value.message_dict) == ["reason"]
    assert REASON_MISSING in refused.value.message_dict["reason"][0]


def test_the_service_queues_each_likely_duplicate_once_per_submission(cast: Cast) -> None:
    twin = PersonFactory(given_name="Kayden", family_name="Fletcher")
    kaden = PersonFactory(given_name="Kaden", family_name="Fletcher")
    key = uuid.uuid4()
    for _ in range(2):
        match_none_record(
            actor=cast.involved,
            person=kaden,
            query=kaden_query(),
            shown_ids=[cast.child.pk],
            reason="Different family",
            submission_key=key,
        )
    pairs = {frozenset((c.person_a_id, c.person_b_id)) for c in queued()}
    assert pairs == {frozenset((kaden.pk, cast.child.pk)), frozenset((kaden.pk, twin.pk))}
    assert Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).count() == 1
