"""Reads of professional disagreements. Each read of a child's disagreements is logged.

``overdue_stages()`` is for the notifications in ``righthelp.workdue``: it is a system read (no
user), returns open stages past their due time, and tells the caller the next level to notify.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core.checkpoint import person_or_404, visible_people
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
from righthelp.frontdoor.models import Contact, Decision
from righthelp.frontdoor.permissions import can_view_contact
from righthelp.people.models import Person


def _with_stages(queryset: QuerySet[Disagreement]) -> QuerySet[Disagreement]:
    return queryset.select_related("child", "raised_by", "organisation").prefetch_related(
        "stages", "stages__decided_by"
    )


def disagreement_detail(*, user: User, disagreement_id: int, path: str = "") -> Disagreement:
    """A disagreement about a child this user may see; the same 404 for missing and forbidden."""
    disagreement = (
        _with_stages(Disagreement.objects.filter(child__in=visible_people(user)))
        .filter(pk=disagreement_id)
        .first()
    )
    if disagreement is None:
        raise Http404
    access_record(
        user=user,
        action=AccessAction.VIEW_ESCALATION,
        person_ids=[disagreement.child_id],
        path=path,
        detail={"disagreement": disagreement.pk},
    )
    return disagreement


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
    contact = Contact.objects.filter(pk=pk, subjects__person=child).first()
    if contact is None or not can_view_contact(user, contact):
        raise Http404
    return contact


def latest_decision(contact: Contact) -> Decision | None:
    return Decision.objects.filter(contact=contact).order_by("-decided_at", "-pk").first()


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
    oldest first, with the current stage, age and whether it is overdue."""
    if not is_disagreement_manager(user):
        raise Http404
    at = now or timezone.now()
    queryset = Disagreement.objects.filter(
        status=DisagreementStatus.OPEN, child__in=visible_people(user)
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
    page = Paginator(_with_stages(queryset), per_page).get_page(page_number)
    rows = []
    for disagreement in page.object_list:
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
    page.object_list = rows  # type: ignore[assignment]
    return page  # type: ignore[return-value]


@dataclass(frozen=True)
class OverdueStage:
    stage: Stage
    disagreement: Disagreement
    next_level: str | None


def overdue_stages(*, now: datetime | None = None) -> list[OverdueStage]:
    """Open stages past their due time, oldest first, with the level above to notify (None at
    the top of the ladder). A system read for the notifications command: it returns no names,
    only records; whoever shows them to a person must check that person may see the child."""
    at = now or timezone.now()
    stages = (
        Stage.objects.filter(
            decided_at__isnull=True,
            due_at__lt=at,
            disagreement__status=DisagreementStatus.OPEN,
        )
        .select_related("disagreement", "disagreement__organisation")
        .order_by("due_at", "pk")
    )
    result = []
    for stage in stages:
        ladder = stage.disagreement.ladder
        next_level = ladder[stage.number] if stage.number < len(ladder) else None
        result.append(
            OverdueStage(stage=stage, disagreement=stage.disagreement, next_level=next_level)
        )
    return result


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


def disagreement_report(*, user: User, since: datetime | None = None) -> Report:
    """Counts for partnerships to learn from: no names, so no access log. For managers and
    analysts across all disagreements raised since ``since``."""
    if not can_see_disagreement_report(user):
        raise Http404
    queryset = Disagreement.objects.select_related("organisation").prefetch_related("stages")
    if since is not None:
        queryset = queryset.filter(raised_at__gte=since)
    agency: Counter[str] = Counter()
    stage_reached: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    durations: list[float] = []
    total = open_count = 0
    for disagreement in queryset:
        total += 1
        agency[disagreement.organisation.name if disagreement.organisation else "Unknown"] += 1
        reached = max(disagreement.stages.all(), key=lambda s: s.number)
        stage_reached[f"{reached.number}. {reached.level}"] += 1
        kind[disagreement.get_kind_display()] += 1
        if disagreement.status == DisagreementStatus.RESOLVED and disagreement.resolved_at:
            outcome[f"Resolved at {reached.level}"] += 1
            taken = disagreement.resolved_at - disagreement.raised_at
            bands[_resolution_band(taken)] += 1
            durations.append(taken.total_seconds() / 86400)
        else:
            open_count += 1
            outcome["Still open"] += 1
    durations.sort()
    median = None
    if durations:
        middle = len(durations) // 2
        median = (
            durations[middle]
            if len(durations) % 2
            else (durations[middle - 1] + durations[middle]) / 2
        )
    band_order = ["Within 2 days", "3 to 7 days", "8 to 28 days", "More than 28 days"]
    return Report(
        total=total,
        open=open_count,
        by_agency=sorted(agency.items()),
        by_stage_reached=sorted(stage_reached.items()),
        by_outcome=sorted(outcome.items()),
        by_kind=sorted(kind.items()),
        resolved_within=[(band, bands[band]) for band in band_order if bands[band]],
        median_days_to_resolution=round(median, 1) if median is not None else None,
    )
