"""The threshold engine: a pure function from ticked indicators to a suggested level.

:func:`evaluate` checks its input (:func:`checked_input`, giving a :class:`Ticked`) and applies
the rules a framework declares, in this fixed order, each step a function of its own:

1. **baseline** (:func:`baseline`): the highest level among the ticked needs (no needs: the
   lowest level);
2. **combination** rules (:func:`combination_rules`) may raise it (each computed from the ticked
   needs, the highest wins);
3. **immediate referral** (:func:`immediate_referral`): any ticked immediate-referral indicator
   gives the top level, and the next step is to contact the front door now; nothing below
   lowers it;
4. **protective** factors (:func:`protective_factors`: ticked strengths) may lower it by at most
   one level, never below the level of a need the practitioner marked severe, and **never a
   suggestion at the top level** (specialist support, protection): there the strengths are
   recorded beside the need, as strengths, in a reason of their own, and the level stays where
   it is;
5. **vulnerability floors** (:func:`vulnerability_floors`, only where declared) keep a
   vulnerable child's suggestion at a floor;
6. **key questions** (:func:`key_questions`): the answers are reported, never scored.

Every suggestion at the top level carries the framework's ``act_now`` text: what to do now if
significant harm is known or suspected. Below the top level ``act_now`` is None.

Every step that matters leaves a :class:`Reason` naming the rule and the indicators behind it.
The same input always gives the same output, reasons in the same order. A framework with no
levels (a vocabulary such as GIRFEC) records the concerns and suggests no level.

The suggestion is a prompt for professional judgement, never a decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .framework import (
    CountAcrossDomainsRule,
    Framework,
    Indicator,
    NamedCombinationRule,
    VulnerabilityFloorRule,
)

__all__ = [
    "Evaluation",
    "EvaluationInputError",
    "Reason",
    "UnknownIndicator",
    "UnknownKeyQuestion",
    "evaluate",
]

_QUOTE_LIMIT = 5  # indicator texts quoted in one reason; the ids are always all listed


class EvaluationInputError(ValueError):
    """The input to :func:`evaluate` does not fit the framework."""


class UnknownIndicator(EvaluationInputError):
    def __init__(self, framework: Framework, ids: Sequence[str], field: str) -> None:
        self.indicator_ids = tuple(ids)
        self.field = field
        super().__init__(
            f"{field}: unknown indicator id(s) for framework "
            f"{framework.slug} v{framework.version}: {', '.join(ids)}"
        )


class UnknownKeyQuestion(EvaluationInputError):
    def __init__(self, framework: Framework, ids: Sequence[str]) -> None:
        self.question_ids = tuple(ids)
        known = ", ".join(q.id for q in framework.key_questions) or "none"
        super().__init__(
            f"key_answers: unknown key question id(s) for framework {framework.slug}: "
            f"{', '.join(ids)} (known: {known})"
        )


@dataclass(frozen=True)
class Reason:
    rule: str  # e.g. "baseline", "immediate_referral", "named_combination:Trilogy of risk"
    indicator_ids: tuple[str, ...]  # in framework (document) order
    text: str


@dataclass(frozen=True)
class Evaluation:
    framework_slug: str
    framework_version: int
    suggested_scale: int | None  # None for a vocabulary framework
    suggested_level_name: str | None
    immediate_referral: bool
    next_step: str
    reasons: tuple[Reason, ...]
    # What to do now if significant harm is known or suspected: the framework's text with every
    # suggestion at the top level, None otherwise (and always None for a vocabulary).
    act_now: str | None
    # echo of the inputs (ids sorted)
    needs: tuple[str, ...]
    strengths: tuple[str, ...]
    severe: tuple[str, ...]
    age_years: int | None
    unborn: bool
    disabled: bool
    key_answers: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for the API and for storing with an evaluation record)."""
        return {
            "framework": {"slug": self.framework_slug, "version": self.framework_version},
            "suggested_scale": self.suggested_scale,
            "suggested_level_name": self.suggested_level_name,
            "immediate_referral": self.immediate_referral,
            "next_step": self.next_step,
            "act_now": self.act_now,
            "reasons": [
                {"rule": r.rule, "indicator_ids": list(r.indicator_ids), "text": r.text}
                for r in self.reasons
            ],
            "input": {
                "needs": list(self.needs),
                "strengths": list(self.strengths),
                "severe": list(self.severe),
                "age_years": self.age_years,
                "unborn": self.unborn,
                "disabled": self.disabled,
                "key_answers": dict(self.key_answers),
            },
        }


