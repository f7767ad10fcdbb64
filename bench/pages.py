"""Time every daily page, in process, on a database already loaded.

    .venv/bin/python bench/pages.py [--runs 30] [--warmups 3] [--label "1M people"]
        [--json out.json] [--compare small.json] [--out table.md]

The database is the one in DATABASE_URL (or the SQLite default, var/righthelp.sqlite3), loaded
with ``demo_data`` and ``demo_early_help`` (and ``council_data`` when there is one). For a
front-door worker, an early help worker and a team manager (the demo users), signed in with the
test client, it opens every page of the service navigation and every record page
(``righthelp.core.tests.daily_pages``), three times to warm up, then ``--runs`` times, and
reports per page: p50 and p95 of the server time, the median CPU time of the process
(``time.process_time``: Python, templates and the database driver, not the database server),
queries per request and the status. Each figure is shown beside its budget (issue 15): p95 at
most 150 ms, median CPU at most 15 ms, and, with ``--compare`` naming the JSON of a run on a
database one hundredth the size, p95 at most twice that run's p95.

Persistent connections as in production (DATABASE_CONN_MAX_AGE=60 unless set).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
P95_BUDGET_MS = 150.0
CPU_BUDGET_MS = 15.0
GROWTH_BUDGET = 2.0


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["DJANGO_SETTINGS_MODULE"] = "righthelp.settings"
    os.environ.setdefault("RIGHTHELP_PLAIN_STATIC", "true")
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    import django

    django.setup()
    from django.conf import settings

    # The test client's host allowed, and templates rendered as a server renders them: not
    # setup_test_environment(), whose instrumented rendering sends a signal and copies the
    # context for every template and include (CPU a server never spends).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # no query log while timing


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def measure(runs: int, warmups: int, only: str = "") -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from righthelp.core.tests.daily_pages import ROLES, daily_pages, demo_user

    rows: list[dict[str, Any]] = []
    for role, username in ROLES:
        user = demo_user(username)
        client = Client()
        client.force_login(user)
        for page in daily_pages(client, user):
            if only and only.lower() not in page.name.lower():
                continue
            for _ in range(warmups):
                client.get(page.url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(page.url).status_code
            count = len(queries)  # now: the next request's start empties the log
            wall: list[float] = []
            cpu: list[float] = []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(page.url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            rows.append(
                {
                    "role": role,
                    "page": page.name,
                    "url": page.url,
                    "status": status,
                    "p50_ms": statistics.median(wall),
                    "p95_ms": _percentile(wall, 95),
                    "cpu_ms": statistics.median(cpu),
                    "queries": count,
                }
            )
            print(
                f"{role:18} {page.name:28} {rows[-1]['p50_ms']:7.1f} {rows[-1]['p95_ms']:7.1f}"
                f" ms  cpu {rows[-1]['cpu_ms']:6.1f} ms  {count:3} queries",
                file=sys.stderr,
                flush=True,
            )
    return rows


def _mark(ok: bool) -> str:
    return "" if ok else " ✗"


def table(rows: list[dict[str, Any]], label: str, small: dict[tuple[str, str], Any]) -> str:
    small_label = small.get(("", ""), "")
    lines = [
        f"### Pages at {label}" + (f" (compared with {small_label})" if small_label else ""),
        "",
        f"Budgets: p95 ≤ {P95_BUDGET_MS:.0f} ms; median CPU ≤ {CPU_BUDGET_MS:.0f} ms"
        + (f"; p95 ≤ {GROWTH_BUDGET:.0f}× its p95 at {small_label}" if small_label else "")
        + "; queries the same at both sizes. ✗ marks a figure over its budget.",
        "",
    ]
    head = "| role | page | status | p50 ms | p95 ms (≤150) | CPU ms (≤15) | queries |"
    rule = "|---|---|---|---|---|---|---|"
    if small_label:
        head += " p95 small ms | × small (≤2) | queries small |"
        rule += "---|---|---|"
    lines += [head, rule]
    met = total = 0
    for row in rows:
        ok_p95 = row["p95_ms"] <= P95_BUDGET_MS
        ok_cpu = row["cpu_ms"] <= CPU_BUDGET_MS
        line = (
            f"| {row['role']} | {row['page']} | {row['status']} | {row['p50_ms']:.1f} |"
            f" {row['p95_ms']:.1f}{_mark(ok_p95)} | {row['cpu_ms']:.1f}{_mark(ok_cpu)} |"
            f" {row['queries']} |"
        )
        ok = ok_p95 and ok_cpu and row["status"] == 200
        before = small.get((row["role"], row["page"]))
        if small_label:
            if before is None:
                line += " — | — | — |"
            else:
                ratio = row["p95_ms"] / before["p95_ms"] if before["p95_ms"] else 0.0
                ok_ratio = ratio <= GROWTH_BUDGET
                ok_queries = before["queries"] == row["queries"]
                ok = ok and ok_ratio and ok_queries
                line += (
                    f" {before['p95_ms']:.1f} | {ratio:.1f}{_mark(ok_ratio)} |"
                    f" {before['queries']}{_mark(ok_queries)} |"
                )
        met += ok
        total += 1
        lines.append(line)
    lines += ["", f"{met} of {total} pages meet every budget.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--label", default="", help="what the database holds, for the table")
    parser.add_argument("--json", help="write the figures here (for a later --compare)")
    parser.add_argument("--compare", help="JSON of a run on a database one hundredth the size")
    parser.add_argument("--out", help="write the Markdown table here (appended)")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args()
    _setup()
    from righthelp.people.models import Person

    people = f"{Person.objects.count():,} people"
    label = f"{args.label} ({people})" if args.label else people
    rows = measure(args.runs, args.warmups, args.only)
    if args.json:
        Path(args.json).write_text(json.dumps({"label": label, "rows": rows}, indent=1))
    small: dict[tuple[str, str], Any] = {}
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        small[("", "")] = before["label"]
        for row in before["rows"]:
            small[(row["role"], row["page"])] = row
    text = table(rows, label, small)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
