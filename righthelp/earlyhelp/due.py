"""Early help's due work: its rules, and its source for My work and the due notifications.

The one definition of an overdue plan action lives here (``overdue_plan_actions``), and the
episode page, the caseload's counts and My work all call it:

- an action is *outstanding* while it is on the current version of an open episode's plan (the
  latest version: earlier ones are copies kept for the record) and is not done. An action marked
  "Not done" is still outstanding: what it was for has not happened, so it stays before whoever
  owns it until it is done or the plan is changed;
- it is *overdue* once its due date has passed (due before today).

Early help registers ``DUE_SOURCE`` with ``workdue`` in its ``ready()``: assessments in draft,
Team Around the Family meetings still planned, outstanding plan actions (their owner's, or the
lead's when the owner is not a user) and open episodes without a lead for too long (the queue
of the managers of the teams in its locality).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from righthelp.earlyhelp.models import (
    ActionStatus,
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeMember,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
    MeetingStatus,
    Plan,
    PlanAction,
    TafMeeting,
)
from righthelp.workdue.sources import (
    DueItem,
    DueSource,
    LazyQueries,
    Rows,
    Scope,
    Window,
    all_rows,
    dated,
    end_of,
    timed,
)

# --- Plan actions: the one rule -------------------------------------------------------------


def outstanding_plan_actions() -> QuerySet[PlanAction]:
    """Plan actions still owed: on the latest version of an open episode's plan, not done
    ("Not done" is still owed). No joins that repeat rows, so it can be counted as it is."""
    return _on_latest_open_plan(PlanAction.objects.exclude(status=ActionStatus.DONE))


def _on_latest_open_plan(actions: QuerySet[PlanAction]) -> QuerySet[PlanAction]:
    """Those of ``actions`` on the latest version of an open episode's plan (the rest of the
    rule of an outstanding action, once "not done" is tested)."""
    later_version = Plan.objects.filter(
        episode_id=OuterRef("plan__episode_id"), number__gt=OuterRef("plan__number")
    )
    return actions.filter(plan__episode__status=EpisodeStatus.OPEN).exclude(Exists(later_version))


def plan_actions_due(*, before: date, since: date | None = None) -> QuerySet[PlanAction]:
    """Outstanding plan actions due before ``before`` (a day) and, with ``since``, not before
    ``since``."""
    actions = outstanding_plan_actions().filter(due_on__lt=before)
    return actions if since is None else actions.filter(due_on__gte=since)


def overdue_plan_actions(*, today: date | None = None) -> QuerySet[PlanAction]:
    """Outstanding plan actions whose due date has passed: due before ``today`` (local)."""
    return plan_actions_due(before=today or timezone.localdate())


# --- The due source -------------------------------------------------------------------------


def no_lead_flag_days() -> int:
    early_help: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return int(early_help["no_lead_flag_days"])


def due_queries(scope: Scope, window: Window) -> Mapping[str, QuerySet[Any]]:
    """Early help's due rows in ``scope`` before ``window``: the lead's assessments and
    meetings, the owner's (or, with no user as owner, the lead's) plan actions, and, for team
    managers, open episodes in their teams' localities without a lead for too long."""
    led = Q()
    led_episodes: QuerySet[Any] | None = None
    if not scope.everyone:
        led_episodes = LeadPractitioner.objects.filter(
            scope.owns("practitioner_id"), status=LeadStatus.ACTIVE
        ).values("episode_id")
        led = Q(episode_id__in=led_episodes)

    # Each row comes with its episode (and an action with its plan), so its item needs no
    # further query (``items_from``); a count of them ignores the join.
    def assessments() -> QuerySet[Any]:
        return (
            Assessment.objects.filter(led, window.day("due_on"), status=AssessmentStatus.DRAFT)
            .select_related("episode")
            .order_by("due_on", "pk")
        )

    def meetings() -> QuerySet[Any]:
        return (
            TafMeeting.objects.filter(led, window.day("due_on"), status=MeetingStatus.PLANNED)
            .select_related("episode")
            .order_by("due_on", "pk")
        )

    def actions() -> QuerySet[Any]:
        if led_episodes is None:
            due = plan_actions_due(before=window.last_day, since=window.first_day)
            return due.select_related("plan__episode").order_by("due_on", "pk")
        # A plan action is its owner's, or the lead's when its owner is not a user: one
        # indexed lookup each (the owners' actions not done in the window, by owner and due
        # date; the actions without a user owner on the led episodes' plans), joined, and the
        # rest of the rule (latest version of an open episode's plan) tested on those few, read
        # by their ids (the window and "not done" are not repeated outside the union, or the
        # database reads every outstanding action in the window to join them). An OR of the
        # two would read every action without a user owner in the council.
        in_window = Q(window.day("due_on")) & ~Q(status=ActionStatus.DONE)
        owned = (
            PlanAction.objects.filter(scope.owns("owner_id"), in_window)
            .order_by()
            .values("pk")
            .union(
                PlanAction.objects.filter(
                    in_window,
                    owner__isnull=True,
                    plan_id__in=Plan.objects.filter(episode_id__in=led_episodes).values("pk"),
                )
                .order_by()
                .values("pk")
            )
        )
        return (
            _on_latest_open_plan(PlanAction.objects.filter(pk__in=owned))
            .select_related("plan__episode")
            .order_by("due_on", "pk")
        )

    def without_lead() -> QuerySet[Any]:
        # Flagged ``no_lead_flag_days`` after it lost its lead (or never had one).
        flag_after = timedelta(days=no_lead_flag_days())
        episodes = Episode.objects.filter(
            window.earlier(flag_after).moment("without_lead_since"),
            status=EpisodeStatus.OPEN,
        ).order_by("without_lead_since", "pk")
        localities = scope.locality_ids()
        if localities is not None:
            episodes = episodes.filter(locality_id__in=localities)
        return episodes

    # Each built only when asked for (My work asks only for the kinds with items in a group).
    builders: dict[str, Callable[[], QuerySet[Any]]] = {
        "assessment": assessments,
        "taf-meeting": meetings,
        "plan-action": actions,
    }
    if scope.everyone or scope.manages_teams:
        builders["episode-no-lead"] = without_lead
    return LazyQueries(builders)