# --------------------------------------------------------------------------------------------


def _ids(values: Iterable[str], field: str) -> frozenset[str]:
    if isinstance(values, str):
        raise EvaluationInputError(f"{field}: expected a collection of indicator ids, not a string")
    out = frozenset(values)
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise EvaluationInputError(f"{field}: indicator ids must be strings")
    return out


def _resolve(fw: Framework, ids: frozenset[str], field: str, kind: str) -> list[Indicator]:
    unknown = sorted(i for i in ids if not fw.has_indicator(i))
    if unknown:
        raise UnknownIndicator(fw, unknown, field)
    found = sorted((fw.indicator(i) for i in ids), key=lambda i: fw.position(i.id))
    wrong = [i.id for i in found if i.kind != kind]
    if wrong:
        raise EvaluationInputError(
            f"{field}: these indicators are not {kind}s in {fw.slug}: {', '.join(wrong)}"
        )
    return found


def _quote(indicators: Sequence[Indicator]) -> str:
    texts = [f"'{i.text}'" for i in indicators[:_QUOTE_LIMIT]]
    more = len(indicators) - _QUOTE_LIMIT
    if more > 0:
        texts.append(f"and {more} more")
    return "; ".join(texts)


def _level_label(fw: Framework, scale: int) -> str:
    return f"level {scale} ({fw.level(scale).name})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _count_rule(
    fw: Framework, rule: CountAcrossDomainsRule, needs: Sequence[Indicator], baseline: int
) -> tuple[int, list[Indicator]] | None:
    """The level this rule lifts to, with the needs that made it fire (None: does not fire).

    Needs are counted at or above a level ``s``; with ``at_level: "baseline"`` every ``s`` from
    the baseline down is tried and the highest result kept, so that ticking a more serious need
    can never make the rule's result fall (for ``raise_by: 1`` only ``s = baseline`` can win).
    """
    if rule.at_level == "baseline":
        candidates = range(baseline, 0, -1)
    else:
        candidates = range(rule.at_level, rule.at_level - 1, -1)
    for s in candidates:  # highest s first: its result is the highest
        counted = [n for n in needs if n.scale is not None and n.scale >= s]
        if len(counted) < rule.min_needs:
            continue
        if len({n.domain for n in counted}) < rule.min_domains:
            continue
        return min(s + rule.raise_by, rule.max_scale), counted
    return None


def _named_rule(
    rule: NamedCombinationRule, needs: Sequence[Indicator]
) -> tuple[int, list[Indicator]] | None:
    tagged = [n for n in needs if any(t in n.tags for t in rule.tags)]
    present = {t for n in tagged for t in n.tags}
    if all(t in present for t in rule.tags):
        return rule.to_scale, tagged
    return None


@dataclass(frozen=True)
class Ticked:
    """The input to :func:`evaluate`, checked against the framework: the ticked indicators in
    framework (document) order, the child, and the answers to the key questions."""

    needs: tuple[Indicator, ...]
    strengths: tuple[Indicator, ...]
    severe: tuple[Indicator, ...]
    age_years: int | None
    unborn: bool
    disabled: bool
    answers: Mapping[str, str]

    @property
    def immediate(self) -> list[Indicator]:
        """The ticked needs that require an immediate referral."""
        return [n for n in self.needs if n.immediate_referral]

    def echo(self) -> dict[str, Any]:
        """The input as :class:`Evaluation` echoes it (ids sorted)."""
        return {
            "needs": tuple(sorted(n.id for n in self.needs)),
            "strengths": tuple(sorted(s.id for s in self.strengths)),
            "severe": tuple(sorted(n.id for n in self.severe)),
            "age_years": self.age_years,
            "unborn": self.unborn,
            "disabled": self.disabled,
            "key_answers": tuple(sorted(self.answers.items())),
        }


def _checked_severe(fw: Framework, severe_ids: frozenset[str], need_ids: frozenset[str]) -> None:
    not_ticked = sorted(severe_ids - need_ids)
    if not_ticked:
        unknown = [i for i in not_ticked if not fw.has_indicator(i)]
        if unknown:
            raise UnknownIndicator(fw, unknown, "severe")
        raise EvaluationInputError(
            f"severe: only ticked needs can be marked severe: {', '.join(not_ticked)}"
        )


