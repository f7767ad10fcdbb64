"""The duplicates queue at a council's size: paged, counted only as far as anyone needs, in a
constant number of queries, each page logged with the people it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.matching.models import DuplicateCandidate
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def pairs(count: int, probability: float = 0.99) -> list[DuplicateCandidate]:
    return [
        DuplicateCandidate.objects.create(
            person_a=PersonFactory(),
            person_b=PersonFactory(),
            probability=probability,
            found_at=timezone.now(),
        )
        for _ in range(count)
    ]


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_duplicates_queue_costs_the_same_queries_for_3_or_30_pairs(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.administrator)
    pairs(3)
    few = queries(client, reverse("matching:queue"))
    pairs(27)
    many = queries(client, reverse("matching:queue"))
    assert many == few


def test_a_long_queue_says_more_than_the_cap(
    cast: Cast, client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_COUNT_CAP = 4
    pairs(6)
    client.force_login(cast.administrator)
    response = client.get(reverse("matching:queue"))
    assert "More than 4 to review" in response.content.decode()
    assert len(response.context["page_obj"].object_list) == 6


def test_paging_through_the_queue_shows_each_open_pair_once_logged_page_by_page(
    cast: Cast, client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_COUNT_CAP = 10
    queued = pairs(30)
    pairs(2, probability=0.01)  # below the threshold: never queued
    client.force_login(cast.administrator)
    seen: list[int] = []
    number = 1
    while True:
        response = client.get(reverse("matching:queue"), {"page": str(number)})
        page = response.context["page_obj"]
        shown = list(page.object_list)
        seen.extend(c.pk for c in shown)
        record = AccessRecord.objects.filter(action=AccessAction.LIST_PEOPLE).latest("pk")
        assert sorted(record.people.values_list("person_id", flat=True)) == sorted(
            pk for c in shown for pk in (c.person_a_id, c.person_b_id)
        )
        if not page.has_next():
            break
        number += 1
    assert number == 2
    assert sorted(seen) == sorted(c.pk for c in queued)
