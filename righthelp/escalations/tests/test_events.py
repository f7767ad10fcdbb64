"""A disagreement's services record their events about the child, with the payload
``escalations.events`` builds; the readers there read back what was written."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.escalations import services
from righthelp.escalations.events import (
    escalation_escalated_payload,
    escalation_raised_payload,
    escalation_resolved_payload,
)
from righthelp.escalations.models import DisagreementKind

pytestmark = pytest.mark.django_db


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def test_raising_escalating_and_resolving_read_back_their_stages(cast: Cast) -> None:
    disagreement = services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="The allocated worker sees no neglect",
        reason="Hungry every morning, same clothes all week",
        risk="Neglect",
        high_risk=False,
        wanted="A home visit and a TAF meeting",
        now=at(2026, 9, 7, 9, 0),
    )
    raised = only(Verb.ESCALATION_RAISED)
    assert raised.actor == cast.involved
    assert set(raised.subjects.values_list("person_id", flat=True)) == {cast.child.pk}
    assert raised.summary == f"Disagreement raised: {disagreement.get_kind_display()}"
    first = disagreement.stages.get()
    read = escalation_raised_payload(raised)
    assert (read["disagreement"], read["kind"], read["high_risk"]) == (
        disagreement.pk,
        DisagreementKind.WORRY_NOT_SHARED,
        False,
    )
    assert (read["level"], read["stage"], read["could_not_reach"]) == ("Worker", 1, False)
    assert datetime.fromisoformat(read["due_at"]) == first.due_at
    assert set(read["owners"]) == set(first.owners.values_list("pk", flat=True))
    assert read["referrer_side"] == []

    services.stage_record(
        actor=cast.team_member,
        disagreement=disagreement,
        conversation="Worker still sees no neglect",
        outcome="escalate",
        now=at(2026, 9, 8, 9, 0),
    )
    escalated = only(Verb.ESCALATION_ESCALATED)
    second = disagreement.stages.get(number=2)
    assert escalated.summary == "Disagreement escalated from Worker to Team manager"
    moved = escalation_escalated_payload(escalated)
    assert (moved["stage"], moved["from_level"], moved["to_level"]) == (1, "Worker", "Team manager")
    assert datetime.fromisoformat(moved["due_at"]) == second.due_at
    assert moved["could_not_reach"] is False

    disagreement.refresh_from_db()
    services.stage_record(
        actor=cast.team_manager,
        disagreement=disagreement,
        conversation="Agreed a home visit",
        outcome="resolved",
        resolution="Home visit on Thursday; TAF next week",
    )
    resolved = only(Verb.ESCALATION_RESOLVED)
    assert resolved.summary == "Disagreement resolved at Team manager"
    assert escalation_resolved_payload(resolved) == {
        "disagreement": disagreement.pk,
        "stage": 2,
        "level": "Team manager",
        "upheld": False,
        "contact_reopened": False,
        "old": {"status": "open"},
        "new": {"status": "resolved"},
    }
