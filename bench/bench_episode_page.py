"""Time the early help episode page with a 500-event chronology and a 50-action plan.

    .venv/bin/python bench/bench_episode_page.py [--events 500] [--actions 50] [--runs 30]

Sets up Django on a temporary SQLite database (migrated here), creates a family of four in an
episode with an active lead, ``--events`` audit events about them and a plan with ``--actions``
actions (rows created directly), plus a small episode (10 events, 5 actions) to compare query
counts. Signs the lead in with the test client and times ``client.get`` of the episode page.
Prints the median server time in milliseconds over ``--runs`` runs after ``--warmups`` warm-ups
and the number of queries for both episodes. The issue asks for under 150 ms with a constant
number of queries.
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

from _django import early_help_worker, migrated_sqlite  # noqa: E402

TARGET_MS = 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--actions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    args = parser.parse_args()
    with migrated_sqlite():
        run(args)


def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from righthelp.audit.events import Verb
    from righthelp.audit.models import Event, EventSubject
    from righthelp.earlyhelp.models import Plan, PlanAction
    from righthelp.earlyhelp.tests.factories import make_episode
    from righthelp.people.models import Person

    agency, team, lead = early_help_worker("lead")
    now = timezone.now()
    verbs = [v for v in Verb if not v.value.startswith("user.")]

    def family(tag: str) -> list[Person]:
        return [
            Person.objects.create(
                kind="child" if n < 3 else "adult",
                given_name=f"{tag}{n}",
                family_name="Bench",
                given_name_normalised=f"{tag.lower()}{n}",
                family_name_normalised="bench",
                date_of_birth=date(2014 - n, 1, 1) if n < 3 else date(1990, 1, 1),
                local_person_id=f"{tag}{n:06d}",
                created_at=now,
                updated_at=now,
            )
            for n in range(4)
        ]

    def build(tag: str, how_many_events: int, how_many_actions: int) -> int:
        people = family(tag)
        episode = make_episode(
            locality=agency.locality,
            opened_by=lead,
            children=people[:3],
            adults=people[3:],
            lead=lead,
        )
        events = Event.objects.bulk_create(
            [
                Event(
                    occurred_at=now - timedelta(hours=n),
                    actor=lead,
                    verb=verbs[n % len(verbs)].value,
                    organisation=agency,
                    summary=f"Event {n} about the family",
                    payload={},
                )
                for n in range(how_many_events)
            ],
            batch_size=500,
        )
        EventSubject.objects.bulk_create(
            [
                EventSubject(event=event, person_id=people[n % len(people)].pk)
                for n, event in enumerate(events)
            ],
            batch_size=500,
        )
        plan = Plan.objects.create(
            episode=episode,
            number=1,
            status="agreed",
            contingency="A TAF meeting within a week",
            created_at=now,
            created_by=lead,
        )
        PlanAction.objects.bulk_create(
            [
                PlanAction(
                    plan=plan,
                    what=f"Action {n}",
                    owner=lead if n % 2 else None,
                    owner_name="" if n % 2 else "Mum",
                    owner_organisation=agency if n % 2 else None,
                    due_on=timezone.localdate() + timedelta(days=n - 10),
                    position=n,
                )
                for n in range(how_many_actions)
            ]
        )
        return episode.pk

    big = build("Big", args.events, args.actions)
    small = build("Small", 10, 5)

    client = Client()
    client.force_login(lead)

    def once(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed * 1000

    counts = {}
    medians = {}
    for label, pk in (("large", big), ("small", small)):
        url = reverse("earlyhelp:episode", args=[pk])
        for _ in range(args.warmups):
            once(url)
        runs = [once(url) for _ in range(args.runs)]
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[label] = len(queries)
        medians[label] = statistics.median(runs)
        print(
            f"episode page, {label:<5}: median {medians[label]:6.1f} ms "
            f"(min {min(runs):.1f}, max {max(runs):.1f}), {len(queries)} queries"
        )
    verdict = "met" if medians["large"] < TARGET_MS else "NOT met"
    constant = "constant" if counts["large"] == counts["small"] else "NOT constant"
    print(
        f"{args.events} events, {args.actions} actions over {args.runs} runs: median "
        f"{medians['large']:.1f} ms; target < {TARGET_MS:.0f} ms: {verdict}; queries "
        f"{counts['large']} vs {counts['small']} for a small episode: {constant}"
    )


if __name__ == "__main__":
    main()
