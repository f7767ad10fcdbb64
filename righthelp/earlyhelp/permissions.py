"""Who may see and work on an early help episode, and the people they see through it.

* **Work on** (record, plan, arrange meetings): early help workers in a team of the episode's
  locality, the current lead practitioner (proposed or active), managers of a team the lead
  belongs to, and, while the family has no lead, managers of an early help team of the locality.
* **See**: those, plus practitioners invited to the episode's Team Around the Family meetings
  and managers overseeing their team's families (``overseen_episodes_q``: say, a family led
  from another agency in which a member of their team works), but only while every child in
  the episode has current consent (or a recorded lawful basis) covering their kind of agency.
  Withdrawn consent closes the episode to them at once.
* **People**: the members of an episode are visible (``visible_people``) to those who may work
  on it. TAF invitees see the episode, not the children's whole records.
* **Handed over**: a formal step-up hands the episode's assessment, agreed plan and chronology
  to the front door with its contact (``frontdoor.StepUpHandover``). The front door opens them
  from that contact while it is open (and, once decided, whoever decided or signed it off);
  once it is a referral to children's social care, social care does. The rule is the
  contact's (``frontdoor.permissions.can_open_handover``, so the contact page can ask it
  too); ``handover_selectors`` reads through it, read-only, each read logged with the contact
  as its reason. Nobody else, and no other contact, opens an episode this way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from righthelp.accounts.models import OrganisationKind, Role, TeamMembership, User
from righthelp.core.checkpoint import exists_for_each, memoised
from righthelp.core.compiled import compiled_rows
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    LeadPractitioner,
    LeadStatus,
    MeetingStatus,
    MemberRole,
    PlanAction,
    PlanStatus,
    TafInvitee,
)

CURRENT_LEAD = (LeadStatus.PROPOSED, LeadStatus.ACTIVE)


def is_early_help_worker(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.EARLY_HELP_WORKER)


def locality_ids(user: User) -> list[int]:
    """The localities of the teams the user belongs to, read once a request (a write to a team
    or a membership makes the request read them again: ``checkpoint.forget_memos``)."""
    if not user.is_authenticated:
        return []
    return list(reach_of(user).localities)


@dataclass(frozen=True)
class Reach:
    """What the early help rules read about a user besides their id, when they are built: their
    roles, the localities of their teams and the teams they manage. Read once a request
    (``checkpoint.memoised``: a write to a role, team or membership reads it again); the rules
    built from it are the same SQL for everyone with the same reach, so a check on one episode
    is compiled once per reach (``core.compiled``) and run with the user's id."""

    early_help_worker: bool
    team_manager: bool
    localities: tuple[int, ...]
    managed: tuple[int, ...]


def reach_of(user: User) -> Reach:
    return memoised("earlyhelp.reach", user, lambda: _read_reach(user))


def _read_reach(user: User) -> Reach:
    teams = list(user.team_memberships.values_list("team_id", "team__locality_id", "position"))
    return Reach(
        early_help_worker=is_early_help_worker(user),
        team_manager=user.has_role(Role.TEAM_MANAGER),
        localities=tuple(sorted(locality for _, locality, _ in teams if locality is not None)),
        managed=tuple(
            sorted(
                team for team, _, position in teams if position == TeamMembership.Position.MANAGER
            )
        ),
    )


