"""Every due item in the system, computed in one place, and the reads of notifications.

Each source (front-door contacts and sign-offs; early help assessments, meetings, plan actions
and episodes without a lead; disagreement stages) is a query over a capability's stored due dates
(which it computes from the working-day calendar when it writes), filtered by a ``Scope``:
everyone's for ``due_items(now=...)`` and the scheduled command; one user's for ``work_for`` (what
they own, their teams' work if they manage a team, the front door's queue for front-door staff)
and for ``due_now_count``, the navigation's count, which counts the same queries in the database.
The front door's due times are stamped by its one rule, ``frontdoor.due.contact_due_times``;
this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, Func, IntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role, RoleAssignment, TeamMembership, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core import checkpoint
from righthelp.core.forms import format_govuk_date
from righthelp.workdue.models import Task

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
    note: str = field(default="", compare=False)  # added to the text of its notifications
    what: str = field(default="", compare=False)  # the item in words ("Plan action: ...")
    reference: str = field(default="", compare=False)  # the episode's, contact's or case's
    date_only: bool = field(default=False, compare=False)  # due on a day, at no set time
    # Whose it is: the names of the people it is about that the reader may see (``work_for``).
    family: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.due_at.isoformat()}"

    @property
    def due_text(self) -> str:
        """When it is due, as people say it: the day for a date-only item ("30 November 2025",
        not the midnight it becomes overdue), the day and time for a timed one."""
        if self.date_only:
            return format_govuk_date(self.due_day)
        at = timezone.localtime(self.due_at)
        return f"{format_govuk_date(at.date())} at {at:%H:%M}"


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


def _end_of(day: date) -> datetime:
    """A date-only due date is overdue from the start of the next day (local time)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _timed(
    kind: str, object_id: int, title: str, due_at: datetime, link: str, **extra: Any
) -> DueItem:
    return DueItem(kind, object_id, title, due_at, timezone.localtime(due_at).date(), link, **extra)


def _dated(kind: str, object_id: int, title: str, due_on: date, link: str, **extra: Any) -> DueItem:
    return DueItem(kind, object_id, title, _end_of(due_on), due_on, link, date_only=True, **extra)


