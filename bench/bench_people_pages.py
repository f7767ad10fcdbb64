"""Time the people pages and the duplicates queue on a loaded database (a plain script).

    DATABASE_URL=sqlite:////tmp/people40k.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/people40k.sqlite3 .venv/bin/python manage.py demo_data \\
        --families 40000
    DATABASE_URL=sqlite:////tmp/people40k.sqlite3 .venv/bin/python bench/bench_people_pages.py

Uses the database in ``DATABASE_URL`` as it is (it must be migrated and loaded), signs demo
users in with the test client and times ``client.get`` of: the people list (no search terms),
a search by name, the search page with a name and date of birth (the matcher's likely matches
beside the list) and the duplicates queue. Prints, for each, p50 and p95 server time in
milliseconds over ``--runs`` runs after ``--warmups`` warm-ups, and the queries per request.
Every request writes its access record, as in use.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmups", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a loaded database (see the docstring).")
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["DJANGO_SETTINGS_MODULE"] = "righthelp.settings"
    os.environ.setdefault("RIGHTHELP_PLAIN_STATIC", "true")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    run(args.runs, args.warmups)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(runs: int, warmups: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from righthelp.accounts.models import User
    from righthelp.people.models import Person

    people = Person.objects.count()
    print(f"{people:,} people on {connection.vendor}")
    somebody = Person.objects.filter(date_of_birth__isnull=False).order_by("pk")[people // 2]
    born = somebody.date_of_birth.isoformat() if somebody.date_of_birth else ""
    pages = [
        ("pat.teacher", "people list", "/people/"),
        ("pat.teacher", "people list, page 3", "/people/?page=3"),
        ("erin.earlyhelp", "people list", "/people/"),
        ("fran.frontdoor", "people list", "/people/"),
        ("pat.teacher", "search by name", "/people/?name=smith"),
        ("erin.earlyhelp", "search by name", "/people/?name=smith"),
        (
            "erin.earlyhelp",
            "search page (name + date of birth)",
            f"/people/?name={somebody.given_name}+{somebody.family_name}&date_of_birth={born}",
        ),
        ("adam.admin", "duplicates queue", "/duplicates/"),
    ]
    print("| user | page | p50 ms | p95 ms | queries |")
    print("|---|---|---|---|---|")
    for username, label, url in pages:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"| {username} | {label} | (no such user) | | |")
            continue
        client = Client()
        client.force_login(user)
        for _ in range(warmups):
            client.get(url)
        times: list[float] = []
        queries = 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        print(
            f"| {username} | {label} | {statistics.median(times):.0f} "
            f"| {_percentile(times, 0.95):.0f} | {queries} |"
        )


if __name__ == "__main__":
    main()
