"""Starting early help: from a request, directly with consent, and adding a child to an episode."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.core.open_work import open_work_for
from righthelp.core.selectors import working_calendar
from righthelp.core.services import submission_claim, submission_complete
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.consent_rules import require_early_help_consent
from righthelp.earlyhelp.events import (
    episode_member_added_event,
    episode_opened_event,
)
from righthelp.earlyhelp.family import family_ids
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeLevel,
    EpisodeMember,
    EpisodeOrigin,
    LocalityCase,
    LocalityMeeting,
    MemberRole,
    Plan,
    PlanAction,
    PlanOutcome,
    PlanStatus,
    RequestResolution,
)
from righthelp.earlyhelp.open_work import KIND as OPEN_EPISODE
from righthelp.earlyhelp.services.common import (
    LEVEL_FROM_OUTCOME,
    _previous_episode,
    _require_consent_for_every_child,
    _require_locality_worker,
    _require_work,
    check_roles,
)
from righthelp.frontdoor.handoff_selectors import (
    early_help_request_locked,
)
from righthelp.frontdoor.models import (
    EarlyHelpRequest,
    Outcome,
    SocialCareReferral,
    SubjectRole,
)
from righthelp.people.models import Person, PersonKind


def _open(
    *,
    actor: User,
    locality: Locality,
    origin: str,
    level: str,
    reason: str,
    children: Sequence[Person],
    adults: Sequence[Person],
    early_help_request: EarlyHelpRequest | None = None,
    stepped_down_from: SocialCareReferral | None = None,
    what: str = "Early help cannot start",
) -> Episode:
    """Create the episode and its members (no event: the calling service records one).

    Every person is in a role their kind allows (``check_roles``); every child and unborn
    baby, in whichever role, has consent to early help or a lawful basis (refused with
    ``what``); and nobody in the family is already in an open episode (asked of the one answer
    to what is open, ``core.open_work``)."""
    errors: dict[str, list[str]] = {}
    if not children:
        errors["children"] = ["Select the children the early help is for"]
    if level not in EpisodeLevel.values:
        errors["level"] = ["Select the level of early help"]
    if not reason.strip():
        errors["reason"] = ["Say why the family needs early help"]
    if errors:
        raise ValidationError(errors)
    check_roles(children, adults)
    _require_consent_for_every_child(children, adults, what=what)
    now = timezone.now()
    people = {p.pk for p in children} | {p.pk for p in adults}
    # "Is early help already open for this family?" is asked of the one answer to what is
    # open for a child (core.open_work), not of the episodes table directly.
    already = [
        work
        for found in open_work_for(sorted(people)).values()
        for work in found
        if work.kind == OPEN_EPISODE
    ]
    if already:
        raise ValidationError(
            f"{already[0].reference} is still open for this family: work on it instead of "
            "starting another"
        )
    previous = _previous_episode(sorted(people))
    episode = Episode.objects.create(
        reference=f"EH-NEW-{uuid.uuid4().hex[:12]}",  # replaced below, once the id is known
        locality=locality,
        origin=origin,
        early_help_request=early_help_request,
        stepped_down_from=stepped_down_from,
        previous_episode=previous,
        level=level,
        reason=reason.strip(),
        opened_at=now,
        opened_by=actor,
        without_lead_since=now,
    )
    episode.reference = f"EH-{timezone.localtime(now):%y}-{episode.pk:06d}"
    episode.save(update_fields=["reference"])
    EpisodeMember.objects.bulk_create(
        [
            EpisodeMember(episode=episode, person=p, role=MemberRole.CHILD, added_at=now)
            for p in children
        ]
        + [
            EpisodeMember(episode=episode, person=p, role=MemberRole.ADULT, added_at=now)
            for p in adults
        ]
    )
    return episode


def _assessment_due() -> date:
    return working_calendar().add_working_days(
        timezone.localdate(), early_help_setting("assessment_working_days")
    )


def _inherit(actor: User, episode: Episode, previous: Episode) -> dict[str, int | None]:
    """Start the new episode from the previous one's last assessment and plan (as drafts)."""
    now = timezone.now()
    inherited: dict[str, int | None] = {"assessment": None, "plan": None}
    last = (
        Assessment.objects.filter(episode=previous)
        .order_by("-completed_at", "-started_at", "-id")
        .first()
    )
    if last is not None:
        copy = Assessment.objects.get(pk=last.pk)
        copy.pk = None
        copy.id = None
        copy.episode = episode
        copy.based_on = last
        copy.status = AssessmentStatus.DRAFT
        copy.started_at = now
        copy.started_by = actor
        copy.due_on = _assessment_due()
        copy.completed_at = None
        copy.signed_off_by = None
        copy.version = 1
        copy.save()
        inherited["assessment"] = copy.pk
    plan = Plan.objects.filter(episode=previous).order_by("-number").first()
    if plan is not None:
        new_plan = Plan.objects.create(
            episode=episode,
            number=1,
            status=PlanStatus.DRAFT,
            contingency=plan.contingency,
            internal_notes=plan.internal_notes,
            created_at=now,
            created_by=actor,
        )
        outcome_map: dict[int, PlanOutcome] = {}
        for outcome in plan.outcomes.all():
            outcome_map[outcome.pk] = PlanOutcome.objects.create(
                plan=new_plan,
                text=outcome.text,
                measure=outcome.measure,
                measured_by=outcome.measured_by,
                position=outcome.position,
            )
        PlanAction.objects.bulk_create(
            [
                PlanAction(
                    plan=new_plan,
                    outcome=outcome_map.get(action.outcome_id) if action.outcome_id else None,
                    what=action.what,
                    owner=action.owner,
                    owner_name=action.owner_name,
                    owner_organisation=action.owner_organisation,
                    due_on=action.due_on,
                    status=action.status,
                    position=action.position,
                )
                for action in plan.actions.all()
            ]
        )
        inherited["plan"] = new_plan.pk
    return inherited


