"""CPU per page for the daily pages, in process (a plain script, not a test).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/bench_page_cpu.py \
        [--runs 20] [--warmups 3] [--profile PAGE:USER]

Runs on an existing database holding the demo data (``manage.py demo_data --families 2000``
then ``manage.py demo_early_help``), so build it once first. Signs each demo user in with the
test client (a front-door worker, an early help worker and a team manager) and times
``client.get`` of home, the people list, a person page, the front-door queue, My work, the early
help caseload and an episode page with ``time.process_time`` (CPU, not waiting), printing the
median over ``--runs`` runs after ``--warmups`` warm-ups, the status and the number of queries.
``--profile home:fran.frontdoor`` prints a cProfile of that page instead. ``--compiled-count``
counts My work's navigation number through ``workdue.badges.compiled_due_now_count`` (what
``selectors.due_now_count`` is to answer through); ``--plain-render`` renders templates without
the test client's instrumentation (a signal and a copy of the context for every template and
include), as a server does.

The person and the episode are the first the user may see (for a user who sees none, the first
of all, which answers 404: its cost is still a page's fixed cost).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = ("fran.frontdoor", "erin.earlyhelp", "tom.manager")
PAGES = ("home", "people", "person", "queue", "my_work", "caseload", "episode")
BUDGET_MS = 15.0
PLAIN_RENDER: list[Any] = []  # Template._render before the test environment wraps it


def setup() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "righthelp.settings")
    os.environ.setdefault("RIGHTHELP_PLAIN_STATIC", "true")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database holding the demo data.")
    import django

    django.setup()
    from django.template.base import Template
    from django.test.utils import setup_test_environment

    PLAIN_RENDER.append(Template._render)
    setup_test_environment()


def urls_for(user: object) -> dict[str, str]:
    from django.urls import reverse

    from righthelp.core.checkpoint import visible_people
    from righthelp.earlyhelp.models import Episode
    from righthelp.earlyhelp.permissions import workable_episodes_q
    from righthelp.people.models import Person

    person = visible_people(user).order_by("pk").first() or Person.objects.order_by("pk").first()  # type: ignore[arg-type]
    episode = (
        Episode.objects.filter(workable_episodes_q(user)).order_by("pk").first()  # type: ignore[arg-type]
        or Episode.objects.order_by("pk").first()
    )
    return {
        "home": reverse("core:home"),
        "people": reverse("people:search"),
        "person": reverse("people:detail", args=[person.pk]) if person else "/people/0/",
        "queue": reverse("frontdoor:queue"),
        "my_work": reverse("workdue:my-work"),
        "caseload": reverse("earlyhelp:caseload"),
        "episode": reverse("earlyhelp:episode", args=[episode.pk]) if episode else "/",
    }


def measure(runs: int, warmups: int) -> list[tuple[str, str, float, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from righthelp.accounts.models import User

    rows = []
    for username in USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for page, url in urls_for(user).items():
            for _ in range(warmups):
                client.get(url)
            times = []
            for _ in range(runs):
                started = time.process_time()
                response = client.get(url)
                times.append((time.process_time() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            rows.append(
                (username, page, statistics.median(times), response.status_code, len(queries))
            )
    return rows


def profile(target: str) -> None:
    from django.test import Client

    from righthelp.accounts.models import User

    page, username = target.split(":")
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    url = urls_for(user)[page]
    for _ in range(3):
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--profile", default="")
    parser.add_argument(
        "--compiled-count",
        action="store_true",
        help="My work's navigation count through workdue.badges.compiled_due_now_count",
    )
    parser.add_argument(
        "--plain-render",
        action="store_true",
        help="render templates as a server does, without the test client's per-template signal",
    )
    args = parser.parse_args()
    setup()
    if args.plain_render:
        from django.template.base import Template

        # setup_test_environment wraps every template render to send a signal the test client
        # answers by copying the context: work no server does.
        Template._render = PLAIN_RENDER[0]  # type: ignore[method-assign]
    if args.compiled_count:
        from righthelp.workdue import badges, selectors

        selectors.due_now_count = badges.compiled_due_now_count  # type: ignore[assignment]
    if args.profile:
        profile(args.profile)
        return
    rows = measure(args.runs, args.warmups)
    print(f"| user | {' | '.join(PAGES)} |")
    print(f"|---|{'---|' * len(PAGES)}")
    for username in USERS:
        cells = []
        for page in PAGES:
            [(_, _, ms, status, queries)] = [r for r in rows if r[0] == username and r[1] == page]
            note = "" if status == 200 else f" ({status})"
            cells.append(f"{ms:.1f}{note}, {queries} q")
        print(f"| {username} | {' | '.join(cells)} |")
    medians = [r[2] for r in rows]
    print(f"\nmedian over all pages: {statistics.median(medians):.1f} ms (budget {BUDGET_MS} ms)")


if __name__ == "__main__":
    main()
