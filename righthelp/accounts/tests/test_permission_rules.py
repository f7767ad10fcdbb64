"""``accounts.permissions``: only a signed-in administrator is an administrator."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import Cast
from righthelp.accounts.permissions import is_administrator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("administrator", True),
        ("analyst", False),
        ("information_governance_lead", False),
        ("front_door_manager", False),
        ("involved", False),
    ],
)
def test_only_the_administrator_role_is_an_administrator(
    cast: Cast, label: str, expected: bool
) -> None:
    user = cast.by_label()[label]
    assert user is not None
    assert is_administrator(user) is expected


def test_an_anonymous_user_is_not_an_administrator() -> None:
    assert is_administrator(AnonymousUser()) is False  # type: ignore[arg-type]
