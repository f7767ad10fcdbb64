"""Reads for the plan, the Team Around the Family meetings and the locality action meetings.

Each read of a family's details takes the user, returns only what they may see (``Http404``
for missing and not-theirs alike) and logs the read (``access_record``) in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from righthelp.accounts.models import Locality, Role, TeamMembership, User
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.services import access_record
from righthelp.earlyhelp.events import (
    meeting_events,
    taf_meeting_cancelled_payload,
    taf_meeting_planned_payload,
    taf_meeting_rescheduled_payload,
)
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    LocalityCase,
    LocalityMeeting,
    Plan,
    PlanAction,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import can_view_episode, can_work_on_episode


def can_use_locality(user: User, locality: Locality) -> bool:
    """Early help workers in a team of the locality, and managers of a team in it."""
    if not (user.is_authenticated and user.is_active):
        return False
    teams = user.team_memberships.filter(team__locality=locality)
    if user.has_role(Role.EARLY_HELP_WORKER) and teams.exists():
        return True
    return teams.filter(position=TeamMembership.Position.MANAGER).exists()


def localities_for(user: User) -> QuerySet[Locality]:
    ids = [loc.pk for loc in Locality.objects.all() if can_use_locality(user, loc)]
    return Locality.objects.filter(pk__in=ids).order_by("name")


def _person_ids(episode: Episode) -> list[int]:
    return list(EpisodeMember.objects.filter(episode=episode).values_list("person_id", flat=True))


@dataclass(frozen=True)
class EpisodeAccess:
    episode: Episode
    can_work: bool


@transaction.atomic
def episode_for(
    *, user: User, episode_id: int | str, path: str = "", work: bool = False
) -> EpisodeAccess:
    """The episode if the user may see it (``work``: may work on it), logged as a view."""
    try:
        pk = int(episode_id)
    except (TypeError, ValueError):
        raise Http404 from None
    episode = Episode.objects.select_related("locality").filter(pk=pk).first()
    if episode is None or not can_view_episode(user, episode):
        raise Http404
    can_work = can_work_on_episode(user, episode)
    if work and not can_work:
        raise Http404
    access_record(
        user=user,
        action=AccessAction.VIEW_EPISODE,
        person_ids=_person_ids(episode),
        path=path,
        detail={"episode": episode.pk},
    )
    return EpisodeAccess(episode=episode, can_work=can_work)


def _plan_prefetch(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.select_related("created_by", "agreed_by", "review_meeting").prefetch_related(
        "outcomes",
        "family_agreements",
        Prefetch(
            "actions",
            queryset=PlanAction.objects.select_related("owner", "owner_organisation", "outcome"),
        ),
    )


def plan_versions(episode: Episode) -> list[Plan]:
    """Every version, latest first (call after ``episode_for``)."""
    return list(_plan_prefetch(Plan.objects.filter(episode=episode)).order_by("-number"))


def plan_version(episode: Episode, number: int | str) -> Plan:
    try:
        n = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    plan = _plan_prefetch(Plan.objects.filter(episode=episode, number=n)).first()
    if plan is None:
        raise Http404
    return plan


@transaction.atomic
def plan_for_print(*, user: User, episode_id: int | str, path: str = "") -> tuple[Episode, Plan]:
    """The plan the family should hold (the agreed version, else the latest), logged as a
    print. Only those working with the family may print it."""
    try:
        pk = int(episode_id)
    except (TypeError, ValueError):
        raise Http404 from None
    episode = Episode.objects.filter(pk=pk).first()
    if episode is None or not can_work_on_episode(user, episode):
        raise Http404
    plans = _plan_prefetch(Plan.objects.filter(episode=episode))
    plan = plans.filter(status="agreed").first() or plans.order_by("-number").first()
    if plan is None:
        raise Http404
    access_record(
        user=user,
        action=AccessAction.PRINT_PLAN,
        person_ids=_person_ids(episode),
        path=path,
        detail={"episode": episode.pk, "plan": plan.pk, "number": plan.number},
    )
    return episode, plan


def meetings_for(episode: Episode) -> list[TafMeeting]:
    return list(
        TafMeeting.objects.filter(episode=episode)
        .prefetch_related("invitees__user", "invitees__person", "invitees__organisation")
        .order_by("-scheduled_for")
    )


def meeting_for(episode: Episode, meeting_id: int | str) -> TafMeeting:
    meeting = (
        TafMeeting.objects.filter(episode=episode, pk=meeting_id)
        .prefetch_related("invitees__user", "invitees__person", "invitees__organisation")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


@dataclass(frozen=True)
class MeetingChange:
    """One line of a meeting's history, read from its events."""

    at: datetime
    by: str
    verb: str  # a ``Verb`` value
    what: str
    reason: str


