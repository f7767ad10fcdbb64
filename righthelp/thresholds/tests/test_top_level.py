"""Strengths never talk down protection: a need at the top level is always suggested at the top
level, every top-level suggestion says what to do now, and the framework files say so too."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from righthelp.thresholds.engine import Evaluation, evaluate
from righthelp.thresholds.framework import Framework, FrameworkInvalid, Indicator, loads_framework
from righthelp.thresholds.registry import FRAMEWORKS_DIR, load_framework, shipped_slugs

SLUGS = shipped_slugs()
LEVELLED = [slug for slug in SLUGS if not load_framework(slug).is_vocabulary]
PROPERTY = settings(
    max_examples=200,
    database=None,  # keep the working tree clean
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _top_needs(fw: Framework) -> list[str]:
    return [i.id for i in fw.indicators if i.kind == "need" and i.scale == fw.top_scale]


def _by_text(fw: Framework, text: str) -> Indicator:
    return next(i for i in fw.indicators if i.text == text)


@st.composite
def _selection(draw: st.DrawFn, fw: Framework, *, must_need: str | None = None) -> dict[str, Any]:
    """Any selection: other needs, strengths, severe marks, age, unborn, disabled."""
    need_ids = [i.id for i in fw.indicators if i.kind == "need"]
    strength_ids = [i.id for i in fw.indicators if i.kind == "strength"]
    needs = set(draw(st.frozensets(st.sampled_from(need_ids), max_size=8)))
    if must_need is not None:
        needs.add(must_need)
    strengths: frozenset[str] = frozenset()
    if strength_ids:
        strengths = draw(st.frozensets(st.sampled_from(strength_ids), max_size=12))
    severe: frozenset[str] = frozenset()
    if needs:
        severe = draw(st.frozensets(st.sampled_from(sorted(needs)), max_size=3))
    unborn = draw(st.booleans())
    age = None if unborn else draw(st.none() | st.integers(min_value=0, max_value=25))
    return {
        "needs": needs,
        "strengths": strengths,
        "severe": severe,
        "age_years": age,
        "unborn": unborn,
        "disabled": draw(st.booleans()),
    }


# --------------------------------------------------------------------------------------------
# The rule, over every shipped framework
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", LEVELLED)
@PROPERTY
@given(data=st.data())
def test_a_top_level_need_is_always_suggested_at_the_top_level_with_act_now(
    slug: str, data: st.DataObject
) -> None:
    fw = load_framework(slug)
    need = data.draw(st.sampled_from(_top_needs(fw)))
    selection = data.draw(_selection(fw, must_need=need))
    e = evaluate(fw, **selection)
    assert e.suggested_scale == fw.top_scale
    assert e.suggested_level_name == fw.levels[-1].name
    assert fw.act_now and e.act_now == fw.act_now
    assert e.as_dict()["act_now"] == fw.act_now
    if selection["strengths"]:
        # The strengths are shown beside the need, as strengths: one reason names them all.
        shown = [r for r in e.reasons if set(selection["strengths"]) <= set(r.indicator_ids)]
        assert shown and shown[0].rule == "protective"
        assert "do not lower" in shown[0].text


@pytest.mark.parametrize("slug", LEVELLED)
@PROPERTY
@given(data=st.data())
def test_strengths_never_take_a_top_level_suggestion_down(slug: str, data: st.DataObject) -> None:
    fw = load_framework(slug)
    selection = data.draw(_selection(fw))
    without = evaluate(fw, **{**selection, "strengths": ()})
    with_strengths = evaluate(fw, **selection)
    if without.suggested_scale == fw.top_scale:
        assert with_strengths.suggested_scale == fw.top_scale


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_act_now_comes_with_every_top_level_suggestion_and_only_then(
    slug: str, data: st.DataObject
) -> None:
    fw = load_framework(slug)
    e = evaluate(fw, **data.draw(_selection(fw)))
    if fw.is_vocabulary:
        assert e.act_now is None and e.suggested_scale is None
    elif e.suggested_scale == fw.top_scale:
        assert e.act_now == fw.act_now
    else:
        assert e.act_now is None
    assert e.as_dict()["act_now"] == e.act_now


# --------------------------------------------------------------------------------------------
# The cases found by hand
# --------------------------------------------------------------------------------------------


def _strength_reason(e: Evaluation) -> str:
    return next(r.text for r in e.reasons if r.rule == "protective")


def test_hull_trafficked_child_with_housing_stays_specialist_support() -> None:
    hull = load_framework("hull-2018")
    trafficked = _by_text(hull, "children who are being trafficked")
    housing = _by_text(hull, "appropriate accommodation (housing)")
    e = evaluate(hull, needs=[trafficked.id], strengths=[housing.id])
    assert e.suggested_scale == 4
    assert e.suggested_level_name == "Specialist support"
    assert e.act_now is not None and "01482 448879" in e.act_now
    text = _strength_reason(e)
    assert "recorded" in text and "do not lower" in text
    assert housing.text in text


def test_nottingham_sexual_activity_under_13_with_school_stays_protection() -> None:
    nottingham = load_framework("nottingham-2018")
    need = _by_text(nottingham, "Sexual activity under 13")
    school = _by_text(nottingham, "Attends school, college or training")
    e = evaluate(nottingham, needs=[need.id], strengths=[school.id])
    assert e.suggested_scale == 4
    assert e.act_now is not None
    assert "0115 876 4800" in e.act_now and "0115 876 1000" in e.act_now
    assert "do not lower" in _strength_reason(e)


def test_hull_injured_baby_shows_act_now() -> None:
    hull = load_framework("hull-2018")
    injury = _by_text(hull, "unexplained injuries, suspicious injuries or inconsistent explanation")
    e = evaluate(hull, needs=[injury.id], age_years=0)
    assert e.suggested_scale == 4
    assert e.act_now is not None and "significant harm" in e.act_now


def test_a_combination_reaching_the_top_is_not_talked_down_either() -> None:
    hull = load_framework("hull-2018")
    level3 = [i for i in hull.needs() if i.scale == 3]
    needs = [i.id for i in level3 if i.domain == "child-dev"][:2]
    needs += [i.id for i in level3 if i.domain == "parenting"][:1]
    strength = hull.strengths()[0].id
    e = evaluate(hull, needs=needs, strengths=[strength])
    assert e.suggested_scale == 4 and e.act_now == hull.act_now


def test_strengths_still_lower_a_level_below_the_top() -> None:
    hull = load_framework("hull-2018")
    need = next(i.id for i in hull.needs() if i.scale == 3)
    e = evaluate(hull, needs=[need], strengths=[hull.strengths()[0].id])
    assert e.suggested_scale == 2 and e.act_now is None


# --------------------------------------------------------------------------------------------
# Worcestershire: s17 (a), (b) and (c) are alternatives
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["a", "b", "c"])
def test_each_part_of_the_s17_definition_alone_reaches_child_in_need(part: str) -> None:
    fw = load_framework("worcestershire-2008")
    e = evaluate(fw, needs=[f"worcestershire-2008/child-in-need/s17-{part}"])
    assert e.suggested_scale == 4
    assert e.suggested_level_name == fw.levels[-1].name
    assert "in need" in fw.levels[-1].name
    assert e.act_now == fw.act_now


# --------------------------------------------------------------------------------------------
# The immediate-referral list repeated in the indicator tables
# --------------------------------------------------------------------------------------------

_STOP = {
    *("a", "an", "the", "of", "to", "with", "by", "for", "in", "on", "at", "as"),
    *("has", "have", "is", "are", "be", "been", "may", "make", "including"),
    *("there", "where", "which", "who", "this", "that", "their", "its", "it", "them", "they"),
    *("child", "children"),
}
_QUALIFIERS = {"risk", "concern"}  # "at risk of X" or "concerns of X" is not X itself


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _words(text: str) -> list[str]:
    text = re.sub("[\u2018\u2019\u201c\u201d'\"]", "", text.lower())
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)


def _items(indicator: Indicator) -> list[frozenset[str]]:
    """The items an immediate-referral indicator lists: its heading (the text before a colon;
    what follows explains it or names its parts), cut at commas, semicolons, slashes, brackets,
    'and' and 'or', each as its significant words. Single words are left out: alone they name
    no item ('mark', 'inconsistent')."""
    found: list[frozenset[str]] = []
    for part in re.split(r"[,;/()]", indicator.text.split(":")[0]):
        current: list[str] = []
        for word in [*_words(part), "and"]:
            if word in ("and", "or"):
                if len(current) >= 2:
                    found.append(frozenset(current))
                current = []
            elif word not in _STOP:
                current.append(_stem(word))
    return found


def _repeats(fw: Framework) -> list[tuple[Indicator, Indicator]]:
    """(table indicator, immediate-referral indicator) where the table entry names an item of
    the immediate-referral list."""
    listed = [(i, item) for i in fw.indicators if i.immediate_referral for item in _items(i)]
    found = []
    for indicator in fw.needs():
        words = {_stem(w) for w in _words(indicator.text)}
        for source, item in listed:
            if item <= words and source is not indicator:
                found.append((indicator, source))
                break
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_table_entries_repeating_an_immediate_referral_item_are_flagged(slug: str) -> None:
    fw = load_framework(slug)
    for indicator, source in _repeats(fw):
        words = {_stem(w) for w in _words(indicator.text)}
        if indicator.scale != fw.top_scale:
            # Only the top level may demand an immediate referral; a lower entry naming the same
            # thing must be phrased as a risk of it ("At risk of sexual exploitation").
            assert words & _QUALIFIERS, (indicator.id, indicator.text, source.id)
            continue
        assert indicator.immediate_referral, (
            f"{indicator.id} ('{indicator.text}') repeats an item of {source.id} "
            f"('{source.text}') but is not flagged immediate_referral"
        )


def test_the_repeat_check_finds_nottinghams_repeats() -> None:
    """The check above is not vacuous: Nottingham's tables repeat its list."""
    nottingham = load_framework("nottingham-2018")
    at_top = [i for i, _ in _repeats(nottingham) if i.scale == nottingham.top_scale]
    assert len(at_top) >= 4
    assert all(i.immediate_referral for i in at_top)


