"""The pieces the search-before-create pages share: the details checked, carried by hidden
fields, and the score shown in words."""

from __future__ import annotations

from datetime import date

from righthelp.matching.model import Contribution, Score
from righthelp.matching.search_first import MatchQuery, none_of_these_chosen
from righthelp.matching.templatetags.match_tags import explanation_lines, likely_percent


def test_the_details_checked_round_trip_through_the_hidden_fields() -> None:
    query = MatchQuery(given_name=" Kaden ", family_name="Fletcher", date_of_birth=date(2015, 6, 1))
    assert MatchQuery.from_post(dict(query.hidden_fields())) == query
    assert MatchQuery.from_post({}) is None


def test_none_of_these_counts_only_for_the_details_that_were_checked() -> None:
    checked = MatchQuery(family_name="Fletcher", date_of_birth=date(2015, 6, 1))
    posted = {"none_of_these": "yes", **dict(checked.hidden_fields())}
    assert none_of_these_chosen(posted, checked)
    assert not none_of_these_chosen(posted, MatchQuery(family_name="Fletcher"))
    assert not none_of_these_chosen(dict(checked.hidden_fields()), checked)


def test_a_name_and_date_of_birth_or_an_identifier_is_enough_to_score() -> None:
    assert MatchQuery.from_name("Kaden Fletcher", date_of_birth=date(2015, 6, 1)).enough
    assert MatchQuery(nhs_number="9434765919").enough
    assert not MatchQuery.from_name("Kaden Fletcher").enough
    assert MatchQuery.from_name("Fletcher") == MatchQuery(family_name="Fletcher")


def test_a_probability_is_shown_as_a_whole_percentage_never_certain() -> None:
    assert likely_percent(0.876) == 87
    assert likely_percent(0.9999) == 99
    assert likely_percent(0.001) == 1


def score(*contributions: Contribution) -> Score:
    return Score(1.0, 0.0, 0.7, {}, contributions)


SWAPPED = "Date of birth: day and month swapped (+10.4)"


def test_details_missing_on_one_record_are_named_once() -> None:
    lines = explanation_lines(
        score(
            Contribution("date_of_birth", "swapped", 10.4, SWAPPED),
            Contribution("sex", "missing", 0.0, "Sex: missing on one record (+0.0)"),
            Contribution("postcode", "missing", 0.0, "Postcode: missing on one record (+0.0)"),
            Contribution("nhs_number", "missing", 0.0, "NHS number: missing on one record (+0.0)"),
        )
    )
    assert lines == [
        SWAPPED,
        "Not known on both records, so not counted: sex, postcode and NHS number",
    ]


def test_a_restricted_record_is_not_explained() -> None:
    text = "Restricted record: the details of this comparison are not shown"
    assert explanation_lines(score(Contribution("restricted", "restricted", 5.0, text))) == [text]
