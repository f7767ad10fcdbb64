"""Template filters for showing the matcher's scores in plain words."""

from __future__ import annotations

import math

from django import template

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
