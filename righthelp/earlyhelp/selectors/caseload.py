"""The caseload: episodes by tab and filter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Value
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeStatus,
    LeadPractitioner,
)
from righthelp.earlyhelp.permissions import CURRENT_LEAD
from righthelp.earlyhelp.selectors.common import (
    CASELOAD_TABS,
    PER_PAGE,
    _current_lead_prefetch,
    _members_prefetch,
    _team_tab_q,
    _with_may_work,
    team_episodes_opened,
    with_overdue,
)


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
        # Those the user leads, all of which they may work on (``workable_episodes_q``).
        qs = Episode.objects.filter(
            pk__in=LeadPractitioner.objects.filter(
                practitioner=user, status__in=CURRENT_LEAD
            ).values("episode_id")
        )
    else:
        qs = Episode.objects.filter(_team_tab_q(user))
    if tab == "no_lead":
        cutoff = timezone.now() - timedelta(days=early_help_setting("no_lead_flag_days"))
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
    qs = qs.annotate(may_work=Value(True)) if tab == "mine" else _with_may_work(qs, user)
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
    cutoff = timezone.now() - timedelta(days=early_help_setting("no_lead_flag_days"))

    def waiting(values: Mapping[str, Any]) -> QuerySet[Episode]:
        return Episode.objects.filter(
            status=EpisodeStatus.OPEN, without_lead_since__lt=values["cutoff"]
        )

    return len(team_episodes_opened(user, "no_lead", waiting, {"cutoff": cutoff}))
