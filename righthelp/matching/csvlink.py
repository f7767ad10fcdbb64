"""Linking and de-duplicating CSV files: the engine behind ``link_csv`` and ``dedupe_csv``.

Input: a CSV with a header row and the columns ``id, given_name, surname,
date_of_birth`` (required) and ``sex, postcode, nhs_number, upn`` (optional; a column
that is absent counts as empty). An optional ``other_surnames`` column holds previous
surnames and aliases separated by ``;``. Column names are matched without regard to
case or surrounding spaces.

Bad input never stops a run:

* a value that cannot be used (an impossible date, an NHS number failing its check
  digit, a postcode in no real format) is treated as missing and counted, with the
  first few line numbers, in the report; the row is kept;
* a structurally broken row (the wrong number of fields, or one the CSV reader
  cannot read) is skipped and its line number reported;
* a file without the required columns is refused with the list of what is missing
  (:class:`InputError`).

Output: one row per candidate pair whose probability reaches the threshold, with
``left_id, right_id, match_probability, match_weight`` and the agreement level of each
field (see :data:`righthelp.matching.model.LEVELS`).

Scale: records are stored once, normalised, sharing repeated values; candidate pairs
come from the blocking keys, one key kind at a time (a dict of key -> row numbers);
blocks over ``max_block`` rows are skipped and reported (the other key kinds still
find most of their pairs); each pair is compared once, in the first block the two
rows share; pairs are streamed to the output file, never held in memory (except with
``estimate=True``, which keeps a compact array of the candidate pairs' levels to fit
the model by EM before writing).
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO

from righthelp.matching.blocking import KEY_KINDS, REFINEMENTS, keys_of_kind, refinement_keys
from righthelp.matching.model import (
    DEFAULT_PARAMS,
    FIELDS,
    LEVELS,
    ModelParams,
    NameFrequencies,
    compare,
    dedupe_prior_weight,
    estimate_m,
    estimate_u,
    field_weights,
    link_prior_weight,
    probability_from_weight,
    weight_from_probability,
)
from righthelp.matching.normalise import MatchRecord, normalise_record

__all__ = [
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "InputError",
    "Progress",
    "RunReport",
    "candidate_pairs",
    "read_records",
    "run_dedupe",
    "run_link",
    "score_pairs",
    "training_patterns",
]

REQUIRED_COLUMNS = ("id", "given_name", "surname", "date_of_birth")
OPTIONAL_COLUMNS = ("sex", "postcode", "nhs_number", "upn", "other_surnames")
OUTPUT_COLUMNS = ("left_id", "right_id", "match_probability", "match_weight", *FIELDS)
DEFAULT_MAX_BLOCK = 1500
DEFAULT_REFINE_OVER = 30
_FIRST_LINES = 10  # line numbers kept per problem

csv.field_size_limit(1_000_000)


class InputError(Exception):
    """The file cannot be used at all (missing columns, unreadable); nothing was written."""


@dataclass
class RunReport:
    """What a run did and what it found wrong with its input."""

    files: list[str] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_skipped: dict[str, list[int]] = field(default_factory=dict)
    problems: dict[tuple[str, str, str], int] = field(default_factory=dict)
    problem_lines: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)
    blocks_skipped: Counter[str] = field(default_factory=Counter)
    largest_skipped_block: dict[str, int] = field(default_factory=dict)
    pairs_compared: int = 0
    pairs_written: int = 0
    threshold: float = 0.5
    prior_weight: float = 0.0
    model_notes: str = ""
    params: ModelParams | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def problem(self, source: str, field_name: str, code: str, line: int) -> None:
        key = (source, field_name, code)
        self.problems[key] = self.problems.get(key, 0) + 1
        lines = self.problem_lines.setdefault(key, [])
        if len(lines) < _FIRST_LINES:
            lines.append(line)

    def skipped(self, source: str, line: int, why: str) -> None:
        self.rows_skipped.setdefault(source, []).append(line)
        self.problem(source, "row", why, line)

    def summary(self) -> str:
        """A plain-text report for the terminal."""
        out: list[str] = []
        for source in self.files:
            skipped = self.rows_skipped.get(source, [])
            out.append(
                f"{source}: {self.rows_read.get(source, 0):,} rows used, {len(skipped):,} skipped"
            )
            if skipped:
                shown = ", ".join(str(n) for n in skipped[:20])
                more = f" and {len(skipped) - 20:,} more" if len(skipped) > 20 else ""
                out.append(f"  skipped rows (line numbers): {shown}{more}")
        if self.problems:
            out.append("Values treated as missing (count, first line numbers):")
            for (source, field_name, code), count in sorted(self.problems.items()):
                if field_name == "row":
                    continue
                lines = ", ".join(str(n) for n in self.problem_lines[(source, field_name, code)])
                out.append(f"  {source}: {field_name} {code}: {count:,} (lines {lines})")
            for (source, field_name, code), count in sorted(self.problems.items()):
                if field_name == "row":
                    lines = ", ".join(
                        str(n) for n in self.problem_lines[(source, field_name, code)]
                    )
                    out.append(f"  {source}: rows skipped, {code}: {count:,} (lines {lines})")
        if self.blocks_skipped:
            out.append(
                "Blocks too large to compare in full, skipped (other keys still apply): "
                + ", ".join(
                    f"{kind} {n:,} (largest {self.largest_skipped_block[kind]:,} rows)"
                    for kind, n in sorted(self.blocks_skipped.items())
                )
            )
        out.append(
            f"{self.pairs_compared:,} candidate pairs compared; {self.pairs_written:,} at or "
            f"above match probability {self.threshold:g} written"
        )
        out.append(f"Model: {self.model_notes}; prior {self.prior_weight:+.1f} bits")
        out.append("Time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()))
        return "\n".join(out)


# --------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------


class Progress:
    """A plain-text progress bar on a stream (stderr): ``[#####.....] 512,000/1,000,000 rows``.

    Redrawn in place on a terminal, printed as a line every 10% otherwise; silent when
    ``stream`` is None.
    """

    def __init__(self, stream: TextIO | None, label: str, total: int, unit: str = "rows"):
        self.stream = stream
        self.label = label
        self.total = max(total, 1)
        self.unit = unit
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.last_time = 0.0
        self.last_tenth = -1
        self.done = 0

    def update(self, done: int) -> None:
        self.done = done
        if self.stream is None:
            return
        if self.tty:
            now = time.monotonic()
            if now - self.last_time < 0.25 and done < self.total:
                return
            self.last_time = now
            self.stream.write("\r" + self._line())
            self.stream.flush()
        else:
            tenth = min(10, done * 10 // self.total)
            if tenth > self.last_tenth:
                self.last_tenth = tenth
                self.stream.write(self._line() + "\n")
                self.stream.flush()

    def _line(self) -> str:
        filled = min(10, self.done * 10 // self.total)
        bar = "#" * filled + "." * (10 - filled)
        return f"{self.label} [{bar}] {self.done:,}/{self.total:,} {self.unit}"

    def finish(self) -> None:
        if self.stream is None:
            return
        if self.done < self.total:
            self.update(self.total)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
    return count


def _read_header(reader: Iterator[list[str]], source: str) -> tuple[dict[str, int], int]:
    """The column of each known field, and the number of fields a row has."""
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{source}: the file is empty") from None
    except csv.Error as error:
        raise InputError(f"{source}: the header row cannot be read: {error}") from None
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            f"{source}: required columns missing: {', '.join(missing)} "
            f"(the file has: {', '.join(h for h in names if h) or 'no column names'})"
        )
    index = {c: names.index(c) for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in names}
    return index, len(header)


def _row_record(
    row: list[str],
    index: dict[str, int],
    report: RunReport,
    source: str,
    line: int,
    seen_ids: set[str],
) -> MatchRecord:
    """One row, normalised; its problems (and a missing or repeated id) are reported."""
    raw = {c: row[i] for c, i in index.items()}
    if any("\ufffd" in v for v in row):
        report.problem(source, "encoding", "not UTF-8 (characters replaced)", line)
    record_id = raw["id"].strip()
    if not record_id:
        record_id = f"line-{line}"
        report.problem(source, "id", "missing_id", line)
    elif record_id in seen_ids:
        report.problem(source, "id", "duplicate_id", line)
    seen_ids.add(record_id)
    others = raw.get("other_surnames", "")
    record, problems = normalise_record(
        raw,
        record_id=record_id,
        other_surnames=[o for o in others.split(";") if o.strip()] if others else (),
    )
    for problem in problems:
        report.problem(source, problem.field, problem.code, line)
    return record


def read_records(
    path: str | Path,
    report: RunReport,
    *,
    source: str | None = None,
    progress: TextIO | None = None,
    handle: IO[str] | None = None,
) -> list[MatchRecord]:
    """Read and normalise a CSV file. Raises :class:`InputError` for missing columns.

    Every usable row gives one record (values that cannot be used are missing and
    reported); broken rows are skipped and reported with their line numbers.
    """
    path = Path(path)
    source = source or path.name
    report.files.append(source)
    try:
        stream: IO[str] = handle or path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as error:
        raise InputError(f"{source}: cannot open the file: {error.strerror}") from error
    total_lines = 0 if handle is not None else _count_lines(path)
    bar = Progress(progress, f"Reading {source}", max(total_lines - 1, 1))
    records: list[MatchRecord] = []
    try:
        reader = csv.reader(stream)
        index, width = _read_header(reader, source)
        seen_ids: set[str] = set()
        while True:
            line = reader.line_num + 1  # where this row starts (a quoted field may span lines)
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                report.skipped(source, line, f"unreadable ({error})")
                continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if len(row) != width:
                report.skipped(source, line, "wrong number of fields")
                continue
            records.append(_row_record(row, index, report, source, line, seen_ids))
            if len(records) % 10000 == 0:
                bar.update(min(reader.line_num - 1, bar.total))
        bar.finish()
    finally:
        if handle is None:
            stream.close()
    report.rows_read[source] = len(records)
    return records


# --------------------------------------------------------------------------------------
# Candidate pairs
# --------------------------------------------------------------------------------------


def candidate_pairs(
    records: Sequence[MatchRecord],
    *,
    n_left: int | None = None,
    max_block: int = DEFAULT_MAX_BLOCK,
    refine_over: int = DEFAULT_REFINE_OVER,
    report: RunReport | None = None,
    progress: TextIO | None = None,
    kinds: Sequence[str] = KEY_KINDS,
) -> Iterator[tuple[int, int]]:
    """Yield each candidate pair of record indexes once: ``(i, j)`` with ``i < j``.

    With ``n_left``, ``records`` is a left file followed by a right file and only
    left-right pairs are yielded (``i < n_left <= j``). Blocks larger than
    ``refine_over`` are split by the kind's refinements (see
    :data:`righthelp.matching.blocking.REFINEMENTS`); blocks (or sub-blocks) still larger
    than ``max_block`` are skipped and counted in ``report``.
    """
    n = len(records)
    link = n_left is not None
    split = n_left if n_left is not None else n
    # For every record, the ids of the blocks it belongs to (ascending); a pair is
    # compared in the first block it shares.
    memberships: list[list[int]] = [[] for _ in range(n)]
    block_id = 0
    for kind in kinds:
        work: list[tuple[int, list[int]]] = []
        for members in _compared_blocks(
            records, kind, split if link else None, max_block, refine_over, report
        ):
            for i in members:
                memberships[i].append(block_id)
            work.append((block_id, members))
            block_id += 1
        bar = Progress(progress, f"Comparing ({kind})", len(work), "blocks")
        for done, (bid, members) in enumerate(work, start=1):
            if link:
                yield from _pairs_across(members, bid, memberships, split)
            else:
                yield from _pairs_within(members, bid, memberships)
            if done % 2000 == 0:
                bar.update(done)
        bar.finish()


def _blocks_of_kind(records: Sequence[MatchRecord], kind: str) -> dict[str, int | list[int]]:
    """The records sharing each key of one kind: an index alone, or a list of two or more."""
    blocks: dict[str, int | list[int]] = {}
    for i in range(len(records)):
        for key in keys_of_kind(records[i], kind):
            existing = blocks.get(key)
            if existing is None:
                blocks[key] = i
            elif isinstance(existing, int):
                blocks[key] = [existing, i]
            else:
                existing.append(i)
    return blocks


def _compared_blocks(
    records: Sequence[MatchRecord],
    kind: str,
    split: int | None,
    max_block: int,
    refine_over: int,
    report: RunReport | None,
) -> list[list[int]]:
    """The blocks (or sub-blocks) of one kind whose pairs are compared: with ``split`` (a
    linkage), only those with both sides; blocks over ``max_block`` are counted in
    ``report`` and skipped."""
    refinements = REFINEMENTS.get(kind, ())
    kept: list[list[int]] = []
    for members in _refined(
        _blocks_of_kind(records, kind).values(), records, refinements, refine_over
    ):
        if split is not None and (members[0] >= split or members[-1] < split):
            continue  # only one side in this block
        if len(members) > max_block:
            if report is not None:
                report.blocks_skipped[kind] += 1
                report.largest_skipped_block[kind] = max(
                    report.largest_skipped_block.get(kind, 0), len(members)
                )
            continue
        kept.append(members)
    return kept


def _pairs_across(
    members: list[int], bid: int, memberships: list[list[int]], split: int
) -> Iterator[tuple[int, int]]:
    """The left-right pairs of block ``bid`` not already compared in an earlier block."""
    lefts = [i for i in members if i < split]
    rights = [j for j in members if j >= split]
    for i in lefts:
        mi = memberships[i]
        first_i = mi[0] == bid
        for j in rights:
            if not first_i and _shared_earlier(mi, memberships[j], bid):
                continue
            yield i, j


def _pairs_within(
    members: list[int], bid: int, memberships: list[list[int]]
) -> Iterator[tuple[int, int]]:
    """The pairs of block ``bid`` not already compared in an earlier block."""
    size = len(members)
    for x in range(size - 1):
        i = members[x]
        mi = memberships[i]
        first_i = mi[0] == bid
        for y in range(x + 1, size):
            j = members[y]
            if not first_i and _shared_earlier(mi, memberships[j], bid):
                continue
            yield i, j


def _refined(
    blocks: Iterable[int | list[int]],
    records: Sequence[MatchRecord],
    refinements: Sequence[str],
    refine_over: int,
) -> Iterator[list[int]]:
    """The blocks with two or more members, large ones split into overlapping sub-blocks."""
    for members in blocks:
        if isinstance(members, int):
            continue
        if len(members) <= refine_over or not refinements:
            yield members
            continue
        for refinement in refinements:
            sub: dict[str, list[int]] = {}
            for i in members:
                for value in refinement_keys(records[i], refinement):
                    sub.setdefault(value, []).append(i)
            for group in sub.values():
                if len(group) > 1:
                    yield group


def _shared_earlier(mi: list[int], mj: list[int], bid: int) -> bool:
    if mj[0] == bid:
        return False
    for k in mi:
        if k >= bid:
            return False
        if k in mj:
            return True
    return False


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


def score_pairs(
    records: Sequence[MatchRecord],
    pairs: Iterable[tuple[int, int]],
    *,
    params: ModelParams,
    frequencies: NameFrequencies | None,
    prior_weight: float,
    threshold: float,
) -> Iterator[tuple[int, int, float, float, tuple[int, ...]]]:
    """Compare and score pairs; yield ``(i, j, probability, weight, levels)`` at or above
    ``threshold``."""
    cutoff = weight_from_probability(threshold) - prior_weight if threshold > 0 else -math.inf
    weights = [params.weights[f] for f in FIELDS]
    wg, ws, wd, wx, wp, wn, wu = weights
    for i, j in pairs:
        a, b = records[i], records[j]
        levels = compare(a, b)
        g, s, d, x, p, n, u = levels
        if g == 1 or g == 6 or s == 1 or (p == 1 and s <= 3):
            # Name frequency, relatives and household adjustments: the full rules.
            total = sum(w for w, _ in field_weights(levels, a, b, params, frequencies))
        else:
            total = wg[g] + ws[s] + wd[d] + wx[x] + wp[p] + wn[n] + wu[u]
        if total >= cutoff:
            yield i, j, probability_from_weight(total + prior_weight), total, levels


def _write_pairs(
    out: TextIO,
    records: Sequence[MatchRecord],
    scored: Iterable[tuple[int, int, float, float, tuple[int, ...]]],
) -> int:
    writer = csv.writer(out)
    writer.writerow(OUTPUT_COLUMNS)
    names = [LEVELS[f] for f in FIELDS]
    written = 0
    for i, j, probability, weight, levels in scored:
        writer.writerow(
            [
                records[i].id,
                records[j].id,
                f"{probability:.6f}",
                f"{weight:.2f}",
                *(names[k][level] for k, level in enumerate(levels)),
            ]
        )
        written += 1
    return written


def _block_pairs(members: list[int], n_left: int | None, split: int) -> Iterator[tuple[int, int]]:
    """Every pair in a block (with ``n_left``, every left-right pair)."""
    if n_left is None:
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                yield i, j
    else:
        lefts = [i for i in members if i < split]
        for j in (j for j in members if j >= split):
            for i in lefts:
                yield i, j


def _block_size(members: list[int], n_left: int | None, split: int) -> int:
    """How many pairs ``_block_pairs`` yields for a block."""
    if n_left is None:
        return len(members) * (len(members) - 1) // 2
    lefts = sum(1 for i in members if i < split)
    return lefts * (len(members) - lefts)


def training_patterns(
    records: Sequence[MatchRecord],
    n_left: int | None = None,
    *,
    max_pairs: int = 2_000_000,
    seed: int = 0,
) -> tuple[Counter[tuple[int, ...]], Counter[tuple[int, ...]], float, float]:
    """Comparison patterns for fitting ``m`` by EM (see :func:`model.estimate_m`).

    Every pair in a random selection of whole blocks of the same date of birth, and of
    the same surname and full postcode (households), up to ``max_pairs`` each: unlike the
    candidate pairs, these are not filtered on anything else, as the EM sessions need.
    Returns the two sets of patterns, and the number of same-date-of-birth pairs
    sampled and in the whole file.
    """
    split = n_left if n_left is not None else len(records)
    by_dob: dict[object, list[int]] = {}
    by_household: dict[object, list[int]] = {}
    for i, record in enumerate(records):
        if record.date_of_birth is not None:
            by_dob.setdefault(record.date_of_birth, []).append(i)
        if record.surname.full and record.postcode:
            by_household.setdefault((record.surname.full, record.postcode), []).append(i)

    rng = random.Random(seed)
    out: list[Counter[tuple[int, ...]]] = []
    taken_dob = dob_total = 0
    for groups in (by_dob, by_household):
        patterns: Counter[tuple[int, ...]] = Counter()
        blocks = [m for m in groups.values() if len(m) > 1]
        rng.shuffle(blocks)
        taken = 0
        for members in blocks:
            if taken >= max_pairs:
                break
            for i, j in _block_pairs(members, n_left, split):
                patterns[compare(records[i], records[j])] += 1
                taken += 1
        if groups is by_dob:
            taken_dob, dob_total = taken, sum(_block_size(m, n_left, split) for m in blocks)
        out.append(patterns)
    return out[0], out[1], float(taken_dob), float(dob_total)


def _run(
    records: list[MatchRecord],
    n_left: int | None,
    out_path: str | Path,
    report: RunReport,
    *,
    threshold: float,
    params: ModelParams,
    prior_weight: float,
    estimate: bool,
    max_block: int,
    progress: TextIO | None,
    out_handle: TextIO | None,
) -> RunReport:
    started = time.monotonic()
    frequencies = NameFrequencies.from_records(records)
    report.threshold = threshold
    pairs = candidate_pairs(
        records, n_left=n_left, max_block=max_block, report=report, progress=progress
    )
    if estimate:
        params = estimate_u(records, params, pairs=min(300_000, len(records) * 20))
        by_dob, by_household, sampled, dob_pairs = training_patterns(records, n_left)
        params, matches = estimate_m(
            by_dob,
            params,
            household_patterns=by_household,
            dob_pairs_sampled=sampled,
            dob_pairs_total=dob_pairs,
        )
        n = len(records)
        all_pairs = n * (n - 1) / 2 if n_left is None else n_left * (n - n_left)
        prior_weight = weight_from_probability(min(max(matches, 1.0) / max(all_pairs, 1), 0.5))

    def counted() -> Iterator[tuple[int, int]]:
        for pair in pairs:
            report.pairs_compared += 1
            yield pair

    pair_source: Iterable[tuple[int, int]] = counted()
    report.prior_weight = prior_weight
    report.model_notes = params.notes
    report.params = params
    scored = score_pairs(
        records,
        pair_source,
        params=params,
        frequencies=frequencies,
        prior_weight=prior_weight,
        threshold=threshold,
    )
    if out_handle is not None:
        report.pairs_written = _write_pairs(out_handle, records, scored)
    else:
        with Path(out_path).open("w", encoding="utf-8", newline="") as handle:
            report.pairs_written = _write_pairs(handle, records, scored)
    report.seconds["matching"] = time.monotonic() - started
    return report


def run_dedupe(
    path: str | Path,
    out: str | Path,
    *,
    threshold: float = 0.5,
    params: ModelParams | None = None,
    estimate: bool = False,
    duplicate_rate: float | None = None,
    max_block: int = DEFAULT_MAX_BLOCK,
    progress: TextIO | None = None,
    out_handle: TextIO | None = None,
) -> RunReport:
    """Find the records of one file that are probably the same person.

    Writes the candidate pairs with ``match_probability >= threshold`` to ``out`` and
    returns the report. Raises :class:`InputError` when the file cannot be used.
    """
    params = params or DEFAULT_PARAMS
    report = RunReport()
    started = time.monotonic()
    records = read_records(path, report, progress=progress)
    report.seconds["reading"] = time.monotonic() - started
    rate = duplicate_rate if duplicate_rate is not None else params.duplicate_rate
    return _run(
        records,
        None,
        out,
        report,
        threshold=threshold,
        params=params,
        prior_weight=dedupe_prior_weight(len(records), rate),
        estimate=estimate,
        max_block=max_block,
        progress=progress,
        out_handle=out_handle,
    )


def run_link(
    left: str | Path,
    right: str | Path,
    out: str | Path,
    *,
    threshold: float = 0.5,
    params: ModelParams | None = None,
    estimate: bool = False,
    link_rate: float | None = None,
    max_block: int = DEFAULT_MAX_BLOCK,
    progress: TextIO | None = None,
    out_handle: TextIO | None = None,
) -> RunReport:
    """Find the pairs (left record, right record) that are probably the same person."""
    params = params or DEFAULT_PARAMS
    report = RunReport()
    started = time.monotonic()
    left_name, right_name = Path(left).name, Path(right).name
    if left_name == right_name:
        left_name, right_name = f"left:{left_name}", f"right:{right_name}"
    left_records = read_records(left, report, source=left_name, progress=progress)
    right_records = read_records(right, report, source=right_name, progress=progress)
    report.seconds["reading"] = time.monotonic() - started
    rate = link_rate if link_rate is not None else params.link_rate
    records = left_records + right_records
    return _run(
        records,
        len(left_records),
        out,
        report,
        threshold=threshold,
        params=params,
        prior_weight=link_prior_weight(len(left_records), len(right_records), rate),
        estimate=estimate,
        max_block=max_block,
        progress=progress,
        out_handle=out_handle,
    )


def read_text(text: str, report: RunReport, source: str = "input.csv") -> list[MatchRecord]:
    """Read records from CSV text (for tests and small inputs)."""
    return read_records(Path(source), report, source=source, handle=io.StringIO(text))


def default_progress() -> TextIO:
    return sys.stderr