def _checked_age(age_years: int | None, unborn: bool) -> None:
    # A bool is an int to Python, not an age: refused like any other age that is not one.
    if age_years is not None and (isinstance(age_years, bool) or not isinstance(age_years, int)):
        raise EvaluationInputError("age_years must be a whole number of years or None")
    if age_years is not None and age_years < 0:
        raise EvaluationInputError("age_years cannot be negative")
    if unborn and age_years is not None:
        raise EvaluationInputError("an unborn child has no age: give age_years=None")


def _checked_answers(fw: Framework, key_answers: Mapping[str, str] | None) -> dict[str, str]:
    answers = dict(key_answers or {})
    known = {q.id for q in fw.key_questions}
    unknown = sorted(k for k in answers if k not in known)
    if unknown:
        raise UnknownKeyQuestion(fw, unknown)
    for key, value in answers.items():
        if not isinstance(value, str):
            raise EvaluationInputError(f"key_answers[{key!r}] must be a string")
    return answers


def checked_input(
    fw: Framework,
    *,
    needs: Iterable[str],
    strengths: Iterable[str] = (),
    severe: Iterable[str] = (),
    age_years: int | None = None,
    unborn: bool = False,
    disabled: bool = False,
    key_answers: Mapping[str, str] | None = None,
) -> Ticked:
    """Step 0: the input checked against the framework, or the error :func:`evaluate` raises."""
    need_ids = _ids(needs, "needs")
    strength_ids = _ids(strengths, "strengths")
    severe_ids = _ids(severe, "severe")
    need_list = _resolve(fw, need_ids, "needs", "need")
    strength_list = _resolve(fw, strength_ids, "strengths", "strength")
    _checked_severe(fw, severe_ids, need_ids)
    _checked_age(age_years, unborn)
    answers = _checked_answers(fw, key_answers)
    return Ticked(
        needs=tuple(need_list),
        strengths=tuple(strength_list),
        severe=tuple(n for n in need_list if n.id in severe_ids),
        age_years=age_years,
        unborn=bool(unborn),
        disabled=bool(disabled),
        answers=answers,
    )


def baseline(fw: Framework, ticked: Ticked) -> tuple[int, Reason]:
    """Step 1: the highest level among the ticked needs (no needs: the lowest level)."""
    if not ticked.needs:
        lowest = fw.levels[0].scale
        return lowest, Reason(
            "baseline",
            (),
            f"No needs are ticked, so the suggestion starts at {_level_label(fw, lowest)}.",
        )
    scale = max(n.scale for n in ticked.needs if n.scale is not None)
    at_base = [n for n in ticked.needs if n.scale == scale]
    return scale, Reason(
        "baseline",
        tuple(n.id for n in at_base),
        f"The highest level among the {_plural(len(ticked.needs), 'ticked need')} is "
        f"{_level_label(fw, scale)}: {_quote(at_base)}.",
    )


def _count_reason(
    fw: Framework, rule: CountAcrossDomainsRule, used: Sequence[Indicator], level: int, lifted: int
) -> Reason:
    domains = sorted({n.domain for n in used}, key=lambda d: fw.domains.index(fw.domain(d)))
    names = ", ".join(fw.domain(d).name for d in domains)
    return Reason(
        f"count_across_domains:{rule.name}",
        tuple(n.id for n in used),
        f"{rule.name}: {_plural(len(used), 'need')} at or above the baseline across "
        f"{_plural(len(domains), 'domain')} ({names}) raise the suggestion from "
        f"{_level_label(fw, level)} to {_level_label(fw, lifted)}.",
    )


def _named_reason(
    fw: Framework, rule: NamedCombinationRule, used: Sequence[Indicator], level: int, lifted: int
) -> Reason:
    text = (
        f"{rule.name}: needs together covering {', '.join(rule.tags)} raise the "
        f"suggestion from {_level_label(fw, level)} to {_level_label(fw, lifted)}: "
        f"{_quote(used)}."
    )
    if rule.prompt:
        text = f"{text} {rule.prompt}"
    return Reason(f"named_combination:{rule.name}", tuple(n.id for n in used), text)


