"""Professional disagreements: the ladder and its timescales, escalation and resolution,
who may see them, the managers' list, the report and the pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.core.working_days import calendar_for
from righthelp.escalations import selectors, services
from righthelp.escalations.ladder import add_working_hours, ladder_for
from righthelp.escalations.models import Disagreement, DisagreementKind, DisagreementStatus

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


def raise_one(cast: Cast, high_risk: bool = False, now: datetime | None = None) -> Disagreement:
    return services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="The allocated worker sees no neglect",
        reason="Hungry every morning, same clothes all week",
        risk="Neglect",
        high_risk=high_risk,
        wanted="A home visit and a TAF meeting",
        now=now,
    )


# --- Ladder and timescales ------------------------------------------------------------------


def test_the_default_ladder_is_the_partnerships_seven_levels() -> None:
    assert ladder_for("school") == [
        "Worker",
        "Team manager",
        "Service manager",
        "Head of service",
        "Director",
        "Corporate director",
        "Partnership chair",
    ]


def test_working_hours_skip_the_weekend_and_a_bank_holiday() -> None:
    calendar = calendar_for("england-and-wales")
    friday = at(2026, 8, 28, 10, 0)  # Monday 31 August 2026 is the summer bank holiday
    assert add_working_hours(calendar, friday, 24) == at(2026, 9, 1, 10, 0)
    assert add_working_hours(calendar, friday, 48) == at(2026, 9, 2, 10, 0)
    assert add_working_hours(calendar, friday, 4) == at(2026, 8, 28, 14, 0)
    saturday = at(2026, 8, 29, 15, 0)
    assert add_working_hours(calendar, saturday, 4) == at(2026, 9, 1, 13, 0)


def test_a_stage_is_due_in_24_then_48_working_hours(cast: Cast) -> None:
    disagreement = raise_one(cast, now=at(2026, 8, 28, 10, 0))
    stage = disagreement.stages.get()
    assert stage.number == 1 and stage.level == "Worker"
    assert stage.respond_by == at(2026, 9, 1, 10, 0)
    assert stage.due_at == at(2026, 9, 2, 10, 0)


def test_high_risk_runs_on_clock_hours_through_weekends_and_bank_holidays(cast: Cast) -> None:
    # Given a high-risk disagreement raised at 6pm on the Friday before a bank holiday Monday
    disagreement = raise_one(cast, high_risk=True, now=at(2026, 8, 28, 18, 0))
    # Then its first response is due in 4 clock hours and its resolution in 24: on Saturday,
    # not after the weekend and the bank holiday.
    stage = disagreement.stages.get()
    assert stage.respond_by == at(2026, 8, 28, 22, 0)
    assert stage.due_at == at(2026, 8, 29, 18, 0)
    # And each stage it climbs to runs on clock hours too.
    services.stage_record(
        actor=cast.team_manager,
        disagreement=disagreement,
        conversation="Spoke with the worker",
        outcome="escalate",
        now=at(2026, 8, 29, 11, 0),
    )
    second = disagreement.stages.get(number=2)
    assert second.respond_by == at(2026, 8, 29, 15, 0)
    assert second.due_at == at(2026, 8, 30, 11, 0)


def test_a_standard_disagreement_keeps_working_hours(cast: Cast) -> None:
    disagreement = raise_one(cast, high_risk=False, now=at(2026, 8, 28, 18, 0))
    stage = disagreement.stages.get()
    assert stage.respond_by == at(2026, 9, 1, 18, 0)
    assert stage.due_at == at(2026, 9, 2, 18, 0)


# --- Raising, escalating, resolving ---------------------------------------------------------


def test_raising_records_an_event_and_the_raisers_agency(cast: Cast) -> None:
    disagreement = raise_one(cast)
    assert disagreement.organisation == cast.involved.organisation
    assert disagreement.status == DisagreementStatus.OPEN
    event = Event.objects.get(verb=Verb.ESCALATION_RAISED)
    assert event.subjects.filter(person_id=cast.child.pk).exists()


def test_raising_refuses_missing_statements(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.disagreement_raise(
            actor=cast.involved,
            child=cast.child,
            kind="nonsense",
            disagree_with="",
            reason=" ",
            risk="",
            high_risk=False,
            wanted="",
        )
    assert set(error.value.message_dict) == {"kind", "disagree_with", "reason", "risk", "wanted"}
    assert not Disagreement.objects.exists()


def test_someone_who_cannot_see_the_child_cannot_raise(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.disagreement_raise(
            actor=cast.practitioner,
            child=cast.child,
            kind=DisagreementKind.OTHER,
            disagree_with="x",
            reason="x",
            risk="x",
            high_risk=False,
            wanted="x",
        )


def test_escalation_opens_the_next_stage_with_its_own_due_time(cast: Cast) -> None:
    disagreement = raise_one(cast, now=at(2026, 9, 7, 9, 0))
    first = services.stage_record(
        actor=cast.team_member,
        disagreement=disagreement,
        conversation="Worker still sees no neglect",
        outcome="escalate",
        now=at(2026, 9, 8, 9, 0),
    )
    disagreement.refresh_from_db()
    assert first.decided_by == cast.team_member and first.outcome == "escalate"
    assert disagreement.current_stage_number == 2
    second = disagreement.stages.get(number=2)
    assert second.level == "Team manager"
    assert second.opened_at == at(2026, 9, 8, 9, 0)
    assert second.due_at == at(2026, 9, 10, 9, 0)
    assert Event.objects.filter(verb=Verb.ESCALATION_ESCALATED).count() == 1


def test_resolved_closes_the_disagreement(cast: Cast) -> None:
    disagreement = raise_one(cast)
    services.stage_record(
        actor=cast.team_manager,
        disagreement=disagreement,
        conversation="Agreed a home visit",
        outcome="resolved",
        resolution="Home visit on Thursday; TAF next week",
    )
    disagreement.refresh_from_db()
    assert disagreement.status == DisagreementStatus.RESOLVED
    assert disagreement.resolved_at is not None
    assert disagreement.outcome.startswith("Home visit")
    with pytest.raises(ValidationError, match="already been resolved"):
        services.stage_record(
            actor=cast.team_manager,
            disagreement=disagreement,
            conversation="Again",
            outcome="resolved",
            resolution="x",
        )


def test_the_top_of_the_ladder_cannot_be_escalated(cast: Cast) -> None:
    disagreement = raise_one(cast)
    for _ in range(6):
        services.stage_record(
            actor=cast.team_manager,
            disagreement=disagreement,
            conversation="Not agreed",
            outcome="escalate",
        )
    disagreement.refresh_from_db()
    assert disagreement.stages.get(number=7).level == "Partnership chair"
    with pytest.raises(ValidationError, match="top of the ladder"):
        services.stage_record(
            actor=cast.team_manager,
            disagreement=disagreement,
            conversation="Not agreed",
            outcome="escalate",
        )


# --- Reads ----------------------------------------------------------------------------------


def test_overdue_stages_name_the_next_level(cast: Cast) -> None:
    disagreement = raise_one(cast, now=at(2026, 9, 7, 9, 0))
    overdue = selectors.overdue_stages(now=at(2026, 9, 10, 9, 0))
    assert [(o.disagreement, o.stage.number, o.next_level) for o in overdue] == [
        (disagreement, 1, "Team manager")
    ]
    assert selectors.overdue_stages(now=at(2026, 9, 8, 9, 0)) == []


def test_managers_list_shows_stage_age_and_overdue(cast: Cast) -> None:
    raise_one(cast, now=at(2026, 9, 7, 9, 0))
    page = selectors.open_disagreements(
        user=cast.team_manager, filters=selectors.OpenFilter(), now=at(2026, 9, 14, 9, 0)
    )
    (row,) = page.object_list
    assert row.stage.level == "Worker" and row.age_days == 7 and row.overdue
    assert AccessRecord.objects.filter(action=AccessAction.LIST_ESCALATIONS).exists()
    other = selectors.open_disagreements(
        user=cast.other_manager, filters=selectors.OpenFilter(), now=at(2026, 9, 14, 9, 0)
    )
    assert list(other.object_list) == []


def test_report_counts_by_agency_stage_and_outcome(cast: Cast) -> None:
    resolved = raise_one(cast, now=at(2026, 9, 7, 9, 0))
    services.stage_record(
        actor=cast.team_manager,
        disagreement=resolved,
        conversation="Not agreed",
        outcome="escalate",
        now=at(2026, 9, 8, 9, 0),
    )
    services.stage_record(
        actor=cast.team_manager,
        disagreement=resolved,
        conversation="Agreed",
        outcome="resolved",
        resolution="Visit",
        now=at(2026, 9, 8, 15, 0),
    )
    raise_one(cast)
    report = selectors.disagreement_report(user=cast.analyst)
    assert report.total == 2 and report.open == 1
    assert report.by_agency == [("Westfield Primary", 2)]
    assert report.by_stage_reached == [("1. Worker", 1), ("2. Team manager", 1)]
    assert report.by_outcome == [("Resolved at Team manager", 1), ("Still open", 1)]
    assert report.resolved_within == [("Within 2 days", 1)]
    assert report.median_days_to_resolution == 1.2


# --- Pages ----------------------------------------------------------------------------------


def test_raise_page_keeps_what_was_typed_and_shows_errors(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    response = client.post(url, {"kind": "other", "disagree_with": "The decision"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and "Enter why you disagree" in content
    assert "The decision" in content


def test_raise_then_record_stages_through_the_pages(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    response = client.post(
        url,
        {
            "kind": "worry_not_shared",
            "disagree_with": "No worries recorded",
            "reason": "Hungry",
            "risk": "Neglect",
            "high_risk": "on",
            "wanted": "Visit",
        },
        follow=True,
    )
    disagreement = Disagreement.objects.get()
    assert disagreement.high_risk
    assert "Your disagreement has been raised" in response.content.decode()
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    client.force_login(cast.team_manager)
    response = client.post(detail, {"conversation": "Talked", "outcome": "escalate"}, follow=True)
    assert "Stage 2: Team manager" in response.content.decode()
    assert AccessRecord.objects.filter(action=AccessAction.VIEW_ESCALATION).exists()
    person_page = client.get(reverse("people:detail", kwargs={"person_id": cast.child.pk}))
    assert "Professional disagreements" in person_page.content.decode()
    assert detail in person_page.content.decode()


def test_someone_who_cannot_see_the_child_gets_404(cast: Cast, client: Client) -> None:
    disagreement = raise_one(cast)
    client.force_login(cast.practitioner)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    missing = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk + 99})
    assert client.get(detail).status_code == client.get(missing).status_code == 404
    assert client.post(detail, {"conversation": "x", "outcome": "resolved"}).status_code == 404
    raise_url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    assert client.get(raise_url).status_code == 404


def test_raising_from_a_contact_records_the_contact(cast: Cast, client: Client) -> None:
    from righthelp.frontdoor.tests.access_expectations_triage import sent_contact

    contact = sent_contact(cast)
    client.force_login(cast.involved)
    url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    response = client.post(
        f"{url}?contact={contact.pk}",
        {
            "kind": "front_door_decision",
            "disagree_with": "Not accepted",
            "reason": "Worry is growing",
            "risk": "Neglect",
            "wanted": "Early help",
        },
    )
    assert response.status_code == 302
    assert Disagreement.objects.get().about_contact == contact
    client.force_login(cast.team_member)
    assert client.get(f"{url}?contact={contact.pk}").status_code == 404
