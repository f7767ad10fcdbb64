"""Nottingham's ladder (seed 003, "Resolving inter-agency disagreements"): the fieldwork line
management, the referrer's side at each level (their line manager or safeguarding lead, then
their agency's equivalents), and the route straight to the service manager when the social
worker and team manager cannot be reached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from righthelp.accounts.models import Organisation, Role, TeamMembership, User
from righthelp.accounts.tests.factories import TeamFactory, UserFactory, manager_of
from righthelp.escalations import services
from righthelp.escalations.ladder import ladder_for
from righthelp.escalations.models import Disagreement, DisagreementKind, LadderHolder
from righthelp.notifications.models import Notification
from righthelp.people.models import ProfessionalRole
from righthelp.people.tests.factories import InvolvementFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

RAISE = {
    "kind": "worry_not_shared",
    "disagree_with": "The social worker sees no neglect",
    "reason": "Hungry every morning",
    "risk": "Neglect",
    "wanted": "A home visit",
}


@pytest.fixture
def nottingham(settings: Settings) -> None:
    settings.RIGHTHELP_ESCALATION_LADDER = "nottingham-2018"


@pytest.fixture
def social_worker(cast: Cast) -> User:
    """The child's allocated worker, in the team that holds the work."""
    InvolvementFactory(
        person=cast.child,
        user=cast.team_member,
        role=ProfessionalRole.ALLOCATED_WORKER,
        organisation=cast.team_member.organisation,
    )
    return cast.team_member


@pytest.fixture
def service_manager(cast: Cast) -> User:
    organisation = cast.holding_team.organisation
    user = UserFactory(
        username="service_manager", organisation=organisation, roles=[Role.TEAM_MANAGER]
    )
    LadderHolder.objects.create(organisation=organisation, level="Service manager", user=user)
    return user


@pytest.fixture
def school(cast: Cast) -> Organisation:
    """The raiser's side: their headteacher (line manager), their school's safeguarding lead,
    and the chair of governors named as the school's equivalent of a head of service."""
    organisation = cast.involved.organisation
    assert organisation is not None
    staff = TeamFactory(name="Westfield staff", organisation=organisation)
    TeamMembership.objects.create(user=cast.involved, team=staff)
    head = UserFactory(
        username="headteacher",
        first_name="Helen",
        last_name="Hart",
        job_title="Headteacher",
        organisation=organisation,
        roles=[Role.PRACTITIONER],
    )
    manager_of(head, staff)
    dsl = UserFactory(username="dsl", organisation=organisation, roles=[Role.PRACTITIONER])
    LadderHolder.objects.create(organisation=organisation, level="Safeguarding lead", user=dsl)
    chair = UserFactory(
        username="chair_of_governors", organisation=organisation, roles=[Role.PRACTITIONER]
    )
    LadderHolder.objects.create(organisation=organisation, level="Head of service", user=chair)
    return organisation


def worry(cast: Cast, **extra: Any) -> Disagreement:
    return services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="The social worker sees no neglect",
        reason="Hungry every morning",
        risk="Neglect",
        high_risk=False,
        wanted="A home visit",
        **extra,
    )


def escalate(cast: Cast, disagreement: Disagreement, outcome: str = "escalate") -> None:
    services.stage_record(
        actor=cast.involved,
        disagreement=disagreement,
        conversation="Not agreed",
        outcome=outcome,
    )


def side(disagreement: Disagreement, number: int) -> set[str]:
    stage = disagreement.stages.get(number=number)
    return {user.username for user in stage.referrer_side.all()}


def test_nottinghams_ladder_is_its_fieldwork_line_management() -> None:
    assert ladder_for("school", "nottingham-2018") == [
        "Social worker",
        "Team manager",
        "Service manager",
        "Head of service",
        "Director",
        "Corporate director",
        "Safeguarding children board chair",
    ]


