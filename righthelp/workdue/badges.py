"""My work's number on the navigation: the user's items overdue or due today (one query,
through ``selectors.due_now_count``). Registered with ``core.badges`` in the app's ``ready()``.

``compiled_due_now_count`` is the same number (the same COUNT subquery per registered source
over the same filters) built and compiled once per kind of user and day
(``core.compiled.compiled_rows``): every page shows it, and building a query of eight
subqueries costs more CPU than the rest of a simple page. ``selectors.due_now_count`` answers
through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core.badges import BadgeValue
from righthelp.core.compiled import compiled_rows
from righthelp.workdue import selectors
from righthelp.workdue.sources import Window, due_sources, end_of, scope_for


def compiled_due_now_count(user: User, *, now: datetime | None = None) -> int:
    """How many of ``user``'s items are overdue or due today: ``selectors.due_now_count``'s
    number, in one query, compiled once per kind of user (their roles), day and set of
    registered sources. It names nobody, so it is not logged."""
    now = now or timezone.now()
    kind = replace(scope_for(user), user_id=None)
    horizon = end_of(timezone.localtime(now).date())
    sources = due_sources()

    def build(values: Mapping[str, Any]) -> QuerySet[Any]:
        scope = replace(kind, user_id=values["user_id"])
        window = Window(now=values["now"], horizon=horizon)
        queries = [
            queryset for source in sources for queryset in source.queries(scope, window).values()
        ]
        counts = {
            f"n{index}": Subquery(
                queryset.order_by().values(n=Func(F("pk"), function="COUNT")),
                output_field=IntegerField(),
            )
            for index, queryset in enumerate(queries)
        }
        if not counts:
            return User.objects.none().values_list("pk")  # nothing to count: no rows
        return User.objects.filter(pk=values["user_id"]).annotate(**counts).values_list(*counts)

    if not sources:
        return 0
    rows = compiled_rows(
        ("workdue.due_now_count", kind, horizon, sources),
        build,
        {"user_id": user.pk, "now": now},
    )
    return sum(value or 0 for value in rows[0]) if rows else 0


def my_work_badge(user: Any) -> BadgeValue | None:
    if getattr(user, "pk", None) is None:
        return None
    count = selectors.due_now_count(user)
    words = "item overdue or due today" if count == 1 else "items overdue or due today"
    return BadgeValue(count=count, count_text=words)