def combination_rules(fw: Framework, ticked: Ticked, base: int) -> tuple[int, list[Reason]]:
    """Step 2: the combination rules, each computed from the ticked needs and the baseline
    ``base``, in the framework's order; each that lifts the suggestion higher than it already
    is gives a reason, and the highest result wins."""
    level = base
    reasons: list[Reason] = []
    for rule in fw.rules.combination:
        if isinstance(rule, CountAcrossDomainsRule):
            fired = _count_rule(fw, rule, ticked.needs, base)
        else:
            fired = _named_rule(rule, ticked.needs)
        if fired is None or fired[0] <= level:
            continue
        lifted, used = fired
        if isinstance(rule, CountAcrossDomainsRule):
            reasons.append(_count_reason(fw, rule, used, level, lifted))
        else:
            reasons.append(_named_reason(fw, rule, used, level, lifted))
        level = lifted
    return level, reasons


def immediate_referral(fw: Framework, ticked: Ticked) -> Reason | None:
    """Step 3: with any ticked immediate-referral indicator, the reason the suggestion is the
    top level and nothing lowers it (the first reason of all); None without one."""
    immediate = ticked.immediate
    if not immediate:
        return None
    rule = fw.rules.immediate_referral
    assert rule is not None  # guaranteed by validation
    top = fw.levels[-1].scale
    return Reason(
        "immediate_referral",
        tuple(n.id for n in immediate),
        f"{_plural(len(immediate), 'indicator')} requiring an immediate referral "
        f"{'is' if len(immediate) == 1 else 'are'} ticked, so the suggestion is "
        f"{_level_label(fw, top)} and nothing lowers it: {_quote(immediate)}. "
        f"{rule.next_step}",
    )


def _strengths_kept(fw: Framework, ticked: Ticked, level: int) -> Reason | None:
    """Why the ticked strengths cannot lower the suggestion, or None if they may."""
    strengths = ticked.strengths
    sids = tuple(s.id for s in strengths)
    protective = fw.rules.protective
    top = fw.levels[-1].scale
    factors = _plural(len(strengths), "protective factor")
    if ticked.immediate:
        return Reason(
            "protective",
            sids,
            f"{factors} recorded, but an immediate-referral indicator is ticked, so they do "
            f"not lower the suggestion.",
        )
    if level >= top:
        # The schema's rule for every framework: strengths never talk down protection.
        return Reason(
            "protective",
            sids,
            f"{_plural(len(strengths), 'strength')} recorded beside a suggestion at "
            f"the top level, {_level_label(fw, top)}: strengths are recorded and do not "
            f"lower a need at the top level: {_quote(strengths)}.",
        )
    if protective is None or protective.max_lower == 0:
        return Reason(
            "protective",
            sids,
            f"{factors} recorded; this framework declares no rule by which they lower the "
            f"suggestion.",
        )
    if len(strengths) < protective.min_strengths:
        return Reason(
            "protective",
            sids,
            f"{factors} recorded; at least {protective.min_strengths} are needed to lower the "
            f"suggestion.",
        )
    if level <= fw.levels[0].scale:
        return Reason(
            "protective", sids, f"{factors} recorded; the suggestion is already the lowest level."
        )
    return None


def _strengths_lower(
    fw: Framework, ticked: Ticked, level: int, severe_floor: int
) -> tuple[int, Reason, bool]:
    """The strengths lower the suggestion by one level, unless a need marked severe holds it:
    the new level, the reason, and whether a severe need held it."""
    protective = fw.rules.protective
    assert protective is not None  # _strengths_kept answers when there is no rule
    strengths = ticked.strengths
    sids = tuple(s.id for s in strengths)
    lowered = max(max(level - protective.max_lower, fw.levels[0].scale), severe_floor)
    if lowered < level:
        return (
            lowered,
            Reason(
                "protective",
                sids,
                f"{_plural(len(strengths), 'protective factor')} "
                f"{'lowers' if len(strengths) == 1 else 'lower'} the "
                f"suggestion by one level, from {_level_label(fw, level)} to "
                f"{_level_label(fw, lowered)}: {_quote(strengths)}.",
            ),
            False,
        )
    held_by = [n for n in ticked.severe if n.scale == severe_floor]
    return (
        level,
        Reason(
            "severe_floor",
            tuple(n.id for n in held_by) + sids,
            f"Protective factors would lower the suggestion, but "
            f"{_plural(len(held_by), 'need')} marked severe "
            f"{'keeps' if len(held_by) == 1 else 'keep'} it at "
            f"{_level_label(fw, level)}: {_quote(held_by)}.",
        ),
        True,
    )


