"""Search latency through the selector over the people already in the database.

    DATABASE_URL=... .venv/bin/python bench/matching/search_latency.py [--queries 300]
        [--families N]

With ``--families N`` it first runs the (idempotent) demo loader, ``demo_data --families N
--seed 1``, which writes each person's MatchKey rows too: 400,000 families is about a million
people (several minutes per database); families already loaded are skipped, so a database
loaded earlier is reused. Without it, it measures whatever people are already there. Draws
queries from real records with realistic errors (a typo in the given name, day
and month swapped, a nickname-like truncation, or the record exactly), then times, per query:

* end to end: `righthelp.matching.selectors.match_candidates` (blocking keys, the indexed
  candidate query, loading names and addresses, scoring, the visibility check and the access
  log write), inside a transaction as a request would be;
* the raw indexed query alone: `selectors.candidate_ids` (`MatchKey.key IN (...)`, grouped
  by person, those sharing most keys first, at most `CANDIDATE_LIMIT`) returning ids.

Prints p50 and p95 of each, in milliseconds, and how often the true record came first (top-1)
or in the first five (top-5).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "righthelp.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from righthelp.accounts.models import User  # noqa: E402
from righthelp.matching import selectors  # noqa: E402
from righthelp.matching.blocking import blocking_keys  # noqa: E402
from righthelp.matching.models import MatchKey  # noqa: E402
from righthelp.matching.records import record_for  # noqa: E402
from righthelp.matching.selectors import (  # noqa: E402
    candidate_ids,
    match_candidates,
    scored_candidates,
)
from righthelp.people.models import Person  # noqa: E402


def perturb(rng: random.Random, person: Person) -> dict[str, object]:
    given, family, dob = person.given_name, person.family_name, person.date_of_birth
    choice = rng.randrange(4)
    if choice == 0 and len(given) > 3:
        i = rng.randrange(1, len(given) - 1)
        given = given[:i] + given[i + 1] + given[i] + given[i + 2 :]
    elif choice == 1 and dob and dob.day <= 12:
        dob = dob.replace(day=dob.month, month=dob.day)
    elif choice == 2 and len(given) > 4:
        given = given[:4]
    return {"given_name": given, "family_name": family, "date_of_birth": dob}


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--families", type=int, default=0, help="load this many demo families first (idempotent)"
    )
    parser.add_argument(
        "--candidate-limit", type=int, default=0, help="override selectors.CANDIDATE_LIMIT"
    )
    args = parser.parse_args()
    if args.candidate_limit:
        selectors.CANDIDATE_LIMIT = args.candidate_limit
    if args.families:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("demo_data", families=args.families, seed=1, batch_size=2000)
        print(f"demo_data --families {args.families}: {time.perf_counter() - started:.1f} s")
    rng = random.Random(args.seed)
    total = Person.objects.count()
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    user = User.objects.get(username="fran.frontdoor")
    ids: list[int] = []
    while len(ids) < args.queries:
        candidate = rng.randrange(1, top + 1)
        ids.append(candidate)
    people = list(Person.objects.filter(pk__in=ids, date_of_birth__isnull=False, merged_into=None))
    end_to_end: list[float] = []
    raw: list[float] = []
    top1 = top5 = 0
    for person in people:
        query = perturb(rng, person)
        keys = [k[:100] for k in blocking_keys(record_for(record_id="q", **query))]  # type: ignore[arg-type]
        started = time.perf_counter()
        candidate_ids(keys)
        raw.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with transaction.atomic():
            result = match_candidates(user=user, limit=5, minimum=0.0, **query)  # type: ignore[arg-type]
        end_to_end.append((time.perf_counter() - started) * 1000)
        assert result is not None
        # Accuracy is judged on every scored record, not only those this user may see.
        ranked = [pk for pk, _ in scored_candidates(minimum=0.0, **query)]  # type: ignore[arg-type]
        if ranked[:1] == [person.pk]:
            top1 += 1
        if person.pk in ranked[:5]:
            top5 += 1
    n = len(people)
    keys = MatchKey.objects.count()
    print(
        f"{connection.vendor} {database_version()}: {total:,} people, {keys:,} match keys, "
        f"{n} queries (typos, swapped dates, shortened names, exact)"
    )
    print(
        f"  end to end through match_candidates: p50 {statistics.median(end_to_end):.1f} ms, "
        f"p95 {pct(end_to_end, 0.95):.1f} ms"
    )
    print(
        f"  raw indexed candidate query:         p50 {statistics.median(raw):.1f} ms, "
        f"p95 {pct(raw, 0.95):.1f} ms"
    )
    print(f"  hit rate: top-1 {top1 / n:.1%}, top-5 {top5 / n:.1%}")


if __name__ == "__main__":
    main()
