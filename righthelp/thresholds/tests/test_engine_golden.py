"""The threshold engine gives, word for word, the evaluations it gave when this file's golden
output was recorded: every shipped framework over a fixed, broad set of selections.

The selections are generated here, deterministically: every need alone and with a strength;
every strength; the first need of each domain and level marked severe, in pairs and in threes,
with and without strengths; a pair for every need; the named combinations; ages around each
vulnerability floor, unborn and disabled; and key questions unanswered, partly and wholly
answered. A change to the engine's output shows here as the first selection that differs.

After a deliberate change to what the engine says (or to a shipped framework), record the
output again and review the difference before committing it:

    .venv/bin/python -m righthelp.thresholds.tests.test_engine_golden
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from righthelp.thresholds.engine import evaluate
from righthelp.thresholds.framework import Framework, Indicator, NamedCombinationRule
from righthelp.thresholds.registry import load_framework, shipped_slugs

GOLDEN = Path(__file__).parent / "golden" / "engine_evaluations.json"
AGES: tuple[int | None, ...] = (None, 0, 1, 7)
SMALL = 30  # a framework with at most this many needs is evaluated over every pair of them

Selection = dict[str, Any]


def _selection(
    needs: Any = (),
    strengths: Any = (),
    severe: Any = (),
    age_years: int | None = None,
    unborn: bool = False,
    disabled: bool = False,
    key_answers: dict[str, str] | None = None,
) -> Selection:
    return {
        "needs": sorted(needs),
        "strengths": sorted(strengths),
        "severe": sorted(severe),
        "age_years": age_years,
        "unborn": unborn,
        "disabled": disabled,
        "key_answers": dict(sorted((key_answers or {}).items())),
    }


def _representatives(needs: list[Indicator]) -> list[Indicator]:
    """The first need of each domain and level (immediate referrals apart), document order."""
    seen: set[tuple[str, int | None, bool]] = set()
    chosen = []
    for need in needs:
        key = (need.domain, need.scale, need.immediate_referral)
        if key not in seen:
            seen.add(key)
            chosen.append(need)
    return chosen


def _named_combinations(fw: Framework, needs: list[Indicator]) -> Iterator[list[str]]:
    """For each named combination, every choice of one of the first two needs for each tag."""
    for rule in fw.rules.combination if fw.rules is not None else ():
        if isinstance(rule, NamedCombinationRule):
            # Not the immediate referrals: those reach the top level by themselves.
            tagged = [n for n in needs if not n.immediate_referral]
            options = [[n.id for n in tagged if tag in n.tags][:2] for tag in rule.tags]
            for chosen in itertools.product(*options):
                yield list(chosen)


def selections(fw: Framework) -> list[Selection]:
    """The fixed selections the golden output is recorded for, in a fixed order."""
    needs = [i for i in fw.indicators if i.kind == "need"]
    strengths = [i.id for i in fw.indicators if i.kind == "strength"]
    one, two = strengths[:1], strengths[:2]
    reps = _representatives(needs)
    out: list[Selection] = [_selection(), _selection(strengths=one), _selection(strengths=two)]
    for need in needs:  # every need alone and with a strength
        out.append(_selection([need.id]))
        if one:
            out.append(_selection([need.id], one))
    for need in reps:  # marked severe beside strengths
        out.append(_selection([need.id], two, [need.id]))
    for strength in strengths:  # every strength, alone and beside a need
        out.append(_selection(strengths=[strength]))
        out.append(_selection([reps[-1].id], [strength]))
    if len(needs) <= SMALL:
        pairs = list(itertools.combinations([n.id for n in needs], 2))
    else:
        pairs = list(itertools.combinations([n.id for n in reps], 2))
        pairs += [
            (need.id, needs[(i * 37 + 11) % len(needs)].id)
            for i, need in enumerate(needs)
            if needs[(i * 37 + 11) % len(needs)] is not need
        ]
    for a, b in pairs:
        out.append(_selection([a, b]))
        if one:
            out.append(_selection([a, b], two, [a]))
    for trio in itertools.combinations([n.id for n in reps], 3):
        out.append(_selection(trio))
        if one:
            out.append(_selection(trio, one))
    for combination in _named_combinations(fw, needs):
        out.append(_selection(combination))
        out.append(_selection(combination, two))
    for need in reps:  # ages around the floors, unborn, disabled
        for age, disabled, chosen in itertools.product(AGES, (False, True), ([], one)):
            out.append(_selection([need.id], chosen, age_years=age, disabled=disabled))
        for disabled, chosen in itertools.product((False, True), ([], one)):
            out.append(_selection([need.id], chosen, unborn=True, disabled=disabled))
    questions = [q.id for q in fw.key_questions]
    if questions:
        first = reps[0].id
        out.append(_selection([first], key_answers={questions[0]: "An answer"}))
        out.append(_selection([first], key_answers={questions[-1]: "   "}))
        out.append(_selection([first], key_answers={q: f"About {q}" for q in questions}))
        out.append(_selection(key_answers=dict.fromkeys(questions, "")))
    return out


def outputs() -> dict[str, list[dict[str, Any]]]:
    """Every shipped framework's evaluations of its selections, JSON-ready."""
    result: dict[str, list[dict[str, Any]]] = {}
    for slug in shipped_slugs():
        fw = load_framework(slug)
        result[slug] = [evaluate(fw, **s).as_dict() for s in selections(fw)]
    return result


