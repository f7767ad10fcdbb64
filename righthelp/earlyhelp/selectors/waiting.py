"""Work waiting for a locality: requests for early help and referrals stepping down."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.http import Http404

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.earlyhelp.models import (
    Episode,
)
from righthelp.earlyhelp.open_work import open_memberships
from righthelp.earlyhelp.permissions import (
    is_early_help_worker,
    locality_ids,
    workable_episodes_q,
)
from righthelp.frontdoor.handoff_selectors import (
    referrals_stepping_down,
    waiting_early_help_requests,
)
from righthelp.frontdoor.models import EarlyHelpRequest, SocialCareReferral


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
    to what is open for early help (one read for every request)."""
    linked = {
        request.pk: {s.person_id for s in request.decision.contact.subjects.all() if s.person_id}
        for request in requests
    }
    everyone = {pk for ids in linked.values() for pk in ids}
    # Who is in which open episode: early help's answer to what is open
    # (``open_work.open_episodes``, as ``family.open_episode_ids`` asks it), read as ids.
    by_person: dict[int, set[int]] = {}
    for person_id, episode_id in open_memberships(sorted(everyone)).values_list(
        "person_id", "episode_id"
    ):
        by_person.setdefault(person_id, set()).add(episode_id)
    open_ids = sorted({pk for ids in by_person.values() for pk in ids})
    episodes = {
        episode.pk: episode
        for episode in Episode.objects.filter(pk__in=open_ids)
        .select_related("locality")
        .annotate(may_work=ExpressionWrapper(workable_episodes_q(user), BooleanField()))
    }
    workable = {pk for pk, episode in episodes.items() if episode.may_work}
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
    referrals = list(
        referrals_stepping_down(locality_ids(user)).order_by(
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