def due_items(scope: Scope, window: Window) -> list[DueItem]:
    """``due_queries`` as due items, each for its episode's lead (or a plan action's owner)."""
    queries = dict(due_queries(scope, window))
    queries["assessment"] = queries["assessment"].select_related("episode")
    queries["taf-meeting"] = queries["taf-meeting"].select_related("episode")
    queries["plan-action"] = queries["plan-action"].select_related("plan__episode")
    return items_from(scope, window, all_rows(queries))


def items_from(scope: Scope, window: Window, rows: Rows) -> list[DueItem]:
    """Rows of ``due_queries`` as due items, in a fixed number of queries (their episodes, and
    the leads and members of those episodes only)."""
    assessments = list(rows.get("assessment", ()))
    meetings = list(rows.get("taf-meeting", ()))
    actions = list(rows.get("plan-action", ()))
    episodes = list(rows.get("episode-no-lead", ()))
    prefetch_related_objects(assessments, "episode")
    prefetch_related_objects(meetings, "episode")
    prefetch_related_objects(actions, "plan__episode")
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
            dated(
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
            dated(
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
            dated(
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
    flag_after = timedelta(days=no_lead_flag_days())
    for episode in episodes:
        assert episode.without_lead_since is not None
        items.append(
            timed(
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


def _earlier_by() -> tuple[timedelta, ...]:
    return (timedelta(days=no_lead_flag_days()),)


def row_due(kind: str, row: Any) -> datetime:
    """When a row of ``due_queries`` of ``kind`` is due: its item's ``due_at``."""
    if kind == "episode-no-lead":
        return row.without_lead_since + timedelta(days=no_lead_flag_days())  # type: ignore[no-any-return]
    return end_of(row.due_on)


DUE_SOURCE = DueSource(
    name="early-help",
    queries=due_queries,
    items=due_items,
    items_from=items_from,
    earlier_by=_earlier_by,
    row_due=row_due,
)
