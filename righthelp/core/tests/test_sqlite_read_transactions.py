"""On SQLite, reading requests do not take the write lock, and every read is still logged.

Runs ``sqlite_concurrency`` in a fresh process on a real database file in WAL mode (the suite's
own SQLite database is in memory, where locks work differently), then checks what it measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = tmp_path_factory.mktemp("sqlite") / "righthelp.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    env.pop("RIGHTHELP_CONCURRENCY_BASELINE", None)
    done = subprocess.run(
        [sys.executable, "-m", "righthelp.core.tests.sqlite_concurrency"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's one write lock; PostgreSQL has row locks"
)


def test_a_page_that_writes_nothing_is_served_while_another_connection_holds_the_write_lock(
    measured: dict[str, Any],
) -> None:
    held = measured["held"]
    assert held["home_status"] == 200
    # Before, the request's BEGIN IMMEDIATE waited for the lock: the whole hold.
    assert held["home_seconds"] < held["hold_seconds"] / 2


def test_a_record_page_waits_for_the_lock_to_write_its_access_record_and_logs_it_once(
    measured: dict[str, Any],
) -> None:
    held = measured["held"]
    assert held["record_status"] == 200
    assert held["record_seconds"] >= held["hold_seconds"]
    assert held["records_logged"] == 1


def test_a_write_committed_during_a_read_makes_the_page_run_once_more_and_log_once(
    measured: dict[str, Any],
) -> None:
    stale = measured["stale"]
    assert stale["status"] == 200
    # The first attempt's access record was refused (stale snapshot) and rolled back.
    assert stale["access_record_inserts_tried"] == 2
    assert stale["begin_immediate"] == 1
    assert stale["records_logged"] == 1


def test_two_readers_beside_a_writer_get_every_page_with_no_lock_errors(
    measured: dict[str, Any],
) -> None:
    mixed = measured["mixed"]
    assert mixed["errors"] == []
    assert mixed["ok"] == mixed["reads"] > 0
    assert mixed["writes"] > 0
    assert mixed["records_logged"] == mixed["reads"]
