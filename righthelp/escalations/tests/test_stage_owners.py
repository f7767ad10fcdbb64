"""Who holds each stage of a disagreement (``selectors.level_holders``), how they are told when
it is raised or climbs to them, and how an overdue stage reaches the next level: through
``overdue_stages``, "My work" and the scheduled command (once, however often it runs)."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from righthelp.accounts.models import Role, User
from righthelp.accounts.tests.factories import (
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)
from righthelp.escalations import selectors, services
from righthelp.escalations.models import Disagreement, DisagreementKind, LadderHolder
from righthelp.frontdoor import services as frontdoor
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.people.models import ProfessionalRole
from righthelp.people.tests.factories import InvolvementFactory
from righthelp.workdue.selectors import work_for
from righthelp.workdue.tests.helpers import submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


def worry(cast: Cast, now: datetime | None = None, actor: User | None = None) -> Disagreement:
    return services.disagreement_raise(
        actor=actor or cast.involved,
        child=cast.child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="The allocated worker sees no neglect",
        reason="Hungry every morning",
        risk="Neglect",
        high_risk=False,
        wanted="A home visit",
        now=now,
    )


def escalate(cast: Cast, disagreement: Disagreement, now: datetime | None = None) -> None:
    services.stage_record(
        actor=cast.team_manager,
        disagreement=disagreement,
        conversation="Not agreed",
        outcome="escalate",
        now=now,
    )


def owners(disagreement: Disagreement, number: int) -> set[str]:
    stage = disagreement.stages.get(number=number)
    return {user.username for user in stage.owners.all()}


@pytest.fixture
def allocated(cast: Cast) -> User:
    """The child's allocated worker: a member of the team that holds the work."""
    InvolvementFactory(
        person=cast.child,
        user=cast.team_member,
        role=ProfessionalRole.ALLOCATED_WORKER,
        organisation=cast.team_member.organisation,
    )
    return cast.team_member


@pytest.fixture
def service_manager(cast: Cast) -> User:
    user = UserFactory(
        username="service_manager",
        organisation=cast.holding_team.organisation,
        roles=[Role.TEAM_MANAGER],
    )
    LadderHolder.objects.create(
        organisation=cast.holding_team.organisation, level="Service manager", user=user
    )
    return user


# --- Who holds each level --------------------------------------------------------------------


def test_a_worry_not_shared_is_held_by_the_allocated_worker_then_their_team_manager(
    cast: Cast, allocated: User
) -> None:
    disagreement = worry(cast)
    assert owners(disagreement, 1) == {"team_member"}
    escalate(cast, disagreement)
    assert owners(disagreement, 2) == {"team_manager"}


def test_a_higher_level_is_held_by_the_users_named_for_it_in_the_agency_it_is_with(
    cast: Cast, allocated: User, service_manager: User
) -> None:
    disagreement = worry(cast)
    escalate(cast, disagreement)
    escalate(cast, disagreement)
    assert owners(disagreement, 3) == {"service_manager"}


def test_a_level_with_nobody_falls_to_the_next_level_down_that_has_someone(
    cast: Cast, allocated: User, service_manager: User
) -> None:
    disagreement = worry(cast)
    for _ in range(3):
        escalate(cast, disagreement)
    # Nobody is named as head of service, so the service manager holds stage 4.
    assert disagreement.stages.get(number=4).level == "Head of service"
    assert owners(disagreement, 4) == {"service_manager"}


def test_holders_named_in_another_agency_do_not_hold_this_one(cast: Cast, allocated: User) -> None:
    elsewhere = OrganisationFactory(name="Somewhere else")
    LadderHolder.objects.create(
        organisation=elsewhere,
        level="Service manager",
        user=UserFactory(username="elsewhere", organisation=elsewhere),
    )
    disagreement = worry(cast)
    escalate(cast, disagreement)
    escalate(cast, disagreement)
    assert owners(disagreement, 3) == {"team_manager"}


