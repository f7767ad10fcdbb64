"""Normalisation: the same person written differently comes out the same."""

from __future__ import annotations

from datetime import date

import pytest

from righthelp.matching.normalise import (
    clean_text,
    normalise_date,
    normalise_given_name,
    normalise_nhs,
    normalise_postcode_parts,
    normalise_record,
    normalise_sex,
    normalise_surname,
    normalise_upn_value,
    swapped_date,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  ZIELIŃSKI ", "zielinski"),
        ("Łukasz", "lukasz"),
        ("Chloë-Zoë", "chloe zoe"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Smith,  Jr.", "smith jr"),
        ("Ștefan", "stefan"),
        ("Dąbrowski", "dabrowski"),
        ("Søren", "soren"),
    ],
)
def test_clean_text_folds_case_accents_and_punctuation(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "written",
    ["McDonald", "Mc Donald", "MacDonald", "Mac Donald", "MCDONALD", "mc-donald"],
)
def test_mc_and_mac_prefixes_are_one_name(written: str) -> None:
    assert normalise_surname(written).full == "mcdonald"


@pytest.mark.parametrize("written", ["O'Neill", "O Neill", "ONeill", "o'neill"])
def test_o_prefix_however_written(written: str) -> None:
    assert normalise_surname(written).full == "oneill"


def test_particles_are_joined_and_kept_as_parts() -> None:
    assert normalise_surname("de Souza").full == "desouza"
    assert "souza" in normalise_surname("De Souza").parts
    assert normalise_surname("Van der Berg").full == "vanderberg"
    assert "berg" in normalise_surname("van der Berg").parts
    assert normalise_surname("Al-Hassan").full == "alhassan"
    assert "hassan" in normalise_surname("Al-Hassan").parts


def test_short_mac_names_keep_their_spelling() -> None:
    assert normalise_surname("Mack").full == "mack"
    assert normalise_surname("Macey").full == "macey"
    assert normalise_surname("Machin").full == "machin"


def test_double_barrelled_names_are_kept_joined_and_as_parts() -> None:
    name = normalise_surname("Smith-Jones")
    assert name.full == "smithjones"
    assert name.parts == ("smith", "jones")
    assert normalise_surname("Smith Jones").full == "smithjones"


def test_titles_and_suffixes_are_removed() -> None:
    assert normalise_given_name("Mr John").full == "john"
    assert normalise_given_name("Dr. Amina").full == "amina"
    assert normalise_surname("Smith Jnr").full == "smith"
    assert normalise_surname("Jr").full == "jr"  # nothing else left: kept


@pytest.mark.parametrize(
    "placeholder",
    [
        "Baby",
        "BABY",
        "Unborn",
        "Unknown",
        "Not known",
        "Not-Known",
        "N/K",
        "Infant",
        "Male",
        "Female",
        "Baby Boy",
        "Baby Girl",
        "Twin 1",
        "Twin A",
        "Baby of Sarah Smith",
        "Unborn baby",
        "",
        "   ",
        "123",
    ],
)
def test_placeholder_given_names_are_missing(placeholder: str) -> None:
    assert not normalise_given_name(placeholder)
    assert normalise_given_name(placeholder).full == ""


def test_a_name_after_a_placeholder_is_kept() -> None:
    assert normalise_given_name("Baby Aisha").full == "aisha"


def test_placeholder_surnames_are_missing_but_rare_real_surnames_are_not() -> None:
    assert not normalise_surname("Unknown")
    assert not normalise_surname("NOT KNOWN")
    assert normalise_surname("Baby").full == "baby"  # a (rare) real surname


@pytest.mark.parametrize(
    "written",
    ["2015-03-04", "04/03/2015", "4/3/2015", "4.3.15", "04-03-2015", "20150304", "4 Mar 2015",
     "4th March 2015", "2015-03-04 00:00:00", "2015-03-04T00:00:00"],
)  # fmt: skip
def test_dates_in_common_formats(written: str) -> None:
    assert normalise_date(written) == (date(2015, 3, 4), None)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("31/02/2015", "impossible_date"),
        ("2015-13-01", "impossible_date"),
        ("00/01/2015", "impossible_date"),
        ("yesterday", "unrecognised_date"),
        ("1850-01-01", "implausible_date"),
        ("2999-01-01", "implausible_date"),
    ],
)
def test_bad_dates_are_missing_and_reported(written: str, code: str) -> None:
    value, problem = normalise_date(written)
    assert value is None
    assert problem is not None
    assert problem.field == "date_of_birth"
    assert problem.code == code


def test_empty_date_is_missing_without_a_problem() -> None:
    assert normalise_date("") == (None, None)
    assert normalise_date(None) == (None, None)


def test_swapped_date_only_when_day_could_be_a_month() -> None:
    assert swapped_date(date(2015, 3, 4)) == date(2015, 4, 3)
    assert swapped_date(date(2015, 3, 13)) is None
    assert swapped_date(date(2015, 3, 3)) is None
    assert swapped_date(None) is None


def test_postcodes_give_sector_and_district() -> None:
    assert normalise_postcode_parts("hu12aa") == ("HU1 2AA", "HU1 2", "HU1", None)
    assert normalise_postcode_parts(" SW1A   1AA ") == ("SW1A 1AA", "SW1A 1", "SW1A", None)
    assert normalise_postcode_parts("HU7") == ("", "", "HU7", None)  # district alone
    full, sector, district, problem = normalise_postcode_parts("not a postcode")
    assert (full, sector, district) == ("", "", "")
    assert problem is not None and problem.code == "invalid_postcode"


def test_invalid_nhs_number_is_missing_and_reported() -> None:
    assert normalise_nhs("943 476 5919") == ("9434765919", None)
    assert normalise_nhs("948-577-7345") == ("9485777345", None)
    number, problem = normalise_nhs("485 777 3456")  # one digit wrong: the check fails
    assert number == ""
    assert problem is not None and problem.code == "invalid_check_digit"
    number, problem = normalise_nhs("0000000000")  # passes modulus 11, but a dummy
    assert number == "" and problem is not None
    assert normalise_nhs("") == ("", None)


def test_invalid_upn_is_missing_and_reported() -> None:
    assert normalise_upn_value("h801 2000 01001") == ("H801200001001", None)
    upn, problem = normalise_upn_value("A801200001001")
    assert upn == ""
    assert problem is not None and problem.code == "invalid_check_letter"


def test_sex_codes() -> None:
    assert normalise_sex("Male") == ("M", None)
    assert normalise_sex("2") == ("F", None)
    assert normalise_sex("Unknown") == ("", None)
    assert normalise_sex("9") == ("", None)
    value, problem = normalise_sex("banana")
    assert value == "" and problem is not None


def test_a_record_with_bad_values_is_kept_with_its_problems() -> None:
    record, problems = normalise_record(
        {
            "id": "7",
            "given_name": "Baby",
            "surname": "O'Brien",
            "date_of_birth": "31/02/2015",
            "sex": "F",
            "postcode": "hu1 2aa",
            "nhs_number": "485 777 3456",
            "upn": "",
        },
        other_surnames=["Smith-Jones"],
    )
    assert record.id == "7"
    assert record.given.full == ""
    assert record.surname.full == "obrien"
    assert record.date_of_birth is None
    assert record.postcode == "HU1 2AA"
    assert record.nhs_number == ""
    assert record.surname_variants == ("obrien", "smithjones", "smith", "jones")
    assert {(p.field, p.code) for p in problems} == {
        ("date_of_birth", "impossible_date"),
        ("nhs_number", "invalid_check_digit"),
    }
