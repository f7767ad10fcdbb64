"""Time the first page of a family's chronology with 5,000 hand entries (and typed events).

    .venv/bin/python bench/bench_chronology.py [--entries 5000] [--events 1000] [--runs 30]

Sets up Django on a temporary SQLite database (migrated here), or with ``--postgres`` on a new
database on the PostgreSQL server in DATABASE_URL (``scripts/with_postgres.sh`` starts one),
creates a household of three children held by one team, ``--entries``
chronology entries spread across the children from two agencies (a lawful basis is recorded for
each child, so the other agency's entries are visible and the consent path is exercised) and
``--events`` audit events about them. Signs a team member in with the test client and times
``client.get`` of the family chronology, the person chronology and the CSV export. Prints the
median server time in milliseconds over ``--runs`` runs after ``--warmups`` warm-ups, and the
number of queries. The issue asks for the first page in under 150 ms.
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

from _django import early_help_worker, migrated_database  # noqa: E402

TARGET_MS = 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument(
        "--postgres", action="store_true", help="on the PostgreSQL server in DATABASE_URL"
    )
    args = parser.parse_args()
    with migrated_database(args.postgres):
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from righthelp.accounts.models import (
        Organisation,
    )
    from righthelp.audit.events import Verb
    from righthelp.audit.models import Event, EventSubject
    from righthelp.chronology.models import ChronologyEntry
    from righthelp.consent.models import LawfulBasisRecord
    from righthelp.people.models import (
        Address,
        Household,
        HouseholdMember,
        InvolvedProfessional,
        Person,
    )

    agency, team, worker = early_help_worker("worker")
    school = Organisation.objects.create(
        name="Westfield Primary", kind="school", locality=agency.locality
    )
    now = timezone.now()
    today = timezone.localdate()
    home = Household.objects.create(
        address=Address.objects.create(line1="1 Bench Road", town="Hull", postcode="HU1 1AA")
    )
    children = []
    for n in range(3):
        child = Person.objects.create(
            kind="child",
            given_name=f"Child{n}",
            family_name="Bench",
            given_name_normalised=f"child{n}",
            family_name_normalised="bench",
            date_of_birth=date(2014 + n, 1, 1),
            local_person_id=f"BENCH{n:06d}",
            created_at=now,
            updated_at=now,
        )
        HouseholdMember.objects.create(household=home, person=child)
        InvolvedProfessional.objects.create(
            person=child,
            role="allocated_worker",
            team=team,
            name="EH West",
            organisation=agency,
            start_date=today,
        )
        LawfulBasisRecord.objects.create(
            person=child,
            basis="safeguarding",
            reasons="Bench",
            decided_by=worker,
            parents_told=True,
            recorded_at=now,
        )
        children.append(child)

    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                person=children[n % 3],
                occurred_on=today - timedelta(days=n // 3),
                what_happened=f"Entry {n}: something that happened to the child, as recorded",
                source_agency=agency if n % 2 else school,
                significance=("routine", "significant", "critical")[n % 3],
                impact_on_child="Worried and tired at school",
                recorded_by=worker,
                recorded_at=now - timedelta(minutes=n),
            )
            for n in range(args.entries)
        ],
        batch_size=500,
    )
    verbs = [v for v in Verb if not v.value.startswith("user.")]
    events = Event.objects.bulk_create(
        [
            Event(
                occurred_at=now - timedelta(hours=n),
                actor=worker,
                verb=verbs[n % len(verbs)].value,
                organisation=agency,
                summary=f"Event {n} about the family",
                payload={},
            )
            for n in range(args.events)
        ],
        batch_size=500,
    )
    EventSubject.objects.bulk_create(
        [EventSubject(event=e, person_id=children[n % 3].pk) for n, e in enumerate(events)],
        batch_size=500,
    )

    if connection.vendor == "postgresql":
        # Planner statistics, as a database in service has (autovacuum keeps them).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(worker)

    def once(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed * 1000

    pages = {
        "family chronology, first page": reverse("chronology:family", args=[children[0].pk]),
        "person chronology, first page": reverse("chronology:person", args=[children[0].pk]),
        "family, significant only": reverse("chronology:family", args=[children[0].pk])
        + "?significant_only=on",
        "family chronology, page 50": reverse("chronology:family", args=[children[0].pk])
        + "?page=50",
    }
    medians = {}
    for label, url in pages.items():
        for _ in range(args.warmups):
            once(url)
        runs = [once(url) for _ in range(args.runs)]
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        medians[label] = statistics.median(runs)
        print(
            f"{label:<31}: median {medians[label]:6.1f} ms "
            f"(min {min(runs):.1f}, max {max(runs):.1f}), {len(queries)} queries"
        )
    export_url = reverse("chronology:export-csv", args=[children[0].pk]) + "?family=1"
    export_runs = [once(export_url) for _ in range(3)]
    print(f"{'family CSV export (all lines)':<31}: median {statistics.median(export_runs):6.1f} ms")
    first = medians["family chronology, first page"]
    verdict = "met" if first < TARGET_MS else "NOT met"
    print(
        f"{connection.vendor}: {args.entries} entries and {args.events} events for one family "
        f"over {args.runs} runs: "
        f"first page median {first:.1f} ms; target < {TARGET_MS:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()
