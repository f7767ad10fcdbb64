"""Paging a long list without counting all of it.

A list of people (or of pairs to review) may hold hundreds of thousands of rows. Counting them
all on every page costs as much as the population, yet nobody needs to know that there are
213,417 rather than "more than 1,000": the number is exact up to ``cap`` and otherwise shown as
"more than ``cap``". A page costs two queries whatever the list's length: a count over at most
``cap + 1`` rows (``COUNT`` over a ``LIMIT`` subquery) and the page itself, fetched with one
row more than it shows, which says whether there is a next page.
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
    """A ``Paginator`` whose ``count`` stops at ``cap + 1``: ``more_than`` is then ``cap`` and
    the pages known are those the cap covers, plus the next one while there are more rows.
    Works with the GOV.UK pagination tag like any ``Paginator``."""

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        cap: int | None = None,
        counted: QuerySet[Any] | None = None,
    ) -> None:
        """``counted``, when given, is the same rows without what only the page needs (its
        order, annotations, prefetches), for the count."""
        super().__init__(object_list, per_page)
        self.cap = count_cap() if cap is None else cap
        self.counted = object_list if counted is None else counted
        self._count: int | None = None
        self._seen_next = False
        self._number = 1

    @property
    def count(self) -> int:
        if self._count is None:
            # No ORDER BY: the count need not sort what it counts.
            self._count = self.counted.order_by()[: self.cap + 1].count()
        return self._count

    @property
    def more_than(self) -> int | None:
        """``cap`` when there are more rows than the cap (the count is not exact), else None."""
        return self.cap if self.count > self.cap else None

    @property
    def num_pages(self) -> int:
        if self.count == 0:
            return 1
        known = math.ceil(self.count / self.per_page)
        if self.more_than is None:
            return known
        return max(known, self._number + (1 if self._seen_next else 0))

    def capped_page(self, number: int) -> Page[T]:
        """Page ``number`` (from 1), fetched with one row more than it shows. A number past the
        end of an exactly counted list gives its last page, as ``get_page`` does."""
        number = max(1, number)
        if self.more_than is None:
            number = min(number, self.num_pages)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        self._seen_next = len(rows) > self.per_page
        self._number = number
        return Page(rows[: self.per_page], number, self)
