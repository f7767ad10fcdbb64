"""The threshold engine: a pure function from ticked indicators to a suggested level.

:func:`evaluate` applies the rules a framework declares, in this fixed order:

1. **baseline**: the highest level among the ticked needs (no needs: the lowest level);
2. **combination** rules may raise it (each computed from the ticked needs, the highest wins);
3. **immediate referral**: any ticked immediate-referral indicator gives the top level, and the
   next step is to contact the front door now; nothing below lowers it;
4. **protective** factors (ticked strengths) may lower it by at most one level, never below the
   level of a need the practitioner marked severe, and **never a suggestion at the top level**
   (specialist support, protection): there the strengths are recorded beside the need, as
   strengths, in a reason of their own, and the level stays where it is;
5. **vulnerability floors** (only where declared) keep a vulnerable child's suggestion at a floor.

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


def evaluate(  # noqa: C901 (temporary, until evaluate is split into named steps)
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

    Raises :class:`UnknownIndicator` for ids the framework does not have,
    :class:`UnknownKeyQuestion` for unknown key questions, and :class:`EvaluationInputError`
    for other inconsistent input (a strength given as a need, a severe id that is not a ticked
    need, a negative age, an unborn child with an age).
    """
    fw = framework
    need_ids = _ids(needs, "needs")
    strength_ids = _ids(strengths, "strengths")
    severe_ids = _ids(severe, "severe")
    need_list = _resolve(fw, need_ids, "needs", "need")
    strength_list = _resolve(fw, strength_ids, "strengths", "strength")
    not_ticked = sorted(severe_ids - need_ids)
    if not_ticked:
        unknown = [i for i in not_ticked if not fw.has_indicator(i)]
        if unknown:
            raise UnknownIndicator(fw, unknown, "severe")
        raise EvaluationInputError(
            f"severe: only ticked needs can be marked severe: {', '.join(not_ticked)}"
        )
    severe_list = [n for n in need_list if n.id in severe_ids]
    if age_years is not None and (isinstance(age_years, bool) or not isinstance(age_years, int)):
        raise EvaluationInputError("age_years must be a whole number of years or None")
    if age_years is not None and age_years < 0:
        raise EvaluationInputError("age_years cannot be negative")
    if unborn and age_years is not None:
        raise EvaluationInputError("an unborn child has no age: give age_years=None")
    answers = dict(key_answers or {})
    known_q = {q.id for q in fw.key_questions}
    unknown_q = sorted(k for k in answers if k not in known_q)
    if unknown_q:
        raise UnknownKeyQuestion(fw, unknown_q)
    for key, value in answers.items():
        if not isinstance(value, str):
            raise EvaluationInputError(f"key_answers[{key!r}] must be a string")

    reasons: list[Reason] = []
    echo: dict[str, Any] = {
        "needs": tuple(sorted(need_ids)),
        "strengths": tuple(sorted(strength_ids)),
        "severe": tuple(sorted(severe_ids)),
        "age_years": age_years,
        "unborn": bool(unborn),
        "disabled": bool(disabled),
        "key_answers": tuple(sorted((k, v) for k, v in answers.items())),
    }

    if fw.is_vocabulary:
        return _vocabulary(fw, need_list, strength_list, severe_list, answers, echo)

    rules = fw.rules
    top = fw.levels[-1].scale
    lowest = fw.levels[0].scale
    immediate = [n for n in need_list if n.immediate_referral]

    # 1. baseline
    if need_list:
        baseline = max(n.scale for n in need_list if n.scale is not None)
        at_base = [n for n in need_list if n.scale == baseline]
        reasons.append(
            Reason(
                "baseline",
                tuple(n.id for n in at_base),
                f"The highest level among the {_plural(len(need_list), 'ticked need')} is "
                f"{_level_label(fw, baseline)}: {_quote(at_base)}.",
            )
        )
    else:
        baseline = lowest
        reasons.append(
            Reason(
                "baseline",
                (),
                f"No needs are ticked, so the suggestion starts at {_level_label(fw, lowest)}.",
            )
        )
    level = baseline

    # 2. combination rules (each from the ticked needs; the highest result wins)
    for rule in rules.combination:
        if isinstance(rule, CountAcrossDomainsRule):
            fired = _count_rule(fw, rule, need_list, baseline)
            if fired is None or fired[0] <= level:
                continue
            lifted, used = fired
            domains = sorted({n.domain for n in used}, key=lambda d: fw.domains.index(fw.domain(d)))
            names = ", ".join(fw.domain(d).name for d in domains)
            reasons.append(
                Reason(
                    f"count_across_domains:{rule.name}",
                    tuple(n.id for n in used),
                    f"{rule.name}: {_plural(len(used), 'need')} at or above the baseline across "
                    f"{_plural(len(domains), 'domain')} ({names}) raise the suggestion from "
                    f"{_level_label(fw, level)} to {_level_label(fw, lifted)}.",
                )
            )
            level = lifted
        else:
            fired = _named_rule(rule, need_list)
            if fired is None or fired[0] <= level:
                continue
            lifted, used = fired
            text = (
                f"{rule.name}: needs together covering {', '.join(rule.tags)} raise the "
                f"suggestion from {_level_label(fw, level)} to {_level_label(fw, lifted)}: "
                f"{_quote(used)}."
            )
            if rule.prompt:
                text = f"{text} {rule.prompt}"
            reasons.append(
                Reason(f"named_combination:{rule.name}", tuple(n.id for n in used), text)
            )
            level = lifted

    # 3. immediate referral
    if immediate:
        assert rules.immediate_referral is not None  # guaranteed by validation
        level = top
        reasons.insert(
            0,
            Reason(
                "immediate_referral",
                tuple(n.id for n in immediate),
                f"{_plural(len(immediate), 'indicator')} requiring an immediate referral "
                f"{'is' if len(immediate) == 1 else 'are'} ticked, so the suggestion is "
                f"{_level_label(fw, top)} and nothing lowers it: {_quote(immediate)}. "
                f"{rules.immediate_referral.next_step}",
            ),
        )

    # 4. protective factors
    severe_floor = max((n.scale for n in severe_list if n.scale is not None), default=lowest)
    held_by_severe = False
    if strength_list:
        protective = rules.protective
        sids = tuple(s.id for s in strength_list)
        if immediate:
            reasons.append(
                Reason(
                    "protective",
                    sids,
                    f"{_plural(len(strength_list), 'protective factor')} recorded, but an "
                    f"immediate-referral indicator is ticked, so they do not lower the "
                    f"suggestion.",
                )
            )
        elif level >= top:
            # The schema's rule for every framework: strengths never talk down protection.
            reasons.append(
                Reason(
                    "protective",
                    sids,
                    f"{_plural(len(strength_list), 'strength')} recorded beside a suggestion at "
                    f"the top level, {_level_label(fw, top)}: strengths are recorded and do not "
                    f"lower a need at the top level: {_quote(strength_list)}.",
                )
            )
        elif protective is None or protective.max_lower == 0:
            reasons.append(
                Reason(
                    "protective",
                    sids,
                    f"{_plural(len(strength_list), 'protective factor')} recorded; this "
                    f"framework declares no rule by which they lower the suggestion.",
                )
            )
        elif len(strength_list) < protective.min_strengths:
            reasons.append(
                Reason(
                    "protective",
                    sids,
                    f"{_plural(len(strength_list), 'protective factor')} recorded; at least "
                    f"{protective.min_strengths} are needed to lower the suggestion.",
                )
            )
        elif level <= lowest:
            reasons.append(
                Reason(
                    "protective",
                    sids,
                    f"{_plural(len(strength_list), 'protective factor')} recorded; the "
                    f"suggestion is already the lowest level.",
                )
            )
        else:
            wanted = max(level - protective.max_lower, lowest)
            lowered = max(wanted, severe_floor)
            if lowered < level:
                reasons.append(
                    Reason(
                        "protective",
                        sids,
                        f"{_plural(len(strength_list), 'protective factor')} "
                        f"{'lowers' if len(strength_list) == 1 else 'lower'} the "
                        f"suggestion by one level, from {_level_label(fw, level)} to "
                        f"{_level_label(fw, lowered)}: {_quote(strength_list)}.",
                    )
                )
                level = lowered
            else:
                held_by = [n for n in severe_list if n.scale == severe_floor]
                held_by_severe = True
                reasons.append(
                    Reason(
                        "severe_floor",
                        tuple(n.id for n in held_by) + sids,
                        f"Protective factors would lower the suggestion, but "
                        f"{_plural(len(held_by), 'need')} marked severe "
                        f"{'keeps' if len(held_by) == 1 else 'keep'} it at "
                        f"{_level_label(fw, level)}: {_quote(held_by)}.",
                    )
                )
    if severe_list and not held_by_severe:
        reasons.append(
            Reason(
                "severe",
                tuple(n.id for n in severe_list),
                f"{_plural(len(severe_list), 'need')} marked severe: protective factors cannot "
                f"take the suggestion below {_level_label(fw, severe_floor)}: "
                f"{_quote(severe_list)}.",
            )
        )

    # 5. vulnerability floors
    for floor in rules.vulnerability_floor:
        who: list[str] = []
        if floor.unborn and unborn:
            who.append("unborn")
        if (
            floor.under_age_years is not None
            and age_years is not None
            and age_years < floor.under_age_years
        ):
            who.append(f"under {_plural(floor.under_age_years, 'year')} old")
        if floor.disabled and disabled:
            who.append("disabled")
        if not who:
            continue
        qualifying = [
            n for n in need_list if n.scale is not None and n.scale >= floor.when_any_need_at
        ]
        child = f"The child is {' and '.join(who)}"
        if not qualifying:
            text = (
                f"{child}. {floor.basis} No need at {_level_label(fw, floor.when_any_need_at)} or "
                f"above is ticked, so the floor of {_level_label(fw, floor.floor)} does not apply."
            )
        elif level < floor.floor:
            text = (
                f"{child}, with a need at {_level_label(fw, floor.when_any_need_at)} or above: "
                f"the suggestion is kept at {_level_label(fw, floor.floor)}, not "
                f"{_level_label(fw, level)}. {floor.basis}"
            )
            level = floor.floor
        else:
            text = (
                f"{child}, with a need at {_level_label(fw, floor.when_any_need_at)} or above: "
                f"the suggestion is not allowed below {_level_label(fw, floor.floor)}. "
                f"{floor.basis}"
            )
        reasons.append(
            Reason(f"vulnerability_floor:{floor.name}", tuple(n.id for n in qualifying), text)
        )

    reasons.extend(_key_question_reasons(fw, answers))
    chosen = fw.level(level)
    next_step = (
        rules.immediate_referral.next_step
        if (immediate and rules.immediate_referral)
        else chosen.contact
    )
    return Evaluation(
        framework_slug=fw.slug,
        framework_version=fw.version,
        suggested_scale=level,
        suggested_level_name=chosen.name,
        immediate_referral=bool(immediate),
        next_step=next_step,
        reasons=tuple(reasons),
        act_now=fw.act_now if level >= top else None,
        **echo,
    )


def _key_question_reasons(fw: Framework, answers: Mapping[str, str]) -> list[Reason]:
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


def _vocabulary(
    fw: Framework,
    needs: Sequence[Indicator],
    strengths: Sequence[Indicator],
    severe: Sequence[Indicator],
    answers: Mapping[str, str],
    echo: Mapping[str, Any],
) -> Evaluation:
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
    reasons.extend(_key_question_reasons(fw, answers))
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
        **echo,
    )
