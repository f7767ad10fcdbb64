"""Options and output shared by ``link_csv`` and ``dedupe_csv``."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from righthelp.matching.csvlink import DEFAULT_MAX_BLOCK, InputError, RunReport
from righthelp.matching.model import DEFAULT_PARAMS, ModelParams


def add_common_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="where to write the candidate pairs (CSV)")
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.5,
        help="write pairs whose match probability is at least this (0 to 1; default 0.5)",
    )
    parser.add_argument(
        "--model", help="model parameters (JSON) to use instead of the configured defaults"
    )
    parser.add_argument(
        "--estimate",
        action="store_true",
        help="estimate the model from this data (u from random pairs, m by EM) before scoring",
    )
    parser.add_argument(
        "--save-model", help="write the parameters used (after --estimate, the fitted ones)"
    )
    parser.add_argument(
        "--max-block",
        type=int,
        default=DEFAULT_MAX_BLOCK,
        help=f"skip (and report) blocks larger than this (default {DEFAULT_MAX_BLOCK:,})",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def load_params(options: dict[str, Any]) -> ModelParams:
    if not options.get("model"):
        return DEFAULT_PARAMS
    try:
        return ModelParams.load(options["model"])
    except (OSError, ValueError, KeyError) as error:
        raise CommandError(f"Cannot read the model file {options['model']}: {error}") from error


def check_threshold(value: float) -> None:
    if not 0 <= value <= 1:
        raise CommandError("--threshold must be between 0 and 1")


def out_path(options: dict[str, Any]) -> Path:
    path = Path(options["out"])
    if not path.parent.exists():
        raise CommandError(f"The folder for --out does not exist: {path.parent}")
    return path


def progress_stream(options: dict[str, Any]) -> Any:
    return None if options.get("quiet") else sys.stderr


def input_error(error: InputError) -> CommandError:
    return CommandError(str(error))


def finish(report: RunReport, params_path: str | None, params: ModelParams) -> str:
    if params_path:
        params.save(params_path)
    return report.summary()
