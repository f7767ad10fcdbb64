"""Every read about early help episodes: one episode (its page), caseloads, requests waiting.

Each read of personal data writes one access record in the same transaction. Missing and
forbidden episodes give the same 404.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
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

from righthelp.accounts.models import CASEWORK_ROLES, OrganisationKind, Role, TeamMembership, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.chronology.selectors import ChronologyItem, people_chronology
from righthelp.earlyhelp.due import outstanding_plan_actions, overdue_plan_actions
from righthelp.earlyhelp.family import (
    family_ids,
    member_adults,
    member_households,
    open_episode_ids,
)
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeMember,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
    LocalityCase,
    MeetingStatus,
    Plan,
    PlanAction,
    PlanStatus,
    RequestResolution,
    StepUpConsultation,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import (
    CURRENT_LEAD,
    can_view_episode,
    can_work_on_episode,
    consent_covers_episodes,
    is_early_help_worker,
    locality_ids,
    workable_episodes_q,
)
from righthelp.frontdoor.handoff_selectors import (
    referrals_stepping_down,
    waiting_early_help_requests,
)
from righthelp.frontdoor.models import EarlyHelpRequest, SocialCareReferral
from righthelp.frontdoor.think_family import ChildProfessional
from righthelp.people.models import Household, InvolvedProfessional, Person
from righthelp.people.permissions import live_involvements
from righthelp.people.selectors import PeopleSearch, people_search


def _early_help_settings() -> dict[str, Any]:
    value: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return value


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


def team_episodes_q(user: User) -> Q:
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
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if is_early_help_worker(user):
        q |= Q(locality_id__in=locality_ids(user))
    managed = list(
        user.team_memberships.filter(position=TeamMembership.Position.MANAGER).values_list(
            "team_id", flat=True
        )
    )
    if not managed:
        return q
    team_users = TeamMembership.objects.filter(team_id__in=managed).values("user_id")
    current_leads = LeadPractitioner.objects.filter(status__in=CURRENT_LEAD)
    # 1. Led by a member of a team they manage.
    q |= Q(pk__in=current_leads.filter(practitioner_id__in=team_users).values("episode_id"))
    # 2. No current lead, in the locality of an early help team they manage.
    if user.has_role(Role.TEAM_MANAGER):
        early_help_localities = TeamMembership.objects.filter(
            user=user,
            position=TeamMembership.Position.MANAGER,
            team__organisation__kind=OrganisationKind.EARLY_HELP,
            team__locality__isnull=False,
        ).values("team__locality_id")
        q |= Q(locality_id__in=early_help_localities) & ~Q(
            pk__in=current_leads.values("episode_id")
        )
    # 3. A member of a team they manage works on the family.
    involved = InvolvedProfessional.objects.filter(live_involvements()).filter(
        Q(user_id__in=team_users) | Q(team_id__in=managed)
    )
    q |= Q(
        pk__in=EpisodeMember.objects.filter(person_id__in=involved.values("person_id")).values(
            "episode_id"
        )
    )
    q |= Q(
        pk__in=TafInvitee.objects.filter(user_id__in=team_users)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values("meeting__episode_id")
    )
    q |= Q(
        pk__in=PlanAction.objects.filter(owner_id__in=team_users)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .values("plan__episode_id")
    )
    return q


def manages_team(user: User) -> bool:
    """Whether the user manages a team (their position in it): their "My team's" tab then
    holds their team's families."""
    return user.team_memberships.filter(position=TeamMembership.Position.MANAGER).exists()


def _team_tab_q(user: User) -> Q:
    """The "My team's" episodes (``team_episodes_q``) this user may open: those they may work
    on, and those they oversee where the family's consent covers their agency."""
    team = team_episodes_q(user)
    workable = workable_episodes_q(user)
    overseen = Episode.objects.filter(team).exclude(workable).values_list("pk", flat=True)
    return (workable & team) | Q(pk__in=sorted(consent_covers_episodes(user, list(overseen))))


@dataclass
class CaseloadFilter:
    tab: str = "mine"
    query: str = ""
    level: str = ""
    include_closed: bool = False


