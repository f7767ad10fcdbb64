"""Time the threshold engine on Nottingham (a plain script, not a test).

    .venv/bin/python bench/bench_threshold_engine.py [--repeat 7] [--number 2000]

Prints, for a few realistic inputs, the median over ``--repeat`` runs of the time per
``evaluate`` call in microseconds (each run times ``--number`` calls). The issue asks for an
evaluation to take well under a millisecond.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from righthelp.thresholds.engine import evaluate  # noqa: E402
from righthelp.thresholds.framework import Framework  # noqa: E402
from righthelp.thresholds.registry import load_framework  # noqa: E402


def _pick(fw: Framework, *, scale: int, domain: str, n: int = 1) -> list[str]:
    ids = [
        i.id
        for i in fw.indicators
        if i.scale == scale and i.domain == domain and i.kind == "need" and not i.immediate_referral
    ]
    return ids[:n]


def scenarios(fw: Framework) -> dict[str, Callable[[], object]]:
    five_needs = (
        _pick(fw, scale=2, domain="child-dev", n=2)
        + _pick(fw, scale=3, domain="parenting")
        + _pick(fw, scale=2, domain="family-env", n=2)
    )
    two_strengths = [i.id for i in fw.indicators if i.kind == "strength"][:2]
    all_needs = [i.id for i in fw.indicators if i.kind == "need"]
    non_immediate = [i.id for i in fw.indicators if i.kind == "need" and not i.immediate_referral]
    all_strengths = [i.id for i in fw.indicators if i.kind == "strength"]
    return {
        "5 needs + 2 strengths": lambda: evaluate(fw, needs=five_needs, strengths=two_strengths),
        "5 needs + 2 strengths, 1 severe, baby": lambda: evaluate(
            fw,
            needs=five_needs,
            strengths=two_strengths,
            severe=five_needs[2:3],
            age_years=0,
            disabled=True,
        ),
        f"all {len(non_immediate)} non-immediate needs + all {len(all_strengths)} strengths": (
            lambda: evaluate(fw, needs=non_immediate, strengths=all_strengths)
        ),
        f"all {len(all_needs)} needs ticked (immediate)": lambda: evaluate(fw, needs=all_needs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args()

    fw = load_framework("nottingham-2018")
    print(
        f"{fw.slug} v{fw.version}: {len(fw.indicators)} indicators; "
        f"median of {args.repeat} x {args.number} calls (Python {sys.version.split()[0]})"
    )
    for name, call in scenarios(fw).items():
        call()  # warm up
        runs = timeit.repeat(call, repeat=args.repeat, number=args.number)
        per_call_us = [r / args.number * 1e6 for r in runs]
        print(
            f"  {name:<52} {statistics.median(per_call_us):8.1f} us/evaluation "
            f"(min {min(per_call_us):.1f})"
        )


if __name__ == "__main__":
    main()
