"""Paging for lists that grow with years of work: GOV.UK pagination over a count that stops at
a cap ("more than 500") instead of counting every row on every request.

A list's count costs as much as the rows it counts. Where a user needs the exact number (the
front door's queue of open work) lists use Django's ``Paginator``; elsewhere (a referrer's
requests over the years, referrals to social care, disagreements) they use ``CappedPaginator``,
which counts at most ``cap`` rows beyond the page asked for, so a request reads a bounded number
of rows whatever the data. The page asked for, and the one after it, are always reachable.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

T = TypeVar("T")

# Counts above this are shown as "more than" it.
COUNT_CAP = 500


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A ``Paginator`` whose ``count`` stops at ``cap`` rows past the page asked for (or at the
    end of the list, whichever comes first). ``capped`` says whether it stopped early, and then
    ``count`` is a lower bound: show it as "more than" (``shown_count``)."""

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        *,
        page_number: int = 1,
        cap: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self._queryset = object_list
        cap = COUNT_CAP if cap is None else cap
        self.cap = cap
        # Far enough to know there is a page after the one asked for, and at least ``cap``.
        self._count_to = max(cap, (max(page_number, 1) + 1) * per_page)
        self.capped = False

    @cached_property
    def count(self) -> int:
        # COUNT over "LIMIT n + 1": reads at most n + 1 rows of the index, never the whole list.
        counted = self._queryset[: self._count_to + 1].count()
        if counted > self._count_to:
            self.capped = True
            return self._count_to
        return counted

    @property
    def shown_count(self) -> str:
        """The count as a user reads it: exact, or "more than N" once capped."""
        count = self.count
        return f"more than {count:,}" if self.capped else f"{count:,}"


def capped_page(
    queryset: QuerySet[Any], page_number: int, per_page: int, *, cap: int | None = None
) -> Page[Any]:
    """The page of ``queryset`` (the last one when ``page_number`` is past the end), its rows
    read into a list, with a ``CappedPaginator``."""
    page = CappedPaginator(queryset, per_page, page_number=page_number, cap=cap).get_page(
        page_number
    )
    page.object_list = list(page.object_list)
    return page