def _next_locality_meeting(actor: User, locality: Locality) -> LocalityMeeting:
    today = timezone.localdate()
    meeting = (
        LocalityMeeting.objects.filter(locality=locality, meets_on__gte=today)
        .order_by("meets_on", "id")
        .first()
    )
    if meeting is None:
        meeting = LocalityMeeting.objects.create(
            locality=locality,
            meets_on=working_calendar().add_working_days(today, 5),
            created_by=actor,
            created_at=timezone.now(),
        )
    return meeting


def _bring_to_meeting(actor: User, episode: Episode, reason: str, summary: str) -> LocalityCase:
    meeting = _next_locality_meeting(actor, episode.locality)
    case, _ = LocalityCase.objects.get_or_create(
        meeting=meeting,
        episode=episode,
        defaults={"reason": reason, "brought_by": actor, "summary": summary},
    )
    return case


# --- Starting an episode -------------------------------------------------------------------


def require_not_in_other_episode(people: Sequence[Person], episode: Episode) -> None:
    """Refuse anyone already in another open episode (asked of the one answer to what is open,
    ``core.open_work``): a family has one episode open, and a person one family's."""
    elsewhere: dict[int, list[str]] = {}
    for found in open_work_for(sorted({p.pk for p in people})).values():
        for work in found:
            if work.kind == OPEN_EPISODE and work.object_id != episode.pk:
                elsewhere.setdefault(work.person_id, []).append(work.reference)
    if elsewhere:
        raise ValidationError(
            "; ".join(
                f"{p.full_name} is already in early help {', '.join(sorted(set(elsewhere[p.pk])))}"
                for p in people
                if p.pk in elsewhere
            )
            + ": talk with its lead practitioner before adding them here"
        )


def request_people(request: EarlyHelpRequest) -> tuple[list[Person], list[Person]]:
    """Who a request's episode is for unless the worker chooses otherwise: everyone the contact
    names and the front door linked to a record (a child in the household only if the concern
    applies to them), each in the role of their kind: children and unborn babies as children,
    adults as adults (whatever the referrer called them, so a 17-year-old parent named as an
    adult is a child here, with the consent a child needs)."""
    subjects = request.decision.contact.subjects.select_related("person").filter(
        person__isnull=False
    )
    people = [
        s.person
        for s in subjects
        if s.person is not None and (s.role != SubjectRole.OTHER_CHILD or s.concern_applies)
    ]
    children = [p for p in people if p.kind != PersonKind.ADULT]
    adults = [p for p in people if p.kind == PersonKind.ADULT]
    return children, adults


def request_linked_ids(request: EarlyHelpRequest) -> list[int]:
    """Everyone the request's contact names and the front door linked to a record."""
    return sorted(
        {
            pk
            for pk in request.decision.contact.subjects.values_list("person_id", flat=True)
            if pk is not None
        }
    )


def require_waiting(request: EarlyHelpRequest) -> None:
    if request.taken_up_at is not None:
        raise ValidationError("This request has already been taken up")
    resolution = RequestResolution.objects.filter(early_help_request=request).first()
    if resolution is not None:
        raise ValidationError(f"This request has already been {resolution.kind}")


