"""The ladder climbs: each stage is held by someone new who can act (never the person whose
decision is disputed, never nobody), the service's escalation lead takes what nobody else can,
and a disagreement nobody can hold is refused with whom to phone while the administrators are
told; whoever raised it hears of each escalation and of the outcome; high risk runs on the
clock; the first response is due on the holder's "My work"."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from righthelp.accounts.models import Role, User
from righthelp.accounts.tests.factories import UserFactory, manager_of
from righthelp.escalations import selectors, services
from righthelp.escalations.ladder import escalation_lead_for, escalation_leads
from righthelp.escalations.models import Disagreement, DisagreementKind, LadderHolder
from righthelp.frontdoor import services as frontdoor
from righthelp.frontdoor.models import Decision
from righthelp.notifications.models import Notification
from righthelp.people.models import ProfessionalRole
from righthelp.people.tests.factories import InvolvementFactory
from righthelp.workdue.selectors import work_for
from righthelp.workdue.tests.helpers import submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


def worry(cast: Cast, now: datetime | None = None, high_risk: bool = False) -> Disagreement:
    return services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="The allocated worker sees no neglect",
        reason="Hungry every morning",
        risk="Neglect",
        high_risk=high_risk,
        wanted="A home visit",
        now=now,
    )


def escalate(actor: User, disagreement: Disagreement, now: datetime | None = None) -> None:
    services.stage_record(
        actor=actor,
        disagreement=disagreement,
        conversation="Not agreed",
        outcome="escalate",
        now=now,
    )


def owners(disagreement: Disagreement, number: int) -> set[str]:
    stage = disagreement.stages.get(number=number)
    return {user.username for user in stage.owners.all()}


def named(cast: Cast, level: str, username: str) -> User:
    """A user the early help service names for ``level``."""
    organisation = cast.holding_team.organisation
    user = UserFactory(username=username, organisation=organisation, roles=[Role.TEAM_MANAGER])
    LadderHolder.objects.create(organisation=organisation, level=level, user=user)
    return user


@pytest.fixture
def allocated(cast: Cast) -> User:
    InvolvementFactory(
        person=cast.child,
        user=cast.team_member,
        role=ProfessionalRole.ALLOCATED_WORKER,
        organisation=cast.team_member.organisation,
    )
    return cast.team_member


def declined_by_the_front_door_manager(cast: Cast) -> Decision:
    """A referral the front door's manager (who also manages its team) declined themselves."""
    front_door_team = cast.front_door_worker.team_memberships.get().team
    manager_of(cast.front_door_manager, front_door_team)
    contact = submitted_contact(cast)
    return frontdoor.decision_record(
        actor=cast.front_door_manager,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
    )


def raise_about(cast: Cast, decision: Decision) -> Disagreement:
    return services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.FRONT_DOOR_DECISION,
        disagree_with="Advice only",
        reason="The worry is growing",
        risk="Neglect",
        high_risk=False,
        wanted="Early help",
        about_decision=decision,
    )


def csc_holder(cast: Cast, level: str, username: str) -> User:
    organisation = cast.front_door_manager.organisation
    assert organisation is not None
    user = UserFactory(username=username, organisation=organisation, roles=[Role.TEAM_MANAGER])
    LadderHolder.objects.create(organisation=organisation, level=level, user=user)
    return user


# --- 1. Never the person whose decision is disputed; never nobody ----------------------------


def test_the_manager_who_made_the_disputed_decision_holds_no_stage_above_the_first(
    cast: Cast,
) -> None:
    # Given the front door's manager declined the referral and manages the front-door team
    decision = declined_by_the_front_door_manager(cast)
    csc_holder(cast, "Service manager", "csc_service_manager")
    csc_holder(cast, "Head of service", "csc_head")
    disagreement = raise_about(cast, decision)
    # Then they hold the first stage (the worker's: talk to whoever decided first)
    assert owners(disagreement, 1) == {"fd_manager"}
    # And not one stage above it, though they manage the team and nobody holds some levels
    for _ in range(3):
        escalate(cast.involved, disagreement)
    for number in (2, 3, 4):
        assert owners(disagreement, number), number
        assert "fd_manager" not in owners(disagreement, number), number
    assert owners(disagreement, 2) == {"csc_service_manager"}
    assert owners(disagreement, 3) == {"csc_head"}


def test_with_nobody_named_another_front_door_manager_takes_it_not_the_one_who_decided(
    cast: Cast,
) -> None:
    # Given the front door's manager declined the referral, nobody is named above the team
    # manager, and the front door has a second manager
    decision = declined_by_the_front_door_manager(cast)
    UserFactory(
        username="fd_manager_2",
        organisation=cast.front_door_manager.organisation,
        roles=[Role.FRONT_DOOR_MANAGER],
    )
    disagreement = raise_about(cast, decision)
    for _ in range(3):
        escalate(cast.involved, disagreement)
    # Then the second manager holds every stage above the first, never the one who decided
    for number in (2, 3, 4):
        assert owners(disagreement, number) == {"fd_manager_2"}, number


