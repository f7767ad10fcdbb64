"""Accuracy of the matching engine on synthetic data with known truth.

    .venv/bin/python bench/matching/accuracy.py [--people 20000] [--seed 7]

Generates about ``--people`` true people, ~30% of them recorded again one to three
times with realistic errors (righthelp.matching.synthetic), de-duplicates the file with
the same engine as ``dedupe_csv``, and reports pairwise precision, recall and F1 at
several thresholds, the recall of blocking, and the top-1 / top-5 hit rate (for each
record that has a true duplicate, is one among its best-scored candidates?).

Two scenarios: names, date of birth and postcode only (no identifiers); and with the
NHS number and UPN present (missing on 10% of the copies, mistyped on 1%).
Each is run with the configured model and with the model estimated from the file
(``--estimate``: u from random pairs, m by EM).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from righthelp.matching import synthetic  # noqa: E402
from righthelp.matching.csvlink import RunReport, candidate_pairs, read_records, run_dedupe  # noqa: E402

THRESHOLDS = (0.3, 0.5, 0.7, 0.9, 0.97)
CHOSEN = 0.5


def _pairs(path: Path) -> list[tuple[str, str, float]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["left_id"], row["right_id"], float(row["match_probability"]))
            for row in csv.DictReader(handle)
        ]


def _top_k(scored: list[tuple[str, str, float]], cluster: dict[str, str]) -> tuple[float, float]:
    ranked: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for a, b, p in scored:
        ranked[a].append((p, b))
        ranked[b].append((p, a))
    members: dict[str, int] = defaultdict(int)
    for c in cluster.values():
        members[c] += 1
    queries = [rid for rid, c in cluster.items() if members[c] > 1]
    top1 = top5 = 0
    for rid in queries:
        best = sorted(ranked.get(rid, []), reverse=True)[:5]
        hits = [cluster[other] == cluster[rid] for _, other in best]
        top1 += bool(hits[:1] and hits[0])
        top5 += any(hits)
    return top1 / len(queries), top5 / len(queries)


def scenario(people: int, seed: int, identifiers: bool, workdir: Path) -> list[str]:
    records = int(people * 1.4)  # ~30% duplicated, 1.33 copies each on average
    rows = synthetic.generate_records(records, seed=seed, identifiers=identifiers)
    source = workdir / f"in-{identifiers}.csv"
    synthetic.write_csv(rows, source, with_cluster=False)
    cluster = {r.id: r.cluster for r in rows}
    truth = synthetic.true_pairs(cluster.items())
    n_people = len(set(cluster.values()))
    label = "NHS number and UPN present" if identifiers else "names, date of birth, postcode only"
    out = [
        f"### {label}",
        "",
        f"{len(rows):,} records of {n_people:,} people; {len(truth):,} true duplicate pairs.",
    ]
    loaded = read_records(source, RunReport())
    found = {tuple(sorted((loaded[i].id, loaded[j].id))) for i, j in candidate_pairs(loaded)}
    out.append(
        f"Blocking: {len(found):,} candidate pairs, recall {len(found & truth) / len(truth):.4f}."
    )
    out += [
        "",
        "| model | threshold | precision | recall | F1 | top-1 | top-5 | time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for estimate in (False, True):
        pairs_path = workdir / f"pairs-{identifiers}-{estimate}.csv"
        started = time.monotonic()
        run_dedupe(source, pairs_path, threshold=0.001, estimate=estimate)
        seconds = time.monotonic() - started
        scored = _pairs(pairs_path)
        top1, top5 = _top_k(scored, cluster)
        for threshold in THRESHOLDS:
            result = synthetic.evaluate_pairs(
                [(a, b) for a, b, p in scored if p >= threshold], truth
            )
            mark = " **(chosen)**" if threshold == CHOSEN else ""
            out.append(
                f"| {'estimated' if estimate else 'configured'} | {threshold}{mark} "
                f"| {result['precision']:.4f} | {result['recall']:.4f} | {result['f1']:.4f} "
                f"| {top1:.4f} | {top5:.4f} | {seconds:.1f}s |"
            )
    out.append("")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    lines = [f"## Matching accuracy (synthetic, seed {args.seed})", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for identifiers in (False, True):
            lines += scenario(args.people, args.seed, identifiers, Path(tmp))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
