"""The count-across-domains rule's arithmetic, on variants of Hull's rule that no shipped
framework uses yet but the schema allows (a fixed level; a lift of two), and the engine's input
checks and plurals that the shipped frameworks do not reach."""

from __future__ import annotations

import dataclasses

import pytest

from righthelp.thresholds.engine import EvaluationInputError, checked_input, evaluate
from righthelp.thresholds.framework import CountAcrossDomainsRule, Framework
from righthelp.thresholds.registry import load_framework


@pytest.fixture
def hull() -> Framework:
    return load_framework("hull-2018")


def _with_rule(fw: Framework, *, raise_by: int = 1, at_level: int | None = None) -> Framework:
    (rule,) = fw.rules.combination
    assert isinstance(rule, CountAcrossDomainsRule)
    changed = dataclasses.replace(
        rule, raise_by=raise_by, at_level=rule.at_level if at_level is None else at_level
    )
    rules = dataclasses.replace(fw.rules, combination=(changed,))
    return dataclasses.replace(fw, rules=rules)


def _needs(fw: Framework, scale: int, domain: str, count: int) -> list[str]:
    found = [
        i.id
        for i in fw.indicators
        if i.kind == "need" and i.scale == scale and i.domain == domain and not i.immediate_referral
    ]
    assert len(found) >= count
    return found[:count]


def test_a_lift_of_two_counts_needs_at_the_level_below_the_baseline(hull: Framework) -> None:
    """One need at level 3 and two at level 2: too few at 3, enough at or above 2, so the rule
    lifts from 2 by two, to 4 (above the baseline of 3)."""
    fw = _with_rule(hull, raise_by=2)
    needs = _needs(fw, 3, "child-dev", 1) + _needs(fw, 2, "parenting", 2)

    e = evaluate(fw, needs=needs)

    assert e.suggested_scale == 4
    counted = [r for r in e.reasons if r.rule.startswith("count_across_domains")]
    assert len(counted) == 1 and set(counted[0].indicator_ids) == set(needs)


def test_a_lift_of_two_needs_the_needs_counted_at_or_above_each_level(hull: Framework) -> None:
    """Two needs at level 2 and one at level 3 in one domain only: never two domains, no lift."""
    fw = _with_rule(hull, raise_by=2)
    needs = _needs(fw, 3, "child-dev", 1) + _needs(fw, 2, "child-dev", 2)

    assert evaluate(fw, needs=needs).suggested_scale == 3


def test_a_rule_at_a_fixed_level_counts_needs_at_or_above_that_level(hull: Framework) -> None:
    fw = _with_rule(hull, at_level=2)
    at_two = _needs(fw, 2, "child-dev", 2) + _needs(fw, 2, "parenting", 1)

    e = evaluate(fw, needs=at_two)

    assert e.suggested_scale == 3
    assert any(r.rule.startswith("count_across_domains") for r in e.reasons)
    # Below the fixed level nothing is counted.
    assert evaluate(_with_rule(hull, at_level=3), needs=at_two).suggested_scale == 2


def test_a_key_answer_that_is_not_text_is_refused(hull: Framework) -> None:
    question = hull.key_questions[0].id
    with pytest.raises(EvaluationInputError, match=f"key_answers\\['{question}'\\]"):
        evaluate(hull, needs=[], key_answers={question: 3})  # type: ignore[dict-item]


def test_two_needs_marked_severe_keep_the_level_in_the_plural(hull: Framework) -> None:
    needs = _needs(hull, 3, "child-dev", 2)
    strength = next(i.id for i in hull.indicators if i.kind == "strength")

    e = evaluate(hull, needs=needs, strengths=[strength], severe=needs)

    assert e.suggested_scale == 3
    (held,) = [r for r in e.reasons if r.rule == "severe_floor"]
    assert "2 needs marked severe keep it at level 3" in held.text


def test_more_needs_than_the_rule_asks_for_still_lift(hull: Framework) -> None:
    needs = _needs(hull, 2, "child-dev", 2) + _needs(hull, 2, "parenting", 2)
    assert evaluate(hull, needs=needs).suggested_scale == 3


