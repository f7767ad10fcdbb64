"""The Fellegi-Sunter model: levels, weights, explanations, frequencies, estimation."""

from __future__ import annotations

import math
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from righthelp.matching import synthetic
from righthelp.matching.csvlink import candidate_pairs, training_patterns
from righthelp.matching.model import (
    BETTER_LEVELS,
    DEFAULT_PARAMS,
    FIELDS,
    LEVELS,
    ModelParams,
    NameFrequencies,
    compare,
    estimate_m,
    estimate_u,
    fit_em,
    level_names,
    pair_weight,
    score,
)
from righthelp.matching.normalise import normalise_record
from righthelp.matching.tests.helpers import record


class _BASE:
    given_name = "Amelia"
    surname = "Thornbury"
    date_of_birth = "2015-03-04"
    sex = "F"
    postcode = "HU1 2AA"


def levels_of(a_kwargs: dict[str, str], b_kwargs: dict[str, str]) -> dict[str, str]:
    fields = ("given_name", "surname", "date_of_birth", "sex", "postcode")
    a = record("a", *(a_kwargs.get(f, getattr(_BASE, f)) for f in fields))
    b = record("b", *(b_kwargs.get(f, getattr(_BASE, f)) for f in fields))
    return level_names(compare(a, b))


def test_comparison_levels() -> None:
    same = levels_of({}, {})
    assert same["given_name"] == "exact"
    assert same["date_of_birth"] == "exact"
    assert same["postcode"] == "full"
    assert same["nhs_number"] == "missing"
    assert levels_of({"given_name": "Bob"}, {"given_name": "Robert"})["given_name"] == "nickname"
    assert (
        levels_of({"given_name": "Mary"}, {"given_name": "Mary-Jane"})["given_name"] == "nickname"
    )
    assert levels_of({"given_name": "Jonathon"}, {"given_name": "Jonathan"})["given_name"] == "jw92"
    assert levels_of({"given_name": "Amelia"}, {"given_name": "Amalie"})["given_name"] == "jw80"
    assert levels_of({"given_name": "Amelia"}, {"given_name": "Zoe"})["given_name"] == "different"
    assert levels_of({"given_name": "Baby"}, {"given_name": "Zoe"})["given_name"] == "missing"
    assert levels_of({"surname": "Smith"}, {"surname": "Smyth"})["surname"] == "jw80"
    assert levels_of({"surname": "Smith-Jones"}, {"surname": "Jones"})["surname"] == "other_name"
    assert levels_of({"surname": "Johnson"}, {"surname": "Jonhson"})["surname"] == "jw92"
    dob = "date_of_birth"
    assert levels_of({dob: "2015-03-04"}, {dob: "2015-04-03"})[dob] == "swapped"
    assert levels_of({dob: "2015-03-04"}, {dob: "2015-03-14"})[dob] == "one_part"
    assert levels_of({dob: "2015-03-04"}, {dob: "2016-03-04"})[dob] == "one_part"
    assert levels_of({dob: "2015-03-04"}, {dob: "2016-07-21"})[dob] == "year_near"
    assert levels_of({dob: "2015-03-04"}, {dob: "2009-07-21"})[dob] == "different"
    assert levels_of({"postcode": "HU1 2AA"}, {"postcode": "HU1 2AB"})["postcode"] == "sector"
    assert levels_of({"postcode": "HU1 2AA"}, {"postcode": "HU1 3AB"})["postcode"] == "district"
    assert levels_of({"postcode": "HU1 2AA"}, {"postcode": "HU7 3AB"})["postcode"] == "different"
    assert levels_of({"postcode": "HU1"}, {"postcode": "HU1 3AB"})["postcode"] == "district"


def test_previous_names_are_compared_too() -> None:
    a = record("a", surname="Khan", other_surnames=("Begum",))
    b = record("b", surname="Begum")
    assert level_names(compare(a, b))["surname"] == "other_name"
    assert level_names(compare(b, a))["surname"] == "other_name"


def test_explanation_sums_to_the_match_weight() -> None:
    a = record("a", given_name="Katie", date_of_birth="04/03/2015", nhs_number="485 777 3456")
    b = record("b", given_name="Catherine", date_of_birth="2015-04-03", postcode="HU1 2AB")
    result = score(a, b)
    assert len(result.explanation) == len(FIELDS)
    assert math.isclose(sum(c.weight for c in result.explanation), result.match_weight)
    texts = {c.field: c.text for c in result.explanation}
    assert texts["date_of_birth"].startswith("Date of birth: day and month swapped (+")
    assert texts["given_name"].startswith("Given name: a known nickname or variant")
    assert texts["nhs_number"] == "NHS number: missing on one record (+0.0)"
    assert result.levels["date_of_birth"] == "swapped"
    assert 0 <= result.match_probability <= 1
    expected = 1 / (1 + 2 ** -(result.match_weight + result.prior_weight))
    assert math.isclose(result.match_probability, expected)