def _when(value: str) -> str:
    from righthelp.earlyhelp.notices import when_text

    try:
        return when_text(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def meeting_history(meeting: TafMeeting) -> list[MeetingChange]:
    """What happened to the meeting, oldest first: arranged, moved (from and to, and why),
    cancelled (why) and held (call after ``episode_for``, which logs the read)."""
    changes: list[MeetingChange] = []
    for event in meeting_events(meeting):
        who = event.actor.display_name if event.actor else "RightHelp"
        reason = ""
        if event.verb == Verb.TAF_MEETING_RESCHEDULED:
            moved = taf_meeting_rescheduled_payload(event)
            old, new = moved.get("old") or {}, moved.get("new") or {}
            what = (
                f"Moved from {_when(old.get('scheduled_for', ''))} to "
                f"{_when(new.get('scheduled_for', ''))}"
            )
            if old.get("location") != new.get("location"):
                what += f"; place changed from {old.get('location') or 'not given'} to "
                what += new.get("location") or "not given"
            reason = str(moved.get("reason") or "")
        elif event.verb == Verb.TAF_MEETING_CANCELLED:
            cancelled = taf_meeting_cancelled_payload(event)
            what = f"Cancelled (it was arranged for {_when(cancelled.get('scheduled_for', ''))})"
            reason = str(cancelled.get("reason") or "")
        elif event.verb == Verb.TAF_MEETING_PLANNED:
            planned = taf_meeting_planned_payload(event)
            what = f"Arranged for {_when(planned.get('scheduled_for', ''))}"
            if planned.get("recorded_afterwards"):
                what = f"Recorded afterwards as held on {_when(planned.get('scheduled_for', ''))}"
        else:
            what = "Recorded as held"
        changes.append(
            MeetingChange(
                at=event.occurred_at,
                by=who,
                verb=event.verb,
                what=what,
                reason=reason,
            )
        )
    return changes


def locality_or_404(user: User, slug_or_pk: int | str) -> Locality:
    locality = Locality.objects.filter(pk=slug_or_pk).first()
    if locality is None or not can_use_locality(user, locality):
        raise Http404
    return locality


def locality_meetings(locality: Locality) -> list[LocalityMeeting]:
    return list(LocalityMeeting.objects.filter(locality=locality).order_by("-meets_on"))


@transaction.atomic
def locality_agenda(
    *, user: User, meeting_id: int | str, path: str = ""
) -> tuple[LocalityMeeting, list[LocalityCase]]:
    """A meeting with its cases, for the locality's workers and managers, logged."""
    meeting = LocalityMeeting.objects.select_related("locality").filter(pk=meeting_id).first()
    if meeting is None or not can_use_locality(user, meeting.locality):
        raise Http404
    cases = list(
        LocalityCase.objects.filter(meeting=meeting).select_related(
            "episode", "brought_by", "new_lead__practitioner"
        )
    )
    person_ids = list(
        EpisodeMember.objects.filter(episode__in=[c.episode_id for c in cases]).values_list(
            "person_id", flat=True
        )
    )
    access_record(
        user=user,
        action=AccessAction.LIST_EPISODES,
        person_ids=person_ids,
        path=path,
        detail={"locality_meeting": meeting.pk},
    )
    return meeting, cases


def locality_cases_for(episode: Episode) -> list[LocalityCase]:
    """What locality action meetings were asked and decided about this family."""
    return list(
        LocalityCase.objects.filter(episode=episode)
        .select_related("meeting", "new_lead__practitioner")
        .order_by("-meeting__meets_on", "-id")
    )
