"""Template filters for showing the matcher's scores in plain words."""

from __future__ import annotations

import math

from django import template

from righthelp.matching.model import FIELD_LABELS, Score

register = template.Library()


@register.filter
def likely_percent(probability: float | None) -> int:
    """A match probability as a whole percentage, for "87% likely to be the same person".

    Rounded down and kept between 1 and 99: the matcher is never certain, and a page should
    never say "100%" (twins, and a parent and child with one name, are the classic mistakes).
    """
    if probability is None:
        return 0
    return max(1, min(99, math.floor(float(probability) * 100)))


def _in_sentence(label: str) -> str:
    # "Postcode" -> "postcode", but "NHS number" and "UPN" keep their capitals.
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


@register.filter
def explanation_lines(score: Score) -> list[str]:
    """A score's explanation as lines to show: each detail that was compared and what it
    counted, then one line naming the details missing on one record or the other (they count
    neither for nor against, so a line each would only be noise)."""
    lines = [c.text for c in score.explanation if c.level != "missing"]
    missing = [
        _in_sentence(FIELD_LABELS.get(c.field, c.field))
        for c in score.explanation
        if c.level == "missing"
    ]
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
        lines.append(f"Not known on both records, so not counted: {listed}")
    return lines