def test_an_immediate_referral_table_entry_gives_contact_now() -> None:
    nottingham = load_framework("nottingham-2018")
    trafficked = _by_text(nottingham, "Victim of trafficking and/or modern slavery")
    school = _by_text(nottingham, "Attends school, college or training")
    e = evaluate(nottingham, needs=[trafficked.id], strengths=[school.id])
    assert e.immediate_referral and e.suggested_scale == 4
    assert e.reasons[0].rule == "immediate_referral"


# --------------------------------------------------------------------------------------------
# The schema states the rule, so every framework (shipped or uploaded) obeys it
# --------------------------------------------------------------------------------------------


def _doc(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text("utf-8"))
    return data


def _problems(doc: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FrameworkInvalid) as exc:
        loads_framework(json.dumps(doc, indent=2))
    return {p.path: p.message for p in exc.value.problems}


def test_a_protective_rule_that_lowers_the_top_level_is_refused() -> None:
    doc = _doc("hull-2018")
    doc["rules"]["protective"]["lowers_top_level"] = True
    problems = _problems(doc)
    assert set(problems) == {"rules.protective.lowers_top_level"}
    assert "never lower" in problems["rules.protective.lowers_top_level"]


def test_a_protective_rule_must_declare_that_it_spares_the_top_level() -> None:
    doc = _doc("nottingham-2018")
    del doc["rules"]["protective"]["lowers_top_level"]
    assert set(_problems(doc)) == {"rules.protective.lowers_top_level"}


def test_a_framework_with_levels_must_say_what_to_do_now() -> None:
    doc = _doc("worcestershire-2008")
    del doc["act_now"]
    problems = _problems(doc)
    assert set(problems) == {"act_now"}
    assert "significant harm" in problems["act_now"]


def test_a_vocabulary_has_no_act_now() -> None:
    doc = _doc("girfec")
    doc["act_now"] = "Phone someone"
    assert set(_problems(doc)) == {"act_now"}


@pytest.mark.parametrize("slug", LEVELLED)
def test_every_shipped_framework_with_levels_states_the_rule(slug: str) -> None:
    fw = load_framework(slug)
    assert fw.act_now and "significant harm" in fw.act_now
    if fw.rules.protective is not None:
        assert fw.rules.protective.lowers_top_level is False
