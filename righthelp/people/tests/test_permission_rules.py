"""``people.permissions``: a live involvement (as the named professional or through a team)
shows a person; who may view, edit and create people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import Role
from righthelp.accounts.tests.factories import UserFactory
from righthelp.people.models import InvolvedProfessional, Person
from righthelp.people.permissions import (
    can_create_person,
    can_edit_person,
    can_view_person,
    involvement_visibility,
    live_involvements,
)
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _sees(user: object, person: Person) -> bool:
    return Person.objects.filter(involvement_visibility(user), pk=person.pk).exists()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "live"),
    [
        (-10, None, True),
        (0, None, True),
        (1, None, False),
        (-10, 0, True),
        (-10, -1, False),
        (-10, 5, True),
    ],
)
def test_an_involvement_is_live_from_its_start_until_its_end_inclusive(
    cast: Cast, start: int, end: int | None, live: bool
) -> None:
    today = timezone.localdate()
    InvolvedProfessional.objects.filter(person=cast.child).update(
        start_date=today + timedelta(days=start),
        end_date=None if end is None else today + timedelta(days=end),
    )
    assert InvolvedProfessional.objects.filter(live_involvements()).exists() is live
    assert _sees(cast.involved, cast.child) is live
    assert _sees(cast.team_member, cast.child) is live
    assert can_view_person(cast.involved, cast.child) is live
    assert can_edit_person(cast.involved, cast.child) is live


def test_live_involvements_counts_from_the_day_asked(cast: Cast) -> None:
    today = timezone.localdate()
    InvolvedProfessional.objects.filter(person=cast.child).update(
        start_date=today + timedelta(days=5), end_date=None
    )
    on = today + timedelta(days=6)
    assert InvolvedProfessional.objects.filter(live_involvements(on)).count() == 2


def test_a_team_involvement_shows_the_person_to_its_members_only(cast: Cast) -> None:
    other = PersonFactory.create()
    InvolvementFactory.create(person=other, user=cast.practitioner)
    assert _sees(cast.team_member, cast.child) is True
    assert _sees(cast.early_help_worker, cast.child) is False  # a member of another team
    assert _sees(cast.practitioner, cast.child) is False
    assert _sees(cast.practitioner, other) is True
    assert _sees(cast.team_member, other) is False
    assert can_view_person(cast.practitioner, cast.child) is False
    assert can_edit_person(cast.practitioner, cast.child) is False


@pytest.mark.parametrize(
    ("role", "creates"),
    [
        (Role.PRACTITIONER, True),
        (Role.FRONT_DOOR_WORKER, True),
        (Role.EARLY_HELP_WORKER, True),
        (Role.TEAM_MANAGER, True),
        (Role.PERFORMANCE_ANALYST, False),
        (Role.ADMINISTRATOR, False),
        (Role.INFORMATION_GOVERNANCE_LEAD, False),
    ],
)
def test_casework_roles_create_people(role: str, creates: bool) -> None:
    assert can_create_person(UserFactory.create(roles=[role])) is creates


def test_an_anonymous_user_creates_nobody() -> None:
    assert can_create_person(AnonymousUser()) is False  # type: ignore[arg-type]
