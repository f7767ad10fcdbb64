"""What early help's reads share: settings, prefetches, overdue counts and the episodes a user may
work on."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import TeamMembership, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core.compiled import compiled_rows
from righthelp.earlyhelp.due import overdue_plan_actions
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeMember,
    LeadPractitioner,
    MeetingStatus,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import (
    CURRENT_LEAD,
    can_view_episode,
    can_work_on_episode,
    consent_covers,
    consent_covers_episodes,
    episode_access,
    reach_of,
    team_q,
    workable_episodes_q,
    workable_q,
)

CASELOAD_TABS = ("mine", "team", "no_lead", "overdue")


PER_PAGE = 25


CHRONOLOGY_LIMIT = 50


def _members_prefetch() -> Prefetch[str]:
    return Prefetch(
        "members", queryset=EpisodeMember.objects.select_related("person").order_by("role", "id")
    )


def _current_lead_prefetch() -> Prefetch[str]:
    return Prefetch(
        "leads",
        queryset=LeadPractitioner.objects.filter(status__in=CURRENT_LEAD).select_related(
            "practitioner", "organisation"
        ),
        to_attr="current_leads",
    )


def _count(qs: QuerySet[Any], key: str = "episode_id") -> Subquery:
    return Subquery(
        qs.order_by().values(key).annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def with_overdue(qs: QuerySet[Episode]) -> QuerySet[Episode]:
    """Annotate each episode with counts of its overdue items (plan actions by the one rule,
    ``due.overdue_plan_actions``)."""
    today = timezone.localdate()
    assessments = Assessment.objects.filter(episode=OuterRef("pk"), due_on__lt=today).exclude(
        status=AssessmentStatus.COMPLETED
    )
    meetings = TafMeeting.objects.filter(
        episode=OuterRef("pk"), status=MeetingStatus.PLANNED, due_on__lt=today
    )
    actions = overdue_plan_actions(today=today).filter(plan__episode=OuterRef("pk"))
    return qs.annotate(
        overdue_assessments=Coalesce(_count(assessments), Value(0)),
        overdue_meetings=Coalesce(_count(meetings), Value(0)),
        overdue_actions=Coalesce(_count(actions, "plan__episode_id"), Value(0)),
    )


def _with_may_work(qs: QuerySet[Episode], user: User) -> QuerySet[Episode]:
    """Annotate whether the user may work on each episode (``may_work``): on "My team's", a
    manager oversees some of their team's families without running them."""
    return qs.annotate(
        may_work=ExpressionWrapper(workable_episodes_q(user), output_field=BooleanField())
    )


def team_episodes_q(user: User, *, one_by_one: bool = True) -> Q:
    """ "My team's" episodes: the one definition of a team's families (a Q over ``Episode``;
    described for users in docs/early-help.md, "Your caseload").

    * For an early help worker: every episode in the localities of their teams.
    * For a manager of a team (their position in the team):

      1. episodes led (lead proposed or active) by a member of a team they manage;
      2. with the team manager role, episodes with no current lead in the locality of an early
         help team they manage (the families they find a lead for);
      3. episodes, whoever leads them (another agency, another team), in which a member of a
         team they manage works on the family: holds a live involvement with someone in the
         episode (as the named professional, or through the team itself), is invited to one of
         its Team Around the Family meetings (not a cancelled one), or owns an action in its
         current plan.

    Nothing else: not episodes without a lead in another locality, nor episodes led elsewhere
    in which nobody in their teams works on the family. Which of these a user may open is
    decided by the permissions (work on it, or oversee it where the family's consent covers
    their agency: ``permissions.can_view_episode``); the caseload shows only those.

    ``one_by_one`` (the default) tests each episode asked about in turn (one episode, a page,
    the few a count narrows to); without it each source is read whole once, for a list of
    every team episode (the "My team's" tab). Built from what the user's teams are
    (``permissions.team_q``, ``permissions.Reach``).
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    return team_q(reach_of(user), user.pk, timezone.localdate(), one_by_one=one_by_one)


def manages_team(user: User) -> bool:
    """Whether the user manages a team (their position in it): their "My team's" tab then
    holds their team's families."""
    return user.team_memberships.filter(position=TeamMembership.Position.MANAGER).exists()


