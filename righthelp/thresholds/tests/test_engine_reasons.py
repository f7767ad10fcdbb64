"""The threshold engine's reasons, word for word, and the edges of its rules: the age floor's
boundary, the lowest level, named combinations, an immediate referral beside strengths, key
questions, and an age that is not a number of years."""

from __future__ import annotations

from typing import Any

import pytest

from righthelp.thresholds.engine import Evaluation, EvaluationInputError, Reason, evaluate
from righthelp.thresholds.framework import Framework, NamedCombinationRule
from righthelp.thresholds.registry import load_framework


@pytest.fixture
def nottingham() -> Framework:
    return load_framework("nottingham-2018")


@pytest.fixture
def hull() -> Framework:
    return load_framework("hull-2018")


def _needs(fw: Framework, *, scale: int, tag: str | None = None) -> list[str]:
    return [
        i.id
        for i in fw.indicators
        if i.kind == "need"
        and i.scale == scale
        and not i.immediate_referral
        and (tag is None or tag in i.tags)
    ]


def _strengths(fw: Framework) -> list[str]:
    return [i.id for i in fw.indicators if i.kind == "strength"]


def _label(fw: Framework, scale: int) -> str:
    return f"level {scale} ({fw.level(scale).name})"


def _quoted(fw: Framework, ids: list[str]) -> str:
    return "; ".join(f"'{fw.indicator(i).text}'" for i in ids)


def _rules(e: Evaluation) -> list[str]:
    return [r.rule for r in e.reasons]


# -- the vulnerability floor: "under 1" means under 1 -------------------------------------------


@pytest.mark.parametrize(("age", "floored"), [(0, True), (1, False), (2, False), (None, False)])
def test_the_under_one_floor_applies_to_a_baby_and_not_to_a_child_aged_exactly_one(
    nottingham: Framework, age: int | None, floored: bool
) -> None:
    # Given a level-3 need and a strength, which would lower the suggestion to level 2
    need = _needs(nottingham, scale=3)[0]
    strength = _strengths(nottingham)[0]

    # When the child is that age
    e = evaluate(nottingham, needs=[need], strengths=[strength], age_years=age)

    # Then only a child under 1 is held at the floor (level 3), with the floor's reason
    floor_reasons = [r for r in e.reasons if r.rule.startswith("vulnerability_floor")]
    if floored:
        assert e.suggested_scale == 3
        assert [r.rule for r in floor_reasons] == ["vulnerability_floor:Age and vulnerability"]
        assert floor_reasons[0].text.startswith("The child is under 1 year old, with a need at")
        assert floor_reasons[0].indicator_ids == (need,)
    else:
        assert e.suggested_scale == 2
        assert floor_reasons == []


# -- the lowest level -----------------------------------------------------------------------------


def test_with_no_needs_the_reasons_say_the_suggestion_starts_and_stays_at_the_lowest_level(
    nottingham: Framework,
) -> None:
    strengths = _strengths(nottingham)[:2]

    e = evaluate(nottingham, needs=[], strengths=strengths)

    assert e.suggested_scale == 1
    assert e.reasons == (
        Reason(
            "baseline",
            (),
            f"No needs are ticked, so the suggestion starts at {_label(nottingham, 1)}.",
        ),
        Reason(
            "protective",
            tuple(strengths),
            "2 protective factors recorded; the suggestion is already the lowest level.",
        ),
    )
    assert e.next_step == nottingham.level(1).contact
    assert e.act_now is None


def test_one_strength_at_the_lowest_level_is_counted_in_the_singular(
    nottingham: Framework,
) -> None:
    strength = _strengths(nottingham)[0]

    e = evaluate(nottingham, needs=[], strengths=[strength])

    assert e.reasons[-1] == Reason(
        "protective",
        (strength,),
        "1 protective factor recorded; the suggestion is already the lowest level.",
    )


def test_a_need_at_the_lowest_ticked_level_gives_the_baseline_reason_with_its_text(
    hull: Framework,
) -> None:
    needs = _needs(hull, scale=2)[:2]

    e = evaluate(hull, needs=needs)

    assert e.reasons[0] == Reason(
        "baseline",
        tuple(needs),
        f"The highest level among the 2 ticked needs is {_label(hull, 2)}: {_quoted(hull, needs)}.",
    )


# -- named combinations -----------------------------------------------------------------------


TRILOGY = (
    "trilogy-of-risk:domestic-abuse",
    "trilogy-of-risk:parental-mental-health",
    "trilogy-of-risk:parental-substance-misuse",
)


def _trilogy(fw: Framework) -> list[str]:
    """One level-2 need for each part of the trilogy, in framework (document) order."""
    chosen = {_needs(fw, scale=2, tag=tag)[0] for tag in TRILOGY}
    return [i.id for i in fw.indicators if i.id in chosen]


def test_the_trilogy_of_risk_gives_its_own_reason_with_the_lift_the_needs_and_the_prompt(
    nottingham: Framework,
) -> None:
    needs = _trilogy(nottingham)
    rule = next(r for r in nottingham.rules.combination if r.name == "Trilogy of risk")
    assert isinstance(rule, NamedCombinationRule)

    e = evaluate(nottingham, needs=list(reversed(needs)))

    assert e.suggested_scale == 4
    assert _rules(e) == ["baseline", "named_combination:Trilogy of risk"]
    assert e.reasons[1] == Reason(
        "named_combination:Trilogy of risk",
        tuple(needs),
        f"Trilogy of risk: needs together covering {', '.join(TRILOGY)} raise the suggestion "
        f"from {_label(nottingham, 2)} to {_label(nottingham, 4)}: {_quoted(nottingham, needs)}. "
        f"{rule.prompt}",
    )
    assert e.act_now == nottingham.act_now
    assert e.next_step == nottingham.level(4).contact


