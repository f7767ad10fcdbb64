"""``matching.permissions``: a triage role searches all records, and only for an open contact
it may handle."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import Cast
from righthelp.frontdoor.models import Contact, ContactStatus
from righthelp.matching.permissions import can_triage_search, is_triage_ground
from righthelp.workdue.tests.helpers import submitted_contact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("front_door_worker", True),
        ("front_door_manager", True),
        ("involved", False),
        ("early_help_worker", False),
        ("team_manager", False),
        ("administrator", False),
    ],
)
def test_only_front_door_roles_search_all_records(cast: Cast, label: str, expected: bool) -> None:
    user = cast.by_label()[label]
    assert user is not None
    assert can_triage_search(user) is expected


def test_an_inactive_or_anonymous_user_does_not_search_all_records(cast: Cast) -> None:
    cast.front_door_worker.is_active = False
    assert can_triage_search(cast.front_door_worker) is False
    assert can_triage_search(AnonymousUser()) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "ground"),
    [
        (ContactStatus.RECEIVED, True),
        (ContactStatus.IN_TRIAGE, True),
        (ContactStatus.AWAITING_SIGN_OFF, True),
        (ContactStatus.DECIDED, False),
        (ContactStatus.DRAFT, False),
    ],
)
def test_an_open_contact_is_a_ground_for_the_front_door_only(
    cast: Cast, status: str, ground: bool
) -> None:
    contact = submitted_contact(cast)
    Contact.objects.filter(pk=contact.pk).update(status=status)
    contact.refresh_from_db()
    assert is_triage_ground(cast.front_door_worker, contact) is ground
    # The referrer may view their own contact, but their job is not triage
    assert is_triage_ground(cast.involved, contact) is False
