"""Reads of professional disagreements. Each read of a child's disagreements is logged.

``level_holders`` works out who holds each stage (a system read). ``stages_due`` and
``overdue_stages`` are for "My work" and the notifications in ``righthelp.workdue``: system reads
(no user) of open stages with who must act, the next level's holders included once overdue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import Organisation, Role, Team, TeamMembership, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core.checkpoint import person_or_404, visible_people
from righthelp.earlyhelp.handoff_selectors import active_lead_practitioner
from righthelp.escalations.ladder import (
    EQUIVALENT,
    REFERRER,
    SAFEGUARDING_LEAD,
    TEAM_MANAGERS,
    WORKER,
    escalation_lead_for,
    held_by,
    referrer_side_rule,
)
from righthelp.escalations.models import (
    Disagreement,
    DisagreementKind,
    DisagreementStatus,
    Stage,
)
from righthelp.escalations.permissions import (
    can_see_disagreement_report,
    is_disagreement_manager,
)
from righthelp.frontdoor import handoff_selectors
from righthelp.frontdoor.handoff_selectors import contact_about_child
from righthelp.frontdoor.models import Contact, Decision
from righthelp.frontdoor.paging import COUNT_CAP, CappedPaginator
from righthelp.frontdoor.permissions import can_view_contact
from righthelp.people.models import InvolvedProfessional, Person, ProfessionalRole
from righthelp.people.permissions import can_view_person, live_involvements


def _with_stages(queryset: QuerySet[Disagreement]) -> QuerySet[Disagreement]:
    # Who decided and who responded to each stage come with the stages (a join), not as two
    # more queries of users.
    stages = Stage.objects.select_related("decided_by", "responded_by")
    return queryset.select_related("child", "raised_by", "organisation").prefetch_related(
        Prefetch("stages", queryset=stages),
        "stages__owners",
        "stages__next_level_holders",
        "stages__referrer_side",
    )


def _child_visible(user: User) -> Q:
    """The disagreement's child is one this user may see (``visible_people``), asked of each
    disagreement by its child's id: the database checks the rows it reads (an index lookup
    each) instead of working out everyone the user may see first."""
    return Q(Exists(visible_people(user).filter(pk=OuterRef("child_id"))))


def _holds(user: User, disagreement: Disagreement) -> bool:
    """``held_disagreements_q`` for one disagreement whose stages (with their owners, next
    level's holders and raiser's side) are already read: no query."""
    if not (user.is_authenticated and user.is_active):
        return False
    if disagreement.raised_by_id == user.pk:
        return True
    return any(
        holder.pk == user.pk
        for stage in disagreement.stages.all()
        for holders in (stage.owners, stage.next_level_holders, stage.referrer_side)
        for holder in holders.all()
    )


def disagreement_detail(*, user: User, disagreement_id: int, path: str = "") -> Disagreement:
    """A disagreement about a child this user may see, or one they hold a stage of (or the level
    above one); the same 404 for missing and forbidden.

    The disagreement is read by its id alone, then tested: whether the user holds it from the
    stages the page shows anyway, whether they may see the child by one lookup of that child
    (``child_is_visible`` answers from it afterwards). Written as one query with the visibility
    rule inside it, compiling that rule cost more CPU than the rest of the page."""
    disagreement = (
        _with_stages(Disagreement.objects.filter(pk=disagreement_id))
        .select_related("about_contact")
        .first()
    )
    if disagreement is None:
        raise Http404
    visible = can_view_person(user, disagreement.child)
    disagreement._child_visible_to = (user.pk, visible)  # type: ignore[attr-defined]
    if not (visible or _holds(user, disagreement)):
        raise Http404
    access_record(
        user=user,
        action=AccessAction.VIEW_ESCALATION,
        person_ids=[disagreement.child_id],
        path=path,
        detail={"disagreement": disagreement.pk},
    )
    return disagreement


def child_is_visible(user: User, disagreement: Disagreement) -> bool:
    """Whether ``user`` may see the disagreement's child (``can_view_person``), answered from
    ``disagreement_detail``'s check when it made one for this user."""
    known = getattr(disagreement, "_child_visible_to", None)
    if known is not None and known[0] == user.pk:
        return bool(known[1])
    return can_view_person(user, disagreement.child)