# --- Whose items a read covers -------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose due items a read covers: everyone's (``user_id`` None: the scheduled command), or
    one user's: what they own, what the members of the teams they manage own (team managers),
    the front door's queue (front-door staff) and their teams' localities' queues. Each source
    turns this into conditions in its own query, so one user's read does work in proportion to
    their items, not to every item in the system."""

    user_id: int | None = None
    manages_teams: bool = False
    front_door: bool = False
    front_door_manager: bool = False
    early_help_worker: bool = False

    @property
    def everyone(self) -> bool:
        return self.user_id is None

    def _managed_teams(self) -> QuerySet[TeamMembership]:
        assert self.user_id is not None
        return TeamMembership.objects.filter(
            user_id=self.user_id, position=TeamMembership.Position.MANAGER
        )

    def owns(self, field: str) -> Q:
        """Rows whose ``field`` (a user id) is one of the users whose items this read covers."""
        if self.everyone:
            return Q()
        owned = Q(**{field: self.user_id})
        if self.manages_teams:
            members = TeamMembership.objects.filter(
                team_id__in=self._managed_teams().values("team_id")
            ).values("user_id")
            owned |= Q(**{f"{field}__in": members})
        return owned

    def user_ids(self) -> QuerySet[User, Any] | None:
        """The same users as a subquery of ids (``None`` for everyone)."""
        if self.everyone:
            return None
        return User.objects.filter(self.owns("pk")).values("pk")

    def locality_ids(self) -> QuerySet[TeamMembership, Any] | None:
        """The localities of the teams this user manages (``None`` for everyone)."""
        if self.everyone:
            return None
        return (
            self._managed_teams().filter(team__locality__isnull=False).values("team__locality_id")
        )

    def member_locality_ids(self) -> QuerySet[TeamMembership, Any]:
        """The localities of every team this user belongs to (one user's read only)."""
        assert self.user_id is not None
        return TeamMembership.objects.filter(
            user_id=self.user_id, team__locality__isnull=False
        ).values("team__locality_id")


EVERYONE = Scope()


def scope_for(user: User) -> Scope:
    """A user's scope; the role checks use the user's cached roles (no query once loaded)."""
    return Scope(
        user_id=user.pk,
        manages_teams=user.has_role(Role.TEAM_MANAGER),
        front_door=user.has_role(Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER),
        front_door_manager=user.has_role(Role.FRONT_DOOR_MANAGER),
        early_help_worker=user.has_role(Role.EARLY_HELP_WORKER),
    )


@dataclass(frozen=True)
class Window:
    """Due before ``horizon`` (a moment; date-only due dates before its local date), as at
    ``now`` (a disagreement stage becomes the next level's too once it is overdue)."""

    now: datetime
    horizon: datetime

    @property
    def last_day(self) -> date:
        return timezone.localtime(self.horizon).date()


def _window(now: datetime, days: int) -> Window:
    """From the past up to the end of the ``days``-th day from today (1: today)."""
    return Window(now=now, horizon=_end_of(timezone.localtime(now).date() + timedelta(days - 1)))


# --- Each source's query, filtered by scope and window --------------------------------------


def _contact_queries(scope: Scope, window: Window) -> dict[str, QuerySet[Any]]:
    from righthelp.frontdoor.models import OPEN_STATUSES, Contact, Decision

    # Front-door staff see the whole queue; anyone else only contacts allocated to them (or,
    # for a team manager, to their teams' members).
    queue = Q() if scope.front_door else scope.owns("assigned_to_id")
    queries: dict[str, QuerySet[Any]] = {
        "contact-decision": Contact.objects.filter(
            queue, status__in=OPEN_STATUSES, decision_due_at__lt=window.horizon
        ),
        # Feedback the front door sends in writing (in the app or by e-mail)...
        "contact-feedback": Contact.objects.filter(
            queue, feedback_due_at__lt=window.horizon, feedback__isnull=True
        ).exclude(referrer__isnull=True, referrer_email=""),
        # ... and a referrer who gave only a telephone number, whom a worker must ring.
        "contact-telephone-referrer": Contact.objects.filter(
            queue,
            feedback_due_at__lt=window.horizon,
            feedback__isnull=True,
            referrer__isnull=True,
            referrer_email="",
        ).exclude(referrer_phone=""),
        "contact-written-confirmation": Contact.objects.filter(
            queue,
            written_confirmation_due_at__lt=window.horizon,
            written_confirmation_received_at__isnull=True,
        ),
    }
    # A sign-off is every front-door manager's, due when the decision itself was due (or at
    # once if that has passed): in a user's scope if they are one, or manage one.
    sign_offs = Decision.objects.annotate(
        sign_off_due_at=Coalesce("contact__decision_due_at", "decided_at")
    ).filter(needs_sign_off=True, signed_off_at__isnull=True, sign_off_due_at__lt=window.horizon)
    if scope.everyone or scope.front_door_manager:
        queries["decision-sign-off"] = sign_offs
    elif scope.manages_teams:
        managers = RoleAssignment.objects.filter(
            scope.owns("user_id"), role=Role.FRONT_DOOR_MANAGER, user__is_active=True
        )
        queries["decision-sign-off"] = sign_offs.filter(Exists(managers))
    return queries


def _early_help_queries(scope: Scope, window: Window) -> dict[str, QuerySet[Any]]:
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

    led = Q()
    owned_actions = Q()
    if not scope.everyone:
        led_episodes = LeadPractitioner.objects.filter(
            scope.owns("practitioner_id"), status=LeadStatus.ACTIVE
        ).values("episode_id")
        led = Q(episode_id__in=led_episodes)
        # A plan action is its owner's, or the lead's when its owner is not a user.
        owned_actions = scope.owns("owner_id") | Q(
            owner__isnull=True, plan__episode_id__in=led_episodes
        )
    queries: dict[str, QuerySet[Any]] = {
        "assessment": Assessment.objects.filter(
            led, status=AssessmentStatus.DRAFT, due_on__lt=window.last_day
        ),
        "taf-meeting": TafMeeting.objects.filter(
            led, status=MeetingStatus.PLANNED, due_on__lt=window.last_day
        ),
        "plan-action": PlanAction.objects.filter(owned_actions, due_on__lt=window.last_day)
        .exclude(status__in=[ActionStatus.DONE, ActionStatus.NOT_DONE])
        .exclude(plan__episode__status=EpisodeStatus.CLOSED),
    }
    # An episode without a lead is the queue of the managers of teams in its locality.
    if scope.everyone or scope.manages_teams:
        episodes = Episode.objects.filter(
            without_lead_since__lt=window.horizon - timedelta(days=_no_lead_flag_days()),
            status=EpisodeStatus.OPEN,
        )
        localities = scope.locality_ids()
        if localities is not None:
            episodes = episodes.filter(locality_id__in=localities)
        queries["episode-no-lead"] = episodes
    return queries


def _no_lead_flag_days() -> int:
    early_help: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return int(early_help["no_lead_flag_days"])


def _task_scope_q(scope: Scope) -> Q:
    """Tasks in a read's scope: owned (by the user, or by their team members for a team
    manager), the front door's queue for front-door staff, and a locality's queue for the
    managers of its teams and for the early help workers of its teams (who can act on what it
    links to: a request waiting in the locality)."""
    if scope.everyone:
        return Q()
    q = scope.owns("owner_id")
    if scope.front_door:
        q |= Q(owner__isnull=True, queue="front_door")
    localities = scope.locality_ids()
    if scope.manages_teams and localities is not None:
        q |= Q(owner__isnull=True, queue="locality", locality_id__in=localities)
    if scope.early_help_worker:
        q |= Q(owner__isnull=True, queue="locality", locality_id__in=scope.member_locality_ids())
    return q


def _task_queries(scope: Scope, window: Window) -> dict[str, QuerySet[Any]]:
    return {
        "task": Task.objects.filter(
            _task_scope_q(scope), completed_at__isnull=True, due_on__lt=window.last_day
        )
    }


def _queries(scope: Scope, window: Window) -> dict[str, QuerySet[Any]]:
    from righthelp.escalations.selectors import stages_due_queryset

    return {
        **_contact_queries(scope, window),
        **_early_help_queries(scope, window),
        "escalation-stage": stages_due_queryset(
            before=window.horizon, now=window.now, user_ids=scope.user_ids()
        ),
        **_task_queries(scope, window),
    }


# --- Turning rows into due items ------------------------------------------------------------


def _subject_ids(contact: Any) -> tuple[int, ...]:
    return tuple(s.person_id for s in contact.subjects.all() if s.person_id)


CONTACT_DUE = (
    ("contact-decision", "decision_due_at", "decision due", "Decision on the contact"),
    (
        "contact-feedback",
        "feedback_due_at",
        "feedback to the referrer due",
        "Feedback to the referrer",
    ),
    (
        "contact-telephone-referrer",
        "feedback_due_at",
        "telephone the referrer",
        "Telephone the referrer",
    ),
    (
        "contact-written-confirmation",
        "written_confirmation_due_at",
        "written confirmation from the referrer due",
        "Written confirmation of the telephone contact",
    ),
)


def _telephone_note(contact: Any) -> str:
    """The message to give a referrer who can only be telephoned."""
    from righthelp.frontdoor.referrer_messages import decision_in_effect, referrer_message

    message = referrer_message(contact, decision_in_effect(list(contact.decisions.all())))
    return f"Tell them: {message}"


def _front_door_items(queries: dict[str, QuerySet[Any]]) -> list[DueItem]:
    items: list[DueItem] = []
    for kind, due_field, what, item in CONTACT_DUE:
        telephone = kind == "contact-telephone-referrer"
        rows = queries[kind].prefetch_related("subjects")
        if telephone:
            rows = rows.prefetch_related("decisions")
        for contact in rows.order_by(due_field, "pk"):
            items.append(
                _timed(
                    kind,
                    contact.pk,
                    f"{contact.reference}: {what}",
                    getattr(contact, due_field),
                    reverse(
                        "frontdoor:contact-feedback" if telephone else "frontdoor:contact",
                        args=[contact.pk],
                    ),
                    owner_ids=(contact.assigned_to_id,) if contact.assigned_to_id else (),
                    queue="front_door",
                    person_ids=_subject_ids(contact),
                    note=_telephone_note(contact) if telephone else "",
                    what=item,
                    reference=contact.reference,
                )
            )
    if "decision-sign-off" not in queries:
        return items
    decisions = list(
        queries["decision-sign-off"]
        .select_related("contact")
        .prefetch_related("contact__subjects")
        .order_by("sign_off_due_at", "pk")
    )
    if not decisions:
        return items
    managers = tuple(
        User.objects.filter(role_assignments__role=Role.FRONT_DOOR_MANAGER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    for decision in decisions:
        contact = decision.contact
        items.append(
            _timed(
                "decision-sign-off",
                decision.pk,
                f"{contact.reference}: decision waiting for your sign-off",
                decision.sign_off_due_at,
                reverse("frontdoor:contact", args=[contact.pk]),
                owner_ids=managers,
                person_ids=_subject_ids(contact),
                what="Decision waiting for your sign-off",
                reference=contact.reference,
            )
        )
    return items


def _early_help_items(queries: dict[str, QuerySet[Any]]) -> list[DueItem]:
    from righthelp.earlyhelp.models import EpisodeMember, LeadPractitioner, LeadStatus

    assessments = list(queries["assessment"].select_related("episode"))
    meetings = list(queries["taf-meeting"].select_related("episode"))
    actions = list(queries["plan-action"].select_related("plan__episode"))
    episodes = list(queries["episode-no-lead"]) if "episode-no-lead" in queries else []
    episode_ids = (
        {row.episode_id for row in assessments}
        | {row.episode_id for row in meetings}
        | {row.plan.episode_id for row in actions}
        | {episode.pk for episode in episodes}
    )
    if not episode_ids:
        return []
    # Leads and members of the listed episodes only, not of every episode.
    leads: dict[int, int] = dict(
        LeadPractitioner.objects.filter(
            status=LeadStatus.ACTIVE, episode_id__in=episode_ids
        ).values_list("episode_id", "practitioner_id")
    )
    members: dict[int, list[int]] = {}
    for episode_id, person_id in EpisodeMember.objects.filter(
        episode_id__in=episode_ids
    ).values_list("episode_id", "person_id"):
        members.setdefault(episode_id, []).append(person_id)

    def lead_of(episode_id: int) -> tuple[int, ...]:
        return (leads[episode_id],) if episode_id in leads else ()

    items: list[DueItem] = []
    for assessment in assessments:
        items.append(
            _dated(
                "assessment",
                assessment.pk,
                f"{assessment.episode.reference}: early help assessment due",
                assessment.due_on,
                reverse("earlyhelp:episode", args=[assessment.episode_id]),
                owner_ids=lead_of(assessment.episode_id),
                person_ids=tuple(members.get(assessment.episode_id, ())),
                what="Early help assessment",
                reference=assessment.episode.reference,
            )
        )
    for meeting in meetings:
        items.append(
            _dated(
                "taf-meeting",
                meeting.pk,
                f"{meeting.episode.reference}: Team Around the Family meeting due",
                meeting.due_on,
                reverse("earlyhelp:episode", args=[meeting.episode_id]),
                owner_ids=lead_of(meeting.episode_id),
                person_ids=tuple(members.get(meeting.episode_id, ())),
                what=f"Team Around the Family meeting: {meeting.get_kind_display()}",
                reference=meeting.episode.reference,
            )
        )
    for action in actions:
        episode = action.plan.episode
        items.append(
            _dated(
                "plan-action",
                action.pk,
                f"{episode.reference}: plan action due",
                action.due_on,
                reverse("earlyhelp:episode", args=[episode.pk]),
                owner_ids=(action.owner_id,) if action.owner_id else lead_of(episode.pk),
                person_ids=tuple(members.get(episode.pk, ())),
                what=f"Plan action: {action.what}",
                reference=episode.reference,
            )
        )
    flag_after = timedelta(days=_no_lead_flag_days())
    for episode in episodes:
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
                what="Find a lead practitioner",
                reference=episode.reference,
            )
        )
    return items


def _escalation_items(scope: Scope, window: Window) -> list[DueItem]:
    """Open disagreement stages: their owners', and once overdue the next level's holders'
    too (``escalations.selectors.stages_due``), so the scheduled command tells them. A stage is
    due at its first response until that is recorded, then at its resolution."""
    from righthelp.escalations.selectors import stages_due

    items: list[DueItem] = []
    for due in stages_due(before=window.horizon, now=window.now, user_ids=scope.user_ids()):
        stage = due.stage
        note = ""
        if due.next_level:
            note = (
                f"When a stage is overdue, whoever holds the next level ({due.next_level}) is "
                "told as well as whoever holds this one."
            )
        what = "first response due" if due.awaiting_response else "resolution due"
        items.append(
            _timed(
                "escalation-stage",
                stage.pk,
                f"Professional disagreement {due.disagreement.pk}: "
                f"stage {stage.number} ({stage.level}) {what}",
                due.due_at,
                reverse("escalations:detail", args=[due.disagreement.pk]),
                owner_ids=due.owner_ids,
                person_ids=(due.disagreement.child_id,),
                note=note,
                what=f"Professional disagreement: stage {stage.number} ({stage.level}) {what}",
                reference=f"Disagreement {due.disagreement.pk}",
            )
        )
    return items


TASK_KIND = "task"


def _task_items(queries: dict[str, QuerySet[Any]]) -> list[DueItem]:
    """Open tasks (``workdue.Task``): their owner's, or their queue's."""
    items: list[DueItem] = []
    for task in queries[TASK_KIND].order_by("due_on", "pk"):
        queue = ""
        if task.queue == "front_door":
            queue = "front_door"
        elif task.queue == "locality":
            queue = f"locality:{task.locality_id}"
        items.append(
            _dated(
                TASK_KIND,
                task.pk,
                task.title,
                task.due_on,
                task.link,
                owner_ids=(task.owner_id,) if task.owner_id else (),
                queue=queue,
                person_ids=tuple(task.person_ids),
            )
        )
    return items


def task_in_work(user: User, task_id: int, *, path: str = "") -> Task:
    """The task ``task_id`` if it is in ``user``'s My work, open or completed
    (``Task.DoesNotExist`` otherwise: another user's task does not exist for them). The read is
    logged (``LIST_WORK``) with the people the task is about."""
    task = Task.objects.select_related("completed_by").get(
        _task_scope_q(scope_for(user)), pk=task_id
    )
    access_record(user=user, action=AccessAction.LIST_WORK, person_ids=task.person_ids, path=path)
    return task


def task_for_completion(user: User, task_id: int) -> Task:
    """The task ``task_id`` if it is in ``user``'s My work (whatever its due date), locked for
    completing; ``Task.DoesNotExist`` otherwise, so another user's task does not exist here."""
    return Task.objects.select_for_update().get(_task_scope_q(scope_for(user)), pk=task_id)


def _items(scope: Scope, window: Window) -> list[DueItem]:
    queries = {
        **_contact_queries(scope, window),
        **_early_help_queries(scope, window),
        **_task_queries(scope, window),
    }
    items = (
        _front_door_items(queries)
        + _early_help_items(queries)
        + _escalation_items(scope, window)
        + _task_items(queries)
    )
    return sorted(items, key=lambda item: (item.due_at, item.kind, item.object_id))


def due_items(*, now: datetime | None = None) -> list[DueItem]:
    """Every item in the system due before the end of this week's window, overdue ones
    included, earliest first. Not filtered by user: for the scheduled command."""
    now = now or timezone.now()
    return _items(EVERYONE, _window(now, WEEK.days))


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
    """What ``user`` should act on, grouped by state: what they own, their teams' work if they
    manage a team, and the front door's queue for front-door staff. Each source's query is
    filtered to that, so the work done grows with the user's items, not everyone's. The read
    is logged (``LIST_WORK``) with the people the listed items are about."""
    now = now or timezone.now()
    due = [
        (item, state)
        for item in _items(scope_for(user), _window(now, WEEK.days))
        if (state := due_state(item, now)) is not None
    ]
    people = sorted({pid for item, _ in due for pid in item.person_ids})
    names = _names_seen_by(user, people)
    work = MyWork([], [], [])
    for item, state in due:
        family = ", ".join(names[pid] for pid in item.person_ids if pid in names)
        getattr(work, state).append(replace(item, family=family))
    access_record(user=user, action=AccessAction.LIST_WORK, person_ids=people, path=path)
    return work


def _names_seen_by(user: User, person_ids: list[int]) -> dict[int, str]:
    """The names of those of ``person_ids`` that ``user`` may see (one query): an item about
    someone they may not see (a disagreement's child, for a holder higher up the ladder) is
    listed by its reference alone."""
    if not person_ids:
        return {}
    people = checkpoint.visible_people(user).filter(pk__in=person_ids)
    return {person.pk: person.full_name for person in people}


def due_now_count(user: User, *, now: datetime | None = None) -> int:
    """How many of ``user``'s items are overdue or due today, for the navigation: the same
    filters as ``work_for``, counted by the database in one query (a COUNT subquery per
    source), building no items. It names nobody, so it is not logged."""
    now = now or timezone.now()
    queries = _queries(scope_for(user), _window(now, 1))
    counts = {
        f"n{index}": Subquery(
            queryset.order_by().values(n=Func(F("pk"), function="COUNT")),
            output_field=IntegerField(),
        )
        for index, queryset in enumerate(queries.values())
    }
    row = User.objects.filter(pk=user.pk).annotate(**counts).values_list(*counts).first()
    return sum(value or 0 for value in row) if row else 0