@transaction.atomic
def episode_start_from_request(
    *,
    actor: User,
    early_help_request: EarlyHelpRequest,
    reason: str = "",
    children: Sequence[Person] | None = None,
    adults: Sequence[Person] | None = None,
    submission_key: str | None = None,
) -> Episode:
    """Take up a front-door early help request: an episode for the people the worker chose
    from the family (``children`` and ``adults``), by default those the request names
    (``request_people``). Anyone chosen must be in the family of the people the request names
    (``family.family_ids``): the people it names, their households and relatives.

    Only an early help worker of the request's locality may; a request is taken up once (a form
    sent twice, with the same ``submission_key``, leads to the same episode). Every person is in
    a role their kind allows, and every child and unborn baby, in whichever role, needs consent
    in force for early help covering the early help service, or a lawful basis recorded for it:
    a withdrawal after the front door decided stops the take-up. Records EPISODE_OPENED.
    """
    existing = submission_claim(
        key=submission_key, user=actor, purpose="episode_start_from_request"
    )
    if existing is not None:
        return Episode.objects.get(pk=existing)
    request = early_help_request_locked(early_help_request.pk)
    _require_locality_worker(actor, request.locality)
    require_waiting(request)
    contact = request.decision.contact
    default_children, default_adults = request_people(request)
    if children is None and adults is None:
        children, adults = default_children, default_adults
    children, adults = list(children or []), list(adults or [])
    family = family_ids(request_linked_ids(request))
    outsiders = [p for p in [*children, *adults] if p.pk not in family]
    if outsiders:
        raise ValidationError(
            "; ".join(f"{p.full_name} is not in this family" for p in outsiders)
            + ": choose from the people the request names, their households and relatives"
        )
    episode = _open(
        actor=actor,
        locality=request.locality,
        origin=EpisodeOrigin.FRONT_DOOR,
        level=LEVEL_FROM_OUTCOME.get(Outcome(request.level), EpisodeLevel.ADDITIONAL),
        reason=reason.strip() or contact.worry or request.decision.rationale,
        children=children,
        adults=adults,
        early_help_request=request,
        what="This request cannot be taken up",
    )
    request.taken_up_at = episode.opened_at
    request.save(update_fields=["taken_up_at"])
    submission_complete(key=submission_key, result_id=episode.pk)
    episode_opened_event(actor=actor, episode=episode, request=request, contact=contact)
    return episode


@transaction.atomic
def episode_start_direct(
    *,
    actor: User,
    locality: Locality,
    children: Sequence[Person],
    adults: Sequence[Person] = (),
    level: str,
    reason: str,
    submission_key: str | None = None,
) -> Episode:
    """Start early help directly, agreed between a practitioner and the family.

    Every person is in a role their kind allows (an adult is not a child, an unborn baby not a
    parent or carer). Refuses unless every child and unborn baby, in whichever role, has
    consent in force for early help covering the early help service, or a lawful basis
    recorded for it. Only early help workers of the locality may. Records EPISODE_OPENED.
    """
    existing = submission_claim(key=submission_key, user=actor, purpose="episode_start_direct")
    if existing is not None:
        return Episode.objects.get(pk=existing)
    _require_locality_worker(actor, locality)
    episode = _open(
        actor=actor,
        locality=locality,
        origin=EpisodeOrigin.DIRECT,
        level=level,
        reason=reason,
        children=children,
        adults=adults,
    )
    submission_complete(key=submission_key, result_id=episode.pk)
    episode_opened_event(actor=actor, episode=episode)
    return episode


@transaction.atomic
def episode_member_add(
    *, actor: User, episode: Episode, person: Person, role: str | None = None
) -> EpisodeMember:
    """Add someone who has joined the family (Think Family: a new baby, a partner, a child
    moving in, a sibling the worry turns out to touch) to an open episode.

    Only someone who may work on the episode may. ``role`` defaults to the person's kind (an
    adult as a parent, carer or other adult; a child or unborn baby as a child) and must be one
    their kind allows (``check_roles``). A child or unborn baby, in whichever role, needs
    current consent to share for early help, or a recorded lawful basis, as when the episode
    started (``consent_rules.require_early_help_consent``). Someone already in this or another
    open episode is refused. Records EPISODE_MEMBER_ADDED about everyone in the episode, so the
    family's chronology shows who joined and when.
    """
    locked = _require_work(actor, episode)
    person = Person.objects.get(pk=person.pk)
    if person.merged_into_id is not None:
        raise ValidationError("This record has been merged into another: add that one instead")
    if EpisodeMember.objects.filter(episode=locked, person=person).exists():
        raise ValidationError(f"{person.full_name} is already in this episode")
    if role is None:
        role = MemberRole.ADULT if person.kind == PersonKind.ADULT else MemberRole.CHILD
    if role not in MemberRole.values:
        raise ValidationError({"role": ["Select their part in the early help"]})
    as_child = role == MemberRole.CHILD
    check_roles([person] if as_child else [], [] if as_child else [person])
    require_not_in_other_episode([person], locked)
    if person.kind != PersonKind.ADULT:
        require_early_help_consent(
            [person], what=f"{person.full_name} cannot be added to early help", field=None
        )
    member = EpisodeMember.objects.create(
        episode=locked, person=person, role=role, added_at=timezone.now()
    )
    episode_member_added_event(
        actor=actor, episode=locked, person=person, role=role, as_child=as_child
    )
    return member
