"""Who may reach the plan, TAF meeting and locality action meeting pages (see
``righthelp/core/tests/access.py``).

The rows use an episode in West (the cast's locality) about a child of its own, led by
``cast.team_member``: those who may work on it are West's early help workers (``team_member``,
``early_help_worker``) and the lead's team manager (``team_manager``). ``cast.involved`` (a
school) is invited to a planned TAF meeting and the family has consented to sharing with
schools, so they may see the plan and the meeting and add their update, but not change or
print the plan. Locality action meetings are for West's early help workers and the managers
of West's teams. POST-only actions are posted empty: nothing changes and an allowed user is
sent back to the plan (302). Agreeing the plan, moving and cancelling a meeting are forms (GET).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from righthelp.consent.services import consent_record
from righthelp.consent.tests.factories import VALID
from righthelp.core.tests.access import Row
from righthelp.earlyhelp import meeting_services, plan_services
from righthelp.earlyhelp.models import MeetingKind
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

WORKERS = ["team_member", "team_manager", "early_help_worker"]
VIEWERS = ["involved", *WORKERS]
LOCALITY = ["team_member", "team_manager", "other_manager", "early_help_worker"]


def rows(cast: Cast) -> dict[str, Row]:
    child = PersonFactory(given_name="Ruby", family_name="Plan-Matrix")
    locality = cast.holding_team.locality
    assert locality is not None
    episode = make_episode(
        locality=locality, opened_by=cast.team_member, children=[child], lead=cast.team_member
    )
    consent_record(
        actor=cast.team_member,
        person=child,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Plan-Matrix",
        share_with=["school"],
        method="verbal",
        validity=VALID,
    )
    plan = plan_services.plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[plan_services.OutcomeDetails(text="Ruby is in school every day")],
        actions=[
            plan_services.ActionDetails(
                what="Walk Ruby to school", owner_name="Mum", due_on=date.today(), outcome_index=0
            )
        ],
        contingency="",
        internal_notes="",
    )
    meeting = meeting_services.taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=MeetingKind.INITIAL,
        scheduled_for=timezone.now() + timedelta(days=3),
        location="Westfield Primary",
        practitioners=[cast.involved],
    )
    locality_meeting = meeting_services.locality_meeting_plan(
        actor=cast.team_member, locality=locality, meets_on=date.today(), location="Town hall"
    )
    case = meeting_services.locality_case_add(
        actor=cast.team_member,
        meeting=locality_meeting,
        episode=episode,
        reason="stuck",
        summary="Attendance is not improving",
    )
    on = {"episode_pk": episode.pk}
    return {
        "earlyhelp:plan": Row(reverse("earlyhelp:plan", kwargs=on), VIEWERS),
        "earlyhelp:plan-edit": Row(reverse("earlyhelp:plan-edit", kwargs=on), WORKERS),
        "earlyhelp:plan-agree": Row(reverse("earlyhelp:plan-agree", kwargs=on), WORKERS),
        "earlyhelp:plan-action-status": Row(
            reverse(
                "earlyhelp:plan-action-status",
                kwargs={**on, "action_pk": plan.actions.get().pk},
            ),
            # An empty post is refused before the service: a viewer is sent back too.
            VIEWERS,
            method="post",
            ok=frozenset({302}),
        ),
        "earlyhelp:plan-versions": Row(reverse("earlyhelp:plan-versions", kwargs=on), VIEWERS),
        "earlyhelp:plan-version": Row(
            reverse("earlyhelp:plan-version", kwargs={**on, "number": plan.number}), VIEWERS
        ),
        "earlyhelp:plan-print": Row(reverse("earlyhelp:plan-print", kwargs=on), WORKERS),
        "earlyhelp:meetings": Row(reverse("earlyhelp:meetings", kwargs=on), VIEWERS),
        "earlyhelp:meeting-plan": Row(reverse("earlyhelp:meeting-plan", kwargs=on), WORKERS),
        "earlyhelp:meeting": Row(
            reverse("earlyhelp:meeting", kwargs={**on, "meeting_pk": meeting.pk}), VIEWERS
        ),
        "earlyhelp:meeting-reschedule": Row(
            reverse("earlyhelp:meeting-reschedule", kwargs={**on, "meeting_pk": meeting.pk}),
            WORKERS,
        ),
        "earlyhelp:meeting-cancel": Row(
            reverse("earlyhelp:meeting-cancel", kwargs={**on, "meeting_pk": meeting.pk}), WORKERS
        ),
        "earlyhelp:meeting-update": Row(
            reverse("earlyhelp:meeting-update", kwargs={**on, "meeting_pk": meeting.pk}),
            ["involved"],
        ),
        "earlyhelp:locality-meetings": Row(
            reverse("earlyhelp:locality-meetings", kwargs={"locality_pk": locality.pk}), LOCALITY
        ),
        "earlyhelp:locality-meeting": Row(
            reverse("earlyhelp:locality-meeting", kwargs={"meeting_pk": locality_meeting.pk}),
            LOCALITY,
        ),
        "earlyhelp:locality-case-decide": Row(
            reverse(
                "earlyhelp:locality-case-decide",
                kwargs={"meeting_pk": locality_meeting.pk, "case_pk": case.pk},
            ),
            LOCALITY,
        ),
    }
