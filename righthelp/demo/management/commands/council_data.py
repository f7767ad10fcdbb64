"""python manage.py council_data --seed S [--years 5] [--scale F]

Adds a council's years of work (contacts, referrals, early help, consent, chronology entries,
disagreements, notifications, the access log and their events) for the children already
loaded by ``demo_data``, in the proportions described in docs/council-data.md. Repeatable from
the seed; a second run for the same seed adds nothing. Refuses to run on production settings.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from righthelp.demo.work import council_work_load
from righthelp.people.management.commands.demo_data import progress_bar


class Command(BaseCommand):
    help = "Add a council's years of work for the people already loaded (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Which invented work.")
        parser.add_argument("--years", type=int, default=5, help="How many years of work.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every rate (1 = the DfE rates)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not settings.DEBUG:
            raise CommandError("Demo data is for local and test systems, not production.")
        if options["years"] < 1 or options["scale"] <= 0:
            raise CommandError("--years must be 1 or more and --scale more than 0")
        started = time.monotonic()
        show = sys.stdout.isatty() or options["verbosity"] > 1

        def report(done: int, total: int) -> None:
            if show:
                bar = progress_bar(done, total, started, unit="contacts and episodes")
                self.stdout.write(bar, ending="")
                self.stdout.flush()

        result = council_work_load(
            seed=options["seed"],
            years=options["years"],
            scale=options["scale"],
            progress=report,
        )
        if show:
            self.stdout.write("")
        if result is None:
            self.stdout.write(f"The council's work for seed {options['seed']} is already loaded.")
            return
        elapsed = time.monotonic() - started
        if options["verbosity"] > 1:
            for label, count in sorted(result.counts.items()):
                self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {result.rows:,} rows of work in {elapsed:,.1f}s "
                f"({result.seconds:,.1f}s generating and writing, of which "
                f"{result.write_seconds:,.1f}s writing: "
                f"{result.rows / max(result.seconds, 0.001):,.0f} rows/s)."
            )
        )
