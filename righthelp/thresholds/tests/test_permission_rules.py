"""``thresholds.permissions``: any active signed-in user uses the guide; only an active
administrator uploads a framework."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import Cast
from righthelp.thresholds.permissions import can_upload_framework, can_use_threshold_guide

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "uploads"),
    [("administrator", True), ("analyst", False), ("involved", False), ("team_manager", False)],
)
def test_every_active_user_uses_the_guide_and_only_administrators_upload(
    cast: Cast, label: str, uploads: bool
) -> None:
    user = cast.by_label()[label]
    assert user is not None
    assert can_use_threshold_guide(user) is True
    assert can_upload_framework(user) is uploads


def test_an_inactive_administrator_neither_uses_the_guide_nor_uploads(cast: Cast) -> None:
    cast.administrator.is_active = False
    assert can_use_threshold_guide(cast.administrator) is False
    assert can_upload_framework(cast.administrator) is False


def test_an_anonymous_user_neither_uses_the_guide_nor_uploads() -> None:
    assert can_use_threshold_guide(AnonymousUser()) is False  # type: ignore[arg-type]
    assert can_upload_framework(AnonymousUser()) is False  # type: ignore[arg-type]