def current_stage(disagreement: Disagreement) -> Stage:
    return next(
        s for s in disagreement.stages.all() if s.number == disagreement.current_stage_number
    )


def child_for_raising(*, user: User, person_id: int | str) -> Person:
    return person_or_404(user, person_id)


def contact_for_raising(*, user: User, contact_id: int | str, child: Person) -> Contact:
    """A front-door contact about ``child`` that this user may see (as its referrer or the front
    door), for raising a disagreement about its decision; 404 otherwise."""
    try:
        pk = int(contact_id)
    except (TypeError, ValueError):
        raise Http404 from None
    contact = contact_about_child(pk, child.pk)
    if contact is None or not can_view_contact(user, contact):
        raise Http404
    return contact


def latest_decision(contact: Contact) -> Decision | None:
    return handoff_selectors.latest_decision(contact)


def changed_decision(disagreement: Disagreement) -> Decision | None:
    """For an upheld disagreement about a front-door decision: the front door's new decision on
    the contact, made after the disagreement was resolved (the latest, if there are several);
    None until it is made. The disputed decision stays in the contact's history."""
    if not disagreement.upheld or disagreement.about_contact_id is None:
        return None
    assert disagreement.resolved_at is not None
    return handoff_selectors.latest_decision_since(
        disagreement.about_contact_id,
        disagreement.resolved_at,
        excluding=disagreement.about_decision_id,
    )


def contact_disagreements(contact: Contact) -> list[Disagreement]:
    """The disagreements raised about a front-door contact, newest first, for the link on the
    contact's page (a system read: the page has already checked who may see the contact, and
    the links name no child)."""
    found = list(
        Disagreement.objects.filter(about_contact_id=contact.pk).order_by("-raised_at", "-pk")
    )
    for disagreement in found:
        disagreement.about_contact = contact  # the contact the page has, not a join for it
    return found


def child_open_disagreements(*, user: User, person: Person, path: str = "") -> list[Disagreement]:
    """The open disagreements about a child this user may see (none for anyone else)."""
    if not visible_people(user).filter(pk=person.pk).exists():
        return []
    open_ones = list(
        _with_stages(Disagreement.objects.filter(child=person, status=DisagreementStatus.OPEN))
    )
    if open_ones:
        access_record(
            user=user,
            action=AccessAction.LIST_ESCALATIONS,
            person_ids=[person.pk],
            path=path,
            detail={"disagreements": [d.pk for d in open_ones]},
        )
    return open_ones


def _page_number(value: int | str) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class OpenFilter:
    kind: str = ""
    overdue: bool = False
    high_risk: bool = False


@dataclass(frozen=True)
class OpenRow:
    disagreement: Disagreement
    stage: Stage
    age_days: int
    overdue: bool


def open_disagreements(
    *,
    user: User,
    filters: OpenFilter,
    page_number: int | str = 1,
    per_page: int = 50,
    path: str = "",
    now: datetime | None = None,
) -> Page[OpenRow]:
    """Managers' list: open disagreements about children they may see (their teams' work),
    oldest first, with the current stage, age and whether it is overdue; a page at a time with
    a constant number of queries, the count capped (``frontdoor.paging.CappedPaginator``)."""
    if not is_disagreement_manager(user):
        raise Http404
    at = now or timezone.now()
    queryset = Disagreement.objects.filter(
        _child_visible(user), status=DisagreementStatus.OPEN
    ).order_by("raised_at", "pk")
    if filters.kind in DisagreementKind.values:
        queryset = queryset.filter(kind=filters.kind)
    if filters.high_risk:
        queryset = queryset.filter(high_risk=True)
    if filters.overdue:
        overdue_ids = Stage.objects.filter(
            decided_at__isnull=True, due_at__lt=at, disagreement__in=queryset
        ).values("disagreement_id")
        queryset = queryset.filter(pk__in=overdue_ids)
    # The ids in order, as far as the count reaches (the cap, or the page after the one asked
    # for: ``CappedPaginator``'s reach), in one query: the visibility rule is built into SQL
    # once, where counting and then reading the page compiled it twice. The page is cut from
    # those ids and its rows read by id.
    number = _page_number(page_number)
    reach = max(COUNT_CAP, (number + 1) * per_page)
    ids: list[int] = list(queryset.values_list("pk", flat=True)[: reach + 1])
    paginator: CappedPaginator[int] = CappedPaginator(
        cast(Any, ids), per_page, cap=COUNT_CAP, page_number=number, known_count=len(ids)
    )
    page = paginator.get_page(number)
    page_ids = list(page.object_list)
    # The list shows each disagreement's current stage alone: its stages, not who decided,
    # responded to or holds each one (five more queries of model instances the page never reads).
    found = Disagreement.objects.filter(pk__in=page_ids).select_related(
        "child", "raised_by", "organisation"
    )
    by_id = {d.pk: d for d in found.prefetch_related("stages")} if page_ids else {}
    rows = []
    for disagreement in (by_id[pk] for pk in page_ids):
        stage = current_stage(disagreement)
        rows.append(
            OpenRow(
                disagreement=disagreement,
                stage=stage,
                age_days=(at - disagreement.raised_at).days,
                overdue=stage.due_at < at,
            )
        )
    if rows:
        access_record(
            user=user,
            action=AccessAction.LIST_ESCALATIONS,
            person_ids=[row.disagreement.child_id for row in rows],
            path=path,
        )
    page.object_list = rows
    return page


