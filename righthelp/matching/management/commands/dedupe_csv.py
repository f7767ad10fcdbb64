"""``python manage.py dedupe_csv FILE.csv --out PAIRS.csv``: likely duplicates in one file."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from righthelp.matching.csvlink import InputError, run_dedupe
from righthelp.matching.management.commands._common import (
    add_common_arguments,
    check_threshold,
    finish,
    input_error,
    load_params,
    out_path,
    progress_stream,
)


class Command(BaseCommand):
    help = (
        "Find records in one CSV file that are probably the same person. Input columns: "
        "id, given_name, surname, date_of_birth, and optionally sex, postcode, nhs_number, "
        "upn. Writes one row per candidate pair at or above --threshold."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the CSV file to de-duplicate")
        add_common_arguments(parser)
        parser.add_argument(
            "--duplicate-rate",
            type=float,
            default=None,
            help="expected share of records that are duplicates, for the prior (default 0.1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_threshold(options["threshold"])
        params = load_params(options)
        try:
            report = run_dedupe(
                options["file"],
                out_path(options),
                threshold=options["threshold"],
                params=params,
                estimate=options["estimate"],
                duplicate_rate=options["duplicate_rate"],
                max_block=options["max_block"],
                progress=progress_stream(options),
            )
        except InputError as error:
            raise input_error(error) from error
        self.stdout.write(finish(report, options.get("save_model"), report.params or params))