def test_the_disputed_worker_is_not_told_as_the_next_level_either(cast: Cast) -> None:
    decision = declined_by_the_front_door_manager(cast)
    csc_holder(cast, "Service manager", "csc_service_manager")
    stage = raise_about(cast, decision).stages.get(number=1)
    assert {u.username for u in stage.next_level_holders.all()} == {"csc_service_manager"}


def test_the_same_person_does_not_hold_two_stages_in_a_row_when_the_ladder_offers_another(
    cast: Cast,
) -> None:
    # Given nobody is allocated: the team's manager takes the first stage
    named(cast, "Service manager", "service_manager")
    disagreement = worry(cast)
    assert owners(disagreement, 1) == {"team_manager"}
    # When it climbs to the team manager's level, someone new takes it
    escalate(cast.team_manager, disagreement)
    assert owners(disagreement, 2) == {"service_manager"}


def test_with_nobody_else_on_the_ladder_the_same_manager_may_hold_the_next_stage(
    cast: Cast,
) -> None:
    disagreement = worry(cast)
    escalate(cast.team_manager, disagreement)
    assert owners(disagreement, 2) == {"team_manager"}


def test_a_worry_nobody_holds_goes_to_the_services_escalation_lead(
    cast: Cast, settings: Settings
) -> None:
    # Given a child whose work nobody holds, and the service's lead named by e-mail
    cast.child.professionals.filter(team__isnull=False).update(team=None)
    UserFactory(username="duty_lead", email="Duty.Lead@example.org")
    settings.RIGHTHELP_ESCALATION_LEAD = "duty.lead@example.org"
    disagreement = worry(cast)
    assert owners(disagreement, 1) == {"duty_lead"}
    (notice,) = Notification.objects.filter(recipient__username="duty_lead")
    assert notice.subject == "A professional disagreement has been raised with you"


def test_the_lead_is_chosen_for_the_service_the_disagreement_is_with(
    cast: Cast, settings: Settings
) -> None:
    # Given per-service leads: the decision the front door's manager made is with social care
    decision = declined_by_the_front_door_manager(cast)
    UserFactory(username="eh_lead")
    UserFactory(username="csc_lead")
    settings.RIGHTHELP_ESCALATION_LEAD = "early_help=eh_lead, childrens_social_care=csc_lead"
    disagreement = raise_about(cast, decision)
    escalate(cast.involved, disagreement)
    assert owners(disagreement, 2) == {"csc_lead"}


def test_the_escalation_lead_setting_reads_one_lead_or_one_per_service() -> None:
    assert escalation_leads("lead@example.org") == {"*": "lead@example.org"}
    setting = "childrens_social_care = a@example.org, early_help=b, *=c"
    assert escalation_leads(setting) == {
        "childrens_social_care": "a@example.org",
        "early_help": "b",
        "*": "c",
    }
    assert escalation_lead_for(setting, "early_help") == "b"
    assert escalation_lead_for(setting, "health") == "c"
    assert escalation_lead_for("", "health") == ""


def test_with_no_lead_raising_is_refused_saying_whom_to_phone_and_administrators_are_told(
    cast: Cast,
    client: Client,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # Given a child whose work nobody holds and no escalation lead configured
    cast.child.professionals.filter(team__isnull=False).update(team=None)
    settings.RIGHTHELP_ESCALATION_LEAD = ""
    settings.RIGHTHELP_FRONT_DOOR_PHONE = "01482 448879"
    cast.administrator.email = "admin@example.org"
    cast.administrator.save()
    client.force_login(cast.involved)
    # When a worker raises a worry not shared
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("escalations:raise", kwargs={"person_id": cast.child.pk}),
            {
                "kind": "worry_not_shared",
                "disagree_with": "No worries recorded",
                "reason": "Hungry every morning",
                "risk": "Neglect",
                "wanted": "A home visit",
            },
        )
    # Then it is refused, plainly, with the front door's number, keeping what was typed
    assert response.status_code == 200
    content = " ".join(response.content.decode().split())
    assert "Nobody can take up this disagreement" in content
    assert "phone the front door on 01482 448879" in content
    assert "Hungry every morning" in content
    assert not Disagreement.objects.exists()
    # And the administrators are told, in the app and by e-mail
    (notice,) = Notification.objects.filter(recipient=cast.administrator)
    assert "nobody holds Worker" in notice.subject
    assert "RIGHTHELP_ESCALATION_LEAD" in notice.body
    assert notice.link == reverse("admin:escalations_ladderholder_changelist")
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]


