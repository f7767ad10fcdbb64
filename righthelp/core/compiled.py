"""A query built and compiled once per shape, then run with each request's values.

Building a queryset of several subqueries and compiling it to SQL costs milliseconds of CPU on
every page (the navigation's counts), while the SQL itself runs in well under one. Most of that
work does not depend on the request: the SQL text for a front-door worker's counts is the same
for every front-door worker, only the parameters (their id, the time) change.

``compiled_rows(key, build, values)`` runs ``build(values)`` (a queryset) and returns its rows,
but builds and compiles it only the first time for ``key``: it compiles it twice with two sets of
stand-in values, checks that the SQL text is the same and that every parameter that differs is
one of the ``values`` (as the database receives it), and keeps the SQL with the positions to
fill. Later calls fill the positions with the real values and run the SQL directly: one query,
no building. ``key`` must name everything else the query depends on (a user's kind, the day, the
registered sources); if the check fails (say, ``build`` derives a parameter from a value), the
key is marked and every call builds the query as before, so the answer is always the slow
definition's. Values are whole numbers, dates and aware datetimes; the rows are as the database
returns them (no field conversions), so use it for counts and ids.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

__all__ = ["clear_compiled", "compiled_rows"]

# Entries are small (SQL text and positions), but a key includes things tests vary (a fake
# due source), so the cache is bounded.
CACHE_LIMIT = 256


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]  # constants, with the values' positions filled at each call
    slots: tuple[tuple[int, str], ...]  # (position, name of the value)


# None marks a key whose query cannot be kept (always built).
_cache: dict[tuple[str, Hashable], _Compiled | None] = {}


def clear_compiled(**_: Any) -> None:
    """Forget every compiled query (when settings change: a query may read one)."""
    _cache.clear()


setting_changed.connect(clear_compiled, dispatch_uid="righthelp.core.compiled")


def _stand_ins(values: Mapping[str, Any], which: int) -> dict[str, Any]:
    """Values of the same types as ``values`` that no real query would hold, different for
    ``which`` 0 and 1 and for each name."""
    base_number = (7_300_000_001, 8_100_000_003)[which]
    base_moment = (
        datetime(1901, 3, 5, 7, 11, 13, 170_019, tzinfo=UTC),
        datetime(1907, 4, 6, 9, 12, 14, 230_029, tzinfo=UTC),
    )[which]
    stand_ins: dict[str, Any] = {}
    for index, (name, value) in enumerate(sorted(values.items())):
        if isinstance(value, bool):
            raise TypeError(f"{name}: a yes/no changes a query's shape; put it in the key")
        if isinstance(value, int):
            stand_ins[name] = base_number + 97 * index
        elif isinstance(value, datetime):
            if value.tzinfo is None:
                raise TypeError(f"{name}: a datetime must be aware")
            stand_ins[name] = base_moment + timedelta(days=31 * index, seconds=index)
        elif isinstance(value, date):
            stand_ins[name] = (base_moment + timedelta(days=31 * index + 1)).date()
        else:
            raise TypeError(f"{name}: only whole numbers, dates and datetimes are filled in")
    return stand_ins


def _as_sent(value: Any, using: str) -> Any:
    """``value`` as a compiled query's parameters hold it."""
    ops = connections[using].ops
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return ops.adapt_datefield_value(value)
    return value


def _compile(queryset: QuerySet[Any], using: str) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.get_compiler(using=using).as_sql()
    return sql, tuple(params)


def _prepare(
    build: Callable[[Mapping[str, Any]], QuerySet[Any]], values: Mapping[str, Any], using: str
) -> _Compiled | None:
    first, second = _stand_ins(values, 0), _stand_ins(values, 1)
    try:
        sql, params = _compile(build(first), using)
        sql_again, params_again = _compile(build(second), using)
    except (EmptyResultSet, FullResultSet):
        return None  # answered without SQL: build it each time
    if sql != sql_again or len(params) != len(params_again):
        return None
    sent = [
        {name: _as_sent(value, using) for name, value in stand_ins.items()}
        for stand_ins in (first, second)
    ]
    slots: list[tuple[int, str]] = []
    for position, (one, other) in enumerate(zip(params, params_again, strict=True)):
        names = [name for name in values if sent[0][name] == one and sent[1][name] == other]
        if names:
            slots.append((position, names[0]))
        elif one != other:
            return None  # a parameter derived from a value: cannot be filled in
    return _Compiled(sql=sql, params=params, slots=tuple(slots))


def compiled_rows(
    key: Hashable,
    build: Callable[[Mapping[str, Any]], QuerySet[Any]],
    values: Mapping[str, Any],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> list[tuple[Any, ...]]:
    """The rows of ``build(values)`` (a ``values_list`` queryset), as the database returns
    them, in one query; built and compiled once per ``key`` (see the module's docstring)."""
    cache_key = (using, key)
    if cache_key not in _cache:
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        _cache[cache_key] = _prepare(build, values, using)
    compiled = _cache[cache_key]
    if compiled is None:
        return [tuple(row) for row in build(values)]
    params = list(compiled.params)
    for position, name in compiled.slots:
        params[position] = _as_sent(values[name], using)
    with connections[using].cursor() as cursor:
        cursor.execute(compiled.sql, params)
        return [tuple(row) for row in cursor.fetchall()]
