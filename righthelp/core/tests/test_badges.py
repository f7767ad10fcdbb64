"""A capability puts a number on a navigation item by registering a badge
(``core.badges.register_badge``), without any change to ``core``: a badge registered here, by a
test, shows like the capabilities' own (the front door's decisions due, My work's count)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Cast
from righthelp.core.badges import BadgeValue, register_badge, unregister_badge

pytestmark = pytest.mark.django_db


def _guide_updates(user: Any) -> BadgeValue | None:
    return BadgeValue(count=4, count_text="new threshold guide updates")


@pytest.fixture
def guide_badge() -> Iterator[None]:
    register_badge("thresholds:index", _guide_updates)
    try:
        yield
    finally:
        unregister_badge("thresholds:index", _guide_updates)


def test_a_registered_badge_shows_on_its_navigation_item(
    cast: Cast, client: Client, guide_badge: None
) -> None:
    client.force_login(cast.practitioner)
    page = client.get(reverse("thresholds:index")).content.decode()
    assert '4<span class="govuk-visually-hidden"> new threshold guide updates</span>' in page


def test_an_unregistered_badge_is_gone(cast: Cast, client: Client) -> None:
    register_badge("thresholds:index", _guide_updates)
    unregister_badge("thresholds:index", _guide_updates)
    client.force_login(cast.practitioner)
    page = client.get(reverse("thresholds:index")).content.decode()
    assert "new threshold guide updates" not in page


def test_a_badge_that_does_not_answer_hides_an_item_shown_only_with_it(
    cast: Cast, client: Client
) -> None:
    # The front door's item is for those its badge answers for: front-door staff.
    front_door = f'class="govuk-service-navigation__link" href="{reverse("frontdoor:queue")}"'
    client.force_login(cast.practitioner)
    assert front_door not in client.get(reverse("thresholds:index")).content.decode()
    client.force_login(cast.front_door_worker)
    assert front_door in client.get(reverse("thresholds:index")).content.decode()
