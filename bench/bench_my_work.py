"""Time My work for a front-door worker with 12,000 open contacts.

    .venv/bin/python bench/bench_my_work.py [--contacts 12000] [--runs 20]

Sets up Django on a temporary SQLite database (migrated here), creates a front-door worker and
``--contacts`` open contacts (rows created directly, each about one of 2,000 children), due
from two weeks ago to ten days ahead, so about two thirds are overdue, some due today and
some this week. Signs the worker in with the test client and times ``client.get`` of My work
(the page and its navigation count). Prints the median (p50) over ``--runs`` runs after three
warm-ups and the queries per page, for the full list of contacts and for a tenth of them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _django import migrated_sqlite  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=12_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with migrated_sqlite():
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from righthelp.accounts.models import Organisation, Role, RoleAssignment, User
    from righthelp.frontdoor.models import Contact, ContactSubject
    from righthelp.people.models import Person

    now = timezone.now()
    council = Organisation.objects.create(name="Front door", kind="local_authority")
    worker = User.objects.create_user(
        username="fdworker",
        password="not-used-bench-only",  # noqa: S106
        first_name="Fay",
        last_name="Bench",
        organisation=council,
    )
    RoleAssignment.objects.create(user=worker, role=Role.FRONT_DOOR_WORKER)
    children = Person.objects.bulk_create(
        [
            Person(
                kind="child",
                given_name=f"Child{n}",
                family_name="Bench",
                given_name_normalised=f"child{n}",
                family_name_normalised="bench",
                date_of_birth=date(2014, 1, 1),
                local_person_id=f"B{n:06d}",
                created_at=now,
                updated_at=now,
            )
            for n in range(2000)
        ],
        batch_size=500,
    )
    client = Client()
    client.force_login(worker)
    url = reverse("workdue:my-work")

    def add(count: int, start: int) -> None:
        span = timedelta(days=24).total_seconds()
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    reference=f"FD-26-{start + n:06d}",
                    kind="request_for_support",
                    status="in_triage",
                    worry="Bench contact",
                    created_at=now,
                    received_at=now,
                    decision_due_at=now
                    - timedelta(days=14)
                    + timedelta(seconds=span * ((start + n) * 7919 % count) / count),
                )
                for n in range(count)
            ],
            batch_size=500,
        )
        ContactSubject.objects.bulk_create(
            [
                ContactSubject(contact=c, person=children[n % len(children)], role="child")
                for n, c in enumerate(contacts)
            ],
            batch_size=500,
        )

    def measure(label: str) -> None:
        for _ in range(3):
            client.get(url)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        print(
            f"My work, {label}: p50 {statistics.median(times):7.1f} ms "
            f"(min {min(times):.1f}, max {max(times):.1f}), {len(captured)} queries"
        )

    add(args.contacts // 10, 0)
    measure(f"{args.contacts // 10:>6,} open contacts")
    add(args.contacts - args.contacts // 10, args.contacts // 10)
    measure(f"{args.contacts:>6,} open contacts")


if __name__ == "__main__":
    main()
