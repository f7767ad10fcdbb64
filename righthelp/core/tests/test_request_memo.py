"""What a request builds once (``checkpoint.memoised``): the people a user may see and the
episodes they may work on are built once a request, and the answer is never another user's,
another request's, or one from before a write."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import Role, RoleAssignment, TeamMembership, User
from righthelp.core import checkpoint
from righthelp.core.checkpoint import person_visibility_q, request_memo, visible_people
from righthelp.earlyhelp.permissions import can_work_on_episode, workable_episodes_q
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory

pytestmark = pytest.mark.django_db


def sees(user: User, person: Person) -> bool:
    return visible_people(user).filter(pk=person.pk).exists()


def person_page(client: Client, person: Person) -> int:
    return client.get(reverse("people:detail", args=[person.pk])).status_code


def test_two_users_in_turn_on_one_client_each_get_their_own_answer(
    cast: Cast, client: Client
) -> None:
    for user, expected in [
        (cast.involved, 200),
        (cast.practitioner, 404),
        (cast.team_member, 200),
        (cast.practitioner, 404),
        (cast.involved, 200),
    ]:
        client.force_login(user)
        assert person_page(client, cast.child) == expected, user.username


def test_a_write_between_requests_is_seen_by_the_next(cast: Cast, client: Client) -> None:
    client.force_login(cast.practitioner)
    assert person_page(client, cast.child) == 404
    involvement = InvolvementFactory(
        person=cast.child, user=cast.practitioner, organisation=cast.practitioner.organisation
    )
    assert person_page(client, cast.child) == 200
    involvement.delete()
    assert person_page(client, cast.child) == 404


def test_within_a_request_a_new_involvement_is_seen_at_once(cast: Cast) -> None:
    with request_memo():
        assert not sees(cast.practitioner, cast.child)
        InvolvementFactory(
            person=cast.child, user=cast.practitioner, organisation=cast.practitioner.organisation
        )
        assert sees(cast.practitioner, cast.child)


def test_within_a_request_joining_or_leaving_a_team_is_seen_at_once(cast: Cast) -> None:
    with request_memo():
        assert not sees(cast.practitioner, cast.child)
        membership = TeamMembership.objects.create(user=cast.practitioner, team=cast.holding_team)
        assert sees(cast.practitioner, cast.child)
        membership.delete()
        assert not sees(cast.practitioner, cast.child)


def test_within_a_request_a_deactivated_account_sees_nobody(cast: Cast) -> None:
    with request_memo():
        assert sees(cast.involved, cast.child)
        cast.involved.is_active = False
        assert not sees(cast.involved, cast.child)


def test_within_a_request_a_new_role_is_seen(cast: Cast) -> None:
    user = User.objects.get(pk=cast.analyst.pk)
    InvolvementFactory(person=cast.child, user=user, organisation=cast.involved.organisation)
    with request_memo():
        assert not sees(user, cast.child)  # not a casework role
        RoleAssignment.objects.create(user=user, role=Role.PRACTITIONER)
        user = User.objects.get(pk=user.pk)  # roles are read once per user object
        assert sees(user, cast.child)


def test_within_a_request_two_users_never_share_a_memo(cast: Cast) -> None:
    with request_memo():
        assert sees(cast.involved, cast.child)
        assert not sees(cast.practitioner, cast.child)
        assert sees(cast.involved, cast.child)
        assert person_visibility_q(cast.involved) is person_visibility_q(cast.involved)
        assert person_visibility_q(cast.involved) is not person_visibility_q(cast.practitioner)
    # Outside a request nothing is kept.
    assert person_visibility_q(cast.involved) is not person_visibility_q(cast.involved)


def test_within_a_request_a_new_lead_may_work_on_the_episode_at_once(cast: Cast) -> None:
    from righthelp.earlyhelp.models import LeadPractitioner, LeadStatus

    episode = make_episode(
        locality=cast.holding_team.organisation.locality, opened_by=cast.team_member
    )
    organisation = cast.involved.organisation
    assert organisation is not None
    with request_memo():
        assert not can_work_on_episode(cast.involved, episode)
        assert workable_episodes_q(cast.involved) is workable_episodes_q(cast.involved)
        LeadPractitioner.objects.create(
            episode=episode,
            practitioner=cast.involved,
            status=LeadStatus.ACTIVE,
            proposed_at=timezone.now(),
            proposed_by=cast.team_member,
            organisation=organisation,
        )
        assert can_work_on_episode(cast.involved, episode)


@pytest.fixture
def counted_builds() -> Iterator[list[int]]:
    """A person visibility source that counts how often it is asked (and adds nobody)."""
    calls: list[int] = []

    def source(user: User) -> Q:
        calls.append(user.pk)
        return Q(pk__in=[])

    checkpoint.register_person_visibility(source)
    try:
        yield calls
    finally:
        checkpoint._person_visibility_sources.remove(source)


def test_the_person_page_builds_the_visibility_once(
    cast: Cast, client: Client, counted_builds: list[int]
) -> None:
    client.force_login(cast.involved)
    assert person_page(client, cast.child) == 200
    assert counted_builds == [cast.involved.pk]
    assert person_page(client, cast.child) == 200  # and again on the next request
    assert counted_builds == [cast.involved.pk] * 2
