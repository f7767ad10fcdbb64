"""The threshold engine: properties over every shipped framework, and worked examples."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from righthelp.thresholds.engine import (
    Evaluation,
    EvaluationInputError,
    UnknownIndicator,
    UnknownKeyQuestion,
    evaluate,
)
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.registry import load_framework, shipped_slugs

SLUGS = shipped_slugs()
PROPERTY = settings(
    max_examples=150,
    database=None,  # keep the working tree clean
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Case:
    needs: frozenset[str]
    strengths: frozenset[str]
    severe: frozenset[str]
    age_years: int | None
    unborn: bool
    disabled: bool

    def run(self, fw: Framework, **changes: Any) -> Evaluation:
        args: dict[str, Any] = {
            "needs": self.needs,
            "strengths": self.strengths,
            "severe": self.severe,
            "age_years": self.age_years,
            "unborn": self.unborn,
            "disabled": self.disabled,
        }
        args.update(changes)
        return evaluate(fw, **args)


@st.composite
def cases(draw: st.DrawFn, fw: Framework) -> Case:
    need_ids = [i.id for i in fw.indicators if i.kind == "need"]
    strength_ids = [i.id for i in fw.indicators if i.kind == "strength"]
    needs = draw(st.frozensets(st.sampled_from(need_ids), max_size=10))
    strengths: frozenset[str] = frozenset()
    if strength_ids:
        strengths = draw(st.frozensets(st.sampled_from(strength_ids), max_size=4))
    severe: frozenset[str] = frozenset()
    if needs:
        severe = draw(st.frozensets(st.sampled_from(sorted(needs)), max_size=2))
    unborn = draw(st.booleans())
    age = None if unborn else draw(st.none() | st.integers(min_value=0, max_value=18))
    return Case(needs, strengths, severe, age, unborn, draw(st.booleans()))


def _scale(e: Evaluation) -> int:
    """Vocabulary frameworks suggest no level; treat that as 0 so comparisons still hold."""
    return 0 if e.suggested_scale is None else e.suggested_scale


# -- properties over every shipped framework ------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_ticking_one_more_need_never_lowers_the_suggestion(slug: str, data: st.DataObject) -> None:
    fw = load_framework(slug)
    case = data.draw(cases(fw))
    extra = data.draw(st.sampled_from([i.id for i in fw.indicators if i.kind == "need"]))
    before = case.run(fw)
    after = case.run(fw, needs=case.needs | {extra})
    assert _scale(after) >= _scale(before)
    if before.immediate_referral:
        assert after.immediate_referral


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_an_immediate_referral_indicator_always_yields_the_top_level(
    slug: str, data: st.DataObject
) -> None:
    fw = load_framework(slug)
    immediate = [i.id for i in fw.indicators if i.immediate_referral]
    if not immediate:
        return  # Hull and GIRFEC flag none; nothing to check
    case = data.draw(cases(fw))
    chosen = data.draw(st.sampled_from(immediate))
    e = case.run(fw, needs=case.needs | {chosen})
    assert e.immediate_referral
    assert e.suggested_scale == fw.top_scale
    assert fw.rules.immediate_referral is not None
    assert e.next_step == fw.rules.immediate_referral.next_step
    assert e.reasons[0].rule == "immediate_referral"
    assert chosen in e.reasons[0].indicator_ids


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_protective_factors_lower_by_at_most_one_and_respect_floors(
    slug: str, data: st.DataObject
) -> None:
    fw = load_framework(slug)
    case = data.draw(cases(fw))
    with_strengths = case.run(fw)
    without = case.run(fw, strengths=())
    if fw.is_vocabulary:
        assert with_strengths.suggested_scale is None
        return
    got, base = _scale(with_strengths), _scale(without)
    assert base - 1 <= got <= base  # at most one level lower, never higher
    for need_id in case.severe:  # never below a need marked severe
        scale = fw.indicator(need_id).scale
        assert scale is not None
        assert got >= scale
    if any(fw.indicator(n).immediate_referral for n in case.needs):
        assert got == fw.top_scale  # never below the top when immediate


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_the_same_input_always_gives_the_same_output(slug: str, data: st.DataObject) -> None:
    fw = load_framework(slug)
    case = data.draw(cases(fw))
    first = case.run(fw)
    again = case.run(fw)
    reordered = case.run(
        fw,
        needs=sorted(case.needs, reverse=True),
        strengths=sorted(case.strengths, reverse=True),
        severe=sorted(case.severe, reverse=True),
    )
    assert first == again == reordered
    assert first.reasons == reordered.reasons
    assert first.needs == tuple(sorted(case.needs))
    assert first.strengths == tuple(sorted(case.strengths))
    json.dumps(first.as_dict())  # JSON-ready


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_every_suggestion_is_explained(slug: str, data: st.DataObject) -> None:
    fw = load_framework(slug)
    case = data.draw(cases(fw))
    e = case.run(fw)
    assert e.reasons
    assert e.next_step
    ticked = case.needs | case.strengths
    for reason in e.reasons:
        assert reason.text
        assert set(reason.indicator_ids) <= ticked
    if not fw.is_vocabulary:
        assert e.suggested_level_name == fw.level(_scale(e)).name
        assert e.reasons[0].rule in ("immediate_referral", "baseline")


# -- examples ---------------------------------------------------------------------------------


def _ids(
    fw: Framework, *, scale: int, domain: str | None = None, tag: str | None = None
) -> list[str]:
    return [
        i.id
        for i in fw.indicators
        if i.scale == scale
        and i.kind == "need"
        and not i.immediate_referral
        and (domain is None or i.domain == domain)
        and (tag is None or tag in i.tags)
    ]


@pytest.fixture
def nottingham() -> Framework:
    return load_framework("nottingham-2018")


@pytest.fixture
def hull() -> Framework:
    return load_framework("hull-2018")


def test_no_needs_suggests_level_one_and_says_so(hull: Framework) -> None:
    e = evaluate(hull, needs=[])
    assert e.suggested_scale == 1
    assert e.suggested_level_name == "Universal services"
    assert not e.immediate_referral
    assert e.reasons[0].rule == "baseline"
    assert e.reasons[0].text.startswith("No needs are ticked")
    assert e.next_step == hull.level(1).contact


@pytest.mark.parametrize("slug", ["hull-2018", "nottingham-2018"])
def test_one_level_two_need_gives_level_two(slug: str) -> None:
    fw = load_framework(slug)
    need = _ids(fw, scale=2)[0]
    e = evaluate(fw, needs=[need])
    assert e.suggested_scale == 2
    assert e.reasons[0].rule == "baseline"
    assert e.reasons[0].indicator_ids == (need,)
    assert fw.indicator(need).text in e.reasons[0].text
    assert e.next_step == fw.level(2).contact


def test_trilogy_of_risk_raises_to_four_in_nottingham(nottingham: Framework) -> None:
    da = _ids(nottingham, scale=2, tag="trilogy-of-risk:domestic-abuse")[0]
    mh = _ids(nottingham, scale=2, tag="trilogy-of-risk:parental-mental-health")[0]
    sm = _ids(nottingham, scale=2, tag="trilogy-of-risk:parental-substance-misuse")[0]
    e = evaluate(nottingham, needs=[da, mh, sm])
    assert e.suggested_scale == 4
    assert e.suggested_level_name == "Protection & Specialist"
    assert not e.immediate_referral  # the immediate indicator is a separate judgement
    rules = [r.rule for r in e.reasons]
    assert "named_combination:Trilogy of risk" in rules
    trilogy = e.reasons[rules.index("named_combination:Trilogy of risk")]
    assert set(trilogy.indicator_ids) == {da, mh, sm}
    assert "immediate referral" in trilogy.text
    # two of the three are not enough for the named rule
    two = evaluate(nottingham, needs=[da, mh])
    assert two.suggested_scale == 2


def test_three_needs_across_two_domains_raise_one_level(nottingham: Framework) -> None:
    child = _ids(nottingham, scale=2, domain="child-dev")[:2]
    family = _ids(nottingham, scale=2, domain="family-env")[0]
    e = evaluate(nottingham, needs=[*child, family])
    assert e.suggested_scale == 3
    assert e.reasons[1].rule == "count_across_domains:Range of increasing problems"
    # the same number within one domain does not
    one_domain = _ids(nottingham, scale=2, domain="child-dev")[:3]
    assert evaluate(nottingham, needs=one_domain).suggested_scale == 2


def test_count_rule_can_raise_to_the_top(hull: Framework) -> None:
    needs = (
        _ids(hull, scale=3, domain="child-dev")[:2] + _ids(hull, scale=3, domain="parenting")[:1]
    )
    assert evaluate(hull, needs=needs).suggested_scale == 4


def test_immediate_referral_is_top_and_nothing_lowers_it(nottingham: Framework) -> None:
    immediate = [i.id for i in nottingham.indicators if i.immediate_referral]
    strengths = [i.id for i in nottingham.indicators if i.kind == "strength"][:3]
    e = evaluate(nottingham, needs=[immediate[1]], strengths=strengths)
    assert e.immediate_referral
    assert e.suggested_scale == 4
    assert e.next_step.startswith("Make an immediate referral")
    assert "0115 876 4800" in e.next_step
    protective = [r for r in e.reasons if r.rule == "protective"]
    assert protective and "do not lower" in protective[0].text


def test_protective_factors_lower_by_one(nottingham: Framework) -> None:
    need = _ids(nottingham, scale=3)[0]
    strength = next(i.id for i in nottingham.indicators if i.kind == "strength")
    e = evaluate(nottingham, needs=[need], strengths=[strength])
    assert e.suggested_scale == 2
    assert e.reasons[-1].rule == "protective"
    assert e.reasons[-1].indicator_ids == (strength,)
    # many strengths still lower by one level only
    many = [i.id for i in nottingham.indicators if i.kind == "strength"]
    assert evaluate(nottingham, needs=[need], strengths=many).suggested_scale == 2


def test_a_severe_need_holds_its_level(nottingham: Framework) -> None:
    need = _ids(nottingham, scale=3)[0]
    strength = next(i.id for i in nottingham.indicators if i.kind == "strength")
    e = evaluate(nottingham, needs=[need], strengths=[strength], severe=[need])
    assert e.suggested_scale == 3
    assert e.reasons[-1].rule == "severe_floor"
    assert need in e.reasons[-1].indicator_ids


def test_a_severe_lower_need_does_not_block_one_level(nottingham: Framework) -> None:
    high = _ids(nottingham, scale=3)[0]
    low = _ids(nottingham, scale=2)[0]
    strength = next(i.id for i in nottingham.indicators if i.kind == "strength")
    e = evaluate(nottingham, needs=[high, low], strengths=[strength], severe=[low])
    assert e.suggested_scale == 2
    assert [r.rule for r in e.reasons][-2:] == ["protective", "severe"]


def test_vulnerability_floor_for_a_baby(nottingham: Framework) -> None:
    need = _ids(nottingham, scale=3)[0]
    strength = next(i.id for i in nottingham.indicators if i.kind == "strength")
    older = evaluate(nottingham, needs=[need], strengths=[strength], age_years=7)
    baby = evaluate(nottingham, needs=[need], strengths=[strength], age_years=0)
    unborn = evaluate(nottingham, needs=[need], strengths=[strength], unborn=True)
    assert older.suggested_scale == 2
    assert baby.suggested_scale == 3
    assert unborn.suggested_scale == 3
    assert baby.reasons[-1].rule == "vulnerability_floor:Age and vulnerability"
    assert "under 1 year old" in baby.reasons[-1].text
    assert "unborn" in unborn.reasons[-1].text
    assert not [r for r in older.reasons if r.rule.startswith("vulnerability_floor")]


def test_vulnerability_is_recorded_even_when_the_floor_does_not_apply(
    nottingham: Framework,
) -> None:
    e = evaluate(nottingham, needs=[_ids(nottingham, scale=2)[0]], age_years=0)
    assert e.suggested_scale == 2
    assert e.reasons[-1].rule == "vulnerability_floor:Age and vulnerability"
    assert "does not apply" in e.reasons[-1].text


def test_hull_declares_the_floor_for_disabled_children_only(hull: Framework) -> None:
    need = _ids(hull, scale=3)[0]
    strength = next(i.id for i in hull.indicators if i.kind == "strength")
    assert evaluate(hull, needs=[need], strengths=[strength], disabled=True).suggested_scale == 3
    baby = evaluate(hull, needs=[need], strengths=[strength], age_years=0)
    assert baby.suggested_scale == 2
    assert not [r for r in baby.reasons if r.rule.startswith("vulnerability_floor")]


def test_hull_key_questions_are_recorded_not_scored(hull: Framework) -> None:
    need = _ids(hull, scale=2)[0]
    plain = evaluate(hull, needs=[need])
    answered = evaluate(hull, needs=[need], key_answers={"severity": "Serious", "help-tried": "x"})
    assert plain.suggested_scale == answered.suggested_scale == 2
    assert answered.key_answers == (("help-tried", "x"), ("severity", "Serious"))
    kq = answered.reasons[-1]
    assert kq.rule == "key_questions"
    assert kq.text.startswith("2 of 5 key questions answered")
    assert "What are the concerns for the child or young person if things do not change?" in (
        kq.text
    )
    with pytest.raises(UnknownKeyQuestion):
        evaluate(hull, needs=[need], key_answers={"mood": "fine"})
    with pytest.raises(UnknownKeyQuestion):
        evaluate(load_framework("nottingham-2018"), needs=[], key_answers={"severity": "x"})


def test_worcestershire_child_in_need_rules() -> None:
    fw = load_framework("worcestershire-2008")
    a, b, c = (f"worcestershire-2008/child-in-need/s17-{x}" for x in "abc")
    # (a), (b) and (c) are alternatives: each alone is a child in need
    for part in (a, b, c):
        alone = evaluate(fw, needs=[part])
        assert alone.suggested_scale == 4 and alone.act_now == fw.act_now
    assert evaluate(fw, needs=[a, b]).suggested_scale == 4
    harm = evaluate(fw, needs=["worcestershire-2008/significant-harm/s47"])
    assert harm.immediate_referral and harm.suggested_scale == 4
    assert "Child Protection Procedures" in harm.next_step
    lead = evaluate(fw, needs=["worcestershire-2008/statutory-lead/001"])
    assert lead.suggested_scale == 4 and not lead.immediate_referral


def test_girfec_is_a_vocabulary_and_suggests_no_level() -> None:
    fw = load_framework("girfec")
    e = evaluate(fw, needs=["girfec/safe", "girfec/included"], severe=["girfec/safe"], age_years=3)
    assert e.suggested_scale is None
    assert e.suggested_level_name is None
    assert not e.immediate_referral
    assert e.next_step == fw.default_next_step
    assert [r.rule for r in e.reasons] == [
        "vocabulary",
        "recorded:safe",
        "recorded:included",
        "severe",
    ]
    empty = evaluate(fw, needs=[])
    assert empty.suggested_scale is None
    assert empty.reasons[-1].text == "No concerns are recorded."


def test_the_echo_is_sorted_and_json_ready(nottingham: Framework) -> None:
    needs = _ids(nottingham, scale=2)[:4]
    e = evaluate(nottingham, needs=reversed(needs), age_years=4, disabled=True)
    assert e.needs == tuple(sorted(needs))
    assert (e.framework_slug, e.framework_version) == ("nottingham-2018", 1)
    out = e.as_dict()
    assert out["framework"] == {"slug": "nottingham-2018", "version": 1}
    assert out["input"]["age_years"] == 4 and out["input"]["disabled"] is True
    assert json.loads(json.dumps(out)) == out


# -- bad input ----------------------------------------------------------------------------------


def test_unknown_indicator_ids_raise_a_clear_error(nottingham: Framework) -> None:
    with pytest.raises(UnknownIndicator) as exc:
        evaluate(nottingham, needs=["nottingham-2018/nope", "hull-2018/child-dev/l2/001"])
    assert exc.value.indicator_ids == ("hull-2018/child-dev/l2/001", "nottingham-2018/nope")
    assert "nottingham-2018 v1" in str(exc.value)
    with pytest.raises(UnknownIndicator):
        evaluate(nottingham, needs=[], strengths=["nope"])
    with pytest.raises(UnknownIndicator):
        evaluate(nottingham, needs=[], severe=["nope"])


def test_inconsistent_input_is_refused(nottingham: Framework) -> None:
    need = _ids(nottingham, scale=2)[0]
    strength = next(i.id for i in nottingham.indicators if i.kind == "strength")
    with pytest.raises(EvaluationInputError, match="not needs"):
        evaluate(nottingham, needs=[strength])
    with pytest.raises(EvaluationInputError, match="not strengths"):
        evaluate(nottingham, needs=[], strengths=[need])
    with pytest.raises(EvaluationInputError, match="only ticked needs"):
        evaluate(nottingham, needs=[], severe=[need])
    with pytest.raises(EvaluationInputError, match="negative"):
        evaluate(nottingham, needs=[], age_years=-1)
    with pytest.raises(EvaluationInputError, match="unborn"):
        evaluate(nottingham, needs=[], unborn=True, age_years=0)
    with pytest.raises(EvaluationInputError, match="not a string"):
        evaluate(nottingham, needs=need)
