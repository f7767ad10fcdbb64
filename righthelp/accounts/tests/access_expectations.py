from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import ALL, SIGNED_IN, Row

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    return {
        "accounts:sign-in": Row(reverse("accounts:sign-in"), ALL, public=True),
        "accounts:sign-out": Row(
            reverse("accounts:sign-out"), SIGNED_IN, method="post", ok=frozenset({302})
        ),
    }