# --- Who holds a stage ----------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """Who a disagreement is with: the worker (if known), the teams that hold the work (the
    worker's teams, or the teams holding the child's work) and their agency, and whose decision
    or view is disputed (who never holds a stage above the worker's)."""

    worker: User | None
    team_ids: tuple[int, ...]
    organisation_id: int | None
    organisation_kind: str = ""
    disputed_ids: tuple[int, ...] = ()


def _active(user: User | None, raised_by_id: int) -> User | None:
    if user is None or not user.is_active or user.pk == raised_by_id:
        return None
    return user


def respondent_for(disagreement: Disagreement) -> Respondent:
    """The worker, teams and agency a disagreement is with. For a front-door decision: whoever
    made the decision, else the worker the contact is allocated to. For a worry not shared (or
    any other disagreement): the child's allocated worker or lead practitioner, else the active
    lead practitioner of the child's open early help episode; the teams holding the child's work
    when no worker is named. Never the person who raised it. The decision's maker (or the
    worker) is the disputed person."""
    raised_by = disagreement.raised_by_id
    worker: User | None = None
    disputed: set[int] = set()
    if disagreement.kind == DisagreementKind.FRONT_DOOR_DECISION:
        if disagreement.about_decision_id is not None:
            decision = handoff_selectors.decision_with_decider(disagreement.about_decision_id)
            disputed.add(decision.decided_by_id)
            worker = _active(decision.decided_by, raised_by)
        if worker is None and disagreement.about_contact_id is not None:
            contact = handoff_selectors.contact_with_assignee(disagreement.about_contact_id)
            worker = _active(contact.assigned_to, raised_by)
        held: list[int] = []
    else:
        involvements = InvolvedProfessional.objects.filter(
            live_involvements(), person_id=disagreement.child_id
        )
        allocated = (
            involvements.filter(
                role__in=[ProfessionalRole.ALLOCATED_WORKER, ProfessionalRole.LEAD_PRACTITIONER],
                user__is_active=True,
            )
            .exclude(user_id=raised_by)
            .select_related("user")
            .order_by("role", "-start_date", "pk")
            .first()
        )
        if allocated is not None:
            worker = allocated.user
        else:
            worker = active_lead_practitioner(disagreement.child_id, excluding_user_id=raised_by)
        held = sorted(
            set(involvements.filter(team__isnull=False).values_list("team_id", flat=True))
        )
    if worker is not None:
        disputed.add(worker.pk)
        team_ids = tuple(
            TeamMembership.objects.filter(user=worker)
            .order_by("team_id")
            .values_list("team_id", flat=True)
        ) or tuple(held)
        organisation_id = worker.organisation_id
    else:
        team_ids = tuple(held)
        organisation_id = (
            Team.objects.filter(pk=team_ids[0]).values_list("organisation_id", flat=True).first()
            if team_ids
            else None
        )
    kind = (
        Organisation.objects.filter(pk=organisation_id).values_list("kind", flat=True).first()
        if organisation_id is not None
        else None
    )
    return Respondent(
        worker=worker,
        team_ids=team_ids,
        organisation_id=organisation_id,
        organisation_kind=kind or "",
        disputed_ids=tuple(sorted(disputed)),
    )


def _managers(teams: QuerySet[Team] | list[int] | tuple[int, ...]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            team_memberships__team__in=teams,
            team_memberships__position=TeamMembership.Position.MANAGER,
        )
        .distinct()
        .order_by("pk")
    )


