from django.urls import reverse

from righthelp.core.tests.access import SIGNED_IN, Row


def rows(cast) -> dict[str, Row]:  # type: ignore[no-untyped-def]
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