def test_restricted_records_are_scored_but_not_explained() -> None:
    open_pair = score(record("a"), record("b"))
    restricted = score(record("a", restricted=True), record("b"))
    assert restricted.match_probability == open_pair.match_probability
    assert restricted.levels == {}
    assert len(restricted.explanation) == 1
    assert restricted.explanation[0].text.startswith("Restricted record")
    assert math.isclose(restricted.explanation[0].weight, restricted.match_weight)
    assert score(record("a"), record("b", restricted=True)).levels == {}


def test_a_common_surname_agreeing_counts_for_less_than_a_rare_one() -> None:
    frequencies = NameFrequencies(
        given={"amelia": 10}, surname={"smith": 1200, "thornbury": 2}, total=100_000
    )
    smith = score(
        record("a", surname="Smith"), record("b", surname="Smith"), frequencies=frequencies
    )
    rare = score(record("a"), record("b"), frequencies=frequencies)
    smith_w = next(c for c in smith.explanation if c.field == "surname")
    rare_w = next(c for c in rare.explanation if c.field == "surname")
    assert smith_w.weight < rare_w.weight
    assert "a common name" in smith_w.text
    assert "an uncommon name" in rare_w.text
    assert smith.match_probability <= rare.match_probability


def test_a_common_given_name_counts_for_less() -> None:
    frequencies = NameFrequencies(given={"mohammed": 2000, "zakariya": 3}, total=100_000)
    common = score(
        record("a", given_name="Mohammed"),
        record("b", given_name="Mohammed"),
        frequencies=frequencies,
    )
    rare = score(
        record("a", given_name="Zakariya"),
        record("b", given_name="Zakariya"),
        frequencies=frequencies,
    )
    assert common.match_weight < rare.match_weight


def test_placeholder_names_are_ignored_not_counted_against() -> None:
    baby = score(record("a", given_name="Baby"), record("b", given_name="Amelia"))
    other = score(record("a", given_name="Zoe"), record("b", given_name="Amelia"))
    given_baby = next(c for c in baby.explanation if c.field == "given_name")
    assert given_baby.level == "missing"
    assert given_baby.weight == 0
    assert baby.match_probability > other.match_probability


def test_twins_are_not_the_same_person() -> None:
    """Same surname, date of birth and address, different given names: a sibling."""
    twin_a = record("a", given_name="Amelia")
    twin_b = record("b", given_name="Isla")
    result = score(twin_a, twin_b)
    assert result.match_probability < 0.01
    surname = next(c for c in result.explanation if c.field == "surname")
    assert surname.weight == 0
    assert "relative" in surname.text


def test_the_same_child_recorded_twice_with_errors_is_found() -> None:
    a = record("a", given_name="Katie", surname="Smith-Jones", date_of_birth="04/03/2015")
    b = record("b", given_name="Catherine", surname="Jones", date_of_birth="2015-04-03")
    assert score(a, b).match_probability > 0.9


def test_params_round_trip_through_json(tmp_path: object) -> None:
    text = DEFAULT_PARAMS.to_json()
    again = ModelParams.from_json(text)
    assert again.m == DEFAULT_PARAMS.m
    assert again.u == DEFAULT_PARAMS.u
    assert again.weights == DEFAULT_PARAMS.weights


# --------------------------------------------------------------------------------------
# More agreement never lowers the score
# --------------------------------------------------------------------------------------

_level_tuples = st.tuples(*(st.integers(0, len(LEVELS[f]) - 1) for f in FIELDS))


@settings(max_examples=400, deadline=None)
@given(
    levels=_level_tuples,
    field_index=st.integers(0, len(FIELDS) - 1),
    pick=st.integers(0, 10),
    surname_count=st.integers(1, 5000),
    given_count=st.integers(1, 5000),
    use_frequencies=st.booleans(),
)
def test_more_agreement_never_lowers_the_weight(
    levels: tuple[int, ...],
    field_index: int,
    pick: int,
    surname_count: int,
    given_count: int,
    use_frequencies: bool,
) -> None:
    field = FIELDS[field_index]
    better = BETTER_LEVELS[field].get(levels[field_index], ())
    if not better:
        return
    upgraded = list(levels)
    upgraded[field_index] = better[pick % len(better)]
    a, b = record("a"), record("b")
    frequencies = (
        NameFrequencies({"amelia": given_count}, {"thornbury": surname_count}, total=100_000)
        if use_frequencies
        else None
    )
    before = pair_weight(levels, a, b, DEFAULT_PARAMS, frequencies)
    after = pair_weight(upgraded, a, b, DEFAULT_PARAMS, frequencies)
    assert after >= before - 1e-9