def _named(organisation_id: int | None, level: str) -> list[User]:
    """The users an agency names for a level (``LadderHolder``)."""
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            ladder_levels__organisation_id=organisation_id,
            ladder_levels__level=level,
        )
        .distinct()
        .order_by("pk")
    )


def _holders_at(disagreement: Disagreement, respondent: Respondent, level: str) -> list[User]:
    rule = held_by(level, disagreement.partnership)
    if rule == WORKER:
        return [respondent.worker] if respondent.worker is not None else []
    if rule == TEAM_MANAGERS:
        return _managers(respondent.team_ids)
    return _named(respondent.organisation_id, level)


def escalation_lead(organisation_kind: str) -> User | None:
    """The service's named escalation lead (``RIGHTHELP_ESCALATION_LEAD``) for a disagreement
    with this kind of agency: an active user with that username or e-mail address, or None."""
    name = escalation_lead_for(settings.RIGHTHELP_ESCALATION_LEAD, organisation_kind)
    if not name:
        return None
    return (
        User.objects.filter(Q(username__iexact=name) | Q(email__iexact=name), is_active=True)
        .order_by("pk")
        .first()
    )


def level_holders(
    disagreement: Disagreement,
    number: int,
    respondent: Respondent | None = None,
    previous_ids: Iterable[int] = (),
) -> list[User]:
    """Who holds stage ``number`` of the disagreement's ladder (a system read: no names of
    children); ``previous_ids`` are the holders of the stage before it.

    Never the person who raised it; never the person whose decision is disputed, above the
    worker's level; never whoever held the stage before when anyone at this level or above,
    or the service's escalation lead, can take it. A level with nobody goes to the nearest
    level above with someone, then to the escalation lead; failing those, to this level's
    holders even if they held the stage before, the nearest level below with someone, the
    managers of the teams holding the work, the agency's team managers, (for a front-door
    decision) the front-door managers, and last the escalation lead. An empty list means nobody
    can hold it: the caller refuses (``services.NoStageHolder``)."""
    respondent = respondent or respondent_for(disagreement)
    ladder = disagreement.ladder
    index = min(number, len(ladder)) - 1
    excluded = {disagreement.raised_by_id}
    if held_by(ladder[index], disagreement.partnership) != WORKER:
        excluded.update(respondent.disputed_ids)

    def at(position: int) -> Callable[[], list[User]]:
        return lambda: _holders_at(disagreement, respondent, ladder[position])

    def lead() -> list[User]:
        user = escalation_lead(respondent.organisation_kind)
        return [user] if user is not None else []

    def front_door_managers() -> list[User]:
        if disagreement.kind != DisagreementKind.FRONT_DOOR_DECISION:
            return []
        return list(
            User.objects.filter(is_active=True, role_assignments__role=Role.FRONT_DOOR_MANAGER)
            .distinct()
            .order_by("pk")
        )

    def agency_managers() -> list[User]:
        if respondent.organisation_id is None:
            return []
        return _managers(Team.objects.filter(organisation_id=respondent.organisation_id))

    def first(groups: list[Callable[[], list[User]]], skip: set[int]) -> list[User]:
        for group in groups:
            users = [user for user in group() if user.pk not in skip]
            if users:
                return users
        return []

    above = [at(position) for position in range(index, len(ladder))]
    holders = first([*above, lead], excluded | set(previous_ids))
    if holders:
        return holders
    below = [at(position) for position in range(index - 1, -1, -1)]
    chain = [lambda: _managers(respondent.team_ids), agency_managers, front_door_managers]
    return first([at(index), *below, *chain, *above[1:], lead], excluded)