def test_a_named_combination_gives_no_reason_when_the_suggestion_is_already_that_high(
    nottingham: Framework,
) -> None:
    needs = [*_trilogy(nottingham), _needs(nottingham, scale=4)[0]]

    e = evaluate(nottingham, needs=needs)

    assert e.suggested_scale == 4
    assert "named_combination:Trilogy of risk" not in _rules(e)


def test_two_of_the_three_are_no_named_combination(nottingham: Framework) -> None:
    e = evaluate(nottingham, needs=_trilogy(nottingham)[:2])

    assert e.suggested_scale == 2
    assert _rules(e) == ["baseline"]


# -- an immediate referral beside strengths ---------------------------------------------------


def test_an_immediate_referral_comes_first_and_says_why_the_strengths_do_not_lower_it(
    nottingham: Framework,
) -> None:
    immediate = next(i for i in nottingham.indicators if i.immediate_referral)
    strengths = _strengths(nottingham)[:2]
    assert nottingham.rules.immediate_referral is not None
    next_step = nottingham.rules.immediate_referral.next_step

    e = evaluate(nottingham, needs=[immediate.id], strengths=strengths)

    assert e.suggested_scale == 4 and e.immediate_referral
    assert e.reasons == (
        Reason(
            "immediate_referral",
            (immediate.id,),
            f"1 indicator requiring an immediate referral is ticked, so the suggestion is "
            f"{_label(nottingham, 4)} and nothing lowers it: '{immediate.text}'. {next_step}",
        ),
        Reason(
            "baseline",
            (immediate.id,),
            f"The highest level among the 1 ticked need is {_label(nottingham, 4)}: "
            f"'{immediate.text}'.",
        ),
        Reason(
            "protective",
            tuple(strengths),
            "2 protective factors recorded, but an immediate-referral indicator is ticked, so "
            "they do not lower the suggestion.",
        ),
    )
    assert e.next_step == next_step
    assert e.act_now == nottingham.act_now


def test_two_immediate_referral_indicators_are_counted_in_the_plural(
    nottingham: Framework,
) -> None:
    immediate = [i.id for i in nottingham.indicators if i.immediate_referral][:2]

    e = evaluate(nottingham, needs=immediate)

    assert e.reasons[0].rule == "immediate_referral"
    assert e.reasons[0].indicator_ids == tuple(immediate)
    assert e.reasons[0].text.startswith(
        "2 indicators requiring an immediate referral are ticked, so the suggestion is "
    )


def test_strengths_beside_a_top_level_need_without_an_immediate_referral_are_only_recorded(
    nottingham: Framework,
) -> None:
    need = _needs(nottingham, scale=4)[0]
    strength = _strengths(nottingham)[0]

    e = evaluate(nottingham, needs=[need], strengths=[strength])

    assert e.suggested_scale == 4 and not e.immediate_referral
    assert e.reasons[-1] == Reason(
        "protective",
        (strength,),
        f"1 strength recorded beside a suggestion at the top level, {_label(nottingham, 4)}: "
        f"strengths are recorded and do not lower a need at the top level: "
        f"{_quoted(nottingham, [strength])}.",
    )
    assert e.next_step == nottingham.level(4).contact


# -- key questions ----------------------------------------------------------------------------


def test_unanswered_and_blank_key_questions_are_listed_as_not_yet_answered(hull: Framework) -> None:
    answers = {"severity": "  ", "help-tried": "A parenting course"}

    e = evaluate(hull, needs=[], key_answers=answers)

    missing = " ".join(q.text for q in hull.key_questions if q.id != "help-tried")
    assert e.reasons[-1] == Reason(
        "key_questions",
        (),
        "1 of 5 key questions answered; the answers inform professional judgement and do not "
        f"change the suggestion. Not yet answered: {missing}",
    )
    assert e.key_answers == (("help-tried", "A parenting course"), ("severity", "  "))


def test_every_key_question_answered_leaves_nothing_listed(hull: Framework) -> None:
    answers = {q.id: f"Answer to {q.id}" for q in hull.key_questions}

    e = evaluate(hull, needs=[_needs(hull, scale=3)[0]], key_answers=answers)

    assert e.reasons[-1] == Reason(
        "key_questions",
        (),
        "5 of 5 key questions answered; the answers inform professional judgement and do not "
        "change the suggestion.",
    )
    assert e.suggested_scale == 3


def test_a_framework_without_key_questions_gives_no_key_question_reason(
    nottingham: Framework,
) -> None:
    e = evaluate(nottingham, needs=[_needs(nottingham, scale=2)[0]])
    assert "key_questions" not in _rules(e)


# -- an age is a whole number of years --------------------------------------------------------


@pytest.mark.parametrize("age", [True, False, 1.5, "3"])
def test_an_age_that_is_not_a_whole_number_of_years_is_refused(
    nottingham: Framework, age: Any
) -> None:
    with pytest.raises(EvaluationInputError, match="age_years must be a whole number of years"):
        evaluate(nottingham, needs=[], age_years=age)


def test_a_bool_is_refused_exactly_as_other_bad_ages_are(nottingham: Framework) -> None:
    with pytest.raises(EvaluationInputError) as as_bool:
        evaluate(nottingham, needs=[], age_years=True)
    with pytest.raises(EvaluationInputError) as as_float:
        evaluate(nottingham, needs=[], age_years=1.5)  # type: ignore[arg-type]
    assert str(as_bool.value) == str(as_float.value)
    assert type(as_bool.value) is type(as_float.value)
