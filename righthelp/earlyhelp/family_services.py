"""Writes about who is in an early help episode after it starts.

* Someone joins the family (a new baby, a partner, a child moving in): an existing record, or a
  new one made after searching first, joins the family's household and relationships and the
  episode (``episode_newcomer_add``; adding someone already recorded in the household is
  ``services.episode_member_add``).
* A second front-door request for a family that already has early help open, which can neither
  be taken up (only one episode is open for a family) nor left waiting for ever: joined to the
  open episode (``early_help_request_join``) or closed with a reason
  (``early_help_request_close``).

Each service is keyword-only and runs in one transaction; a multi-step one calls the services
that own each step, so every step records its own typed event. A form sent twice (the same
submission key) makes one record. ``ValidationError`` is shown on the form; ``PermissionError``
is a 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core.checkpoint import visible_people
from righthelp.core.forms import long_text_limit
from righthelp.core.services import submission_claim, submission_complete
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.consent_rules import require_early_help_consent
from righthelp.earlyhelp.events import (
    early_help_request_closed_event,
    early_help_request_joined_event,
)
from righthelp.earlyhelp.family import member_adults, member_households, open_episode_ids
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    MemberRole,
    RequestResolution,
    RequestResolutionKind,
)
from righthelp.earlyhelp.permissions import is_early_help_worker, locality_ids, require_work
from righthelp.earlyhelp.services import (
    check_roles,
    episode_member_add,
    request_linked_ids,
    request_people,
    require_not_in_other_episode,
    require_waiting,
)
from righthelp.frontdoor.handoff_selectors import early_help_request_locked
from righthelp.frontdoor.models import EarlyHelpRequest
from righthelp.matching.search_first import NoneOfThese, person_create_searched
from righthelp.people import services as people_services
from righthelp.people.models import (
    Household,
    Person,
    PersonKind,
    Relationship,
    RelationshipKind,
)

# --- Someone joins the family -------------------------------------------------------------


@dataclass(frozen=True)
class Newcomer:
    """Someone who joined the family: their record (``created`` if new) and, once added, their
    place in the episode. A child or unborn baby whose consent is not recorded yet is recorded
    in the family but not added: ``waiting_for_consent`` says what is missing."""

    person: Person
    member: EpisodeMember | None
    created: bool
    waiting_for_consent: str = ""


def _require_locality_worker(actor: User, request: EarlyHelpRequest) -> None:
    if not (is_early_help_worker(actor) and request.locality_id in locality_ids(actor)):
        raise PermissionError("Only early help workers of the request's locality may")


def _open_episode_for_work(actor: User, episode: Episode) -> Episode:
    """The episode, locked, if the actor may work on it and it is open."""
    require_work(actor, episode, "You cannot work on this episode", "This episode is closed")
    return Episode.objects.select_for_update().get(pk=episode.pk)


def _relate(actor: User, from_person: Person, to_person: Person, kind: str) -> None:
    """Record the relationship unless it is already recorded (either way round)."""
    current = Relationship.objects.filter(kind=kind, end_date__isnull=True)
    if (
        current.filter(from_person=from_person, to_person=to_person).exists()
        or current.filter(from_person=to_person, to_person=from_person).exists()
    ):
        return
    people_services.relationship_add(
        actor=actor, from_person=from_person, to_person=to_person, kind=kind
    )


def _newcomer_ties_check(
    episode: Episode,
    kind: str,
    household: Household | None,
    parents: Sequence[Person],
    partner: Person | None,
) -> None:
    """Refuse ties to the family that ``episode`` (locked) does not have, or that do not fit
    a newcomer of this ``kind``."""
    errors: dict[str, list[str]] = {}
    if household is not None and household.pk not in {h.pk for h in member_households(episode)}:
        errors["household"] = ["Choose a household the family lives in"]
    adults = {p.pk for p in member_adults(episode)}
    if parents and kind == PersonKind.ADULT:
        errors["parents"] = ["Only a child or unborn baby is recorded as someone's child"]
    elif any(p.pk not in adults for p in parents):
        errors["parents"] = ["Choose parents or carers from the adults in the early help"]
    if partner is not None and kind != PersonKind.ADULT:
        errors["partner"] = [
            "Partner is for two adults. For a child or young person in a relationship, record "
            "it on their record as Other, and think about whether it is a safeguarding concern"
        ]
    elif partner is not None and partner.pk not in adults:
        errors["partner"] = ["Choose a partner from the adults in the early help"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def episode_newcomer_add(
    *,
    actor: User,
    episode: Episode,
    person: Person | None = None,
    details: people_services.PersonDetails | None = None,
    involvement_role: str = "",
    none_of_these: NoneOfThese | None = None,
    household: Household | None = None,
    parents: Sequence[Person] = (),
    partner: Person | None = None,
    submission_key: str | None = None,
) -> Newcomer:
    """Someone joins the family and its early help: a record the actor found by searching
    first (``person``: one they may see), or a new record (``details``, with the actor's own
    ``involvement_role``; when the search showed likely matches, ``none_of_these`` records that
    none was the person, through ``matching.search_first.person_create_searched``, which asks
    for a reason when a match is very likely).

    They join ``household`` (a current household of the episode's members) and are recorded as
    the child of ``parents`` (for a child or unborn baby) or the partner of ``partner`` (for an
    adult), each an adult in the episode. Then they are added to the episode
    (``services.episode_member_add``), except a child or unborn baby without consent to early
    help (or a lawful basis) yet: they are recorded in the family, the answer says what is
    missing, and the episode page offers to add them once it is recorded.

    Only someone who may work on the open episode may. Each step records its own event
    (PERSON_CREATED, PERSON_MATCH_NONE, HOUSEHOLD_JOINED, RELATIONSHIP_ADDED,
    EPISODE_MEMBER_ADDED).
    """
    existing = submission_claim(key=submission_key, user=actor, purpose="episode_newcomer_add")
    if existing is not None:
        found = Person.objects.get(pk=existing)
        return Newcomer(
            person=found,
            member=EpisodeMember.objects.filter(episode=episode, person=found).first(),
            created=False,
        )
    locked = _open_episode_for_work(actor, episode)
    if (person is None) == (details is None):
        raise ValueError("Give either an existing person or the details of a new one")
    kind = person.kind if person is not None else details.kind if details is not None else ""
    _newcomer_ties_check(locked, kind, household, parents, partner)

    created = person is None
    if person is not None:
        if not visible_people(actor).filter(pk=person.pk).exists():
            raise PermissionError("You cannot see this record")
        if EpisodeMember.objects.filter(episode=locked, person=person).exists():
            raise ValidationError(f"{person.full_name} is already in this episode")
        newcomer = person
    else:
        assert details is not None
        newcomer = person_create_searched(
            actor=actor,
            details=details,
            involvement=people_services.Involvement(role=involvement_role),
            none_of_these=none_of_these,
        )
    if household is not None:
        people_services.household_join(actor=actor, person=newcomer, household=household)
    for parent in parents:
        _relate(actor, parent, newcomer, RelationshipKind.PARENT)
    if partner is not None:
        _relate(actor, newcomer, partner, RelationshipKind.PARTNER)

    waiting = ""
    if newcomer.kind != PersonKind.ADULT:
        try:
            require_early_help_consent(
                [newcomer],
                what=f"{newcomer.full_name} is recorded in the family but not yet added to early "
                "help",
                field=None,
            )
        except ValidationError as refused:
            waiting = " ".join(refused.messages)
    member = None if waiting else episode_member_add(actor=actor, episode=locked, person=newcomer)
    submission_complete(key=submission_key, result_id=newcomer.pk)
    return Newcomer(person=newcomer, member=member, created=created, waiting_for_consent=waiting)


# --- A second request for a family that already has early help ----------------------------


@transaction.atomic
def early_help_request_join(
    *,
    actor: User,
    early_help_request: EarlyHelpRequest,
    episode: Episode,
    submission_key: str | None = None,
) -> RequestResolution:
    """Join a waiting front-door request to the early help already open for the family: the
    request is taken up by that episode (it leaves "Requests waiting" and no longer counts as
    open work of its own), and the children it is about (``services.request_people``) who are
    not yet in the episode are added, each with consent to early help or a lawful basis (the
    one check, ``consent_rules.require_early_help_consent``: all or none are added). The
    episode's lead (proposed or active) is told, through ``notices.request_joined``.

    Only an early help worker of the request's locality who may work on the episode may, and
    only for an episode that is open for someone the request names (asked of the one answer to
    what is open, ``core.open_work``). A form sent twice leads to the same result. Records
    EARLY_HELP_REQUEST_JOINED about everyone in the episode.
    """
    existing = submission_claim(key=submission_key, user=actor, purpose="early_help_request_join")
    if existing is not None:
        return RequestResolution.objects.get(pk=existing)
    request = early_help_request_locked(early_help_request.pk)
    _require_locality_worker(actor, request)
    require_waiting(request)
    if episode.pk not in open_episode_ids(request_linked_ids(request)):
        raise ValidationError(
            f"{episode.reference} is not open for the people this request is about: take the "
            "request up, or close it with a reason"
        )
    locked = _open_episode_for_work(actor, episode)
    members = set(EpisodeMember.objects.filter(episode=locked).values_list("person_id", flat=True))
    children, _ = request_people(request)
    joining = [child for child in children if child.pk not in members]
    check_roles(joining, [])
    require_not_in_other_episode(joining, locked)
    contact = request.decision.contact
    if joining:
        require_early_help_consent(
            joining,
            what=f"The request cannot be joined to {locked.reference}",
            field=None,
        )
    now = timezone.now()
    EpisodeMember.objects.bulk_create(
        [
            EpisodeMember(episode=locked, person=child, role=MemberRole.CHILD, added_at=now)
            for child in joining
        ]
    )
    request.taken_up_at = now
    request.save(update_fields=["taken_up_at"])
    resolution = RequestResolution.objects.create(
        early_help_request=request,
        kind=RequestResolutionKind.JOINED,
        episode=locked,
        resolved_at=now,
        resolved_by=actor,
    )
    early_help_request_joined_event(
        actor=actor,
        episode=locked,
        request=request,
        contact=contact,
        joining=joining,
        resolution=resolution,
    )
    notices.request_joined(actor=actor, resolution=resolution, added=len(joining))
    submission_complete(key=submission_key, result_id=resolution.pk)
    return resolution


@transaction.atomic
def early_help_request_close(
    *,
    actor: User,
    early_help_request: EarlyHelpRequest,
    reason: str,
    submission_key: str | None = None,
) -> RequestResolution:
    """Close a waiting front-door request without starting early help, saying why (the family
    already has early help in another locality, has moved away, consent was withdrawn, ...). It
    leaves "Requests waiting" and no longer counts as open work. The referrer is not told
    anything new: what they were told of the front door's decision stands.

    Only an early help worker of the request's locality may. A form sent twice leads to the same
    result. Records EARLY_HELP_REQUEST_CLOSED about the people the request names.
    """
    existing = submission_claim(key=submission_key, user=actor, purpose="early_help_request_close")
    if existing is not None:
        return RequestResolution.objects.get(pk=existing)
    request = early_help_request_locked(early_help_request.pk)
    _require_locality_worker(actor, request)
    require_waiting(request)
    reason = reason.strip()
    limit = long_text_limit()
    if not reason:
        raise ValidationError({"reason": ["Say why the request is being closed"]})
    if len(reason.replace("\r\n", "\n")) > limit:
        raise ValidationError({"reason": [f"Your answer must be {limit:,} characters or fewer"]})
    now = timezone.now()
    resolution = RequestResolution.objects.create(
        early_help_request=request,
        kind=RequestResolutionKind.CLOSED,
        reason=reason,
        resolved_at=now,
        resolved_by=actor,
    )
    contact = request.decision.contact
    early_help_request_closed_event(
        actor=actor,
        request=request,
        contact=contact,
        subject_ids=request_linked_ids(request),
        reason=reason,
        resolution=resolution,
    )
    submission_complete(key=submission_key, result_id=resolution.pk)
    return resolution
