"""The one capped paginator (``core.paging``): counted up to a cap and then "more than" it, each
row reachable once whichever way a list is paged, and a bounded read whatever the list's length.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from righthelp.accounts.models import User
from righthelp.core.paging import CappedPaginator, capped_page, count_cap
from righthelp.frontdoor import paging as frontdoor_paging

pytestmark = pytest.mark.django_db


def users(how_many: int) -> QuerySet[User]:
    for n in range(how_many):
        User.objects.create(username=f"paged{n:03d}")
    return User.objects.filter(username__startswith="paged").order_by("username")


def test_paged_by_fetching_one_more_row_the_count_stops_past_the_cap() -> None:
    listed = users(12)
    paginator: CappedPaginator[User] = CappedPaginator(listed, 2, cap=5)
    first = paginator.capped_page(1)
    assert paginator.capped and paginator.more_than == 5 and paginator.count == 6
    assert paginator.shown_count == "more than 5"
    assert first.has_next()
    # Past the cap, each next page is found by its extra row, and the list ends where it ends
    seen: list[int] = []
    number = 1
    while True:
        paginator = CappedPaginator(listed, 2, cap=5)
        page = paginator.capped_page(number)
        seen += [u.pk for u in page.object_list]
        if not page.has_next():
            break
        number += 1
    assert seen == [u.pk for u in listed] and number == 6


def test_a_short_list_is_counted_exactly_and_a_page_past_its_end_gives_the_last() -> None:
    listed = users(3)
    paginator: CappedPaginator[User] = CappedPaginator(listed, 2, cap=5)
    page = paginator.capped_page(9)
    assert not paginator.capped and paginator.more_than is None
    assert paginator.count == 3 and paginator.shown_count == "3"
    assert page.number == 2 and [u.pk for u in page.object_list] == [listed[2].pk]


def test_paged_from_a_number_the_count_reaches_the_page_after_it() -> None:
    listed = users(12)
    first = capped_page(listed, 1, 2, cap=5)
    assert first.paginator.capped and first.paginator.shown_count == "more than 5"  # type: ignore[attr-defined]
    assert first.has_next()
    last = capped_page(listed, 6, 2, cap=5)
    assert not last.paginator.capped and last.paginator.count == 12  # type: ignore[attr-defined]
    assert [u.pk for u in last.object_list] == [u.pk for u in listed][-2:]
    assert not last.has_next()


def test_a_page_is_two_queries_whatever_the_length_of_the_list() -> None:
    listed = users(40)
    with CaptureQueriesContext(connection) as queries:
        CappedPaginator(listed, 5, cap=10).capped_page(3)
    assert len(queries) == 2
    counted = queries.captured_queries[0]["sql"]
    assert "LIMIT 11" in counted and "ORDER BY" not in counted


def test_the_cap_is_the_setting_and_the_front_door_keeps_its_own(
    settings: Settings,
) -> None:
    settings.RIGHTHELP_COUNT_CAP = 7
    assert count_cap() == 7
    listed = users(30)
    assert CappedPaginator(listed, 2).more_than == 7
    page = frontdoor_paging.capped_page(listed, 1, 2)
    assert page.paginator.count == 30  # the front door's cap (500), not the setting
    assert frontdoor_paging.CappedPaginator is CappedPaginator