def protective_factors(fw: Framework, ticked: Ticked, level: int) -> tuple[int, list[Reason]]:
    """Step 4: ticked strengths may lower the suggestion by at most one level (by the
    framework's protective rule), never below the level of a need marked severe, never at the
    top level, never with an immediate referral; needs marked severe are named either way."""
    severe_floor = max(
        (n.scale for n in ticked.severe if n.scale is not None), default=fw.levels[0].scale
    )
    reasons: list[Reason] = []
    held_by_severe = False
    if ticked.strengths:
        kept = _strengths_kept(fw, ticked, level)
        if kept is not None:
            reasons.append(kept)
        else:
            level, reason, held_by_severe = _strengths_lower(fw, ticked, level, severe_floor)
            reasons.append(reason)
    if ticked.severe and not held_by_severe:
        reasons.append(
            Reason(
                "severe",
                tuple(n.id for n in ticked.severe),
                f"{_plural(len(ticked.severe), 'need')} marked severe: protective factors cannot "
                f"take the suggestion below {_level_label(fw, severe_floor)}: "
                f"{_quote(ticked.severe)}.",
            )
        )
    return level, reasons


def _vulnerable(floor: VulnerabilityFloorRule, ticked: Ticked) -> list[str]:
    """How the child is vulnerable in the ways this floor names (empty: the floor is not for
    them)."""
    who: list[str] = []
    if floor.unborn and ticked.unborn:
        who.append("unborn")
    if (
        floor.under_age_years is not None
        and ticked.age_years is not None
        and ticked.age_years < floor.under_age_years
    ):
        who.append(f"under {_plural(floor.under_age_years, 'year')} old")
    if floor.disabled and ticked.disabled:
        who.append("disabled")
    return who


def _floor(
    fw: Framework, floor: VulnerabilityFloorRule, ticked: Ticked, level: int
) -> tuple[int, Reason] | None:
    """One floor: the level it keeps and its reason (None: not for this child)."""
    who = _vulnerable(floor, ticked)
    if not who:
        return None
    qualifying = [
        n for n in ticked.needs if n.scale is not None and n.scale >= floor.when_any_need_at
    ]
    child = f"The child is {' and '.join(who)}"
    at = _level_label(fw, floor.when_any_need_at)
    if not qualifying:
        text = (
            f"{child}. {floor.basis} No need at {at} or above is ticked, so the floor of "
            f"{_level_label(fw, floor.floor)} does not apply."
        )
    elif level < floor.floor:
        text = (
            f"{child}, with a need at {at} or above: the suggestion is kept at "
            f"{_level_label(fw, floor.floor)}, not {_level_label(fw, level)}. {floor.basis}"
        )
        level = floor.floor
    else:
        text = (
            f"{child}, with a need at {at} or above: the suggestion is not allowed below "
            f"{_level_label(fw, floor.floor)}. {floor.basis}"
        )
    reason = Reason(f"vulnerability_floor:{floor.name}", tuple(n.id for n in qualifying), text)
    return level, reason


def vulnerability_floors(fw: Framework, ticked: Ticked, level: int) -> tuple[int, list[Reason]]:
    """Step 5: the declared vulnerability floors keep a vulnerable child's suggestion at a
    floor when a need at the floor's level or above is ticked; each floor that names the child
    gives a reason, whether or not it applies."""
    reasons: list[Reason] = []
    for floor in fw.rules.vulnerability_floor:
        kept = _floor(fw, floor, ticked, level)
        if kept is not None:
            level, reason = kept
            reasons.append(reason)
    return level, reasons


