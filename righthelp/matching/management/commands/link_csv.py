"""``python manage.py link_csv LEFT.csv RIGHT.csv --out PAIRS.csv``: link two files."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from righthelp.matching.csvlink import InputError, run_link
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
        "Find the records of LEFT and RIGHT that are probably the same person (e.g. a "
        "school list against the case records). Input columns: id, given_name, surname, "
        "date_of_birth, and optionally sex, postcode, nhs_number, upn. Writes one row per "
        "candidate pair at or above --threshold."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("left", help="the first CSV file (its ids go in left_id)")
        parser.add_argument("right", help="the second CSV file (its ids go in right_id)")
        add_common_arguments(parser)
        parser.add_argument(
            "--link-rate",
            type=float,
            default=None,
            help="expected share of the smaller file found in the other, for the prior "
            "(default 0.5)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_threshold(options["threshold"])
        params = load_params(options)
        try:
            report = run_link(
                options["left"],
                options["right"],
                out_path(options),
                threshold=options["threshold"],
                params=params,
                estimate=options["estimate"],
                link_rate=options["link_rate"],
                max_block=options["max_block"],
                progress=progress_stream(options),
            )
        except InputError as error:
            raise input_error(error) from error
        self.stdout.write(finish(report, options.get("save_model"), report.params or params))
