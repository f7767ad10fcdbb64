from django.urls import reverse

from righthelp.core.tests.access import ALL, SIGNED_IN, Row


def rows(cast) -> dict[str, Row]:  # type: ignore[no-untyped-def]
    return {
        "accounts:sign-in": Row(reverse("accounts:sign-in"), ALL, public=True),
        "accounts:sign-out": Row(
            reverse("accounts:sign-out"), SIGNED_IN, method="post", ok=frozenset({302})
        ),
    }