def evaluate(
    framework: Framework,
    *,
    needs: Iterable[str],
    strengths: Iterable[str] = (),
    severe: Iterable[str] = (),
    age_years: int | None = None,
    unborn: bool = False,
    disabled: bool = False,
    key_answers: Mapping[str, str] | None = None,
) -> Evaluation:
    """Suggest a level for the ticked indicators, with the reasons for it.

    ``severe`` names ticked needs the practitioner judges severe: protective factors never take
    the suggestion below their level. ``key_answers`` maps the framework's key question ids to
    the practitioner's answers; they are recorded and reported, and never change the level.

    The steps, each a function of this module: :func:`checked_input`, then :func:`baseline`,
    :func:`combination_rules`, :func:`immediate_referral`, :func:`protective_factors`,
    :func:`vulnerability_floors` and :func:`key_questions` (a vocabulary framework records the
    concerns instead of suggesting a level).

    Raises :class:`UnknownIndicator` for ids the framework does not have,
    :class:`UnknownKeyQuestion` for unknown key questions, and :class:`EvaluationInputError`
    for other inconsistent input (a strength given as a need, a severe id that is not a ticked
    need, an age that is not a whole number of years (a bool included) or is negative, an
    unborn child with an age).
    """
    fw = framework
    ticked = checked_input(
        fw,
        needs=needs,
        strengths=strengths,
        severe=severe,
        age_years=age_years,
        unborn=unborn,
        disabled=disabled,
        key_answers=key_answers,
    )
    if fw.is_vocabulary:
        return _vocabulary(fw, ticked)
    level, base_reason = baseline(fw, ticked)
    level, combined = combination_rules(fw, ticked, level)
    immediate = immediate_referral(fw, ticked)
    top = fw.levels[-1].scale
    if immediate is not None:
        level = top
    level, weighed = protective_factors(fw, ticked, level)
    level, floors = vulnerability_floors(fw, ticked, level)
    reasons = [
        *([immediate] if immediate is not None else []),
        base_reason,
        *combined,
        *weighed,
        *floors,
        *key_questions(fw, ticked.answers),
    ]
    chosen = fw.level(level)
    rule = fw.rules.immediate_referral
    next_step = rule.next_step if (immediate is not None and rule) else chosen.contact
    return Evaluation(
        framework_slug=fw.slug,
        framework_version=fw.version,
        suggested_scale=level,
        suggested_level_name=chosen.name,
        immediate_referral=immediate is not None,
        next_step=next_step,
        reasons=tuple(reasons),
        act_now=fw.act_now if level >= top else None,
        **ticked.echo(),
    )


def key_questions(fw: Framework, answers: Mapping[str, str]) -> list[Reason]:
    """Step 6: how many of the framework's key questions are answered and which are not; the
    answers inform judgement and never change the suggestion."""
    if not fw.key_questions:
        return []
    answered = [q for q in fw.key_questions if answers.get(q.id, "").strip()]
    missing = [q for q in fw.key_questions if not answers.get(q.id, "").strip()]
    text = (
        f"{len(answered)} of {len(fw.key_questions)} key questions answered; the answers inform "
        f"professional judgement and do not change the suggestion."
    )
    if missing:
        text += " Not yet answered: " + " ".join(q.text for q in missing)
    return [Reason("key_questions", (), text)]


def _vocabulary(fw: Framework, ticked: Ticked) -> Evaluation:
    """A vocabulary records the concerns by domain, the strengths and the severe needs, and
    suggests no level."""
    needs, strengths, severe = ticked.needs, ticked.strengths, ticked.severe
    reasons: list[Reason] = [
        Reason(
            "vocabulary",
            (),
            f"{fw.name} is a vocabulary for recording concerns; it suggests no level.",
        )
    ]
    for domain in fw.domains:
        in_domain = [n for n in needs if n.domain == domain.id]
        if in_domain:
            reasons.append(
                Reason(
                    f"recorded:{domain.id}",
                    tuple(n.id for n in in_domain),
                    f"Concern recorded against {domain.name}: {_quote(in_domain)}.",
                )
            )
    if strengths:
        reasons.append(
            Reason(
                "recorded:strengths",
                tuple(s.id for s in strengths),
                f"Strengths recorded: {_quote(strengths)}.",
            )
        )
    if severe:
        reasons.append(
            Reason(
                "severe",
                tuple(n.id for n in severe),
                f"Marked severe by the practitioner: {_quote(severe)}.",
            )
        )
    if not needs and not strengths:
        reasons.append(Reason("recorded", (), "No concerns are recorded."))
    reasons.extend(key_questions(fw, ticked.answers))
    assert fw.default_next_step is not None  # guaranteed by validation
    return Evaluation(
        framework_slug=fw.slug,
        framework_version=fw.version,
        suggested_scale=None,
        suggested_level_name=None,
        immediate_referral=False,
        next_step=fw.default_next_step,
        reasons=tuple(reasons),
        act_now=None,
        **ticked.echo(),
    )