def test_escalating_to_a_level_nobody_can_hold_is_refused_and_the_administrators_told(
    cast: Cast, client: Client, settings: Settings
) -> None:
    # Given the front door's manager declined the referral, and nobody else is on the ladder
    decision = declined_by_the_front_door_manager(cast)
    settings.RIGHTHELP_ESCALATION_LEAD = ""
    disagreement = raise_about(cast, decision)
    # Then it cannot climb to someone other than them: the page says so and whom to phone
    client.force_login(cast.involved)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    response = client.post(detail, {"conversation": "Not agreed", "outcome": "escalate"})
    assert response.status_code == 200
    assert "Nobody can take up this disagreement" in response.content.decode()
    disagreement.refresh_from_db()
    assert disagreement.current_stage_number == 1
    assert disagreement.stages.get(number=1).decided_at is None
    assert Notification.objects.filter(recipient=cast.administrator).count() == 1


def test_the_service_refuses_a_stage_nobody_can_hold(cast: Cast, settings: Settings) -> None:
    cast.child.professionals.filter(team__isnull=False).update(team=None)
    settings.RIGHTHELP_ESCALATION_LEAD = "nobody-by-this-name"
    with pytest.raises(services.NoStageHolder):
        worry(cast)


def test_check_warns_when_no_escalation_lead_is_configured(settings: Settings) -> None:
    settings.RIGHTHELP_ESCALATION_LEAD = ""
    assert "escalations.W001" in {
        message.id for message in run_checks(include_deployment_checks=True)
    }
    settings.RIGHTHELP_ESCALATION_LEAD = "lead@example.org"
    assert "escalations.W001" not in {
        message.id for message in run_checks(include_deployment_checks=True)
    }


def test_check_warns_when_the_escalation_lead_names_nobody(settings: Settings) -> None:
    settings.RIGHTHELP_ESCALATION_LEAD = "childrens_social_care=nobody@example.org"
    found = run_checks(include_deployment_checks=False, databases=["default"])
    assert "escalations.W002" in {message.id for message in found}


# --- 4. Clock hours, "Due today" and telling whoever raised it --------------------------------


def test_the_first_response_due_is_in_the_holders_due_today(cast: Cast, allocated: User) -> None:
    # Given a disagreement raised on Monday at 9am: first response due Tuesday at 9am
    disagreement = worry(cast, now=at(2026, 9, 7, 9, 0))
    stage = disagreement.stages.get()
    assert stage.respond_by == at(2026, 9, 8, 9, 0)
    # Then on Tuesday morning it is in the holder's "Due today", due at the first response
    work = work_for(cast.team_member, now=at(2026, 9, 8, 7, 0))
    (item,) = work.due_today
    assert item.kind == "escalation-stage" and item.due_at == stage.respond_by
    assert "first response due" in item.title


def test_a_high_risk_first_response_is_due_within_hours_on_the_day(
    cast: Cast, allocated: User
) -> None:
    disagreement = worry(cast, now=at(2026, 9, 5, 9, 0), high_risk=True)  # a Saturday
    (item,) = work_for(cast.team_member, now=at(2026, 9, 5, 10, 0)).due_today
    assert item.due_at == disagreement.stages.get().respond_by == at(2026, 9, 5, 13, 0)


def test_after_the_first_response_the_stage_is_due_for_its_resolution(
    cast: Cast, allocated: User, client: Client
) -> None:
    disagreement = worry(cast, now=at(2026, 9, 7, 9, 0))
    client.force_login(cast.team_member)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    response = client.post(
        detail, {"action": "respond", "response-response": "Visiting on Wednesday"}, follow=True
    )
    assert "Your first response has been recorded" in response.content.decode()
    stage = disagreement.stages.get()
    assert stage.responded_by == cast.team_member and stage.response == "Visiting on Wednesday"
    work = work_for(cast.team_member, now=at(2026, 9, 8, 7, 0))
    assert work.due_today == []
    (item,) = work.due_this_week
    assert item.due_at == stage.due_at and "resolution due" in item.title


def test_an_empty_first_response_is_refused_on_the_page(
    cast: Cast, allocated: User, client: Client
) -> None:
    disagreement = worry(cast)
    client.force_login(cast.team_member)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    response = client.post(detail, {"action": "respond", "response-response": " "})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in content and "Enter your first response" in content
    assert disagreement.stages.get().responded_at is None


def test_only_the_stages_holder_records_its_first_response(cast: Cast, allocated: User) -> None:
    disagreement = worry(cast)
    with pytest.raises(ValidationError):
        services.stage_respond(actor=cast.team_manager, disagreement=disagreement, response="x")


