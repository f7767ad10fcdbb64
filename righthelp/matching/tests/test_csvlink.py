"""The CSV engine and the link_csv / dedupe_csv commands: bad input, output, accuracy."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from righthelp.matching import synthetic
from righthelp.matching.csvlink import (
    OUTPUT_COLUMNS,
    InputError,
    Progress,
    RunReport,
    read_text,
    run_dedupe,
    run_link,
)
from righthelp.matching.management.commands import dedupe_csv, link_csv

HEADER = "id,given_name,surname,date_of_birth,sex,postcode,nhs_number,upn\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_an_impossible_date_is_reported_and_the_row_kept(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        HEADER
        + "1,Amelia,Thornbury,31/02/2015,F,HU1 2AA,,\n"
        + "2,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,\n"
        + "3,Oscar,Whitlock,2010-06-01,M,HU7 3BD,,\n",
    )
    out = tmp_path / "pairs.csv"
    report = run_dedupe(source, out)
    assert report.rows_read["in.csv"] == 3
    assert report.problems[("in.csv", "date_of_birth", "impossible_date")] == 1
    assert report.problem_lines[("in.csv", "date_of_birth", "impossible_date")] == [2]
    pairs = read_pairs(out)
    assert [(p["left_id"], p["right_id"]) for p in pairs] == [("1", "2")]
    assert pairs[0]["date_of_birth"] == "missing"
    assert "date_of_birth impossible_date: 1 (lines 2)" in report.summary()


def test_an_nhs_number_failing_its_check_is_missing_and_reported(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        HEADER
        + "1,Amelia,Thornbury,2015-02-13,F,HU1 2AA,485 777 3456,\n"
        + "2,Amelia,Thornbury,2015-02-13,F,HU1 2AA,943 476 5919,\n",
    )
    out = tmp_path / "pairs.csv"
    report = run_dedupe(source, out)
    assert report.problems[("in.csv", "nhs_number", "invalid_check_digit")] == 1
    (pair,) = read_pairs(out)
    assert pair["nhs_number"] == "missing"


def test_broken_rows_are_skipped_with_their_line_numbers(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        HEADER
        + "1,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,\n"
        + "2,Amelia,Thornbury,2015-02-13\n"
        + "\n"
        + "3,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,,extra\n"
        + "4,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,\n",
    )
    out = tmp_path / "pairs.csv"
    report = run_dedupe(source, out)
    assert report.rows_read["in.csv"] == 2
    assert report.rows_skipped["in.csv"] == [3, 5]
    assert "skipped rows (line numbers): 3, 5" in report.summary()
    assert [(p["left_id"], p["right_id"]) for p in read_pairs(out)] == [("1", "4")]


def test_a_file_missing_required_columns_is_refused_with_the_list(tmp_path: Path) -> None:
    source = write(tmp_path, "in.csv", "id,given_name,postcode\n1,Amelia,HU1 2AA\n")
    with pytest.raises(InputError) as error:
        run_dedupe(source, tmp_path / "pairs.csv")
    assert "required columns missing: surname, date_of_birth" in str(error.value)
    assert not (tmp_path / "pairs.csv").exists()


def test_optional_columns_may_be_absent_and_names_are_case_blind(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        " ID ,Given_Name,SURNAME,Date_Of_Birth\n"
        "a,Bob,Smith,2012-05-06\n"
        "b,Robert,Smith,2012-05-06\n",
    )
    out = tmp_path / "pairs.csv"
    run_dedupe(source, out, duplicate_rate=0.5)
    (pair,) = read_pairs(out)
    assert pair["given_name"] == "nickname"
    assert pair["postcode"] == "missing"


def test_nothing_crashes_on_messy_bytes(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        HEADER.encode()
        + b"1,Zo\xeb,Thornbury,2015-02-13,F,HU1 2AA,,\n"  # Latin-1, not UTF-8
        + b'2,"Amelia\nMay",Thornbury,not a date,X,???,12,ZZZ\n'
        + b"3,,,,,,,\n"
        + b'4,"unclosed,Thornbury,2015-02-13,F,HU1 2AA,,\n',
    )
    out = tmp_path / "pairs.csv"
    report = run_dedupe(source, out)
    print(report.summary())
    assert report.rows_read["in.csv"] == 3
    assert report.rows_skipped["in.csv"] == [6]  # the unclosed quote runs to the end
    assert report.problems[("in.csv", "encoding", "not UTF-8 (characters replaced)")] == 1
    assert report.problem_lines[("in.csv", "date_of_birth", "unrecognised_date")] == [3]
    assert report.problems[("in.csv", "date_of_birth", "unrecognised_date")] == 1
    assert report.problems[("in.csv", "nhs_number", "invalid_length")] == 1
    assert report.problems[("in.csv", "upn", "invalid_length")] == 1
    assert report.problems[("in.csv", "postcode", "invalid_postcode")] == 1
    assert ("in.csv", "id", "missing_id") not in report.problems
    assert read_pairs(out) == []


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        run_dedupe(write(tmp_path, "in.csv", ""), tmp_path / "pairs.csv")


def test_duplicate_and_missing_ids_are_reported_not_dropped() -> None:
    report = RunReport()
    records = read_text(
        HEADER
        + "1,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,\n"
        + "1,Zoe,Thornbury,2015-02-13,F,HU1 2AA,,\n"
        + ",Zoe,Thornbury,2015-02-13,F,HU1 2AA,,\n",
        report,
    )
    assert len(records) == 3
    assert records[2].id == "line-4"
    assert report.problems[("input.csv", "id", "duplicate_id")] == 1
    assert report.problems[("input.csv", "id", "missing_id")] == 1


def test_output_columns(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        HEADER
        + "1,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,\n"
        + "2,Amelia,Thornbury,2015-02-13,F,HU1 2AB,,\n",
    )
    out = tmp_path / "pairs.csv"
    run_dedupe(source, out)
    with out.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == OUTPUT_COLUMNS
    assert header[:3] == ["left_id", "right_id", "match_probability"]
    (pair,) = read_pairs(out)
    assert pair["postcode"] == "sector"
    assert 0.5 <= float(pair["match_probability"]) <= 1


def test_progress_bar_is_plain_text() -> None:
    stream = io.StringIO()
    bar = Progress(stream, "Reading", 1_000_000)
    bar.update(512_000)
    bar.finish()
    lines = stream.getvalue().splitlines()
    assert "Reading [#####.....] 512,000/1,000,000 rows" in lines
    assert lines[-1] == "Reading [##########] 1,000,000/1,000,000 rows"


# --------------------------------------------------------------------------------------
# Commands (the app need not be installed: the command objects are called directly)
# --------------------------------------------------------------------------------------


def test_dedupe_csv_command(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.csv",
        HEADER
        + "1,Amelia,Thornbury,2015-02-13,F,HU1 2AA,,\n"
        + "2,Amelia,Thornbury,13/02/2015,F,HU1 2AA,,\n",
    )
    out = tmp_path / "pairs.csv"
    stdout = io.StringIO()
    call_command(
        dedupe_csv.Command(),
        str(source),
        "--out",
        str(out),
        "--quiet",
        "--save-model",
        str(tmp_path / "model.json"),
        stdout=stdout,
    )
    assert "1 at or above match probability 0.5 written" in stdout.getvalue()
    assert len(read_pairs(out)) == 1
    assert (tmp_path / "model.json").exists()


def test_link_csv_command(tmp_path: Path) -> None:
    left = write(tmp_path, "school.csv", HEADER + "s1,Zak,Thornbury,2015-02-13,M,HU1 2AA,,\n")
    right = write(
        tmp_path,
        "cases.csv",
        HEADER
        + "c1,Zachary,Thornbury,2015-02-13,M,HU1 2AA,,\n"
        + "c2,Oscar,Whitlock,2010-06-01,M,HU7 3BD,,\n",
    )
    out = tmp_path / "pairs.csv"
    call_command(
        link_csv.Command(),
        str(left),
        str(right),
        "--out",
        str(out),
        "--quiet",
        stdout=io.StringIO(),
    )
    (pair,) = read_pairs(out)
    assert (pair["left_id"], pair["right_id"]) == ("s1", "c1")
    assert pair["given_name"] == "nickname"


def test_commands_refuse_missing_columns(tmp_path: Path) -> None:
    source = write(tmp_path, "in.csv", "id,given_name\n1,Amelia\n")
    with pytest.raises(CommandError, match="required columns missing: surname, date_of_birth"):
        call_command(dedupe_csv.Command(), str(source), "--out", str(tmp_path / "o.csv"))


# --------------------------------------------------------------------------------------
# Accuracy end to end (fixed seeds, so deterministic)
# --------------------------------------------------------------------------------------


def _f1(
    tmp_path: Path, *, identifiers: bool, seed: int, estimate: bool = False
) -> dict[str, float]:
    rows = synthetic.generate_records(4000, seed=seed, identifiers=identifiers)
    source = tmp_path / "in.csv"
    synthetic.write_csv(rows, source, with_cluster=False)
    out = tmp_path / "pairs.csv"
    run_dedupe(source, out, threshold=0.5, estimate=estimate)
    truth = synthetic.true_pairs((r.id, r.cluster) for r in rows)
    predicted = [(p["left_id"], p["right_id"]) for p in read_pairs(out)]
    return synthetic.evaluate_pairs(predicted, truth)


def test_dedupe_accuracy_with_names_dates_and_postcodes_only(tmp_path: Path) -> None:
    result = _f1(tmp_path, identifiers=False, seed=31)
    assert result["f1"] >= 0.9, result


def test_dedupe_accuracy_with_nhs_numbers(tmp_path: Path) -> None:
    result = _f1(tmp_path, identifiers=True, seed=32)
    assert result["f1"] >= 0.97, result


def test_dedupe_accuracy_with_the_model_estimated_from_the_file(tmp_path: Path) -> None:
    result = _f1(tmp_path, identifiers=False, seed=34, estimate=True)
    assert result["f1"] >= 0.9, result


def test_link_two_files(tmp_path: Path) -> None:
    rows = synthetic.generate_records(3000, seed=33)
    left_rows, right_rows = rows[::2], rows[1::2]
    synthetic.write_csv(left_rows, tmp_path / "left.csv", with_cluster=False)
    synthetic.write_csv(right_rows, tmp_path / "right.csv", with_cluster=False)
    out = tmp_path / "pairs.csv"
    report = run_link(tmp_path / "left.csv", tmp_path / "right.csv", out)
    assert report.rows_read == {"left.csv": len(left_rows), "right.csv": len(right_rows)}
    left_ids = {r.id for r in left_rows}
    cluster = {r.id: r.cluster for r in rows}
    truth = {
        (a, b) for a in left_ids for b in (r.id for r in right_rows if r.cluster == cluster[a])
    }
    pairs = read_pairs(out)
    assert all(p["left_id"] in left_ids for p in pairs)
    predicted = {(p["left_id"], p["right_id"]) for p in pairs}
    tp = len(predicted & truth)
    precision, recall = tp / len(predicted), tp / len(truth)
    assert 2 * precision * recall / (precision + recall) >= 0.9