def test_the_referrers_side_is_named_at_each_level(
    cast: Cast, nottingham: None, social_worker: User, school: Organisation
) -> None:
    disagreement = worry(cast)
    assert disagreement.partnership == "nottingham-2018"
    assert disagreement.stages.get().level == "Social worker"
    for _ in range(4):
        escalate(cast, disagreement)
    # The referrer alone with the social worker; then their line manager or safeguarding lead
    # with the team manager and the service manager; then their agency's equivalents, or their
    # line manager or safeguarding lead where it names none.
    assert side(disagreement, 1) == {"involved"}
    assert side(disagreement, 2) == side(disagreement, 3) == {"headteacher", "dsl"}
    assert side(disagreement, 4) == {"chair_of_governors"}
    assert side(disagreement, 5) == {"headteacher", "dsl"}


def test_the_referrers_side_is_told_and_sees_it_on_the_stage_page(
    cast: Cast, client: Client, nottingham: None, social_worker: User, school: Organisation
) -> None:
    disagreement = worry(cast)
    escalate(cast, disagreement)
    (notice,) = Notification.objects.filter(recipient__username="headteacher")
    assert "you are on their side" in notice.subject and "Team manager" in notice.subject
    client.force_login(notice.recipient)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    page = " ".join(client.get(detail).content.decode().split())
    assert "On the referrer's side: Helen Hart (Headteacher, Westfield Primary)" in page
    # The child's record stays closed to them.
    child = reverse("people:detail", kwargs={"person_id": cast.child.pk})
    assert client.get(child).status_code == 404


def test_the_default_ladder_has_no_referrers_side(
    cast: Cast, social_worker: User, school: Organisation
) -> None:
    disagreement = worry(cast)
    escalate(cast, disagreement)
    assert side(disagreement, 1) == side(disagreement, 2) == set()


def test_could_not_reach_opens_the_stage_at_the_service_manager_with_the_reason(
    cast: Cast, client: Client, nottingham: None, social_worker: User, service_manager: User
) -> None:
    client.force_login(cast.involved)
    url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    form = client.get(url).content.decode()
    assert "I could not reach the social worker or team manager in time" in form
    response = client.post(
        url,
        {
            **RAISE,
            "could_not_reach": "on",
            "could_not_reach_reason": "Phoned the social worker and team manager twice today",
        },
        follow=True,
    )
    disagreement = Disagreement.objects.get()
    assert disagreement.current_stage_number == 3
    (stage,) = disagreement.stages.all()
    assert stage.level == "Service manager" and stage.number == 3
    assert stage.reached_directly_because == "Phoned the social worker and team manager twice today"
    assert {u.username for u in stage.owners.all()} == {"service_manager"}
    page = " ".join(response.content.decode().split())
    assert "Opened straight at this level" in page
    assert "Phoned the social worker and team manager twice today" in page
    assert Notification.objects.filter(recipient=service_manager).count() == 1


def test_could_not_reach_needs_the_reason(
    cast: Cast, client: Client, nottingham: None, social_worker: User
) -> None:
    client.force_login(cast.involved)
    url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    response = client.post(url, {**RAISE, "could_not_reach": "on"})
    assert response.status_code == 200
    assert "Say who you tried to reach, how, and why it could not wait" in response.content.decode()
    assert not Disagreement.objects.exists()


def test_could_not_reach_from_the_social_workers_stage_goes_to_the_service_manager(
    cast: Cast, nottingham: None, social_worker: User, service_manager: User
) -> None:
    disagreement = worry(cast)
    escalate(cast, disagreement, outcome="could_not_reach")
    disagreement.refresh_from_db()
    assert disagreement.current_stage_number == 3
    first, third = disagreement.stages.order_by("number")
    assert first.outcome == "could_not_reach" and third.level == "Service manager"
    assert third.reached_directly_because == "Not agreed"
    told = Notification.objects.get(recipient=cast.involved)
    assert told.subject == "Your professional disagreement has been escalated to Service manager"


def test_the_default_ladder_has_no_route_straight_to_a_higher_level(
    cast: Cast, client: Client, social_worker: User, service_manager: User
) -> None:
    with pytest.raises(ValidationError):
        worry(cast, could_not_reach=True, could_not_reach_reason="Nobody answered")
    disagreement = worry(cast)
    with pytest.raises(ValidationError):
        escalate(cast, disagreement, outcome="could_not_reach")
    client.force_login(cast.involved)
    form = client.get(reverse("escalations:raise", kwargs={"person_id": cast.child.pk}))
    assert "could_not_reach" not in form.content.decode()