def caseload(
    *, user: User, filters: CaseloadFilter, page_number: int | str = 1, path: str = ""
) -> Page[Episode]:
    """Episodes on one caseload tab, newest first, searchable by reference or member name.

    "My episodes" are those the user leads; the other tabs are their team's families
    (``team_episodes_q``) that they may open. Logs LIST_EPISODES with the members shown.
    """
    tab = filters.tab if filters.tab in CASELOAD_TABS else "mine"
    if tab == "mine":
        qs = Episode.objects.filter(workable_episodes_q(user)).filter(
            pk__in=LeadPractitioner.objects.filter(
                practitioner=user, status__in=CURRENT_LEAD
            ).values("episode_id")
        )
    else:
        qs = Episode.objects.filter(_team_tab_q(user))
    if tab == "no_lead":
        cutoff = timezone.now() - timedelta(days=_early_help_settings()["no_lead_flag_days"])
        qs = qs.filter(without_lead_since__lt=cutoff, status=EpisodeStatus.OPEN)
    if not filters.include_closed or tab in ("no_lead", "overdue"):
        qs = qs.filter(status=EpisodeStatus.OPEN)
    if filters.level:
        qs = qs.filter(level=filters.level)
    query = filters.query.strip()
    if query:
        name_q = Q()
        for word in query.split():
            name_q &= Q(members__person__given_name__icontains=word) | Q(
                members__person__family_name__icontains=word
            )
        qs = qs.filter(
            pk__in=Episode.objects.filter(Q(reference__iexact=query) | name_q).values("pk")
        )
    qs = with_overdue(qs)
    if tab == "overdue":
        qs = qs.filter(
            Q(overdue_assessments__gt=0) | Q(overdue_meetings__gt=0) | Q(overdue_actions__gt=0)
        )
    qs = _with_may_work(qs, user)
    qs = qs.select_related("locality").prefetch_related(
        _members_prefetch(), _current_lead_prefetch()
    )
    page = Paginator(qs.order_by("-opened_at", "-id"), PER_PAGE).get_page(page_number)
    person_ids = [m.person_id for episode in page.object_list for m in episode.members.all()]
    access_record(
        user=user,
        action=AccessAction.LIST_EPISODES,
        person_ids=person_ids,
        path=path,
        detail={"tab": tab, "query": query, "page": page.number},
    )
    return page


def no_lead_count(user: User) -> int:
    """How many open episodes the user's team(s) hold without a lead for too long (a number,
    no personal data, not logged)."""
    cutoff = timezone.now() - timedelta(days=_early_help_settings()["no_lead_flag_days"])
    return Episode.objects.filter(
        _team_tab_q(user), status=EpisodeStatus.OPEN, without_lead_since__lt=cutoff
    ).count()


def episode_for_user(*, user: User, episode_id: int | str, path: str = "") -> Episode:
    """The episode if the user may see it (same 404 for missing and forbidden); logs
    VIEW_EPISODE with its members."""
    try:
        pk = int(episode_id)
    except (TypeError, ValueError):
        raise Http404 from None
    episode = (
        Episode.objects.select_related("locality", "previous_episode")
        .prefetch_related(_members_prefetch(), _current_lead_prefetch())
        .filter(pk=pk)
        .first()
    )
    if episode is None or not can_view_episode(user, episode):
        raise Http404
    access_record(
        user=user,
        action=AccessAction.VIEW_EPISODE,
        person_ids=[m.person_id for m in episode.members.all()],
        path=path,
        detail={"episode": episode.pk},
    )
    return episode


def episode_for_work(*, user: User, episode_id: int | str, path: str = "") -> Episode:
    """Like ``episode_for_user``, but only for those who may work on it (forms)."""
    episode = episode_for_user(user=user, episode_id=episode_id, path=path)
    if not Episode.objects.filter(workable_episodes_q(user), pk=episode.pk).exists():
        raise Http404
    return episode


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
    episode = episode_for_user(user=user, episode_id=episode_id, path=path)
    today = timezone.localdate()
    members = list(episode.members.all())
    leads = list(
        LeadPractitioner.objects.filter(episode=episode).select_related(
            "practitioner", "organisation"
        )
    )
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
        may_work=Episode.objects.filter(workable_episodes_q(user), pk=episode.pk).exists(),
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