def _team_tab_q(user: User) -> Q:
    """The "My team's" episodes (``team_episodes_q``) this user may open: those they may work
    on, and those they oversee where the family's consent covers their agency."""
    team = team_episodes_q(user, one_by_one=False)
    workable = workable_episodes_q(user)
    overseen = Episode.objects.filter(team).exclude(workable).values_list("pk", flat=True)
    return (workable & team) | Q(pk__in=sorted(consent_covers_episodes(user, list(overseen))))


def team_episodes_opened(
    user: User,
    name: str,
    narrow: Callable[[Mapping[str, Any]], QuerySet[Episode]],
    values: Mapping[str, Any],
) -> list[int]:
    """Of the episodes ``narrow(values)`` gives (a few), the ids of those on the user's "My
    team's" tab (``_team_tab_q``), each episode tested in turn: one query for the episodes,
    with whether the user may work on each (built and compiled once per ``name`` and
    ``permissions.Reach``), then the consent rule for those they would only oversee."""
    if not user.is_authenticated:
        return []
    reach = reach_of(user)

    def build(given: Mapping[str, Any]) -> QuerySet[Any]:
        user_id = given["user"]
        return (
            narrow(given)
            .filter(team_q(reach, user_id, given["today"]))
            .annotate(may_work=ExpressionWrapper(workable_q(reach, user_id), BooleanField()))
            .order_by()
            .values_list("pk", "may_work")
        )

    rows = compiled_rows(
        ("earlyhelp.team_episodes_opened", name, reach),
        build,
        {**values, "user": user.pk, "today": timezone.localdate()},
    )
    worked = [pk for pk, may_work in rows if may_work]
    overseen = [pk for pk, may_work in rows if not may_work]
    return sorted([*worked, *consent_covers_episodes(user, overseen)])


def episode_for_user(*, user: User, episode_id: int | str, path: str = "") -> Episode:
    """The episode if the user may see it (same 404 for missing and forbidden); logs
    VIEW_EPISODE with its members."""
    episode = _episode_or_404(episode_id, _current_lead_prefetch())
    if not can_view_episode(user, episode):
        raise Http404
    _episode_read(user, episode, path)
    return episode


def episode_for_page(
    *, user: User, episode_id: int | str, path: str = ""
) -> tuple[Episode, bool, list[LeadPractitioner]]:
    """The episode's own page: what ``episode_for_user`` gives (the same 404, the same logged
    read), with whether the user may work on it and every lead it has had, newest first
    (``current_leads`` taken from them), so the page asks neither question twice."""
    try:
        pk = int(episode_id)
    except (TypeError, ValueError):
        raise Http404 from None
    access = episode_access(user, pk)
    if access is None or not any(access):
        raise Http404
    may_work, seen = access
    episode = _episode_or_404(
        pk,
        Prefetch(
            "leads",
            queryset=LeadPractitioner.objects.select_related("practitioner", "organisation"),
            to_attr="all_leads",
        ),
    )
    leads: list[LeadPractitioner] = episode.all_leads  # type: ignore[attr-defined]
    episode.current_leads = [  # type: ignore[attr-defined]
        lead for lead in leads if lead.status in CURRENT_LEAD
    ]
    if not may_work and not (seen and consent_covers(user, episode)):
        raise Http404
    _episode_read(user, episode, path)
    return episode, may_work, leads


def _episode_or_404(episode_id: int | str, leads: Prefetch[str]) -> Episode:
    try:
        pk = int(episode_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = list(
        Episode.objects.select_related("locality", "previous_episode")
        .prefetch_related(_members_prefetch(), leads)
        .filter(pk=pk)
        .order_by()
    )
    if not found:
        raise Http404
    return found[0]


def _episode_read(user: User, episode: Episode, path: str) -> None:
    access_record(
        user=user,
        action=AccessAction.VIEW_EPISODE,
        person_ids=[m.person_id for m in episode.members.all()],
        path=path,
        detail={"episode": episode.pk},
    )


def episode_for_work(*, user: User, episode_id: int | str, path: str = "") -> Episode:
    """Like ``episode_for_user``, but only for those who may work on it (forms)."""
    episode = episode_for_user(user=user, episode_id=episode_id, path=path)
    if not can_work_on_episode(user, episode):
        raise Http404
    return episode