def referrer_side_holders(disagreement: Disagreement, number: int) -> list[User]:
    """Who is told and involved on the raiser's side at stage ``number``, on a ladder that has
    the referrer's side (Nottingham's): the raiser at the worker's level; then their line
    manager (the managers of their teams) or their agency's safeguarding lead; higher up, the
    people their agency names for the same level, else their line manager or safeguarding lead.
    Empty on a ladder without it."""
    level = disagreement.ladder[min(number, len(disagreement.ladder)) - 1]
    rule = referrer_side_rule(level, disagreement.partnership)
    raiser = disagreement.raised_by
    if rule is None:
        return []
    if rule == REFERRER:
        return [raiser]
    if rule == EQUIVALENT:
        named = [u for u in _named(raiser.organisation_id, level) if u.pk != raiser.pk]
        if named:
            return named
    line = _managers(
        list(TeamMembership.objects.filter(user=raiser).values_list("team_id", flat=True))
    )
    line += [
        user
        for user in _named(raiser.organisation_id, SAFEGUARDING_LEAD)
        if user.pk not in {u.pk for u in line}
    ]
    return [user for user in line if user.pk != raiser.pk]


# --- Stages due, for "My work" and the notifications -----------------------------------------


@dataclass(frozen=True)
class DueStage:
    stage: Stage
    disagreement: Disagreement
    next_level: str | None
    # The stage's resolution time has passed, so the next level is told too.
    overdue: bool
    # Who must act: the stage's owners, plus the next level's holders once it is overdue.
    owner_ids: tuple[int, ...]
    # The first response is still awaited: the stage is due at ``respond_by`` until it is given.
    awaiting_response: bool = False

    @property
    def due_at(self) -> datetime:
        """When the holder must next act: the first response, then the resolution."""
        return self.stage.respond_by if self.awaiting_response else self.stage.due_at


def stages_due_queryset(
    *, before: datetime, now: datetime, user_ids: QuerySet[User, Any] | None = None
) -> QuerySet[Stage]:
    """Open stages due before ``before``: their first response while it is awaited, else their
    resolution. With ``user_ids`` (a subquery of user ids), only those these users hold, or
    would be told about as the next level because they are overdue at ``now``. No joins that
    repeat rows, so it can be counted as it is."""
    stages = Stage.objects.filter(
        Q(responded_at__isnull=True, respond_by__lt=before) | Q(due_at__lt=before),
        decided_at__isnull=True,
        disagreement__status=DisagreementStatus.OPEN,
    )
    if user_ids is not None:
        held = Stage.owners.through.objects.filter(user_id__in=user_ids).values("stage_id")
        next_level = Stage.next_level_holders.through.objects.filter(user_id__in=user_ids).values(
            "stage_id"
        )
        stages = stages.filter(Q(pk__in=held) | Q(pk__in=next_level, due_at__lt=now))
    return stages


def stages_due(
    *, before: datetime, now: datetime, user_ids: QuerySet[User, Any] | None = None
) -> list[DueStage]:
    """``stages_due_queryset`` as records with their owners, earliest first. A system read for
    "My work" and the notifications command: whoever shows a child's name must check access."""
    stages = (
        stages_due_queryset(before=before, now=now, user_ids=user_ids)
        .select_related("disagreement")
        .prefetch_related(
            Prefetch("owners", queryset=User.objects.only("pk")),
            Prefetch("next_level_holders", queryset=User.objects.only("pk")),
        )
        .order_by("due_at", "pk")
    )
    result = []
    for stage in stages:
        ladder = stage.disagreement.ladder
        overdue = stage.due_at <= now
        owners = [user.pk for user in stage.owners.all()]
        if overdue:
            owners += [u.pk for u in stage.next_level_holders.all() if u.pk not in owners]
        result.append(
            DueStage(
                stage=stage,
                disagreement=stage.disagreement,
                next_level=ladder[stage.number] if stage.number < len(ladder) else None,
                overdue=overdue,
                owner_ids=tuple(owners),
                awaiting_response=stage.responded_at is None,
            )
        )
    result.sort(key=lambda due: (due.due_at, due.stage.pk))
    return result


def overdue_stages(*, now: datetime | None = None) -> list[DueStage]:
    """Open stages past their due time, oldest first, with the level above (None at the top of
    the ladder) and ``owner_ids``: the stage's owners plus the next level's holders."""
    at = now or timezone.now()
    return [due for due in stages_due(before=at, now=at) if due.overdue]


@dataclass(frozen=True)
class Report:
    total: int
    open: int
    by_agency: list[tuple[str, int]]
    by_stage_reached: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    resolved_within: list[tuple[str, int]]
    median_days_to_resolution: float | None