@dataclass
class WaitingRequest:
    """A request waiting in the user's localities, with the early help already open for the
    people it names (``open_episodes``: then it cannot be taken up, only joined to one of
    them, or closed with a reason) and which of those the user may work on."""

    request: EarlyHelpRequest
    open_episodes: list[Episode] = field(default_factory=list)
    workable: set[int] = field(default_factory=set)

    @property
    def children(self) -> list[Any]:
        return [s for s in self.request.decision.contact.subjects.all() if s.role != "adult"]


def _waiting_requests() -> QuerySet[EarlyHelpRequest]:
    """Requests no locality has taken up, joined to an open episode or closed."""
    return waiting_early_help_requests()


def _with_open_episodes(user: User, requests: list[EarlyHelpRequest]) -> list[WaitingRequest]:
    """Each request with the early help open for the people it names, asked of the one answer
    to what is open (``family.open_episode_ids``, one call for every request)."""
    linked = {
        request.pk: {s.person_id for s in request.decision.contact.subjects.all() if s.person_id}
        for request in requests
    }
    everyone = {pk for ids in linked.values() for pk in ids}
    open_ids = open_episode_ids(everyone)
    by_person: dict[int, set[int]] = {}
    for episode_id, person_id in EpisodeMember.objects.filter(
        episode_id__in=open_ids, person_id__in=everyone
    ).values_list("episode_id", "person_id"):
        by_person.setdefault(person_id, set()).add(episode_id)
    episodes = {
        episode.pk: episode
        for episode in Episode.objects.filter(pk__in=open_ids).select_related("locality")
    }
    workable = set(
        Episode.objects.filter(workable_episodes_q(user), pk__in=open_ids).values_list(
            "pk", flat=True
        )
    )
    return [
        WaitingRequest(
            request=request,
            open_episodes=[
                episodes[pk]
                for pk in sorted({e for p in linked[request.pk] for e in by_person.get(p, ())})
            ],
            workable=workable,
        )
        for request in requests
    ]


def requests_waiting(*, user: User, path: str = "") -> list[WaitingRequest]:
    """Early help requests waiting in the localities of the user's teams (early help workers
    only), oldest first, each with the early help already open for its family. Logs
    LIST_EPISODES with the people named."""
    if not is_early_help_worker(user):
        return []
    waiting = list(
        _waiting_requests()
        .filter(locality_id__in=locality_ids(user))
        .select_related("locality", "decision__contact")
        .prefetch_related("decision__contact__subjects__person")
        .order_by("created_at", "id")
    )
    person_ids = [
        s.person_id
        for request in waiting
        for s in request.decision.contact.subjects.all()
        if s.person_id
    ]
    access_record(
        user=user,
        action=AccessAction.LIST_EPISODES,
        person_ids=person_ids,
        path=path,
        detail={"requests_waiting": len(waiting)},
    )
    return _with_open_episodes(user, waiting)


def step_downs_waiting(*, user: User, path: str = "") -> list[SocialCareReferral]:
    """Families waiting to step down from children's social care to early help in the user's
    localities (early help workers only): those whose referral children's social care has said
    its work is ending on (a ``StepDownRequest`` naming the locality), and that have no early
    help episode stepped down from them yet. A referral never waits merely because it was
    accepted. Logs LIST_EPISODES with the children named."""
    if not is_early_help_worker(user):
        return []
    localities = user.team_memberships.filter(team__locality__isnull=False).values(
        "team__locality_id"
    )
    referrals = list(
        referrals_stepping_down(localities).order_by(
            "step_down_request__work_ends_on", "step_down_request__requested_at", "id"
        )
    )
    person_ids = [
        s.person_id for r in referrals for s in r.decision.contact.subjects.all() if s.person_id
    ]
    access_record(
        user=user,
        action=AccessAction.LIST_EPISODES,
        person_ids=person_ids,
        path=path,
        detail={"step_downs_waiting": len(referrals)},
    )
    return referrals


