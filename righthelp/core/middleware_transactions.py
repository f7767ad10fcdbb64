"""Reads side by side on SQLite: a GET begins its transaction DEFERRED, not IMMEDIATE.

``ATOMIC_REQUESTS`` makes each view one transaction, so a read of personal data and its access
record commit together or not at all. On PostgreSQL that costs nothing and this middleware does
nothing. On SQLite, ``transaction_mode=IMMEDIATE`` (the setting every write needs, so two
writers queue on the busy timeout instead of failing) takes the database's one write lock at
``BEGIN``: every request, a GET too, waited for every other.

Here, on SQLite, a GET, HEAD or OPTIONS begins DEFERRED: it reads from its snapshot while other
requests read and write, and takes the write lock only when it writes (its access record). If
another request holds the lock then, or committed since the read's snapshot began, SQLite
refuses the upgrade at once (``SQLITE_BUSY`` / ``SQLITE_BUSY_SNAPSHOT``; it does not wait, as
waiting cannot make an old snapshot current). The view's transaction has rolled back by then,
its access record with it, so nothing of the first attempt is kept; the view runs once more,
this time beginning IMMEDIATE, which waits for the lock (the busy timeout) and is then certain
to write. The read and its access record are still one transaction, and the record names what
was read at the moment it was written.

Every other method, and all work outside a request (commands, the shell), begins IMMEDIATE as
before. Views marked ``transaction.non_atomic_requests`` are left alone.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_PENDING = "_righthelp_deferred_view"
# SQLite's primary result codes for "another connection has the lock" (extended codes such as
# SQLITE_BUSY_SNAPSHOT keep the primary code in their low byte).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def write_lock_refused(error: BaseException) -> bool:
    """Whether ``error`` is SQLite refusing the write lock (busy, locked or a stale snapshot)."""
    cause = error.__cause__ if error.__cause__ is not None else error
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(cause, sqlite3.Error) and isinstance(code, int):
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return "database is locked" in str(error)


def _set_mode(mode: str | None) -> None:
    # The SQLite backend's own attribute, read when it begins a transaction (Django 5.1+).
    setattr(connections[DEFAULT_DB_ALIAS], "transaction_mode", mode)  # noqa: B010


def _configured_mode(alias: str) -> str | None:
    mode = connections[alias].settings_dict.get("OPTIONS", {}).get("transaction_mode")
    return str(mode).upper() if mode else None


class ReadTransactionMiddleware:
    """Begin a read request's transaction DEFERRED on SQLite; retry it once IMMEDIATE if refused.

    Listed last in ``MIDDLEWARE``, so its ``process_exception`` is the first to see what the
    view raised (Django calls them in reverse order).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            if hasattr(request, _PENDING) or getattr(request, "_righthelp_retried", False):
                # Back to the configured mode for whatever this thread runs next.
                _set_mode(_configured_mode(DEFAULT_DB_ALIAS))

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if (
            connection.vendor != "sqlite"
            or request.method not in READ_METHODS
            or not connection.settings_dict.get("ATOMIC_REQUESTS")
            or DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set())
            or connection.in_atomic_block  # inside a test's transaction: only savepoints
        ):
            return None
        # Opening the connection sets its mode from the settings, so open it before choosing.
        connection.ensure_connection()
        _set_mode(None)  # a plain BEGIN, which SQLite takes as DEFERRED
        setattr(request, _PENDING, (view_func, view_args, view_kwargs))
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        pending = getattr(request, _PENDING, None)
        if pending is None or not isinstance(exception, OperationalError):
            return None
        if not write_lock_refused(exception):
            return None
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.in_atomic_block:
            return None
        delattr(request, _PENDING)
        request._righthelp_retried = True  # type: ignore[attr-defined]
        view_func, view_args, view_kwargs = pending
        logger.info("SQLite refused a read's write lock; running %s once more", request.path)
        _set_mode("IMMEDIATE")
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            response: HttpResponse = view_func(request, *view_args, **view_kwargs)
        return response
