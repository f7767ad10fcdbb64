"""python manage.py demo_data --families N --seed S [--workers W] [--indexes auto|drop|keep]

Loads invented, deterministic demo families and a demo user for every role. Safe to run again:
families already loaded are skipped. Refuses to run on production settings.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from righthelp.people.demo.loader import BULK_FAMILIES, IndexMode, families_load


def progress_bar(
    done: int, total: int, started: float, width: int = 30, unit: str = "families"
) -> str:
    filled = int(width * done / total) if total else width
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed else 0.0
    eta = (total - done) / rate if rate else 0.0
    return (
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} {unit}"
        f"  {elapsed:,.0f}s elapsed, about {eta:,.0f}s to go"
    )


class Command(BaseCommand):
    help = "Load invented demo families and demo users (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=60, help="How many families.")
        parser.add_argument("--seed", type=int, default=1, help="Which invented population.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="Processes generating and writing batches side by side (PostgreSQL only).",
        )
        parser.add_argument(
            "--indexes",
            choices=[mode.value for mode in IndexMode],
            default=IndexMode.AUTO.value,
            help="PostgreSQL: drop the plain indexes and foreign keys of the tables loaded and "
            f"rebuild them at the end: 'auto' for {BULK_FAMILIES:,} families or more into "
            "nearly empty tables, 'drop' always (e.g. to resume a big load), 'keep' never.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not settings.DEBUG:
            raise CommandError("Demo data is for local and test systems, not production.")
        families: int = options["families"]
        if families < 0:
            raise CommandError("--families must be 0 or more")
        started = time.monotonic()
        show = sys.stdout.isatty() or options["verbosity"] > 1

        def report(done: int, total: int) -> None:
            if show:
                self.stdout.write(progress_bar(done, total, started), ending="")
                self.stdout.flush()

        added = families_load(
            count=families,
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=report,
            workers=options["workers"],
            indexes=options["indexes"],
        )
        if show:
            self.stdout.write("")
        elapsed = time.monotonic() - started
        if added:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {added:,} people in {families:,} families in {elapsed:,.1f}s."
                )
            )
        else:
            self.stdout.write(f"Demo data for seed {options['seed']} is already loaded.")
