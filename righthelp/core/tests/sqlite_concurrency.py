"""Reads beside writes on a real SQLite file in WAL mode (run by ``test_sqlite_read_transactions``).

The test suite's own SQLite database is in memory with a shared cache, which locks tables, not
the file, so it cannot show how requests on a deployed SQLite database wait for each other.
This script migrates a fresh database file, then drives the full request stack (Django's test
client, one database connection per thread) and prints what it measured as JSON:

* ``held``: while another connection holds the write lock for ``HOLD`` seconds, a signed-in
  GET of the home page (which writes nothing) answers at once, and a GET of a child's record
  (which writes its access record) answers once the lock is released, with one access record.
* ``stale``: a writer commits between a record page's reads and its access record; SQLite
  refuses the stale snapshot its write lock, and the page is run once more (IMMEDIATE).
* ``mixed``: two threads read a child's record while a third writes events, for a while.

``RIGHTHELP_CONCURRENCY_BASELINE=1`` measures the same without the middleware (every request
begins IMMEDIATE), for comparison.

Usage: ``DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m righthelp.core.tests.sqlite_concurrency``
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import django

HOLD = 2.0
READS_PER_THREAD = 25


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> dict[str, Any]:  # noqa: C901 - three scenarios, read top to bottom
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "righthelp.settings")
    os.environ["RIGHTHELP_PLAIN_STATIC"] = "true"
    django.setup()
    from django.conf import settings

    if os.environ.get("RIGHTHELP_CONCURRENCY_BASELINE"):
        # For comparison: every request begins IMMEDIATE, as before this middleware.
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "ReadTransaction" not in m]
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from righthelp.accounts.models import Role
    from righthelp.accounts.tests.factories import UserFactory
    from righthelp.audit.events import Verb
    from righthelp.audit.models import AccessRecord
    from righthelp.audit.services import event_record
    from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    database = str(connection.settings_dict["NAME"])
    user = UserFactory(roles=[Role.PRACTITIONER])
    child = PersonFactory()
    InvolvementFactory(person=child, user=user)
    record_url = reverse("people:detail", kwargs={"person_id": child.pk})
    home_url = reverse("core:home")
    results: dict[str, Any] = {"migrate_seconds": round(migrated, 1)}

    def signed_in() -> Client:
        client = Client()
        client.force_login(user)
        return client

    def reads_logged() -> int:
        return AccessRecord.objects.filter(path=record_url).count()

    def watch(statements: list[str], before: Callable[[str], None] | None = None) -> Any:
        def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            statements.append(sql)
            if before is not None:
                before(sql)
            return execute(sql, params, many, context)

        return wrapper

    # 1. Another connection holds the write lock.
    client = signed_in()
    client.get(home_url)
    logged_before = reads_logged()
    holder = sqlite3.connect(database, timeout=20, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE accounts_user SET first_name = first_name WHERE id = ?", (user.pk,))
    release = threading.Timer(HOLD, lambda: holder.execute("COMMIT"))
    locked_at = time.perf_counter()
    release.start()
    home = client.get(home_url)
    home_seconds = time.perf_counter() - locked_at
    record = client.get(record_url)
    record_seconds = time.perf_counter() - locked_at
    release.join()
    holder.close()
    results["held"] = {
        "hold_seconds": HOLD,
        "home_status": home.status_code,
        "home_seconds": round(home_seconds, 3),
        "record_status": record.status_code,
        "record_seconds": round(record_seconds, 3),
        "records_logged": reads_logged() - logged_before,
    }

    # 2. A write commits between the page's reads and its access record (with every request
    # beginning IMMEDIATE that write would wait for the page instead: nothing to measure).
    baseline = bool(os.environ.get("RIGHTHELP_CONCURRENCY_BASELINE"))
    writer = sqlite3.connect(database, timeout=20, isolation_level=None)
    statements: list[str] = []
    interposed: list[bool] = []

    def commit_a_write_first(sql: str) -> None:
        if 'INSERT INTO "audit_accessrecord"' in sql and not interposed and not baseline:
            interposed.append(True)
            writer.execute("BEGIN IMMEDIATE")
            # A real change: SQLite writes nothing for an update that changes no value.
            writer.execute(
                "UPDATE accounts_user SET job_title = 'Changed' WHERE id = ?", (user.pk,)
            )
            writer.execute("COMMIT")

    logged_before = reads_logged()
    with connection.execute_wrapper(watch(statements, commit_a_write_first)):
        stale = client.get(record_url)
    writer.close()
    results["stale"] = {
        "status": stale.status_code,
        "access_record_inserts_tried": sum(
            'INSERT INTO "audit_accessrecord"' in sql for sql in statements
        ),
        "begin_immediate": sum(sql.strip().upper() == "BEGIN IMMEDIATE" for sql in statements),
        "records_logged": reads_logged() - logged_before,
    }

    # 3. Two readers and a writer at once.
    logged_before = reads_logged()
    statuses: list[int] = []
    errors: list[str] = []
    durations: list[float] = []
    retries: list[int] = []
    writes: list[int] = []
    stop = threading.Event()

    def read() -> None:
        reader = signed_in()
        seen: list[str] = []
        try:
            with connection.execute_wrapper(watch(seen)):
                for _ in range(READS_PER_THREAD):
                    begun = time.perf_counter()
                    statuses.append(reader.get(record_url).status_code)
                    durations.append(time.perf_counter() - begun)
        except Exception as error:  # noqa: BLE001 - reported, and the test fails on it
            errors.append(repr(error))
        finally:
            retries.append(sum(sql.strip().upper() == "BEGIN IMMEDIATE" for sql in seen))
            connection.close()

    def write() -> None:
        count = 0
        try:
            while not stop.is_set():
                with transaction.atomic():
                    event_record(
                        actor=user,
                        verb=Verb.PERSON_UPDATED,
                        subject_ids=[child.pk],
                        summary="Details changed",
                    )
                count += 1
                time.sleep(0.005)
        except Exception as error:  # noqa: BLE001 - reported, and the test fails on it
            errors.append(repr(error))
        finally:
            writes.append(count)
            connection.close()

    readers = [threading.Thread(target=read) for _ in range(2)]
    writer_thread = threading.Thread(target=write)
    begun = time.perf_counter()
    writer_thread.start()
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    stop.set()
    writer_thread.join()
    results["mixed"] = {
        "reads": len(statuses),
        "ok": sum(status == 200 for status in statuses),
        "errors": errors,
        "writes": sum(writes),
        "reads_retried": sum(retries),
        "records_logged": reads_logged() - logged_before,
        "read_p50_ms": round(statistics.median(durations) * 1000, 1) if durations else None,
        "read_p95_ms": round(_percentile(durations, 0.95) * 1000, 1) if durations else None,
        "seconds": round(time.perf_counter() - begun, 2),
    }
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
