"""Time the front door's and the disagreements' list and record pages on a council's volume of
work (a plain script, not a test).

    DATABASE_URL=sqlite:////tmp/lists.sqlite3 .venv/bin/python bench/bench_list_pages.py --seed
    DATABASE_URL=sqlite:////tmp/lists.sqlite3 .venv/bin/python bench/bench_list_pages.py

Runs on the database in ``DATABASE_URL``, which ``manage.py demo_data`` (and
``demo_early_help``) has loaded. ``--seed`` first adds five years' worth of work at the scale of
a council, by bulk inserts: 3,000 requests for support by the demo teacher (pat.teacher), 12,000
referrals to children's social care from other contacts, 1,000 disagreements about children the
demo team manager (tom.manager) can see, and 2,000 anonymous consultations asked by the teacher.
Then signs each demo user in with the test client and times ``client.get`` of each page: the
median and 95th percentile server time in milliseconds over ``--runs`` runs after
``--warmups`` warm-ups, and the number of queries per request.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="add the council's volume first")
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmups", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a database demo_data has loaded")
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["DJANGO_SETTINGS_MODULE"] = "righthelp.settings"
    os.environ.setdefault("RIGHTHELP_PLAIN_STATIC", "true")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if args.seed or args.seed_only:
        seed()
    if args.seed_only:
        return
    measure(args.runs, args.warmups)


def seed() -> None:  # noqa: PLR0915 - one linear script of bulk inserts
    from django.db import transaction
    from django.utils import timezone

    from righthelp.accounts.models import Locality, Organisation, User
    from righthelp.core.checkpoint import visible_people
    from righthelp.escalations.ladder import ladder_for
    from righthelp.escalations.models import Disagreement, DisagreementKind, Stage
    from righthelp.frontdoor.models import (
        Consultation,
        Contact,
        ContactKind,
        ContactStatus,
        ContactSubject,
        Decision,
        Outcome,
        SocialCareReferral,
        SubjectRole,
    )
    from righthelp.people.models import Person

    rng = random.Random(15)
    started = time.perf_counter()
    now = timezone.now()
    teacher = User.objects.get(username="pat.teacher")
    manager = User.objects.get(username="tom.manager")
    front_door = User.objects.get(username="fran.frontdoor")
    localities = list(Locality.objects.all()) or [None]
    school = teacher.organisation
    others = list(Organisation.objects.exclude(pk=getattr(school, "pk", None))[:5]) or [None]
    person_ids = list(
        Person.objects.order_by("pk").values_list("pk", flat=True)[:20000]  # a sample is enough
    )
    five_years = 5 * 365 * 24 * 3600

    def contact(n: int, referrer: User | None, organisation: object, status: str) -> Contact:
        created = now - timedelta(seconds=rng.randrange(five_years))
        return Contact(
            reference=f"BL{n:07d}",
            kind=ContactKind.REQUEST_FOR_SUPPORT if referrer else ContactKind.PUBLIC_CONCERN,
            status=status,
            referrer=referrer,
            referrer_organisation=organisation,  # type: ignore[misc]
            locality=rng.choice(localities),
            worry="Coming to school hungry",
            created_at=created,
            received_at=None if status == ContactStatus.DRAFT else created,
            decision_due_at=created + timedelta(days=1),
        )

    with transaction.atomic():
        statuses = [ContactStatus.DECIDED] * 8 + [ContactStatus.RECEIVED, ContactStatus.DRAFT]
        mine = Contact.objects.bulk_create(
            contact(n, teacher, school, rng.choice(statuses)) for n in range(3000)
        )
        referred = Contact.objects.bulk_create(
            contact(10000 + n, None, rng.choice(others), ContactStatus.DECIDED)
            for n in range(12000)
        )
        ContactSubject.objects.bulk_create(
            ContactSubject(contact=c, person_id=rng.choice(person_ids), role=SubjectRole.CHILD)
            for c in [*mine, *referred]
        )
        decided = [c for c in mine if c.status == ContactStatus.DECIDED]
        Decision.objects.bulk_create(
            Decision(
                contact=c,
                outcome=rng.choice(list(Outcome.values)),
                rationale="Seen before",
                decided_by=front_door,
                decided_at=c.created_at + timedelta(hours=20),
            )
            for c in decided
        )
        csc = Decision.objects.bulk_create(
            Decision(
                contact=c,
                outcome=Outcome.CSC_ASSESSMENT,
                rationale="Needs an assessment",
                decided_by=front_door,
                decided_at=c.created_at + timedelta(hours=20),
            )
            for c in referred
        )
        SocialCareReferral.objects.bulk_create(
            SocialCareReferral(decision=d, route=Outcome.CSC_ASSESSMENT, created_at=d.decided_at)
            for d in csc
        )
        Consultation.objects.bulk_create(
            Consultation(
                asked_by=teacher,
                question="Would this meet the threshold?",
                asked_at=now - timedelta(seconds=rng.randrange(five_years)),
            )
            for _ in range(2000)
        )
        children = list(visible_people(manager).values_list("pk", flat=True)[:500]) or person_ids
        ladder = ladder_for("", "default")
        disagreements = []
        for n in range(1000):
            raised = now - timedelta(seconds=rng.randrange(five_years))
            resolved = n % 3 != 0
            disagreements.append(
                Disagreement(
                    child_id=rng.choice(children),
                    kind=rng.choice(list(DisagreementKind.values)),
                    raised_by=teacher,
                    organisation=school,
                    disagree_with="The decision",
                    reason="Risk missed",
                    risk="Neglect",
                    wanted="Assessment",
                    high_risk=n % 7 == 0,
                    status="resolved" if resolved else "open",
                    ladder=ladder,
                    current_stage_number=1 + n % 2,
                    raised_at=raised,
                    resolved_at=raised + timedelta(days=rng.randrange(1, 40)) if resolved else None,
                    upheld=bool(n % 2) if resolved else None,
                )
            )
        disagreements = Disagreement.objects.bulk_create(disagreements)
        stages = []
        for d in disagreements:
            for number in range(1, d.current_stage_number + 1):
                stages.append(
                    Stage(
                        disagreement=d,
                        number=number,
                        level=ladder[number - 1],
                        opened_at=d.raised_at,
                        respond_by=d.raised_at + timedelta(days=1),
                        due_at=d.raised_at + timedelta(days=2),
                    )
                )
        stages = Stage.objects.bulk_create(stages)
        Stage.owners.through.objects.bulk_create(
            Stage.owners.through(stage_id=s.pk, user_id=manager.pk) for s in stages
        )
    print(f"Seeded in {time.perf_counter() - started:.1f}s")


PAGES = [
    ("pat.teacher", "my requests", "frontdoor:my-requests", {}, ""),
    ("pat.teacher", "my requests, page 60", "frontdoor:my-requests", {}, "?page=60"),
    ("pat.teacher", "my consultations", "frontdoor:consultations", {}, ""),
    ("fran.frontdoor", "referrals", "frontdoor:referrals", {}, ""),
    ("fran.frontdoor", "referrals, page 100", "frontdoor:referrals", {}, "?page=100"),
    ("fran.frontdoor", "consultation queue", "frontdoor:consultation-queue", {}, ""),
    ("fran.frontdoor", "a contact", "frontdoor:contact", {"contact_id": "LAST"}, ""),
    ("tom.manager", "disagreements", "escalations:list", {}, ""),
    ("tom.manager", "disagreements, page 5", "escalations:list", {}, "?page=5"),
    ("tom.manager", "disagreements report", "escalations:report", {}, ""),
    ("tom.manager", "a disagreement", "escalations:detail", {"disagreement_id": "LAST"}, ""),
    ("iris.governance", "access alerts", "audit:alerts", {}, "?show=all"),
]


def measure(runs: int, warmups: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from righthelp.accounts.models import User
    from righthelp.escalations.models import Disagreement
    from righthelp.frontdoor.models import Contact, ContactStatus

    last = {
        "contact_id": Contact.objects.exclude(status=ContactStatus.DRAFT)
        .filter(status="received")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first(),
        "disagreement_id": Disagreement.objects.order_by("-pk")
        .values_list("pk", flat=True)
        .first(),
    }
    print(
        "| page | user | p50 ms | p95 ms | CPU p50 ms | queries | status |\n"
        "|---|---|---|---|---|---|---|"
    )
    for username, label, name, kwargs, query in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = reverse(name, kwargs={k: last[k] for k in kwargs}) + query
        timings = []
        cpu = []
        status = 0
        queries = 0
        for n in range(warmups + runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                cpu_started = time.process_time()
                response = client.get(url)
                took = (time.perf_counter() - started) * 1000
                cpu_took = (time.process_time() - cpu_started) * 1000
            status = response.status_code
            queries = len(captured.captured_queries)
            if n >= warmups:
                timings.append(took)
                cpu.append(cpu_took)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(
            f"| {label} | {username} | {statistics.median(timings):.0f} | {p95:.0f} | "
            f"{statistics.median(cpu):.0f} | {queries} | {status} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