def workable_episodes_q(user: User) -> Q:
    """Episodes this user may work on (a Q over ``Episode``), built once a request
    (``checkpoint.memoised``)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return memoised("workable_episodes_q", user, lambda: workable_q(reach_of(user), user.pk))


def workable_episodes(user: User) -> QuerySet[Episode]:
    """``Episode.objects.filter(workable_episodes_q(user))``, built once a request."""
    return memoised(
        "workable_episodes", user, lambda: Episode.objects.filter(workable_episodes_q(user))
    ).all()


def _each(ids: QuerySet[Any], column: str) -> Q:
    """``pk IN (ids)`` written as a correlated ``EXISTS`` on the episode, answered episode by
    episode through the index on ``column`` (``checkpoint.exists_for_each``): an OR of
    ``IN (subquery)`` makes PostgreSQL read every id of every source first."""
    return Q(exists_for_each(ids, column))


def current_lead_by(practitioners: Q) -> Q:
    """Episodes whose current lead (proposed or active; one at most) is one of
    ``practitioners`` (a Q over ``LeadPractitioner``), tested episode by episode."""
    return _each(
        LeadPractitioner.objects.filter(practitioners, status__in=CURRENT_LEAD), "episode_id"
    )


def without_current_lead() -> Q:
    """Episodes with no current lead, tested episode by episode."""
    return ~_each(LeadPractitioner.objects.filter(status__in=CURRENT_LEAD), "episode_id")


def managed_team_users(user_id: int) -> QuerySet[TeamMembership, Any]:
    """The members of the teams the user manages (their position in the team), as ids."""
    managed_teams = TeamMembership.objects.filter(
        user_id=user_id, position=TeamMembership.Position.MANAGER
    ).values("team_id")
    return TeamMembership.objects.filter(team_id__in=managed_teams).values("user_id")


def early_help_manager_localities(user_id: int) -> QuerySet[TeamMembership, Any]:
    """The localities of the early help teams the user manages, as ids."""
    return TeamMembership.objects.filter(
        user_id=user_id,
        position=TeamMembership.Position.MANAGER,
        team__organisation__kind=OrganisationKind.EARLY_HELP,
        team__locality__isnull=False,
    ).values("team__locality_id")


def workable_q(reach: Reach, user_id: int) -> Q:
    """``workable_episodes_q`` for the user ``user_id`` with ``reach``."""
    # Each source tests the episode in hand (its locality, its one current lead), so asking
    # about one episode, or a page of them, never reads every episode a source holds.
    q = Q(pk__in=[])
    if reach.early_help_worker:
        q |= Q(locality_id__in=list(reach.localities))
    # The lead is the user, or a member of a team they manage.
    q |= current_lead_by(
        Q(practitioner_id=user_id) | Q(practitioner_id__in=managed_team_users(user_id))
    )
    if reach.team_manager:
        # Managers of an early help team find a lead for a family in their locality that has
        # none (with a lead, they see it through the lead's team like any manager).
        q |= Q(locality_id__in=early_help_manager_localities(user_id)) & without_current_lead()
    return q


def team_q(reach: Reach, user_id: int, today: date, *, one_by_one: bool = True) -> Q:
    """``selectors.team_episodes_q`` (the definition, described there) for the user
    ``user_id`` with ``reach``, involvements live on ``today``."""
    from righthelp.people.models import InvolvedProfessional
    from righthelp.people.permissions import live_involvements

    def source(ids: QuerySet[Any], column: str) -> Q:
        if one_by_one:
            return _each(ids, column)
        return Q(pk__in=ids.values(column))

    q = Q(pk__in=[])
    if reach.early_help_worker:
        q |= Q(locality_id__in=list(reach.localities))
    if not reach.managed:
        return q
    managed = list(reach.managed)
    team_users = TeamMembership.objects.filter(team_id__in=managed).values("user_id")
    current_leads = LeadPractitioner.objects.filter(status__in=CURRENT_LEAD)
    # 1. Led by a member of a team they manage.
    q |= source(current_leads.filter(practitioner_id__in=team_users), "episode_id")
    # 2. No current lead, in the locality of an early help team they manage.
    if reach.team_manager:
        q |= Q(locality_id__in=early_help_manager_localities(user_id)) & ~source(
            current_leads, "episode_id"
        )
    # 3. A member of a team they manage works on the family.
    involved = InvolvedProfessional.objects.filter(live_involvements(today)).filter(
        Q(user_id__in=team_users) | Q(team_id__in=managed)
    )
    if one_by_one:
        # The episode's members, each looked up among the involvements by person.
        q |= source(
            EpisodeMember.objects.filter(Exists(involved.filter(person_id=OuterRef("person_id")))),
            "episode_id",
        )
    else:
        q |= source(
            EpisodeMember.objects.filter(person_id__in=involved.values("person_id")),
            "episode_id",
        )
    q |= source(
        TafInvitee.objects.filter(user_id__in=team_users).exclude(
            meeting__status=MeetingStatus.CANCELLED
        ),
        "meeting__episode_id",
    )
    q |= source(
        PlanAction.objects.filter(owner_id__in=team_users).exclude(
            plan__status=PlanStatus.SUPERSEDED
        ),
        "plan__episode_id",
    )
    return q


def invited_q(user_id: int) -> Q:
    """``invited_episodes_q`` for the user ``user_id``."""
    return _each(
        TafInvitee.objects.filter(user_id=user_id).exclude(meeting__status=MeetingStatus.CANCELLED),
        "meeting__episode_id",
    )


def episode_access(user: User, episode_id: int) -> tuple[bool, bool] | None:
    """For one episode: whether the user may work on it, and whether they are invited to it or
    oversee it (``can_view_episode`` then asks the family's consent); ``None`` if there is no
    such episode. One query, built and compiled once per ``Reach`` (``core.compiled``)."""
    if not user.is_authenticated:
        return None
    reach = reach_of(user)

    def build(values: Mapping[str, Any]) -> QuerySet[Any]:
        user_id = values["user"]
        seen = invited_q(user_id) | team_q(reach, user_id, values["today"])
        return (
            Episode.objects.filter(pk=values["episode"])
            .annotate(
                may_work=ExpressionWrapper(workable_q(reach, user_id), BooleanField()),
                seen=ExpressionWrapper(seen, BooleanField()),
            )
            .order_by()
            .values_list("may_work", "seen")
        )

    rows = compiled_rows(
        ("earlyhelp.episode_access", reach),
        build,
        {"user": user.pk, "episode": episode_id, "today": timezone.localdate()},
    )
    if not rows:
        return None
    may_work, seen = rows[0]
    return bool(may_work), bool(seen)


def require_work(actor: User, episode: Episode, refusal: str, closed: str) -> None:
    """Refuse a write by someone who may not work on the episode (PermissionError, shown as
    404) or on a closed episode (ValidationError with ``closed``)."""
    from django.core.exceptions import ValidationError

    from righthelp.earlyhelp.models import EpisodeStatus

    if not can_work_on_episode(actor, episode):
        raise PermissionError(refusal)
    if episode.status != EpisodeStatus.OPEN:
        raise ValidationError(closed)


def invited_episodes_q(user: User) -> Q:
    """Episodes to whose TAF meetings this user is invited (consent is checked separately)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return invited_q(user.pk)


def can_work_on_episode(user: User, episode: Episode) -> bool:
    access = episode_access(user, episode.pk)
    return access is not None and access[0]


def consent_covers(user: User, episode: Episode) -> bool:
    """Whether every child in the episode may have information shared with the user's agency
    now, by the one consent rule (``consent.services.sharing_allowed``): consent for early help
    or information sharing covering that kind of agency, or a lawful basis recorded for it."""
    from righthelp.consent.services import SHARING_PURPOSES, sharing_allowed

    if user.organisation is None:
        return False
    children = EpisodeMember.objects.filter(episode=episode, role=MemberRole.CHILD).values_list(
        "person_id", flat=True
    )
    decisions = sharing_allowed(
        people=list(children), agency_kind=user.organisation.kind, purposes=SHARING_PURPOSES
    )
    return all(decision.allowed for decision in decisions.values())


def consent_covers_episodes(user: User, episode_ids: Collection[int]) -> set[int]:
    """Of ``episode_ids``, those whose every child may have information shared with the user's
    agency now (``consent_covers`` for many episodes, with one call to the consent rule)."""
    from righthelp.consent.services import SHARING_PURPOSES, sharing_allowed

    if user.organisation is None or not episode_ids:
        return set()
    children: dict[int, set[int]] = {pk: set() for pk in episode_ids}
    for episode_id, person_id in EpisodeMember.objects.filter(
        episode_id__in=list(episode_ids), role=MemberRole.CHILD
    ).values_list("episode_id", "person_id"):
        children[episode_id].add(person_id)
    everyone = sorted({pk for ids in children.values() for pk in ids})
    decisions = sharing_allowed(
        people=everyone, agency_kind=user.organisation.kind, purposes=SHARING_PURPOSES
    )
    return {
        episode_id
        for episode_id, ids in children.items()
        if all(decisions[pk].allowed for pk in ids)
    }


def overseen_episodes_q(user: User) -> Q:
    """Episodes a manager oversees without working on them: their team's families
    (``selectors.team_episodes_q``, the one definition), such as a family led from another
    agency in which a member of their team works. Seen, like a meeting invitee sees an
    episode, only while the family's consent covers their agency."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return team_q(reach_of(user), user.pk, timezone.localdate())


def can_view_episode(user: User, episode: Episode) -> bool:
    access = episode_access(user, episode.pk)
    if access is None:
        return False
    may_work, seen = access
    return may_work or (seen and consent_covers(user, episode))


def led_episode_people(user: User) -> Q:
    """Members of the episodes this user currently leads (a Q over ``Person``): early help's
    "own" people, listed first on the people list (``people.permissions.register_own_people``).
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    episodes = LeadPractitioner.objects.filter(practitioner=user, status__in=CURRENT_LEAD).values(
        "episode_id"
    )
    return Q(pk__in=EpisodeMember.objects.filter(episode_id__in=episodes).values("person_id"))


def episode_people_visibility(user: User) -> Q:
    """Members of episodes the user may work on (a Q over ``Person``), for ``visible_people``."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    episodes = workable_episodes(user).values("pk")
    return Q(pk__in=EpisodeMember.objects.filter(episode_id__in=episodes).values("person_id"))