def _resolution_band(duration: timedelta) -> str:
    days = duration.total_seconds() / 86400
    if days <= 2:
        return "Within 2 days"
    if days <= 7:
        return "3 to 7 days"
    if days <= 28:
        return "8 to 28 days"
    return "More than 28 days"


def _median_days(resolved: QuerySet[Disagreement], how_many: int) -> float | None:
    """The median time to resolution, in days, reading the one or two middle rows only."""
    if not how_many:
        return None
    taken = ExpressionWrapper(F("resolved_at") - F("raised_at"), output_field=DurationField())
    middle = how_many // 2
    first = middle if how_many % 2 else middle - 1
    durations = list(
        resolved.annotate(taken=taken)
        .order_by("taken", "pk")
        .values_list("taken", flat=True)[first : middle + 1]
    )
    days = [float(duration.total_seconds()) / 86400 for duration in durations]
    return sum(days) / len(days)


def disagreement_report(*, user: User, since: datetime | None = None) -> Report:
    """Counts for partnerships to learn from: no names, so no access log. For managers and
    analysts across all disagreements raised since ``since``. Counted by the database: a
    constant number of queries, and no rows read but the groups and the median's middle."""
    if not can_see_disagreement_report(user):
        raise Http404
    queryset = Disagreement.objects.order_by()
    if since is not None:
        queryset = queryset.filter(raised_at__gte=since)
    resolved_q = Q(status=DisagreementStatus.RESOLVED, resolved_at__isnull=False)
    taken_within = {
        band: Q(resolved_q, resolved_at__lte=F("raised_at") + timedelta(days=days))
        for band, days in (("2", 2), ("7", 7), ("28", 28))
    }
    totals = queryset.aggregate(
        total=Count("pk"),
        resolved=Count("pk", filter=resolved_q),
        **{f"within_{band}": Count("pk", filter=q) for band, q in taken_within.items()},
    )
    resolved_count = totals["resolved"]
    bands = {
        "Within 2 days": totals["within_2"],
        "3 to 7 days": totals["within_7"] - totals["within_2"],
        "8 to 28 days": totals["within_28"] - totals["within_7"],
        "More than 28 days": resolved_count - totals["within_28"],
    }
    agency: Counter[str] = Counter()
    for name, count in queryset.values_list("organisation__name").annotate(n=Count("pk")):
        agency[name or "Unknown"] += count
    kinds = dict(DisagreementKind.choices)
    kind: Counter[str] = Counter()
    for value, count in queryset.values_list("kind").annotate(n=Count("pk")):
        kind[str(kinds.get(value, value))] += count
    # The stage reached is the current one: stages only climb. The stages reached and, for
    # the resolved, where they were resolved, in one pass over the current stages (one join of
    # stages to their disagreements, not one for each count and another for "since").
    current = Stage.objects.filter(number=F("disagreement__current_stage_number"))
    if since is not None:
        current = current.filter(disagreement__raised_at__gte=since)
    is_resolved = Case(
        When(
            disagreement__status=DisagreementStatus.RESOLVED,
            disagreement__resolved_at__isnull=False,
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    stage_reached: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    if totals["total"] > resolved_count:
        outcome["Still open"] = totals["total"] - resolved_count
    for number, level, upheld, was_resolved, count in (
        current.order_by()
        .annotate(was_resolved=is_resolved)
        .values_list("number", "level", "disagreement__upheld", "was_resolved")
        .annotate(n=Count("pk"))
    ):
        stage_reached[f"{number}. {level}"] += count
        if was_resolved:
            outcome[f"{'Upheld' if upheld else 'Resolved'} at {level}"] += count
    resolved = queryset.filter(resolved_q)
    median = _median_days(resolved, resolved_count)
    band_order = ["Within 2 days", "3 to 7 days", "8 to 28 days", "More than 28 days"]
    return Report(
        total=totals["total"],
        open=totals["total"] - resolved_count,
        by_agency=sorted(agency.items()),
        by_stage_reached=sorted(stage_reached.items()),
        by_outcome=sorted(outcome.items()),
        by_kind=sorted(kind.items()),
        resolved_within=[(band, bands[band]) for band in band_order if bands[band]],
        median_days_to_resolution=round(median, 1) if median is not None else None,
    )
