"""Paging a long list without counting all of it: the one "capped" paginator of every list
that grows with the population or with years of work (the people list, the duplicates queue,
the front door's and the disagreements' lists).

Counting every row on every page costs as much as the list, yet nobody needs to know that
there are 213,417 rather than "more than 1,000": the count is exact up to a cap and otherwise
shown as "more than" it. A page costs two queries whatever the list's length: a ``COUNT`` over
a ``LIMIT`` subquery, which reads a bounded number of rows, and the page itself.

Two ways to page, one count:

* ``capped_page(number)`` (the people list, the duplicates queue): the count stops at ``cap``
  (``RIGHTHELP_COUNT_CAP``, else 1,000) and the page is fetched with one row more than it
  shows, which says whether there is a next page past the cap.
* ``page_number=`` and Django's ``get_page`` (the module function ``capped_page``: the front
  door's and the disagreements' lists): the count reaches at least the page after the one asked
  for, so it and the next page are always reachable, and ``count`` is then a lower bound.
"""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

T = TypeVar("T")

# Past this many, a list says "more than 1,000" instead of counting every row
# (``RIGHTHELP_COUNT_CAP`` changes it).
COUNT_CAP = 1000


def count_cap() -> int:
    """How far a list counts before it says "more than": ``RIGHTHELP_COUNT_CAP``, else 1,000."""
    return int(getattr(settings, "RIGHTHELP_COUNT_CAP", COUNT_CAP))


class CappedPaginator(Paginator, Generic[T]):  # type: ignore[type-arg]
    """A ``Paginator`` whose count stops a row past ``count_to``: ``capped`` says it stopped,
    ``more_than`` is then the number to show as "more than", ``shown_count`` the count as a
    user reads it. Works with the GOV.UK pagination tag like any ``Paginator``.

    Without ``page_number``, ``count_to`` is the cap and pages are read with ``capped_page``;
    ``count`` is then at most ``cap + 1``. With ``page_number``, ``count_to`` is the cap or
    the page after ``page_number``, whichever is further, ``count`` is at most ``count_to``,
    and ``get_page`` reads pages as for any ``Paginator``."""

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        cap: int | None = None,
        counted: QuerySet[Any] | None = None,
        *,
        page_number: int | None = None,
        known_count: int | None = None,
    ) -> None:
        """``counted``, when given, is the same rows without what only the page needs (its
        order, annotations, prefetches), for the count. ``known_count``, when given, is the
        count already read elsewhere (at most ``cap + 1``: past the cap is "more than")."""
        super().__init__(object_list, per_page)
        self.cap = count_cap() if cap is None else cap
        self.counted = object_list if counted is None else counted
        self._reaches_page = page_number is not None
        self.count_to = (
            self.cap if page_number is None else max(self.cap, (max(page_number, 1) + 1) * per_page)
        )
        self._rows_counted: int | None = known_count
        self._seen_next = False
        self._number = 1

    def _counted_rows(self) -> int:
        if self._rows_counted is None:
            # COUNT over "LIMIT count_to + 1": reads at most that many rows, never the whole
            # list. Paged with ``capped_page``, the count need not sort what it counts; paged
            # from a number, it counts the list as given (through the index of its order).
            counted = self.counted if self._reaches_page else self.counted.order_by()
            self._rows_counted = counted[: self.count_to + 1].count()
        return self._rows_counted

    @property
    def capped(self) -> bool:
        """Whether the count stopped before the end of the list."""
        return self._counted_rows() > self.count_to

    @property
    def count(self) -> int:
        if self._reaches_page and self.capped:
            return self.count_to
        return self._counted_rows()

    @property
    def more_than(self) -> int | None:
        """The number to show as "more than" when the count is not exact, else None."""
        return self.count_to if self.capped else None

    @property
    def shown_count(self) -> str:
        """The count as a user reads it: exact, or "more than N" once capped."""
        more_than = self.more_than
        return f"more than {more_than:,}" if more_than is not None else f"{self.count:,}"

    @property
    def num_pages(self) -> int:
        if self.count == 0:
            return 1
        known = math.ceil(self.count / self.per_page)
        if self._reaches_page or not self.capped:
            return known
        return max(known, self._number + (1 if self._seen_next else 0))

    def capped_page(self, number: int) -> Page[T]:
        """Page ``number`` (from 1), fetched with one row more than it shows. A number past the
        end of an exactly counted list gives its last page, as ``get_page`` does."""
        number = max(1, number)
        if not self.capped:
            number = min(number, self.num_pages)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        self._seen_next = len(rows) > self.per_page
        self._number = number
        return Page(rows[: self.per_page], number, self)


def capped_page(
    queryset: QuerySet[Any], page_number: int, per_page: int, *, cap: int | None = None
) -> Page[Any]:
    """The page of ``queryset`` (the last one when ``page_number`` is past the end), its rows
    read into a list, counted far enough to reach the page after it (``page_number=``)."""
    paginator: CappedPaginator[Any] = CappedPaginator(
        queryset, per_page, cap=cap, page_number=page_number
    )
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    return page
