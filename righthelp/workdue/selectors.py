"""Every due item in the system, computed in one place, and the reads of notifications.

``due_items(now=...)`` walks each capability's stored due dates (which those capabilities compute
from the working-day calendar when they write) and returns one ``DueItem`` per thing that is due,
with who owns it. ``work_for(user)`` filters that list to what a user should act on: what they
own, their teams' work if they manage a team, and the front door's queue for front-door staff.
``contact_due_times`` is the front door's due-time rule as a pure function over a calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from righthelp.accounts.models import Role, TeamMembership, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core.working_days import WorkingCalendar
from righthelp.workdue.models import Notification

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE_THIS_WEEK = "due_this_week"
STATES = (OVERDUE, DUE_TODAY, DUE_THIS_WEEK)
# "This week" is the next seven days, so a Friday still shows what falls due next week.
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class DueItem:
    kind: str  # e.g. "contact-decision", "plan-action"
    object_id: int
    title: str
    due_at: datetime  # the moment it becomes overdue
    due_day: date  # the day it is due, in local time
    link: str
    owner_ids: tuple[int, ...] = ()  # who must act; empty means the queue's managers
    queue: str = ""  # "front_door" for items every front-door worker sees
    person_ids: tuple[int, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.due_at.isoformat()}"


def due_state(item: DueItem, now: datetime) -> str | None:
    """Overdue, due today or due this week, or ``None`` when it is further away."""
    today = timezone.localtime(now).date()
    if now >= item.due_at:
        return OVERDUE
    if item.due_day <= today:
        return DUE_TODAY
    if item.due_day < today + WEEK:
        return DUE_THIS_WEEK
    return None


def contact_due_times(
    received_at: datetime, calendar: WorkingCalendar
) -> tuple[datetime, datetime]:
    """When the decision and the feedback to the referrer are due for a contact received at
    ``received_at`` (local time), counted in working days by ``calendar``."""
    timescales = settings.RIGHTHELP_TIMESCALES
    return (
        calendar.due_after_working_days(received_at, timescales["decision_working_days"]),
        calendar.due_after_working_days(received_at, timescales["feedback_working_days"]),
    )


def _end_of(day: date) -> datetime:
    """A date-only due date is overdue from the start of the next day (local time)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _timed(
    kind: str, object_id: int, title: str, due_at: datetime, link: str, **extra: Any
) -> DueItem:
    return DueItem(kind, object_id, title, due_at, timezone.localtime(due_at).date(), link, **extra)


def _dated(kind: str, object_id: int, title: str, due_on: date, link: str, **extra: Any) -> DueItem:
    return DueItem(kind, object_id, title, _end_of(due_on), due_on, link, **extra)