def test_a_reason_quotes_five_indicators_and_counts_the_rest(hull: Framework) -> None:
    five = _needs(hull, 4, "child-dev", 5)
    six = _needs(hull, 4, "child-dev", 6)

    (quoted_five,) = [r for r in evaluate(hull, needs=five).reasons if r.rule == "baseline"]
    (quoted_six,) = [r for r in evaluate(hull, needs=six).reasons if r.rule == "baseline"]

    assert quoted_five.text.count("'") == 10 and "more" not in quoted_five.text
    assert quoted_six.text.count("'") == 10 and quoted_six.text.endswith("and 1 more.")
    assert len(quoted_six.indicator_ids) == 6


def test_only_the_severe_needs_at_the_level_they_hold_are_named(hull: Framework) -> None:
    high, low = _needs(hull, 3, "child-dev", 1), _needs(hull, 2, "parenting", 1)
    strength = next(i.id for i in hull.indicators if i.kind == "strength")

    e = evaluate(hull, needs=high + low, strengths=[strength], severe=high + low)

    (held,) = [r for r in e.reasons if r.rule == "severe_floor"]
    assert held.indicator_ids == (*high, strength)
    assert "1 need marked severe keeps it at level 3" in held.text


@pytest.mark.parametrize("protective", ["none", "max_lower_0"])
def test_strengths_are_only_recorded_where_the_framework_gives_them_no_rule(
    hull: Framework, protective: str
) -> None:
    rule = hull.rules.protective
    assert rule is not None
    changed = None if protective == "none" else dataclasses.replace(rule, max_lower=0)
    fw = dataclasses.replace(hull, rules=dataclasses.replace(hull.rules, protective=changed))
    need = _needs(fw, 3, "child-dev", 1)
    strength = next(i.id for i in fw.indicators if i.kind == "strength")

    e = evaluate(fw, needs=need, strengths=[strength])

    assert e.suggested_scale == 3
    (kept,) = [r for r in e.reasons if r.rule == "protective"]
    assert "declares no rule by which they lower the suggestion" in kept.text


def test_an_unknown_key_question_names_the_ones_the_framework_asks(hull: Framework) -> None:
    with pytest.raises(EvaluationInputError) as refused:
        evaluate(hull, needs=[], key_answers={"no-such-question": "yes"})
    assert ", ".join(q.id for q in hull.key_questions) in str(refused.value)

    without = dataclasses.replace(hull, key_questions=())
    with pytest.raises(EvaluationInputError, match="none"):
        evaluate(without, needs=[], key_answers={"no-such-question": "yes"})


def test_a_child_is_neither_unborn_nor_disabled_unless_said(hull: Framework) -> None:
    need = _needs(hull, 3, "child-dev", 1)
    strength = next(i.id for i in hull.indicators if i.kind == "strength")

    assert evaluate(hull, needs=need, strengths=[strength], age_years=5).suggested_scale == 2
    held = evaluate(hull, needs=need, strengths=[strength], age_years=5, disabled=True)
    assert held.suggested_scale == 3

    ticked = checked_input(hull, needs=need, age_years=5)
    assert (ticked.unborn, ticked.disabled) == (False, False)


def test_what_the_engine_gives_cannot_be_changed_afterwards(hull: Framework) -> None:
    e = evaluate(hull, needs=_needs(hull, 2, "child-dev", 1))
    ticked = checked_input(hull, needs=[])
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.suggested_scale = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.reasons[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ticked.disabled = True  # type: ignore[misc]


def test_a_lift_of_two_counts_down_until_enough_domains_are_met(hull: Framework) -> None:
    """Three needs at level 3 in one domain are enough needs but one domain; at level 2 a
    parenting need joins them, so the rule lifts from 2 by two, to 4."""
    fw = _with_rule(hull, raise_by=2)
    needs = _needs(fw, 3, "child-dev", 3) + _needs(fw, 2, "parenting", 1)

    assert evaluate(fw, needs=needs).suggested_scale == 4


def test_needs_at_the_lowest_level_are_counted_too(hull: Framework) -> None:
    """A framework may place needs at level 1; three there across two domains lift to 2."""
    low = set(_needs(hull, 2, "child-dev", 2) + _needs(hull, 2, "parenting", 1))
    indicators = tuple(
        dataclasses.replace(i, scale=1) if i.id in low else i for i in hull.indicators
    )
    fw = dataclasses.replace(hull, indicators=indicators)

    e = evaluate(fw, needs=sorted(low))

    assert e.suggested_scale == 2
    assert any(r.rule.startswith("count_across_domains") for r in e.reasons)
