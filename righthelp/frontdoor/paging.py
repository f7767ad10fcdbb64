"""The front door's paging: its lists over ``core.paging`` with the front door's cap.

Where a user needs the exact number (the front door's queue of open work) lists use Django's
``Paginator``; elsewhere (a referrer's requests over the years, referrals to social care,
disagreements) they use ``capped_page``, which counts at most ``COUNT_CAP`` rows, or as far as
the page after the one asked for, and shows more as "more than 500"
(``core.paging.CappedPaginator``: the one capped paginator of every list).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet

from righthelp.core import paging
from righthelp.core.paging import CappedPaginator

__all__ = ["COUNT_CAP", "CappedPaginator", "capped_page"]

# Counts above this are shown as "more than" it.
COUNT_CAP = 500


def capped_page(
    queryset: QuerySet[Any], page_number: int, per_page: int, *, cap: int | None = None
) -> Page[Any]:
    """``core.paging.capped_page`` with the front door's cap (``COUNT_CAP``) unless given."""
    return paging.capped_page(
        queryset, page_number, per_page, cap=COUNT_CAP if cap is None else cap
    )