def step_down_waiting_or_404(
    *, user: User, referral_id: int | str, path: str = ""
) -> SocialCareReferral:
    """A referral waiting to step down (``step_downs_waiting``) in one of the user's
    localities, for an early help worker; 404 otherwise, alike for one that does not exist,
    one social care has not said its work is ending on, and one already stepped down. Logs
    VIEW_CONTACT naming the people on the referral's contact."""
    try:
        pk = int(referral_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not is_early_help_worker(user):
        raise Http404
    localities = user.team_memberships.filter(team__locality__isnull=False).values(
        "team__locality_id"
    )
    found = referrals_stepping_down(localities, pk=pk).first()
    if found is None:
        raise Http404
    contact = found.decision.contact
    access_record(
        user=user,
        action=AccessAction.VIEW_CONTACT,
        person_ids=[s.person_id for s in contact.subjects.all() if s.person_id],
        path=path,
        detail={"contact": contact.pk, "referral": found.pk},
    )
    return found


def request_waiting_or_404(*, user: User, request_id: int | str) -> EarlyHelpRequest:
    """A request still waiting in one of the user's localities (early help workers only);
    the same 404 for one taken up, joined, closed, elsewhere or missing. Not logged: the page
    that shows it logs what it shows."""
    try:
        pk = int(request_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not is_early_help_worker(user):
        raise Http404
    found = (
        _waiting_requests()
        .filter(pk=pk, locality_id__in=locality_ids(user))
        .select_related("locality", "decision__contact")
        .prefetch_related("decision__contact__subjects__person")
        .first()
    )
    if found is None:
        raise Http404
    return found


def request_page(*, user: User, request_id: int | str, path: str = "") -> WaitingRequest:
    """A waiting request (``request_waiting_or_404``) with the early help open for its family,
    for the pages that take it up, join it or close it. Logs VIEW_CONTACT (the front-door
    contact it came from) with the people it names."""
    request = request_waiting_or_404(user=user, request_id=request_id)
    access_record(
        user=user,
        action=AccessAction.VIEW_CONTACT,
        person_ids=[s.person_id for s in request.decision.contact.subjects.all() if s.person_id],
        path=path,
        detail={"early_help_request": request.pk},
    )
    [page] = _with_open_episodes(user, [request])
    return page


@dataclass
class FamilyChoice:
    """The people of a family to choose an episode's members from, grouped by kind (children,
    then unborn babies, then adults), with who is ticked to start with."""

    children: list[Person]
    adults: list[Person]
    ticked_children: list[int]
    ticked_adults: list[int]
    # Early help already open for someone in the family: another cannot start.
    open_episodes: list[Episode] = field(default_factory=list)


def _by_age(people: Collection[Person]) -> list[Person]:
    def key(person: Person) -> tuple[int, date, str, int]:
        born = person.date_of_birth or person.expected_date_of_birth or date.max
        return (person.kind == "unborn", born, person.family_name, person.pk)

    return sorted(people, key=key)


def family_choice(
    *,
    user: User,
    anchor_ids: Collection[int],
    ticked: Collection[int],
    path: str = "",
    detail: dict[str, Any] | None = None,
) -> FamilyChoice:
    """The family of ``anchor_ids`` (``family.family_ids``: them, their households and
    relatives) to choose an episode's members from, each offered in the role of their kind:
    children and unborn babies as children, adults as adults. ``ticked`` are ticked to start
    with; any early help already open for the family is named. The caller has checked the
    user may start from ``anchor_ids`` (a record they see, a request of their locality). Logs
    VIEW_NETWORK naming everyone offered."""
    ids = family_ids(anchor_ids)
    people = list(Person.objects.filter(pk__in=ids))
    access_record(
        user=user,
        action=AccessAction.VIEW_NETWORK,
        person_ids=[p.pk for p in people],
        path=path,
        detail=detail or {},
    )
    children = _by_age([p for p in people if p.kind != "adult"])
    adults = _by_age([p for p in people if p.kind == "adult"])
    return FamilyChoice(
        children=children,
        adults=adults,
        ticked_children=[p.pk for p in children if p.pk in ticked],
        ticked_adults=[p.pk for p in adults if p.pk in ticked],
        open_episodes=list(
            Episode.objects.filter(pk__in=open_episode_ids(ids)).select_related("locality")
        ),
    )


def start_candidates(*, user: User, name: str, path: str = "") -> list[Person]:
    """People the user may see whose name matches, to start early help from (at most 20),
    logged as a search."""
    if not name.strip():
        return []
    page = people_search(
        user=user, search=PeopleSearch(name=name), page_number=1, per_page=20, path=path
    )
    return list(page.object_list)


def lead_for_episode(episode: Episode, lead_id: int | str) -> LeadPractitioner:
    try:
        pk = int(lead_id)
    except (TypeError, ValueError):
        raise Http404 from None
    lead = (
        LeadPractitioner.objects.filter(episode=episode, pk=pk)
        .select_related("practitioner", "organisation")
        .first()
    )
    if lead is None:
        raise Http404
    return lead


def lead_candidates() -> QuerySet[User]:
    """Practitioners who could lead: active casework users in an agency (no family data)."""
    return (
        User.objects.filter(
            is_active=True,
            organisation__isnull=False,
            role_assignments__role__in=sorted(CASEWORK_ROLES),
        )
        .distinct()
        .select_related("organisation")
        .order_by("first_name", "last_name", "username")
    )


def social_worker_candidates() -> QuerySet[User]:
    """Casework users of children's social care, for the step-up consultation."""
    return lead_candidates().filter(organisation__kind=OrganisationKind.CHILDRENS_SOCIAL_CARE)


__all__ = [
    "CASELOAD_TABS",
    "CaseloadFilter",
    "EpisodePage",
    "LeadStatus",
    "caseload",
    "episode_for_user",
    "episode_page",
]


def family_others(*, user: User, episode: Episode, path: str = "") -> list[Person]:
    """People recorded in the family of an episode's members (``family.family_ids``: living
    with them now, or with a current relationship to them) who are not in the episode (the
    episode's page offers to add them), for those who may work on the episode; logs
    VIEW_NETWORK naming them."""
    if not can_work_on_episode(user, episode):
        return []
    member_ids = set(
        EpisodeMember.objects.filter(episode=episode).values_list("person_id", flat=True)
    )
    others = list(
        Person.objects.filter(pk__in=family_ids(member_ids) - member_ids).order_by(
            "date_of_birth", "pk"
        )
    )
    if others:
        access_record(
            user=user,
            action=AccessAction.VIEW_NETWORK,
            person_ids=[p.pk for p in others],
            path=path,
            detail={"episode": episode.pk, "family_others": len(others)},
        )
    return others


def lead_professionals(child_ids: Collection[int]) -> list[ChildProfessional]:
    """Think Family's early help source (registered in ``apps``): the active lead practitioner
    of each open episode a child is a member of, with the kind of agency they lead from."""
    episodes: dict[int, set[int]] = {}
    for episode_id, person_id in EpisodeMember.objects.filter(
        person_id__in=list(child_ids), episode__status=EpisodeStatus.OPEN
    ).values_list("episode_id", "person_id"):
        episodes.setdefault(episode_id, set()).add(person_id)
    leads = LeadPractitioner.objects.filter(
        episode_id__in=list(episodes), status=LeadStatus.ACTIVE, practitioner__is_active=True
    ).values_list("episode_id", "practitioner_id", "organisation__kind")
    return [
        ChildProfessional(
            child_id=child_id,
            user_id=practitioner_id,
            role="Early help lead practitioner",
            agency_kind=kind,
        )
        for episode_id, practitioner_id, kind in leads
        for child_id in sorted(episodes[episode_id])
    ]


@dataclass
class NewcomerChoices:
    """What the page adding someone new to the family offers: the households the family lives
    in and the adults in the episode (parents of a new baby, a new partner's partner)."""

    households: list[Household]
    adults: list[Person]


def newcomer_choices(*, user: User, episode: Episode, path: str = "") -> NewcomerChoices:
    """For those who may work on the episode (else empty); logs VIEW_NETWORK with the people
    whose homes and names are shown."""
    if not can_work_on_episode(user, episode):
        return NewcomerChoices(households=[], adults=[])
    choices = NewcomerChoices(households=member_households(episode), adults=member_adults(episode))
    access_record(
        user=user,
        action=AccessAction.VIEW_NETWORK,
        person_ids=episode.member_ids(),
        path=path,
        detail={"episode": episode.pk, "newcomer_choices": True},
    )
    return choices
