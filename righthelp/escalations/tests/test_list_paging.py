"""Disagreements' list and report at a council's size: a constant number of queries whatever
the rows, each open disagreement once across the pages and never one about a child the manager
may not see, and the report counted by the database."""

from __future__ import annotations

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
from righthelp.escalations import selectors
from righthelp.escalations.ladder import ladder_for
from righthelp.escalations.models import (
    Disagreement,
    DisagreementKind,
    DisagreementStatus,
    Stage,
)
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def disagreements_about(
    child: Person, raised_by: User, how_many: int, *, resolved_after_days: int | None = None
) -> list[Disagreement]:
    """``how_many`` disagreements about ``child``, a day apart, oldest first, each at its first
    stage (resolved that many days after being raised, when given)."""
    now = timezone.now()
    ladder = ladder_for("", "default")
    made = []
    for n in range(how_many):
        raised = now - timedelta(days=how_many - n, hours=1)
        resolved = resolved_after_days is not None
        disagreement = Disagreement.objects.create(
            child=child,
            kind=DisagreementKind.WORRY_NOT_SHARED,
            raised_by=raised_by,
            organisation=raised_by.organisation,
            disagree_with="No worries recorded",
            reason="Hungry every morning",
            risk="Neglect",
            wanted="A home visit",
            status=DisagreementStatus.RESOLVED if resolved else DisagreementStatus.OPEN,
            ladder=ladder,
            raised_at=raised,
            resolved_at=raised + timedelta(days=resolved_after_days or 0) if resolved else None,
            upheld=False if resolved else None,
        )
        Stage.objects.create(
            disagreement=disagreement,
            number=1,
            level=ladder[0],
            opened_at=raised,
            respond_by=raised + timedelta(days=1),
            due_at=raised + timedelta(days=2),
        )
        made.append(disagreement)
    return made


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def detail_links(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/disagreements/(\d+)/"', html)}


def test_the_open_list_reads_the_same_number_of_queries_for_2_or_12(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.team_manager)
    url = reverse("escalations:list")
    disagreements_about(cast.child, cast.involved, 2)
    with_two = queries_for(client, url)
    disagreements_about(cast.child, cast.involved, 10)
    assert queries_for(client, url) == with_two


def test_the_open_list_pages_show_each_once_and_none_about_children_not_mine(
    cast: Cast, client: Client
) -> None:
    # Given 55 open disagreements about a child my team works with (two pages of 50), and some
    # about a child nobody in my team works with
    mine = disagreements_about(cast.child, cast.involved, 55)
    elsewhere = disagreements_about(PersonFactory(), cast.practitioner, 6)
    client.force_login(cast.team_manager)
    url = reverse("escalations:list")
    # When I read both pages, oldest first
    first = detail_links(client.get(url).content.decode())
    second = detail_links(client.get(f"{url}?page=2").content.decode())
    # Then each of mine is there once, and none of the others
    assert not first & second
    assert first | second == {d.pk for d in mine}
    assert mine[0].pk in first and mine[-1].pk in second
    assert not {d.pk for d in elsewhere} & (first | second)


def test_the_open_list_keeps_its_filters_across_pages(cast: Cast, client: Client) -> None:
    disagreements_about(cast.child, cast.involved, 55)
    Disagreement.objects.update(high_risk=True)
    client.force_login(cast.team_manager)
    html = client.get(reverse("escalations:list"), {"high_risk": "on"}).content.decode()
    assert "high_risk=on&amp;page=2" in html or "page=2&amp;high_risk=on" in html


def test_the_report_reads_the_same_number_of_queries_for_2_or_12(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.analyst)
    url = reverse("escalations:report")
    disagreements_about(cast.child, cast.involved, 1)
    disagreements_about(cast.child, cast.involved, 1, resolved_after_days=3)
    with_two = queries_for(client, url)
    disagreements_about(cast.child, cast.involved, 5)
    disagreements_about(cast.child, cast.involved, 5, resolved_after_days=10)
    assert queries_for(client, url) == with_two


def test_the_report_counts_bands_and_the_median_in_the_database(cast: Cast) -> None:
    # Resolved after 1, 5, 10 and 40 days (median 7.5), and two still open
    for days in (1, 5, 10, 40):
        disagreements_about(cast.child, cast.involved, 1, resolved_after_days=days)
    disagreements_about(cast.child, cast.involved, 2)
    report = selectors.disagreement_report(user=cast.analyst)
    assert report.total == 6 and report.open == 2
    assert report.resolved_within == [
        ("Within 2 days", 1),
        ("3 to 7 days", 1),
        ("8 to 28 days", 1),
        ("More than 28 days", 1),
    ]
    assert report.median_days_to_resolution == 7.5
    assert report.by_outcome == [("Resolved at Worker", 4), ("Still open", 2)]
    assert report.by_stage_reached == [("1. Worker", 6)]
    # An odd number resolved: the middle one
    disagreements_about(cast.child, cast.involved, 1, resolved_after_days=6)
    assert selectors.disagreement_report(user=cast.analyst).median_days_to_resolution == 6.0