def test_whoever_raised_it_is_told_of_each_escalation_and_the_outcome_once_each(
    cast: Cast, allocated: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    named(cast, "Service manager", "service_manager")
    cast.involved.email = "raiser@example.org"
    cast.involved.save()
    with django_capture_on_commit_callbacks(execute=True):
        disagreement = worry(cast)
        escalate(cast.team_member, disagreement)
        escalate(cast.team_manager, disagreement)
        services.stage_record(
            actor=cast.team_manager,
            disagreement=disagreement,
            conversation="Agreed a home visit",
            outcome="resolved",
            resolution="Home visit on Thursday",
        )
    told = Notification.objects.filter(recipient=cast.involved).order_by("pk")
    assert [n.subject for n in told] == [
        "Your professional disagreement has been escalated to Team manager",
        "Your professional disagreement has been escalated to Service manager",
        "Your professional disagreement has been resolved",
    ]
    assert all(n.link == reverse("escalations:detail", args=[disagreement.pk]) for n in told)
    assert "Kayden" not in " ".join(n.subject + n.body for n in told)
    to_raiser = [m for m in mail.outbox if m.to == ["raiser@example.org"]]
    assert len(to_raiser) == 3


def test_an_upheld_declined_referral_reopens_the_contact_and_links_the_new_decision(
    cast: Cast, client: Client
) -> None:
    # Given a referral the front door declined (decided by its worker, signed off)
    manager_of(cast.front_door_manager, cast.front_door_worker.team_memberships.get().team)
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    declined = frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
    )
    frontdoor.decision_sign_off(actor=cast.front_door_manager, decision=declined, agreed=True)
    disagreement = raise_about(cast, declined)
    escalate(cast.involved, disagreement)
    # When the front door's manager upholds the disagreement
    services.stage_record(
        actor=cast.front_door_manager,
        disagreement=disagreement,
        conversation="The worry meets the threshold for early help",
        outcome="upheld",
        resolution="The front door will decide again: targeted early help",
    )
    disagreement.refresh_from_db()
    assert disagreement.upheld is True
    report = selectors.disagreement_report(user=cast.analyst)
    assert report.by_outcome == [("Upheld at Team manager", 1)]
    # Then the contact is back with the front door for a new decision, the old one kept
    contact.refresh_from_db()
    assert contact.status == "in_triage"
    assert list(contact.decisions.all()) == [declined]
    assert selectors.changed_decision(disagreement) is None
    told = Notification.objects.get(
        recipient=cast.involved, key=f"escalation:raiser:outcome:{disagreement.pk}"
    )
    assert told.subject == "Your professional disagreement has been upheld"
    # And the front door's new decision, made the usual way, is what the disagreement links to
    new = frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="early_help_targeted",
        rationale="Targeted early help after the disagreement",
        locality=cast.holding_team.organisation.locality,
    )
    assert selectors.changed_decision(disagreement) == new
    assert set(contact.decisions.all()) == {declined, new}
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    client.force_login(cast.involved)
    page = " ".join(client.get(detail).content.decode().split())
    assert "The changed decision" in page and "Early help: targeted early help" in page
    assert reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk}) in page
    # And the front door's contact page links the upheld disagreement
    client.force_login(cast.front_door_worker)
    contact_page = client.get(reverse("frontdoor:contact", kwargs={"contact_id": contact.pk}))
    assert detail in contact_page.content.decode()
    assert "upheld" in contact_page.content.decode()


def test_a_disagreement_resolved_without_upholding_it_leaves_the_decision(cast: Cast) -> None:
    manager_of(cast.front_door_manager, cast.front_door_worker.team_memberships.get().team)
    contact = submitted_contact(cast)
    declined = frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
    )
    frontdoor.decision_sign_off(actor=cast.front_door_manager, decision=declined, agreed=True)
    disagreement = raise_about(cast, declined)
    services.stage_record(
        actor=cast.front_door_worker,
        disagreement=disagreement,
        conversation="Talked it through",
        outcome="resolved",
        resolution="The school will offer pastoral support",
    )
    contact.refresh_from_db()
    disagreement.refresh_from_db()
    assert disagreement.upheld is False and contact.status == "decided"


def test_only_the_front_door_reopens_a_contact_without_an_upheld_disagreement(cast: Cast) -> None:
    contact = submitted_contact(cast)
    declined = frontdoor.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Universal services can meet these needs",
    )
    frontdoor.decision_sign_off(actor=cast.front_door_manager, decision=declined, agreed=True)
    with pytest.raises(PermissionError):
        frontdoor.contact_reopen_for_decision(actor=cast.involved, contact=contact, reason="x")
    reopened = frontdoor.contact_reopen_for_decision(
        actor=cast.front_door_manager, contact=contact, reason="New information"
    )
    assert reopened.status == "received"
    with pytest.raises(ValidationError):
        frontdoor.contact_reopen_for_decision(
            actor=cast.front_door_manager, contact=contact, reason="Again"
        )