def test_with_no_worker_the_managers_of_the_team_holding_the_work_hold_the_first_stage(
    cast: Cast,
) -> None:
    disagreement = worry(cast)  # the child's work is held by a team, with no named worker
    assert owners(disagreement, 1) == {"team_manager"}


def test_the_raisers_own_managers_do_not_hold_a_disagreement_nobody_else_holds(
    cast: Cast, settings: Settings
) -> None:
    # Given a child with nobody around them but the raiser, whose own agency has a manager
    school_team = TeamFactory(name="Westfield pastoral", organisation=cast.involved.organisation)
    head = UserFactory(username="head", organisation=cast.involved.organisation)
    manager_of(head, school_team)
    cast.child.professionals.filter(team__isnull=False).update(team=None)
    # When the service names its escalation lead, the lead holds it: the raiser's own manager
    # is on the raiser's side, not the other agency's.
    lead = UserFactory(username="escalation_lead", email="lead@example.org")
    settings.RIGHTHELP_ESCALATION_LEAD = "lead@example.org"
    disagreement = worry(cast)
    assert owners(disagreement, 1) == {lead.username}


def test_the_raiser_never_holds_their_own_disagreement(cast: Cast, allocated: User) -> None:
    InvolvementFactory(
        person=cast.child,
        user=cast.involved,
        role=ProfessionalRole.ALLOCATED_WORKER,
        organisation=cast.involved.organisation,
    )
    disagreement = worry(cast)
    assert owners(disagreement, 1) == {"team_member"}


def test_a_front_door_decision_is_held_by_whoever_decided_then_their_team_manager(
    cast: Cast,
) -> None:
    manager_of(cast.front_door_manager, cast.front_door_worker.team_memberships.get().team)
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    decision = frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
        decided_scale=1,
        differs_reason="The worry is met by the school's pastoral support",
    )
    disagreement = services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.FRONT_DOOR_DECISION,
        disagree_with="Advice only",
        reason="The worry is growing",
        risk="Neglect",
        high_risk=True,
        wanted="Early help",
        about_decision=decision,
    )
    assert owners(disagreement, 1) == {"fd_worker"}
    stage = disagreement.stages.get(number=1)
    assert {u.username for u in stage.next_level_holders.all()} == {"fd_manager"}
    escalate(cast, disagreement)
    assert owners(disagreement, 2) == {"fd_manager"}


# --- Telling them ----------------------------------------------------------------------------


def test_raising_tells_the_first_stages_owners_once_by_e_mail_after_commit(
    cast: Cast, allocated: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    cast.team_member.email = "worker@example.org"
    cast.team_member.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        disagreement = worry(cast)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    (notice,) = Notification.objects.filter(kind=NotificationKind.ESCALATION_RAISED)
    assert notice.recipient == cast.team_member
    assert notice.subject == "A professional disagreement has been raised with you"
    assert notice.link == reverse("escalations:detail", args=[disagreement.pk])
    assert "Kayden" not in notice.body + notice.subject  # a notice names no child
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]


def test_climbing_to_a_new_stage_tells_its_owners(
    cast: Cast, allocated: User, service_manager: User
) -> None:
    disagreement = worry(cast)
    escalate(cast, disagreement)
    escalate(cast, disagreement)
    told = Notification.objects.filter(kind=NotificationKind.ESCALATION_RAISED)
    assert sorted((n.recipient.username, n.subject) for n in told) == [
        (
            "service_manager",
            "A professional disagreement has been escalated to you (Service manager)",
        ),
        ("team_manager", "A professional disagreement has been escalated to you (Team manager)"),
        ("team_member", "A professional disagreement has been raised with you"),
    ]


# --- Overdue stages reach the next level -----------------------------------------------------


def test_overdue_stages_are_owned_by_the_stage_and_the_next_level(
    cast: Cast, allocated: User
) -> None:
    disagreement = worry(cast, now=at(2026, 9, 7, 9, 0))
    (overdue,) = selectors.overdue_stages(now=at(2026, 9, 10, 9, 0))
    assert overdue.disagreement == disagreement and overdue.next_level == "Team manager"
    assert set(overdue.owner_ids) == {cast.team_member.pk, cast.team_manager.pk}


