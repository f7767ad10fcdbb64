from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import SIGNED_IN, Row

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    hull = {"slug": "hull-2018"}
    return {
        "thresholds:index": Row(reverse("thresholds:index"), SIGNED_IN),
        "thresholds:guide": Row(reverse("thresholds:guide", kwargs=hull), SIGNED_IN),
        "thresholds:summary": Row(reverse("thresholds:summary", kwargs=hull), SIGNED_IN),
        "thresholds:upload": Row(reverse("thresholds:upload"), ["administrator"]),
        # An empty JSON object is well formed but has no "needs": 400 for those allowed.
        "thresholds:api-evaluate": Row(
            reverse("thresholds:api-evaluate"),
            SIGNED_IN,
            method="json",
            body={},
            ok=frozenset({400}),
        ),
    }
