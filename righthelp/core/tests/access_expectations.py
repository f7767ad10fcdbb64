from django.urls import reverse

from righthelp.core.tests.access import ALL, SIGNED_IN, Row


def rows(cast) -> dict[str, Row]:  # type: ignore[no-untyped-def]
    return {
        "core:home": Row(reverse("core:home"), SIGNED_IN),
        "core:health": Row(reverse("core:health"), ALL, public=True),
        "core:accessibility": Row(reverse("core:accessibility"), ALL, public=True),
    }