@settings(max_examples=200, deadline=None)
@given(
    given_name=st.sampled_from(["Amelia", "Amelie", "Emilia", "Zoe", "Baby", ""]),
    surname=st.sampled_from(["Thornbury", "Thornberry", "Smith", ""]),
    dob=st.sampled_from(["2015-03-04", "2015-04-03", "2015-03-05", "2016-08-09", ""]),
    postcode=st.sampled_from(["HU1 2AA", "HU1 2AB", "HU1 3AA", "HU7 1AA", ""]),
)
def test_an_identical_record_scores_at_least_as_high_as_any_other(
    given_name: str, surname: str, dob: str, postcode: str
) -> None:
    base = record("a")
    other = record("b", given_name, surname, dob, "F", postcode)
    assert score(base, record("c")).match_weight >= score(base, other).match_weight - 1e-9


# --------------------------------------------------------------------------------------
# Estimation
# --------------------------------------------------------------------------------------


def test_em_recovers_m_and_u_from_simulated_comparisons() -> None:
    rng = random.Random(5)
    true_m = {"given_name": [0.0, 0.8, 0.1, 0.05, 0.02, 0.01, 0.02]}
    true_u = {"given_name": [0.0, 0.01, 0.01, 0.02, 0.05, 0.01, 0.9]}
    fields = ["given_name", "surname", "date_of_birth", "postcode"]
    true_m.update(
        surname=[0.0, 0.85, 0.03, 0.04, 0.02, 0.01, 0.05],
        date_of_birth=[0.0, 0.9, 0.02, 0.06, 0.01, 0.01],
        postcode=[0.0, 0.7, 0.05, 0.1, 0.15],
    )
    true_u.update(
        surname=[0.0, 0.02, 0.01, 0.01, 0.05, 0.01, 0.9],
        date_of_birth=[0.0, 0.01, 0.005, 0.05, 0.1, 0.835],
        postcode=[0.0, 0.01, 0.05, 0.1, 0.84],
    )
    patterns: Counter[tuple[int, ...]] = Counter()
    for _ in range(60_000):
        is_match = rng.random() < 0.2
        table = true_m if is_match else true_u
        levels = [0] * len(FIELDS)
        for f in fields:
            probabilities = table[f][1:]
            levels[FIELDS.index(f)] = 1 + rng.choices(range(len(probabilities)), probabilities)[0]
        patterns[tuple(levels)] += 1
    fitted, lam = fit_em(patterns, DEFAULT_PARAMS, fix_u=False, fields=fields, initial_lambda=0.5)
    assert abs(lam - 0.2) < 0.02
    for f in fields:
        for level in range(1, len(LEVELS[f])):
            assert abs(fitted.m[f][level] - true_m[f][level]) < 0.03, (f, level)
            assert abs(fitted.u[f][level] - true_u[f][level]) < 0.02, (f, level)


def test_em_estimates_m_on_a_synthetic_population() -> None:
    rows = synthetic.generate_records(6000, seed=8)
    records = [normalise_record(r.as_row())[0] for r in rows]
    cluster = [r.cluster for r in rows]
    true_counts = {f: Counter[int]() for f in FIELDS}
    for i, j in candidate_pairs(records):
        if cluster[i] == cluster[j]:
            for f, level in zip(FIELDS, compare(records[i], records[j]), strict=True):
                true_counts[f][level] += 1
    params = estimate_u(records, DEFAULT_PARAMS, pairs=100_000)
    by_dob, by_household, sampled, total = training_patterns(records)
    fitted, matches = estimate_m(
        by_dob,
        params,
        household_patterns=by_household,
        dob_pairs_sampled=sampled,
        dob_pairs_total=total,
    )
    true_matches = sum(true_counts["sex"].values())
    assert 0.7 * true_matches < matches < 1.3 * true_matches
    for f, level in [("postcode", 1), ("date_of_birth", 1), ("surname", 1), ("given_name", 1)]:
        present = sum(v for k, v in true_counts[f].items() if k)
        true_m = true_counts[f][level] / present
        assert abs(fitted.m[f][level] - true_m) < 0.06, (f, fitted.m[f][level], true_m)
