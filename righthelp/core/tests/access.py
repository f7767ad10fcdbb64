"""The vocabulary of the access matrix (``test_access_matrix.py``).

Each app declares who may reach each of its URLs in ``righthelp/<app>/tests/access_expectations.py``
with a function ``rows(cast) -> dict[url_name, Row]``. ``cast`` is the conftest fixture with a
child, the people around it and one user per role; ``rows`` may create what its URLs need
(a contact, a framework) before returning concrete URLs. The matrix test walks every URL in
the project, fails for any URL name no app declares, and checks every row as every role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ALL = [
    "anonymous",
    "involved",
    "team_member",
    "team_manager",
    "other_manager",
    "practitioner",
    "front_door_worker",
    "front_door_manager",
    "early_help_worker",
    "analyst",
    "administrator",
    "information_governance_lead",
]
SIGNED_IN = [label for label in ALL if label != "anonymous"]
CASEWORK = [
    "involved",
    "team_member",
    "team_manager",
    "other_manager",
    "practitioner",
    "front_door_worker",
    "front_door_manager",
    "early_help_worker",
]
FRONT_DOOR = ["front_door_worker", "front_door_manager"]
# Who may open the child's record: a live involvement, or the team (and its manager) holding it.
AROUND_THE_CHILD = ["involved", "team_member", "team_manager"]


@dataclass(frozen=True)
class Row:
    """One URL: who gets ``ok`` (everyone else signed in gets 404; anonymous users are sent to
    sign in, unless ``public``)."""

    url: str
    allowed: list[str]
    method: str = "get"  # "get", "post" (form-encoded) or "json" (POST with a JSON body)
    ok: frozenset[int] = frozenset({200})
    body: Any = None
    public: bool = False
    anonymous: frozenset[int] = field(default_factory=lambda: frozenset({302}))


_CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def same_page(first: bytes, second: bytes) -> bool:
    """Whether two responses are the same page, but for the CSRF token of the page's sign-out
    form, which is masked afresh in every response (so it tells nothing either)."""
    return _CSRF_TOKEN.sub(b"", first) == _CSRF_TOKEN.sub(b"", second)
