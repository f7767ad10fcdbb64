"""Splink (DuckDB backend) on the same cleaned file, for comparison with dedupe_csv.

Runs in a separate virtual environment (Splink is not a project dependency):

    python3 -m venv /tmp/splink-venv && /tmp/splink-venv/bin/pip install splink
    /tmp/splink-venv/bin/python bench/matching/splink_compare.py CLEAN.csv PAIRS.csv

The model mirrors ours: name comparisons with term-frequency adjustments for given
name and surname, Splink's date-of-birth and postcode comparisons, sex exact; u by
random sampling, m by EM in two sessions (blocked on date of birth, then on names),
the prior from a deterministic rule; predictions from blocking rules close to ours.
Writes pairs with match probability >= 0.5 (columns id_l, id_r, match_probability).
"""

# ruff: noqa: S608 (SQL built from the file names we were given, in a throwaway database)
from __future__ import annotations

import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def main(source: str, target: str) -> None:
    started = time.monotonic()
    con = duckdb.connect()
    con.execute(
        f"""
        CREATE TABLE people AS
        SELECT CAST(id AS VARCHAR) AS id,
               NULLIF(given_name, '') AS given_name,
               NULLIF(surname, '') AS surname,
               NULLIF(CAST(date_of_birth AS VARCHAR), '') AS date_of_birth,
               NULLIF(sex, '') AS sex,
               NULLIF(postcode, '') AS postcode
        FROM read_csv('{source}', header = true, all_varchar = true)
        """
    )
    db_api = DuckDBAPI(connection=con)
    table = db_api.register("people")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("date_of_birth"),
            block_on("surname", "substr(date_of_birth, 1, 4)"),
            block_on("surname", "substr(date_of_birth, 6, 5)"),
            block_on("given_name", "surname"),
            block_on("postcode", "surname"),
            block_on("substr(postcode, 1, length(postcode) - 2)", "given_name"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(table, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    trained = time.monotonic()
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    con.execute(
        f"COPY (SELECT id_l, id_r, match_probability FROM {predictions.physical_name}) "
        f"TO '{target}' (HEADER, DELIMITER ',')"
    )
    print(f"training {trained - started:.1f}s, prediction {time.monotonic() - trained:.1f}s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
