"""The front door's lists at a council's size: a constant number of queries whatever the rows,
each row once across the pages and never someone else's, counts capped where nobody needs the
exact number ("more than 500"), and the contact page's queries constant with the child's
previous contacts."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.frontdoor import selectors
from righthelp.frontdoor.models import (
    Consultation,
    Contact,
    ContactKind,
    ContactStatus,
    ContactSubject,
    Decision,
    Outcome,
    SocialCareReferral,
    SubjectRole,
)
from righthelp.frontdoor.paging import CappedPaginator
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def requests_by(referrer: User, how_many: int, child: Person | None = None) -> list[Contact]:
    """``how_many`` sent requests for support by ``referrer``, a minute apart, newest last,
    each about a child of its own (or ``child``)."""
    now = timezone.now()
    contacts = []
    for n in range(how_many):
        at = now - timedelta(minutes=how_many - n)
        contact = Contact.objects.create(
            reference=f"PG{next(_numbers):06d}",
            kind=ContactKind.REQUEST_FOR_SUPPORT,
            status=ContactStatus.RECEIVED,
            referrer=referrer,
            referrer_organisation=referrer.organisation,
            worry="Coming to school hungry",
            created_at=at,
            received_at=at,
            decision_due_at=at + timedelta(days=1),
        )
        ContactSubject.objects.create(
            contact=contact, person=child or PersonFactory(), role=SubjectRole.CHILD
        )
        contacts.append(contact)
    return contacts


def referrals_from(contacts: list[Contact], decided_by: User) -> list[SocialCareReferral]:
    referrals = []
    for contact in contacts:
        decision = Decision.objects.create(
            contact=contact,
            outcome=Outcome.CSC_ASSESSMENT,
            rationale="Needs an assessment",
            decided_by=decided_by,
            decided_at=contact.created_at,
        )
        referrals.append(
            SocialCareReferral.objects.create(
                decision=decision, route=Outcome.CSC_ASSESSMENT, created_at=contact.created_at
            )
        )
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).update(status=ContactStatus.DECIDED)
    return referrals


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def references_on_every_page(client: Client, url: str, pages: int) -> list[str]:
    """The contact references each page shows, page after page (a reference may appear in a
    row's links more than once: counted once per page)."""
    seen = []
    for number in range(1, pages + 1):
        html = client.get(f"{url}?page={number}").content.decode()
        seen += sorted(set(_references(html)))
    return seen


def _references(html: str) -> list[str]:
    return re.findall(r"PG\d{6}", html)


# --- My requests ------------------------------------------------------------------------------


def test_my_requests_reads_the_same_number_of_queries_for_2_or_12_requests(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:my-requests")
    requests_by(cast.involved, 2)
    with_two = queries_for(client, url)
    requests_by(cast.involved, 10)
    assert queries_for(client, url) == with_two


def test_my_requests_pages_show_each_of_mine_once_and_nobody_elses(
    cast: Cast, client: Client
) -> None:
    # Given 30 requests of mine (two pages of 25) and 8 by a practitioner in another agency
    mine = requests_by(cast.involved, 30)
    theirs = requests_by(cast.practitioner, 8)
    client.force_login(cast.involved)
    # When I read both pages, newest first
    seen = references_on_every_page(client, reverse("frontdoor:my-requests"), 2)
    # Then each of mine is there once, and none of theirs
    assert sorted(seen) == sorted(c.reference for c in mine)
    assert not {c.reference for c in theirs} & set(seen)
    first = client.get(reverse("frontdoor:my-requests")).content.decode()
    assert mine[-1].reference in first and mine[0].reference not in first
    assert "30 requests" in first


def test_my_requests_says_more_than_the_cap_when_there_are_more(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cap is 500; the same rule with a cap of 10 over 55 requests: the first page counts
    # the cap or two pages of 25, whichever is more, so it says "more than 50"
    monkeypatch.setattr("righthelp.frontdoor.paging.COUNT_CAP", 10)
    requests_by(cast.involved, 55, child=cast.child)
    page = selectors.my_requests(user=cast.involved, page_number=1)
    paginator = page.paginator
    assert isinstance(paginator, CappedPaginator)
    assert paginator.capped and paginator.shown_count == "more than 50"
    assert page.has_next()
    # The last page knows the list ends there
    last = selectors.my_requests(user=cast.involved, page_number=3)
    assert last.paginator.count == 55 and not last.has_next()


def test_a_capped_count_still_reaches_the_next_page_and_is_exact_near_the_end(
    cast: Cast,
) -> None:
    contacts = requests_by(cast.involved, 12)
    ordered = Contact.objects.filter(referrer=cast.involved).order_by("pk")
    first = CappedPaginator(ordered, 2, page_number=1, cap=5).get_page(1)
    assert first.paginator.capped and first.paginator.shown_count == "more than 5"  # type: ignore[attr-defined]
    assert first.has_next()
    # Asked for page 6 (the last), it counts far enough to know the list ends there
    last = CappedPaginator(ordered, 2, page_number=6, cap=5).get_page(6)
    assert not last.paginator.capped and last.paginator.shown_count == "12"  # type: ignore[attr-defined]
    assert [c.pk for c in last.object_list] == [c.pk for c in contacts[-2:]]
    assert not last.has_next()


# --- Anonymous consultations --------------------------------------------------------------------


def consultations_by(user: User, how_many: int) -> list[Consultation]:
    now = timezone.now()
    return [
        Consultation.objects.create(
            asked_by=user,
            question=f"Question PG{next(_numbers):06d}",
            asked_at=now - timedelta(minutes=how_many - n),
        )
        for n in range(how_many)
    ]


def test_my_consultations_read_the_same_number_of_queries_for_2_or_12(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:consultations")
    consultations_by(cast.involved, 2)
    with_two = queries_for(client, url)
    consultations_by(cast.involved, 10)
    assert queries_for(client, url) == with_two


def test_my_consultations_pages_show_each_of_mine_once_and_nobody_elses(
    cast: Cast, client: Client
) -> None:
    mine = consultations_by(cast.involved, 30)
    theirs = consultations_by(cast.practitioner, 5)
    client.force_login(cast.involved)
    seen = references_on_every_page(client, reverse("frontdoor:consultations"), 2)
    assert sorted(seen) == sorted(c.question.removeprefix("Question ") for c in mine)
    assert not {c.question.removeprefix("Question ") for c in theirs} & set(seen)


# --- Referrals to children's social care ------------------------------------------------------


def test_referrals_read_the_same_number_of_queries_for_2_or_12(cast: Cast, client: Client) -> None:
    client.force_login(cast.front_door_worker)
    url = reverse("frontdoor:referrals")
    referrals_from(requests_by(cast.involved, 2), cast.front_door_worker)
    with_two = queries_for(client, url)
    referrals_from(requests_by(cast.practitioner, 10), cast.front_door_worker)
    assert queries_for(client, url) == with_two


def test_referrals_are_paged_oldest_first_each_once(cast: Cast, client: Client) -> None:
    # Given 55 referrals (two pages of 50) and a contact that is not a referral
    referrals = referrals_from(requests_by(cast.involved, 55), cast.front_door_worker)
    not_referred = requests_by(cast.involved, 1)
    client.force_login(cast.front_door_worker)
    seen = references_on_every_page(client, reverse("frontdoor:referrals"), 2)
    expected = [r.decision.contact.reference for r in referrals]
    assert sorted(seen) == sorted(expected)
    assert not_referred[0].reference not in seen
    first = client.get(reverse("frontdoor:referrals")).content.decode()
    assert expected[0] in first and expected[-1] not in first
    assert "55 referrals open" in first


# --- A contact's page -------------------------------------------------------------------------


def test_a_contacts_page_reads_the_same_number_of_queries_for_2_or_12_earlier_contacts(
    cast: Cast, client: Client
) -> None:
    child = PersonFactory(given_name="Rory", family_name="Repeat")
    contact = sent_contact(cast, child=child)
    client.force_login(cast.front_door_worker)
    url = reverse("frontdoor:contact", kwargs={"contact_id": contact.pk})
    requests_by(cast.practitioner, 2, child=child)
    with_two = queries_for(client, url)
    requests_by(cast.practitioner, 10, child=child)
    assert queries_for(client, url) == with_two
