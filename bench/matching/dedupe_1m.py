"""Time and memory of ``dedupe_csv`` on a million rows, and a comparison with Splink.

    .venv/bin/python bench/matching/dedupe_1m.py [--rows 1000000] [--dir /tmp/rh-bench]
        [--splink-python /tmp/splink-venv/bin/python] [--estimate]

1. Generates a synthetic CSV (righthelp.matching.synthetic, names + date of birth +
   postcode, no identifiers; ~30% of people recorded more than once) with the true
   person in an extra ``cluster`` column, which ``dedupe_csv`` ignores.
2. Runs ``manage.py dedupe_csv`` under ``/usr/bin/time -v`` (falls back to
   ``resource.getrusage``) and reports wall time and maximum resident memory.
3. Scores the pairs written (match probability >= 0.5) against the truth.
4. If a Python with Splink is given (a separate venv, so that the project's own
   dependencies stay clean), runs ``splink_compare.py`` on the same people, after the
   same cleaning, and reports its time, memory and F1 the same way.

Targets (issue 6): under 15 minutes and under 4 GB on the 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from righthelp.matching import synthetic  # noqa: E402
from righthelp.matching.normalise import normalise_record  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"


def timed(command: list[str], log: Path) -> tuple[float, float, int]:
    """Run a command; return (wall seconds, max RSS in MB, exit code)."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    started = time.monotonic()
    with log.open("w") as out:
        if gnu_time:
            code = subprocess.call(  # noqa: S603 (our own commands)
                [gnu_time, "-v", *command], stdout=out, stderr=subprocess.STDOUT
            )
        else:
            code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    wall = time.monotonic() - started
    text = log.read_text(errors="replace")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if match:
        rss_mb = int(match[1]) / 1024
    else:
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss_mb, code


def truth_of(path: Path) -> set[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return synthetic.true_pairs((row["id"], row["cluster"]) for row in csv.DictReader(handle))


def score(
    pairs_path: Path, truth: set[tuple[str, str]], left: str, right: str, threshold: float = 0.5
) -> dict[str, float]:
    with pairs_path.open(encoding="utf-8", newline="") as handle:
        predicted = [
            (row[left], row[right])
            for row in csv.DictReader(handle)
            if float(row["match_probability"]) >= threshold
        ]
    return synthetic.evaluate_pairs(predicted, truth)


def clean_for_splink(source: Path, target: Path) -> float:
    """Splink expects cleaned columns: give it ours (same normalisation, same people)."""
    started = time.monotonic()
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(["id", "given_name", "surname", "date_of_birth", "sex", "postcode"])
        for row in csv.DictReader(inp):
            record, _ = normalise_record(row)
            dob = record.date_of_birth
            writer.writerow(
                [
                    record.id,
                    record.given.parts[0] if record.given.parts else "",
                    record.surname.full,
                    dob.isoformat() if dob else "",
                    record.sex,
                    record.postcode,
                ]
            )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/rh-bench-matching")  # noqa: S108
    parser.add_argument("--splink-python", default="/tmp/splink-venv/bin/python")  # noqa: S108
    parser.add_argument("--estimate", action="store_true", help="also run dedupe_csv --estimate")
    args = parser.parse_args()
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"people-{args.rows}-{args.seed}.csv"
    lines = [f"## dedupe_csv on {args.rows:,} rows", ""]
    if not source.exists():
        started = time.monotonic()
        count = synthetic.write_csv(synthetic.iter_records(args.rows, seed=args.seed), source)
        lines.append(f"Generated {count:,} rows in {time.monotonic() - started:.0f}s: {source}")
    truth = truth_of(source)
    lines.append(f"{len(truth):,} true duplicate pairs.")
    lines += [
        "",
        "| run | wall time | max RSS | pairs written | precision | recall | F1 | F1 at 0.9 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "righthelp.settings"),
    }
    runs = [("dedupe_csv", [])] + (
        [("dedupe_csv --estimate", ["--estimate"])] if args.estimate else []
    )
    for label, extra in runs:
        pairs = work / f"pairs-{label.replace(' ', '')}.csv"
        log = work / f"{label.replace(' ', '')}.log"
        command = [
            str(PYTHON),
            str(ROOT / "manage.py"),
            "dedupe_csv",
            str(source),
            "--out",
            str(pairs),
            *extra,
        ]
        os.environ.update(env)
        wall, rss, code = timed(command, log)
        if code:
            lines.append(f"| {label} | failed (exit {code}), see {log} | | | | | | |")
            continue
        written = sum(1 for _ in pairs.open()) - 1
        result = score(pairs, truth, "left_id", "right_id")
        high = score(pairs, truth, "left_id", "right_id", 0.9)
        lines.append(
            f"| {label} | {wall / 60:.1f} min ({wall:.0f}s) | {rss / 1024:.2f} GB | {written:,} "
            f"| {result['precision']:.4f} | {result['recall']:.4f} | {result['f1']:.4f} "
            f"| {high['f1']:.4f} |"
        )
    splink = Path(args.splink_python)
    if splink.exists():
        cleaned = work / f"people-{args.rows}-{args.seed}-clean.csv"
        seconds = clean_for_splink(source, cleaned)
        pairs = work / "pairs-splink.csv"
        log = work / "splink.log"
        wall, rss, code = timed(
            [
                str(splink),
                str(Path(__file__).with_name("splink_compare.py")),
                str(cleaned),
                str(pairs),
            ],
            log,
        )
        if code:
            tail = log.read_text(errors="replace").strip().splitlines()[-3:]
            lines.append(
                f"| Splink (DuckDB) | failed (exit {code}): {' / '.join(tail)} | | | | | | |"
            )
        else:
            written = sum(1 for _ in pairs.open()) - 1
            result = score(pairs, truth, "id_l", "id_r")
            high = score(pairs, truth, "id_l", "id_r", 0.9)
            lines.append(
                f"| Splink (DuckDB), + {seconds:.0f}s cleaning | {wall / 60:.1f} min ({wall:.0f}s) "
                f"| {rss / 1024:.2f} GB | {written:,} | {result['precision']:.4f} "
                f"| {result['recall']:.4f} | {result['f1']:.4f} | {high['f1']:.4f} |"
            )
    else:
        lines.append(f"| Splink | not run: no Python with Splink at {splink} | | | | | | |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
