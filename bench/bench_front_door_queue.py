"""Time the front-door queue with 10,000 open contacts (a plain script, not a test).

    .venv/bin/python bench/bench_front_door_queue.py [--contacts 10000] [--runs 20] [--warmups 3]

Sets up Django on a temporary SQLite database (migrated here), bulk-creates open contacts, each
with a child (half of them linked to a person record, so the access log names people), spread
over statuses, priorities, localities, workers and due times (a fifth overdue), then signs a
front-door worker in with the test client and times ``client.get`` of the queue: the first page
unfiltered, a page deep in the list, and filtered views. Prints, for each, the median server
time (and the spread) in milliseconds over ``--runs`` runs after ``--warmups`` warm-ups, and the
number of queries. The issue asks for under 200 ms with a constant number of queries.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _django import migrated_sqlite  # noqa: E402

TARGET_MS = 200.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmups", type=int, default=3)
    args = parser.parse_args()

    with migrated_sqlite():
        run(args.contacts, args.runs, args.warmups)


def run(how_many: int, runs_wanted: int, warmups: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from righthelp.accounts.models import Locality, Organisation, Role, RoleAssignment, User
    from righthelp.frontdoor.models import (
        OPEN_STATUSES,
        Contact,
        ContactKind,
        ContactSubject,
        Priority,
        SubjectRole,
        Urgency,
    )
    from righthelp.people.models import Person

    rng = random.Random(4)
    started = time.perf_counter()
    localities = [
        Locality.objects.create(name=name, slug=name.lower()) for name in ("West", "East", "North")
    ]
    csc = Organisation.objects.create(name="Children's Social Care", kind="childrens_social_care")
    workers = []
    for n in range(6):
        worker = User.objects.create_user(
            username=f"fd{n}",
            password="not-used-bench-only",  # noqa: S106
            first_name=f"Worker{n}",
            last_name="Bench",
            organisation=csc,
        )
        RoleAssignment.objects.create(
            user=worker, role=Role.FRONT_DOOR_MANAGER if n == 0 else Role.FRONT_DOOR_WORKER
        )
        workers.append(worker)
    me = workers[1]

    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(
                kind="child",
                given_name=f"Child{n}",
                family_name="Bench",
                given_name_normalised=f"child{n}",
                family_name_normalised="bench",
                date_of_birth=date(2012, 1, 1) + timedelta(days=n % 3000),
                local_person_id=f"B{n:08d}",
                created_at=now,
                updated_at=now,
            )
            for n in range(how_many // 2)
        ],
        batch_size=1000,
    )
    contacts = []
    for n in range(how_many):
        received = now - timedelta(minutes=rng.randint(5, 60 * 24 * 5))
        # A fifth are overdue; the rest are due within the next two days.
        due = (
            now - timedelta(hours=rng.randint(1, 48))
            if n % 5 == 0
            else now + timedelta(hours=rng.randint(1, 48))
        )
        contacts.append(
            Contact(
                reference=f"FD-BENCH-{n:06d}",
                kind=rng.choice(list(ContactKind.values)),
                status=OPEN_STATUSES[n % len(OPEN_STATUSES)],
                referrer_name="Bench referrer",
                locality=localities[n % len(localities)],
                worry="A worry described by the referrer",
                urgency=Urgency.ROUTINE,
                priority=rng.choice(["", *Priority.values]),
                assigned_to=workers[n % len(workers)] if n % 3 else None,
                created_at=received,
                received_at=received,
                decision_due_at=due,
                feedback_due_at=due + timedelta(days=2),
            )
        )
    contacts = Contact.objects.bulk_create(contacts, batch_size=1000)
    ContactSubject.objects.bulk_create(
        [
            ContactSubject(
                contact=contact,
                person=people[n // 2] if n % 2 == 0 else None,
                role=SubjectRole.CHILD,
                given_name="" if n % 2 == 0 else f"Named{n}",
                family_name="" if n % 2 == 0 else "Bench",
            )
            for n, contact in enumerate(contacts)
        ],
        batch_size=1000,
    )
    print(
        f"set up {how_many:,} open contacts, {len(people):,} people, "
        f"in {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    client.force_login(me)
    queue = reverse("frontdoor:queue")
    views = [
        ("first page, no filter", queue),
        ("page 100", f"{queue}?page=100"),
        ("overdue only", f"{queue}?overdue=on"),
        ("assigned to me, red", f"{queue}?mine=on&priority=red"),
        ("East, in triage", f"{queue}?locality=east&status=in_triage"),
    ]

    def once(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed * 1000

    worst = 0.0
    query_counts = set()
    for label, url in views:
        for _ in range(warmups):
            once(url)
        runs = [once(url) for _ in range(runs_wanted)]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        rows = len(response.context["rows"])
        total = response.context["page_obj"].paginator.count
        median = statistics.median(runs)
        worst = max(worst, median)
        query_counts.add(len(queries))
        print(
            f"{label:<24} {rows:>3} rows of {total:>5,}: median {median:6.1f} ms "
            f"(min {min(runs):.1f}, max {max(runs):.1f}), {len(queries)} queries"
        )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(
        f"server time over {runs_wanted} runs after {warmups} warm-ups, worst median "
        f"{worst:.1f} ms; target < {TARGET_MS:.0f} ms: {verdict}; "
        f"queries per page: {sorted(query_counts)}"
    )


if __name__ == "__main__":
    main()
