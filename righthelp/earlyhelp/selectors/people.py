"""Choosing people: a family's members, leads and newcomers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    QuerySet,
)
from django.http import Http404

from righthelp.accounts.models import CASEWORK_ROLES, OrganisationKind, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.earlyhelp.family import (
    family_ids,
    member_adults,
    member_households,
    open_episode_ids,
)
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
)
from righthelp.earlyhelp.permissions import (
    can_work_on_episode,
)
from righthelp.frontdoor.think_family import ChildProfessional
from righthelp.people.models import Household, Person
from righthelp.people.selectors import PeopleSearch, people_search


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


def family_others(
    *,
    user: User,
    episode: Episode,
    path: str = "",
    may_work: bool | None = None,
    member_ids: Collection[int] | None = None,
) -> list[Person]:
    """People recorded in the family of an episode's members (``family.family_ids``: living
    with them now, or with a current relationship to them) who are not in the episode (the
    episode's page offers to add them), for those who may work on the episode; logs
    VIEW_NETWORK naming them.

    The episode's page has already asked ``can_work_on_episode`` and read the members in this
    request (``episode_for_page``) and passes both answers, so they are not asked again."""
    if may_work is None:
        may_work = can_work_on_episode(user, episode)
    if not may_work:
        return []
    members = set(
        EpisodeMember.objects.filter(episode=episode).values_list("person_id", flat=True)
        if member_ids is None
        else member_ids
    )
    others = list(
        Person.objects.filter(pk__in=family_ids(members) - members).order_by("date_of_birth", "pk")
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