# The golden file keeps each long text once: the evaluations refer to it by its number in
# "texts" (reasons, next steps and what to do now repeat across thousands of evaluations).


def _encode(data: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    texts = sorted(
        {r["text"] for es in data.values() for e in es for r in e["reasons"]}
        | {e["next_step"] for es in data.values() for e in es}
        | {e["act_now"] for es in data.values() for e in es if e["act_now"] is not None}
    )
    number = {text: n for n, text in enumerate(texts)}
    evaluations: dict[str, list[dict[str, Any]]] = {}
    for slug, es in data.items():
        evaluations[slug] = [
            {
                **e,
                "reasons": [
                    [r["rule"], r["indicator_ids"], number[r["text"]]] for r in e["reasons"]
                ],
                "next_step": number[e["next_step"]],
                "act_now": None if e["act_now"] is None else number[e["act_now"]],
            }
            for e in es
        ]
    return {"texts": texts, "evaluations": evaluations}


def _decode(stored: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    texts: list[str] = stored["texts"]
    data: dict[str, list[dict[str, Any]]] = {}
    for slug, es in stored["evaluations"].items():
        data[slug] = [
            {
                **e,
                "reasons": [
                    {"rule": rule, "indicator_ids": ids, "text": texts[n]}
                    for rule, ids, n in e["reasons"]
                ],
                "next_step": texts[e["next_step"]],
                "act_now": None if e["act_now"] is None else texts[e["act_now"]],
            }
            for e in es
        ]
    return data


def _write(path: Path, data: dict[str, list[dict[str, Any]]]) -> None:
    """One text and one evaluation a line, so a difference reads as the lines that changed."""
    stored = _encode(data)

    def dumps(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    lines = ['{"texts": [', ",\n".join(dumps(t) for t in stored["texts"]), '], "evaluations": {']
    slugs = list(stored["evaluations"])
    for n, slug in enumerate(slugs):
        lines.append(f"{json.dumps(slug)}: [")
        lines.append(",\n".join(dumps(e) for e in stored["evaluations"][slug]))
        lines.append("]" + ("," if n < len(slugs) - 1 else ""))
    lines.append("}}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def golden() -> dict[str, list[dict[str, Any]]]:
    return _decode(json.loads(GOLDEN.read_text(encoding="utf-8")))


def test_the_golden_output_covers_every_shipped_framework(
    golden: dict[str, list[dict[str, Any]]],
) -> None:
    assert sorted(golden) == sorted(shipped_slugs())
    for slug in shipped_slugs():
        assert len(golden[slug]) == len(selections(load_framework(slug))), slug


@pytest.mark.parametrize("slug", shipped_slugs())
def test_every_evaluation_is_word_for_word_the_golden_one(
    slug: str, golden: dict[str, list[dict[str, Any]]]
) -> None:
    fw = load_framework(slug)
    for n, (selection, expected) in enumerate(zip(selections(fw), golden[slug], strict=True)):
        actual = evaluate(fw, **selection).as_dict()
        assert actual == expected, f"{slug} selection {n}: {selection}"


if __name__ == "__main__":
    _write(GOLDEN, outputs())
    print(f"Recorded {GOLDEN}")
