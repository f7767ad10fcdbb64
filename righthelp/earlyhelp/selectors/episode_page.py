"""An episode's page: its people, lead, work due and chronology."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Exists,
    OuterRef,
)
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.chronology.selectors import ChronologyItem, people_chronology
from righthelp.earlyhelp.due import outstanding_plan_actions, overdue_plan_actions
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeMember,
    LeadPractitioner,
    LocalityCase,
    MeetingStatus,
    Plan,
    PlanAction,
    PlanStatus,
    RequestResolution,
    StepUpConsultation,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import (
    CURRENT_LEAD,
)
from righthelp.earlyhelp.selectors.common import CHRONOLOGY_LIMIT, episode_for_page


@dataclass
class DueItem:
    what: str
    due_on: date
    overdue: bool


@dataclass
class EpisodePage:
    episode: Episode
    may_work: bool
    current_lead: LeadPractitioner | None
    leads: list[LeadPractitioner]
    due: list[DueItem]
    chronology: list[ChronologyItem]
    chronology_total: int
    plan: Plan | None
    plan_actions: list[PlanAction]
    step_ups: list[StepUpConsultation]
    locality_cases: list[LocalityCase]
    children: list[EpisodeMember] = field(default_factory=list)
    adults: list[EpisodeMember] = field(default_factory=list)
    # Later front-door requests for the family, joined to this episode (with their worry).
    joined_requests: list[RequestResolution] = field(default_factory=list)


def episode_page(*, user: User, episode_id: int | str, path: str = "") -> EpisodePage:
    """Everything the episode's overview shows, in a constant number of queries."""
    episode, may_work, leads = episode_for_page(user=user, episode_id=episode_id, path=path)
    today = timezone.localdate()
    members = list(episode.members.all())
    current = next((lead for lead in leads if lead.status in CURRENT_LEAD), None)
    due: list[DueItem] = []
    for assessment in Assessment.objects.filter(episode=episode).exclude(
        status=AssessmentStatus.COMPLETED
    ):
        due.append(DueItem("Early help assessment", assessment.due_on, assessment.due_on < today))
    for meeting in TafMeeting.objects.filter(episode=episode, status=MeetingStatus.PLANNED):
        due.append(DueItem(meeting.get_kind_display(), meeting.due_on, meeting.due_on < today))
    plan = (
        Plan.objects.filter(episode=episode)
        .exclude(status=PlanStatus.SUPERSEDED)
        .order_by("-number")
        .first()
    )
    actions: list[PlanAction] = []
    if plan is not None:
        # Which actions are still owed, and overdue, is the one rule My work and the caseload
        # use (``due.outstanding_plan_actions``), asked in the same query as the actions.
        actions = list(
            PlanAction.objects.filter(plan=plan)
            .select_related("owner", "owner_organisation")
            .annotate(
                outstanding=Exists(outstanding_plan_actions().filter(pk=OuterRef("pk"))),
                overdue=Exists(overdue_plan_actions(today=today).filter(pk=OuterRef("pk"))),
            )
        )
        for action in actions:
            if action.outstanding:  # type: ignore[attr-defined]
                due.append(
                    DueItem(
                        f"Action: {action.what[:80]}",
                        action.due_on,
                        action.overdue,  # type: ignore[attr-defined]
                    )
                )
    due.sort(key=lambda item: item.due_on)
    # The family's chronology is the one the child and family chronologies read: the same
    # events (records merged into a member included) and the entries this reader may see.
    family_chronology = people_chronology(user=user, people=[m.person for m in members])
    chronology = family_chronology[:CHRONOLOGY_LIMIT] if members else []
    chronology_total = len(family_chronology) if members else 0
    return EpisodePage(
        episode=episode,
        may_work=may_work,
        current_lead=current,
        leads=leads,
        due=due,
        chronology=chronology,
        chronology_total=chronology_total,
        plan=plan,
        plan_actions=actions,
        step_ups=list(
            StepUpConsultation.objects.filter(episode=episode).select_related(
                "social_worker", "contact", "locality_case__meeting"
            )
        ),
        locality_cases=list(LocalityCase.objects.filter(episode=episode).select_related("meeting")),
        children=[m for m in members if m.role == "child"],
        adults=[m for m in members if m.role == "adult"],
        joined_requests=list(
            RequestResolution.objects.filter(episode=episode)
            .select_related("early_help_request__decision__contact", "resolved_by")
            .order_by("resolved_at", "id")
        ),
    )
