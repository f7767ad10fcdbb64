from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import ALL, SIGNED_IN, Row

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    return {
        "core:home": Row(reverse("core:home"), SIGNED_IN),
        "core:health": Row(reverse("core:health"), ALL, public=True),
        "core:accessibility": Row(reverse("core:accessibility"), ALL, public=True),
    }
