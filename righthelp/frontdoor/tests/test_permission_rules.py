"""``frontdoor.permissions``: who is the front door and who is children's social care, which
contacts the front door handles (and the people it sees through them), who views a contact,
and who opens what a step-up handed over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import OrganisationKind, Role, User
from righthelp.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor.models import (
    Contact,
    ContactStatus,
    Decision,
    Outcome,
    SocialCareReferral,
    StepUpHandover,
)
from righthelp.frontdoor.permissions import (
    can_open_handover,
    can_view_contact,
    contact_visibility,
    handled_contacts,
    is_childrens_social_care,
    is_front_door,
    is_front_door_manager,
)
from righthelp.people.models import Person
from righthelp.workdue.tests.helpers import submitted_contact

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


@pytest.mark.parametrize(
    ("label", "front_door", "manager"),
    [
        ("front_door_worker", True, False),
        ("front_door_manager", True, True),
        ("team_manager", False, False),
        ("early_help_worker", False, False),
        ("administrator", False, False),
    ],
)
def test_front_door_roles(cast: Cast, label: str, front_door: bool, manager: bool) -> None:
    user = cast.by_label()[label]
    assert user is not None
    assert is_front_door(user) is front_door
    assert is_front_door_manager(user) is manager


def test_an_anonymous_user_is_not_the_front_door() -> None:
    assert is_front_door(ANONYMOUS) is False  # type: ignore[arg-type]
    assert is_front_door_manager(ANONYMOUS) is False  # type: ignore[arg-type]
    assert is_childrens_social_care(ANONYMOUS) is False  # type: ignore[arg-type]


def _set(contact: Contact, **values: object) -> Contact:
    Contact.objects.filter(pk=contact.pk).update(**values)
    contact.refresh_from_db()
    return contact


def _handled(user: User) -> set[int]:
    return set(Contact.objects.filter(handled_contacts(user)).values_list("pk", flat=True))


def _seen(user: User | AnonymousUser) -> set[int]:
    return set(
        Person.objects.filter(contact_visibility(user)).values_list("pk", flat=True)  # type: ignore[arg-type]
    )


def test_the_front_door_handles_open_recently_decided_and_assigned_contacts(cast: Cast) -> None:
    contact = submitted_contact(cast)
    worker = cast.front_door_worker
    for status in (
        ContactStatus.RECEIVED,
        ContactStatus.IN_TRIAGE,
        ContactStatus.AWAITING_SIGN_OFF,
    ):
        _set(contact, status=status)
        assert _handled(worker) == {contact.pk}
        assert _seen(worker) == {cast.child.pk}
        assert can_view_contact(worker, contact) is True
    now = timezone.now()
    _set(contact, status=ContactStatus.DECIDED, received_at=now - timedelta(days=29, hours=23))
    assert _handled(worker) == {contact.pk}
    assert can_view_contact(cast.front_door_manager, contact) is True
    _set(contact, received_at=now - timedelta(days=30, hours=1))
    assert _handled(worker) == set()
    assert _seen(worker) == set()
    assert can_view_contact(worker, contact) is False
    # Assigned to them, they keep it however old
    _set(contact, assigned_to=worker)
    assert _handled(worker) == {contact.pk}
    assert _handled(cast.front_door_manager) == set()
    assert _seen(worker) == {cast.child.pk}


def test_a_draft_is_the_referrers_alone(cast: Cast) -> None:
    contact = _set(submitted_contact(cast), status=ContactStatus.DRAFT, assigned_to=None)
    assert can_view_contact(cast.involved, contact) is True
    _set(contact, assigned_to=cast.front_door_worker)
    assert can_view_contact(cast.front_door_worker, contact) is False


def test_nobody_else_views_a_contact_or_sees_its_people(cast: Cast) -> None:
    contact = submitted_contact(cast)
    for user in (cast.team_manager, cast.practitioner, cast.administrator):
        assert can_view_contact(user, contact) is False
        assert _seen(user) == set()
    assert _seen(ANONYMOUS) == set()
    # The referrer views their contact but sees nobody through it
    assert can_view_contact(cast.involved, contact) is True
    assert _seen(cast.involved) == set()


def _in_social_care_team(role: str, kind: str = OrganisationKind.CHILDRENS_SOCIAL_CARE) -> User:
    team = TeamFactory.create(organisation=OrganisationFactory.create(kind=kind))
    return UserFactory.create(roles=[role], teams=[team], organisation=team.organisation)


def test_childrens_social_care_is_the_front_door_and_casework_users_in_its_teams(
    cast: Cast,
) -> None:
    assert is_childrens_social_care(cast.front_door_worker) is True
    assert is_childrens_social_care(cast.front_door_manager) is True
    assert is_childrens_social_care(_in_social_care_team(Role.PRACTITIONER)) is True
    assert is_childrens_social_care(_in_social_care_team(Role.TEAM_MANAGER)) is True
    assert is_childrens_social_care(_in_social_care_team(Role.PERFORMANCE_ANALYST)) is False
    assert (
        is_childrens_social_care(_in_social_care_team(Role.PRACTITIONER, OrganisationKind.SCHOOL))
        is False
    )
    assert is_childrens_social_care(cast.team_member) is False  # early help
    leaver = _in_social_care_team(Role.PRACTITIONER)
    leaver.is_active = False
    assert is_childrens_social_care(leaver) is False
    cast.front_door_worker.is_active = False
    assert is_childrens_social_care(cast.front_door_worker) is False


def _handover(cast: Cast) -> StepUpHandover:
    assert cast.holding_team.locality is not None
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.early_help_worker,
        children=[cast.child],
        lead=cast.team_member,
    )
    return StepUpHandover.objects.create(
        contact=submitted_contact(cast), episode=episode, handed_over_at=timezone.now()
    )


def _decide(handover: StepUpHandover, by: User, signed_off_by: User | None = None) -> Decision:
    _set(handover.contact, status=ContactStatus.DECIDED)
    return Decision.objects.create(
        contact=handover.contact,
        outcome=Outcome.CSC_ASSESSMENT,
        rationale="Significant harm",
        decided_by=by,
        decided_at=timezone.now(),
        signed_off_by=signed_off_by,
    )


def test_the_front_door_opens_a_handover_while_its_contact_is_open(cast: Cast) -> None:
    handover = _handover(cast)
    assert can_open_handover(cast.front_door_worker, handover) is True
    assert can_open_handover(cast.front_door_manager, handover) is True
    for user in (cast.involved, cast.team_member, cast.practitioner):
        assert can_open_handover(user, handover) is False
    assert can_open_handover(ANONYMOUS, handover) is False  # type: ignore[arg-type]
    cast.front_door_worker.is_active = False
    assert can_open_handover(cast.front_door_worker, handover) is False


def test_once_decided_only_who_decided_or_signed_off_opens_it(cast: Cast) -> None:
    handover = _handover(cast)
    other_worker = UserFactory.create(roles=[Role.FRONT_DOOR_WORKER])
    _decide(handover, by=cast.front_door_worker, signed_off_by=cast.front_door_manager)
    handover.contact.refresh_from_db()
    assert can_open_handover(cast.front_door_worker, handover) is True
    assert can_open_handover(cast.front_door_manager, handover) is True
    assert can_open_handover(other_worker, handover) is False


def test_once_a_referral_childrens_social_care_opens_it(cast: Cast) -> None:
    handover = _handover(cast)
    decision = _decide(handover, by=cast.front_door_manager)
    handover.contact.refresh_from_db()
    social_worker = _in_social_care_team(Role.PRACTITIONER)
    other_worker = UserFactory.create(roles=[Role.FRONT_DOOR_WORKER])
    assert can_open_handover(social_worker, handover) is False
    SocialCareReferral.objects.create(
        decision=decision, route=Outcome.CSC_ASSESSMENT, created_at=timezone.now()
    )
    assert can_open_handover(social_worker, handover) is True
    assert can_open_handover(other_worker, handover) is True  # the front door is social care
    assert can_open_handover(cast.team_member, handover) is False
    social_worker.is_active = False
    assert can_open_handover(social_worker, handover) is False


def test_only_the_referrer_themselves_views_a_contact_they_referred(cast: Cast) -> None:
    # Given a contact referred by someone created after everyone else
    contact = submitted_contact(cast)
    newcomer = UserFactory.create(roles=[Role.PRACTITIONER])
    _set(contact, referrer=newcomer)
    assert can_view_contact(newcomer, contact) is True
    for user in (cast.involved, cast.practitioner, cast.team_manager):
        assert can_view_contact(user, contact) is False
