"""The count-across-domains rule's arithmetic, on variants of Hull's rule that no shipped
framework uses yet but the schema allows (a fixed level; a lift of two), and the engine's input
checks and plurals that the shipped frameworks do not reach."""

from __future__ import annotations

import dataclasses

import pytest

from righthelp.thresholds.engine import EvaluationInputError, evaluate
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
