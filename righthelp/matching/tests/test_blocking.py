"""Blocking keys: true pairs share at least one key."""

from __future__ import annotations

from righthelp.matching import synthetic
from righthelp.matching.blocking import KEY_KINDS, blocking_keys
from righthelp.matching.normalise import normalise_record
from righthelp.matching.tests.helpers import record


def test_keys_are_prefixed_strings_of_known_kinds() -> None:
    keys = blocking_keys(record(nhs_number="943 476 5919", upn="H801200001001"))
    assert "nhs:9434765919" in keys
    assert "upn:H801200001001" in keys
    assert "dob:2015-03-04" in keys
    assert "dobswap:2015-03-04" in keys
    assert any(k.startswith("sx:") and k.endswith(":2015") for k in keys)
    assert any(k.startswith("pg:HU1 2:") for k in keys)
    assert {k.split(":", 1)[0] for k in keys} <= set(KEY_KINDS)
    assert all(isinstance(k, str) and len(k) < 100 for k in keys)


def test_swapped_day_and_month_share_a_key() -> None:
    a = blocking_keys(record(date_of_birth="2015-03-04", postcode="", surname="Ab"))
    b = blocking_keys(record(date_of_birth="2015-04-03", postcode="", surname="Zy"))
    assert a & b == {"dobswap:2015-03-04"}


def test_previous_surnames_give_extra_keys() -> None:
    now = record(surname="Khan", other_surnames=("Begum",), postcode="")
    before = record(surname="Begum", date_of_birth="2015-03-05", given_name="Zoe", postcode="")
    shared = blocking_keys(now) & blocking_keys(before)
    assert any(k.startswith("sx:") for k in shared)


def test_no_keys_from_missing_values() -> None:
    empty = record(given_name="", surname="", date_of_birth="", postcode="")
    assert blocking_keys(empty) == set()


def test_blocking_recall_on_synthetic_data() -> None:
    rows = synthetic.generate_records(3000, seed=21)
    records = [normalise_record(r.as_row())[0] for r in rows]
    keys = [blocking_keys(r) for r in records]
    clusters: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        clusters.setdefault(row.cluster, []).append(index)
    true_pairs = found = 0
    for members in clusters.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                true_pairs += 1
                found += bool(keys[i] & keys[j])
    assert true_pairs > 500
    assert found / true_pairs >= 0.98
