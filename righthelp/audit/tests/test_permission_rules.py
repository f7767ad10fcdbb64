"""``audit.permissions``: information governance leads review access alerts, nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import Cast
from righthelp.audit.permissions import is_information_governance_lead

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("information_governance_lead", True),
        ("administrator", False),
        ("analyst", False),
        ("team_manager", False),
    ],
)
def test_only_the_information_governance_lead_reviews_alerts(
    cast: Cast, label: str, expected: bool
) -> None:
    user = cast.by_label()[label]
    assert user is not None
    assert is_information_governance_lead(user) is expected


def test_an_anonymous_user_is_not_an_information_governance_lead() -> None:
    assert is_information_governance_lead(AnonymousUser()) is False  # type: ignore[arg-type]