def _front_door_items(horizon: datetime) -> list[DueItem]:
    from righthelp.frontdoor.models import OPEN_STATUSES, Contact, Decision

    items: list[DueItem] = []
    contacts = (
        Contact.objects.filter(status__in=OPEN_STATUSES, decision_due_at__lt=horizon)
        .prefetch_related("subjects")
        .order_by("decision_due_at")
    )
    for contact in contacts:
        people = tuple(s.person_id for s in contact.subjects.all() if s.person_id)
        link = reverse("frontdoor:contact", args=[contact.pk])
        owners = (contact.assigned_to_id,) if contact.assigned_to_id else ()
        assert contact.decision_due_at is not None
        items.append(
            _timed(
                "contact-decision",
                contact.pk,
                f"{contact.reference}: decision due",
                contact.decision_due_at,
                link,
                owner_ids=owners,
                queue="front_door",
                person_ids=people,
            )
        )
    feedback_due = (
        Contact.objects.filter(feedback_due_at__lt=horizon, feedback__isnull=True)
        .exclude(referrer__isnull=True, referrer_email="")
        .prefetch_related("subjects")
    )
    for contact in feedback_due:
        assert contact.feedback_due_at is not None
        items.append(
            _timed(
                "contact-feedback",
                contact.pk,
                f"{contact.reference}: feedback to the referrer due",
                contact.feedback_due_at,
                reverse("frontdoor:contact", args=[contact.pk]),
                owner_ids=(contact.assigned_to_id,) if contact.assigned_to_id else (),
                queue="front_door",
                person_ids=tuple(s.person_id for s in contact.subjects.all() if s.person_id),
            )
        )
    confirmations = Contact.objects.filter(
        written_confirmation_due_at__lt=horizon, written_confirmation_received_at__isnull=True
    ).prefetch_related("subjects")
    for contact in confirmations:
        assert contact.written_confirmation_due_at is not None
        items.append(
            _timed(
                "contact-written-confirmation",
                contact.pk,
                f"{contact.reference}: written confirmation from the referrer due",
                contact.written_confirmation_due_at,
                reverse("frontdoor:contact", args=[contact.pk]),
                owner_ids=(contact.assigned_to_id,) if contact.assigned_to_id else (),
                queue="front_door",
                person_ids=tuple(s.person_id for s in contact.subjects.all() if s.person_id),
            )
        )
    managers = tuple(
        User.objects.filter(role_assignments__role=Role.FRONT_DOOR_MANAGER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    sign_offs = (
        Decision.objects.filter(needs_sign_off=True, signed_off_at__isnull=True)
        .select_related("contact")
        .prefetch_related("contact__subjects")
    )
    for decision in sign_offs:
        contact = decision.contact
        # A sign-off is due when the decision itself was due (or at once if that has passed).
        due_at = contact.decision_due_at or decision.decided_at
        if due_at >= horizon:
            continue
        items.append(
            _timed(
                "decision-sign-off",
                decision.pk,
                f"{contact.reference}: decision waiting for your sign-off",
                due_at,
                reverse("frontdoor:contact", args=[contact.pk]),
                owner_ids=managers,
                person_ids=tuple(s.person_id for s in contact.subjects.all() if s.person_id),
            )
        )
    return items


def _early_help_items(horizon: datetime) -> list[DueItem]:
    from righthelp.earlyhelp.models import (
        ActionStatus,
        Assessment,
        AssessmentStatus,
        Episode,
        EpisodeStatus,
        LeadPractitioner,
        LeadStatus,
        MeetingStatus,
        PlanAction,
        TafMeeting,
    )

    last_day = timezone.localtime(horizon).date()
    leads: dict[int, int] = dict(
        LeadPractitioner.objects.filter(status=LeadStatus.ACTIVE).values_list(
            "episode_id", "practitioner_id"
        )
    )
    members: dict[int, list[int]] = {}
    from righthelp.earlyhelp.models import EpisodeMember

    for episode_id, person_id in EpisodeMember.objects.values_list("episode_id", "person_id"):
        members.setdefault(episode_id, []).append(person_id)

    def lead_of(episode_id: int) -> tuple[int, ...]:
        return (leads[episode_id],) if episode_id in leads else ()

    items: list[DueItem] = []
    for assessment in Assessment.objects.filter(
        status=AssessmentStatus.DRAFT, due_on__lt=last_day
    ).select_related("episode"):
        items.append(
            _dated(
                "assessment",
                assessment.pk,
                f"{assessment.episode.reference}: early help assessment due",
                assessment.due_on,
                reverse("earlyhelp:episode", args=[assessment.episode_id]),
                owner_ids=lead_of(assessment.episode_id),
                person_ids=tuple(members.get(assessment.episode_id, ())),
            )
        )
    for meeting in TafMeeting.objects.filter(
        status=MeetingStatus.PLANNED, due_on__lt=last_day
    ).select_related("episode"):
        items.append(
            _dated(
                "taf-meeting",
                meeting.pk,
                f"{meeting.episode.reference}: Team Around the Family meeting due",
                meeting.due_on,
                reverse("earlyhelp:episode", args=[meeting.episode_id]),
                owner_ids=lead_of(meeting.episode_id),
                person_ids=tuple(members.get(meeting.episode_id, ())),
            )
        )
    actions = (
        PlanAction.objects.filter(due_on__lt=last_day)
        .exclude(status__in=[ActionStatus.DONE, ActionStatus.NOT_DONE])
        .select_related("plan__episode")
    )
    for action in actions:
        episode = action.plan.episode
        if episode.status == EpisodeStatus.CLOSED:
            continue
        owners = (action.owner_id,) if action.owner_id else lead_of(episode.pk)
        items.append(
            _dated(
                "plan-action",
                action.pk,
                f"{episode.reference}: plan action due",
                action.due_on,
                reverse("earlyhelp:episode", args=[episode.pk]),
                owner_ids=owners,
                person_ids=tuple(members.get(episode.pk, ())),
            )
        )
    flag_after = timedelta(days=_no_lead_flag_days())
    for episode in Episode.objects.filter(
        without_lead_since__lt=horizon - flag_after, status=EpisodeStatus.OPEN
    ):
        assert episode.without_lead_since is not None
        items.append(
            _timed(
                "episode-no-lead",
                episode.pk,
                f"{episode.reference}: no lead practitioner",
                episode.without_lead_since + flag_after,
                reverse("earlyhelp:episode", args=[episode.pk]),
                queue=f"locality:{episode.locality_id}",
                person_ids=tuple(members.get(episode.pk, ())),
            )
        )
    return items


def _no_lead_flag_days() -> int:
    early_help: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return int(early_help["no_lead_flag_days"])


def _escalation_items(horizon: datetime) -> list[DueItem]:
    """Hook for disagreement (escalation) stages.

    When ``righthelp.escalations.selectors.overdue_stages()`` exists, each overdue stage it returns
    becomes an item. It may be a stage itself or a wrapper with ``.stage`` and ``.disagreement``
    (its current shape); the stage needs ``pk`` and ``due_at``. Stages are owned by a ladder
    *level*, not a user, so an item has owners only if the escalations app supplies ``owner_ids``
    on it; notifying the next level is the escalations app's own call to ``notification_send``.
    Without that selector there are no escalation items.
    """
    try:
        from righthelp.escalations import selectors as escalation_selectors
    except ImportError:
        return []
    overdue_stages = getattr(escalation_selectors, "overdue_stages", None)
    if overdue_stages is None:
        return []
    items: list[DueItem] = []
    for entry in overdue_stages():
        stage = getattr(entry, "stage", entry)
        disagreement_id = getattr(stage, "disagreement_id", None)
        try:
            link = reverse("escalations:detail", args=[disagreement_id]) if disagreement_id else ""
        except NoReverseMatch:
            link = ""
        items.append(
            _timed(
                "escalation-stage",
                stage.pk,
                f"Disagreement {disagreement_id}: stage {getattr(stage, 'number', '')} overdue",
                stage.due_at,
                link,
                owner_ids=tuple(getattr(entry, "owner_ids", ())),
            )
        )
    return items


def due_items(*, now: datetime | None = None) -> list[DueItem]:
    """Every item in the system due before the end of this week's window, overdue ones
    included, earliest first. Not filtered by user: for ``work_for`` and the scheduled command."""
    now = now or timezone.now()
    horizon = _end_of(timezone.localtime(now).date() + WEEK - timedelta(days=1))
    items = _front_door_items(horizon) + _early_help_items(horizon) + _escalation_items(horizon)
    return sorted(items, key=lambda item: (item.due_at, item.kind, item.object_id))


def _managed_user_ids(user: User) -> tuple[set[int], set[int]]:
    """The members of the teams ``user`` manages, and those teams' localities."""
    teams = list(
        TeamMembership.objects.filter(
            user=user, position=TeamMembership.Position.MANAGER
        ).values_list("team_id", "team__locality_id")
    )
    team_ids = [team for team, _ in teams]
    members = set(
        TeamMembership.objects.filter(team_id__in=team_ids).values_list("user_id", flat=True)
    )
    return members, {locality for _, locality in teams if locality}


def _select(user: User, items: Iterable[DueItem]) -> list[DueItem]:
    front_door = user.has_role(Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER)
    team_members, localities = (
        _managed_user_ids(user) if user.has_role(Role.TEAM_MANAGER) else (set(), set())
    )
    queues = {f"locality:{locality}" for locality in localities}
    if front_door:
        queues.add("front_door")
    return [
        item
        for item in items
        if user.pk in item.owner_ids
        or item.queue in queues
        or team_members.intersection(item.owner_ids)
    ]


@dataclass
class MyWork:
    overdue: list[DueItem]
    due_today: list[DueItem]
    due_this_week: list[DueItem]

    @property
    def counts(self) -> dict[str, int]:
        return {
            OVERDUE: len(self.overdue),
            DUE_TODAY: len(self.due_today),
            DUE_THIS_WEEK: len(self.due_this_week),
        }


def work_for(user: User, *, now: datetime | None = None, path: str = "") -> MyWork:
    """What ``user`` should act on, grouped by state; the read is logged (``LIST_WORK``) with
    the people the listed items are about."""
    now = now or timezone.now()
    work = MyWork([], [], [])
    for item in _select(user, due_items(now=now)):
        state = due_state(item, now)
        if state is not None:
            getattr(work, state).append(item)
    people = sorted(
        {
            pid
            for group in (work.overdue, work.due_today, work.due_this_week)
            for i in group
            for pid in i.person_ids
        }
    )
    access_record(user=user, action=AccessAction.LIST_WORK, person_ids=people, path=path)
    return work


def overdue_count(user: User, *, now: datetime | None = None) -> int:
    """How many of ``user``'s items are overdue (for the navigation; not a read of people)."""
    now = now or timezone.now()
    return sum(1 for item in _select(user, due_items(now=now)) if now >= item.due_at)


def notifications_for(user: User) -> QuerySet[Notification]:
    """The notifications ``user`` has had, newest first (only their own)."""
    return Notification.objects.filter(recipient=user)
