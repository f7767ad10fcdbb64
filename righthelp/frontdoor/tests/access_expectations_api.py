"""The contacts API's rows in the access matrix.

The page layer is public for the API (callers have no session: they must get a 401 JSON answer,
not a sign-in page), so every role, anonymous or signed in, gets the same answer here: without
an API token, 401 from the contact operations and 200 from the OpenAPI description. A signed-in
session is not a token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import ALL, Row

if TYPE_CHECKING:
    from conftest import Cast

UNAUTHORISED = frozenset({401})


def rows(cast: Cast) -> dict[str, Row]:
    return {
        "api:contacts": Row(
            reverse("api:contacts"),
            ALL,
            method="json",
            body={},
            public=True,
            ok=UNAUTHORISED,
            anonymous=UNAUTHORISED,
        ),
        "api:contact": Row(
            reverse("api:contact", kwargs={"contact_id": 1}),
            ALL,
            public=True,
            ok=UNAUTHORISED,
            anonymous=UNAUTHORISED,
        ),
        "api:openapi": Row(reverse("api:openapi"), ALL, public=True, anonymous=frozenset({200})),
    }
