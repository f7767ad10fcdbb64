"""Throughput of the demo family generator: families (and people) per second.

Run from the project root:

    .venv/bin/python bench/bench_demo_generator.py [--families 50000] [--runs 3]

Prints each run and the median. Not a test: no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from righthelp.people.demo import generate_families  # noqa: E402


def run(families: int, seed: int, start_index: int) -> tuple[float, int]:
    people = 0
    started = time.perf_counter()
    for family in generate_families(families, seed, start_index=start_index):
        people += len(family.people)
    return time.perf_counter() - started, people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(f"Python {platform.python_version()} on {platform.machine()}, one core")
    rates = []
    for n in range(args.runs):
        # A fresh stretch of indexes each run, so nothing is reused between runs.
        seconds, people = run(args.families, args.seed, n * args.families)
        rate = args.families / seconds
        rates.append(rate)
        print(
            f"run {n + 1}: {args.families:,} families, {people:,} people in {seconds:.2f} s"
            f" = {rate:,.0f} families/s, {people / seconds:,.0f} people/s"
        )
    median = statistics.median(rates)
    print(f"median: {median:,.0f} families/s")
    print(f"400,000 families would take about {400_000 / median:.0f} s")


if __name__ == "__main__":
    main()