def test_a_stage_not_yet_overdue_is_only_its_owners(cast: Cast, allocated: User) -> None:
    worry(cast, now=at(2026, 9, 7, 9, 0))
    (due,) = selectors.stages_due(before=at(2026, 9, 14, 0, 0), now=at(2026, 9, 8, 9, 0))
    assert not due.overdue and due.owner_ids == (cast.team_member.pk,)
    assert selectors.overdue_stages(now=at(2026, 9, 8, 9, 0)) == []


def test_an_overdue_stage_is_on_my_work_for_its_owner_and_the_next_level(
    cast: Cast, allocated: User
) -> None:
    disagreement = worry(cast, now=timezone.now() - timedelta(days=30))
    for user in (cast.team_member, cast.team_manager):
        (item,) = work_for(user).overdue
        assert item.kind == "escalation-stage"
        assert item.link == reverse("escalations:detail", args=[disagreement.pk])
    assert work_for(cast.other_manager).overdue == []


def test_the_command_tells_the_next_level_about_an_overdue_stage_once(
    cast: Cast, allocated: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    worry(cast, now=timezone.now() - timedelta(days=30))
    cast.team_manager.email = "manager@example.org"
    cast.team_manager.save()
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_notifications", stdout=out)
        call_command("send_due_notifications", stdout=out)
    overdue = Notification.objects.filter(kind=NotificationKind.OVERDUE)
    assert sorted(n.recipient.username for n in overdue) == ["team_manager", "team_member"]
    to_manager = overdue.get(recipient=cast.team_manager)
    assert to_manager.subject.startswith("Overdue: Professional disagreement")
    assert "Team manager" in to_manager.body
    assert [m.to for m in mail.outbox] == [["manager@example.org"]]
    first, second = out.getvalue().splitlines()
    assert first.endswith("2 sent") and second.endswith("0 sent")


# --- Holders may open what they are told about ---------------------------------------------


def test_a_named_holder_opens_and_records_the_stage_without_the_childs_record(
    cast: Cast, client: Client, allocated: User, service_manager: User
) -> None:
    disagreement = worry(cast)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    client.force_login(service_manager)
    assert client.get(detail).status_code == 404  # not theirs yet
    escalate(cast, disagreement)  # stage 2: told when it runs late, as the next level
    assert client.get(detail).status_code == 200
    escalate(cast, disagreement)  # stage 3: theirs
    response = client.post(
        detail, {"conversation": "Agreed a visit", "outcome": "resolved", "resolution": "Visit"}
    )
    assert response.status_code == 302
    disagreement.refresh_from_db()
    assert disagreement.status == "resolved"
    child = reverse("people:detail", kwargs={"person_id": cast.child.pk})
    assert client.get(child).status_code == 404
    client.force_login(cast.practitioner)
    assert client.get(detail).status_code == 404


# --- Administration --------------------------------------------------------------------------


def test_administrators_name_ladder_holders_in_django_admin(cast: Cast, client: Client) -> None:
    client.force_login(cast.administrator)
    add = reverse("admin:escalations_ladderholder_add")
    page = client.get(add).content.decode()
    assert "Service manager" in page and "Partnership chair" in page
    response = client.post(
        add,
        {
            "organisation": cast.holding_team.organisation.pk,
            "level": "Head of service",
            "user": cast.other_manager.pk,
        },
    )
    assert response.status_code == 302
    assert LadderHolder.objects.get().level == "Head of service"


def test_the_page_says_who_holds_the_stage_and_who_is_told_if_it_runs_late(
    cast: Cast, client: Client, allocated: User, service_manager: User
) -> None:
    disagreement = worry(cast)
    escalate(cast, disagreement)  # stage 2: the team manager; the service manager is next
    client.force_login(cast.team_manager)
    page = client.get(reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk}))
    content = " ".join(page.content.decode().split())
    assert f"Held by {cast.team_manager.display_name}." in content
    assert f"If it runs late, {service_manager.display_name} is told." in content
