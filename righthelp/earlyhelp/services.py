"""Every write about early help episodes: starting one (from a front-door request, directly with
the family's consent, or stepping down from social care), lead practitioners and their
agreements, step-up consultations and closure.

Each service is keyword-only, runs in one transaction and records exactly one typed event
naming the episode's members as subjects. A service refuses with ``ValidationError`` (bad
input, shown on the form) or ``PermissionError`` (the actor may not do this; views answer 404).
The assessment, meetings and plans have their own service modules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import CASEWORK_ROLES, Locality, Role, User
from righthelp.core.open_work import open_work_for
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit, submission_claim, submission_complete
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.consent_rules import require_early_help_consent
from righthelp.earlyhelp.events import (
    episode_closed_event,
    episode_member_added_event,
    episode_opened_event,
    lead_agreement_event,
    lead_ended_event,
    lead_proposed_event,
    step_up_consulted_event,
    stepped_down_event,
)
from righthelp.earlyhelp.family import family_ids
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    CaseReason,
    ClosureReason,
    Episode,
    EpisodeLevel,
    EpisodeMember,
    EpisodeOrigin,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
    LocalityCase,
    LocalityMeeting,
    MemberRole,
    OutcomeScore,
    Plan,
    PlanAction,
    PlanOutcome,
    PlanStatus,
    RequestResolution,
    ScoreOccasion,
    StepUpConsultation,
    StepUpOutcome,
)
from righthelp.earlyhelp.open_work import KIND as OPEN_EPISODE
from righthelp.earlyhelp.permissions import (
    CURRENT_LEAD,
    can_work_on_episode,
    is_early_help_worker,
    locality_ids,
)
from righthelp.frontdoor.handoff_selectors import (
    early_help_request_locked,
    social_care_referral_locked,
    step_down_requested,
)
from righthelp.frontdoor.models import (
    Contact,
    EarlyHelpRequest,
    Outcome,
    SocialCareReferral,
    SubjectRole,
    Urgency,
)
from righthelp.people.models import Person, PersonKind

LEVEL_FROM_OUTCOME = {
    Outcome.EARLY_HELP_ADDITIONAL: EpisodeLevel.ADDITIONAL,
    Outcome.EARLY_HELP_TARGETED: EpisodeLevel.TARGETED,
}
AGREEMENT_PARTIES = ("practitioner", "family", "child")


def _early_help_settings() -> dict[str, Any]:
    value: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return value


# --- Helpers -------------------------------------------------------------------------------


def _require_locality_worker(actor: User, locality: Locality) -> None:
    if not (is_early_help_worker(actor) and locality.pk in locality_ids(actor)):
        raise PermissionError("Only early help workers of the locality may start early help")


def _require_work(actor: User, episode: Episode) -> Episode:
    """The episode, locked, if the actor may work on it and it is open."""
    if not can_work_on_episode(actor, episode):
        raise PermissionError("You cannot work on this episode")
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if locked.status != EpisodeStatus.OPEN:
        raise ValidationError("This episode is closed")
    return locked


def _check_version(episode: Episode, expected_version: int | None) -> None:
    if expected_version is not None and episode.version != expected_version:
        raise StaleEdit(
            "This episode was changed by someone else after you opened it. Nothing has been "
            "saved: check it as it is now and try again."
        )


def _previous_episode(person_ids: Sequence[int], exclude: int | None = None) -> Episode | None:
    """The family's most recent earlier episode (any of the same children or adults)."""
    qs = Episode.objects.filter(members__person_id__in=list(person_ids)).distinct()
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("-opened_at", "-id").first()


def check_roles(children: Sequence[Person], adults: Sequence[Person]) -> None:
    """Each person in a role their kind allows: an adult is never the child the early help is
    for, and an unborn baby never a parent, carer or other adult. A child may be in the adults'
    role (a young parent or carer), and is then still a child for consent. Nobody is in both
    roles, and a record merged into another is not used. ``ValidationError`` on ``children`` or
    ``adults`` otherwise."""
    errors: dict[str, list[str]] = {}
    child_ids = {p.pk for p in children}
    for person in children:
        if person.kind == PersonKind.ADULT:
            errors.setdefault("children", []).append(
                f"{person.full_name} is an adult: include them as a parent, carer or other "
                "adult, not as a child"
            )
    for person in adults:
        if person.kind == PersonKind.UNBORN:
            errors.setdefault("adults", []).append(
                f"{person.full_name} is an unborn baby: include them as a child, not as a "
                "parent, carer or other adult"
            )
        elif person.pk in child_ids:
            errors.setdefault("adults", []).append(
                f"{person.full_name} is ticked both as a child and as an adult: choose one"
            )
    for field, people in (("children", children), ("adults", adults)):
        for person in people:
            if person.merged_into_id is not None:
                errors.setdefault(field, []).append(
                    f"The record of {person.full_name} has been merged into another: choose "
                    "that one"
                )
    if errors:
        raise ValidationError(errors)


def _require_consent_for_every_child(
    children: Sequence[Person], adults: Sequence[Person], *, what: str
) -> None:
    """Consent to early help (or a lawful basis) for every child and unborn baby, whichever
    role they were given: a young parent or carer who is still a child needs it as much as the
    child the worry is about (``consent_rules.require_early_help_consent``, the one check).
    Errors on ``children`` or ``adults``, as they were given."""
    errors: dict[str, list[str]] = {}
    for field, people in (("children", children), ("adults", adults)):
        young = [p for p in people if p.kind != PersonKind.ADULT]
        if not young:
            continue
        try:
            require_early_help_consent(young, what=what, field=field)
        except ValidationError as refused:
            for name, messages in refused.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


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
        timezone.localdate(), _early_help_settings()["assessment_working_days"]
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
def episode_step_down(
    *,
    actor: User,
    referral: SocialCareReferral,
    locality: Locality,
    level: str,
    reason: str,
    lead: User | None = None,
    child_agreement_needed: bool = True,
    to_locality_meeting: bool = False,
) -> Episode:
    """Step a family down from children's social care to early help.

    Either a new lead from the agencies staying involved is proposed (``lead``), or the case
    goes to the locality's next early help action meeting to find one (``to_locality_meeting``).
    The new episode starts from the previous episode's last assessment and plan, if any. Each
    child needs consent in force for early help covering the early help service, or a lawful
    basis recorded for it (social care may work without consent; early help may not).
    Only a referral children's social care has said its work is ending on
    (``frontdoor.services.step_down_request``) steps down, once. Records STEPPED_DOWN.
    """
    _require_locality_worker(actor, locality)
    referral = social_care_referral_locked(referral.pk)
    if not step_down_requested(referral):
        raise ValidationError(
            "Children's social care has not said its work with this family is ending: the "
            "family cannot step down yet"
        )
    if Episode.objects.filter(stepped_down_from=referral).exists():
        raise ValidationError("This family has already stepped down to early help")
    if (lead is None) == (not to_locality_meeting):
        raise ValidationError(
            {"lead": ["Name the new lead practitioner, or bring the family to the action meeting"]}
        )
    if lead is not None and lead.organisation_id is None:
        raise ValidationError({"lead": ["The lead practitioner must belong to an agency"]})
    contact = referral.decision.contact
    subjects = list(contact.subjects.select_related("person").filter(person__isnull=False))
    children = [
        s.person
        for s in subjects
        if s.person is not None and s.role in (SubjectRole.CHILD, SubjectRole.OTHER_CHILD)
    ]
    adults = [s.person for s in subjects if s.person is not None and s.role == SubjectRole.ADULT]
    # Social care worked without needing consent; early help cannot.
    require_early_help_consent(
        children, what="The family cannot be stepped down to early help", field=None
    )
    episode = _open(
        actor=actor,
        locality=locality,
        origin=EpisodeOrigin.STEP_DOWN,
        level=level,
        reason=reason,
        children=children,
        adults=adults,
        stepped_down_from=referral,
    )
    inherited: dict[str, int | None] = {"assessment": None, "plan": None}
    if episode.previous_episode is not None:
        inherited = _inherit(actor, episode, episode.previous_episode)
    lead_row = None
    case = None
    if lead is not None:
        assert lead.organisation is not None
        lead_row = LeadPractitioner.objects.create(
            episode=episode,
            practitioner=lead,
            organisation=lead.organisation,
            status=LeadStatus.PROPOSED,
            proposed_at=episode.opened_at,
            proposed_by=actor,
            child_agreement_needed=child_agreement_needed,
        )
    else:
        case = _bring_to_meeting(
            actor, episode, CaseReason.STEP_DOWN, "Stepping down from social care: a lead is needed"
        )
    stepped_down_event(
        actor=actor,
        episode=episode,
        referral=referral,
        inherited_assessment=inherited["assessment"],
        inherited_plan=inherited["plan"],
        lead=lead_row,
        locality_case=case,
    )
    return episode


# --- Lead practitioner ---------------------------------------------------------------------


@transaction.atomic
def lead_propose(
    *,
    actor: User,
    episode: Episode,
    practitioner: User,
    child_agreement_needed: bool = True,
) -> LeadPractitioner:
    """Propose a lead practitioner. Refused while another lead is proposed or active (end it
    first). The lead is accountable to their own agency, kept as it is now. The practitioner is
    told (``notices.lead_proposed``), with a link to where they record their agreement.
    Records LEAD_PROPOSED."""
    episode = _require_work(actor, episode)
    if (
        practitioner.organisation_id is None
        or not practitioner.is_active
        or not practitioner.has_role(*CASEWORK_ROLES)
    ):
        raise ValidationError({"practitioner": ["Choose a practitioner who belongs to an agency"]})
    if LeadPractitioner.objects.filter(episode=episode, status__in=CURRENT_LEAD).exists():
        raise ValidationError(
            {"practitioner": ["This episode already has a lead: end that lead first"]}
        )
    assert practitioner.organisation is not None
    lead = LeadPractitioner.objects.create(
        episode=episode,
        practitioner=practitioner,
        organisation=practitioner.organisation,
        status=LeadStatus.PROPOSED,
        proposed_at=timezone.now(),
        proposed_by=actor,
        child_agreement_needed=child_agreement_needed,
    )
    lead_proposed_event(actor=actor, episode=episode, lead=lead)
    notices.lead_proposed(actor=actor, lead=lead)
    return lead


def _all_agreed(lead: LeadPractitioner) -> bool:
    return bool(
        lead.practitioner_agreed_at
        and lead.family_agreed_at
        and (lead.child_agreed_at or not lead.child_agreement_needed)
    )


@transaction.atomic
def lead_agreement_record(
    *, actor: User, lead: LeadPractitioner, party: str, agreed_by: str = ""
) -> LeadPractitioner:
    """Record one party's agreement to a proposed lead: ``practitioner`` (recorded by the
    practitioner themselves), ``family`` or ``child`` (with who agreed). The lead becomes
    active when every needed agreement is in, and the episode stops being without a lead.
    Records LEAD_ACTIVE when that happens, otherwise LEAD_AGREEMENT_RECORDED."""
    lead = LeadPractitioner.objects.select_for_update().get(pk=lead.pk)
    episode = _require_work(actor, lead.episode)
    if lead.status != LeadStatus.PROPOSED:
        raise ValidationError("This lead is no longer waiting for agreement")
    if party not in AGREEMENT_PARTIES:
        raise ValidationError({"party": ["Select who agreed"]})
    now = timezone.now()
    if party == "practitioner":
        if actor.pk != lead.practitioner_id:
            raise ValidationError(
                {"party": ["Only the proposed lead practitioner can record their own agreement"]}
            )
        lead.practitioner_agreed_at = now
    else:
        if not agreed_by.strip():
            raise ValidationError({"agreed_by": ["Say who agreed"]})
        if party == "family":
            lead.family_agreed_at = now
            lead.family_agreed_by = agreed_by.strip()
        else:
            if not lead.child_agreement_needed:
                raise ValidationError({"party": ["The child's agreement is not needed"]})
            lead.child_agreed_at = now
            lead.child_agreed_by = agreed_by.strip()
    activated = _all_agreed(lead)
    if activated:
        lead.status = LeadStatus.ACTIVE
        lead.activated_at = now
        episode.without_lead_since = None
        episode.version += 1
        episode.save(update_fields=["without_lead_since", "version"])
    lead.save()
    lead_agreement_event(
        actor=actor,
        episode=episode,
        lead=lead,
        party=party,
        agreed_by=agreed_by,
        activated=activated,
    )
    return lead


@transaction.atomic
def lead_end(*, actor: User, lead: LeadPractitioner, reason: str) -> LeadPractitioner:
    """End a lead (or withdraw a proposal that was not agreed). The row stays as history; the
    episode is without a lead from now. Records LEAD_ENDED."""
    lead = LeadPractitioner.objects.select_for_update().get(pk=lead.pk)
    episode = _require_work(actor, lead.episode)
    if lead.status not in CURRENT_LEAD:
        raise ValidationError("This lead has already ended")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the lead is ending"]})
    limit = LeadPractitioner._meta.get_field("end_reason").max_length or 0
    if len(reason.strip()) > limit:
        # Refused, not cut to fit: nothing typed is dropped without a word.
        raise ValidationError({"reason": [f"Your answer must be {limit:,} characters or fewer"]})
    now = timezone.now()
    was_active = lead.status == LeadStatus.ACTIVE
    lead.status = LeadStatus.ENDED if was_active else LeadStatus.DECLINED
    lead.ended_at = now
    lead.end_reason = reason.strip()
    lead.save()
    if episode.without_lead_since is None:
        episode.without_lead_since = now
    episode.version += 1
    episode.save(update_fields=["without_lead_since", "version"])
    lead_ended_event(actor=actor, episode=episode, lead=lead)
    return lead


# --- Step up -------------------------------------------------------------------------------


def agreed_plan_name(plan: Plan) -> str:
    """ "Plan version 3, agreed 12 November 2026": how a handed-over plan is named."""
    agreed = plan.agreed_on or (timezone.localdate(plan.agreed_at) if plan.agreed_at else None)
    return f"Plan version {plan.number}" + (
        f", agreed {agreed.day} {agreed:%B %Y}" if agreed else ""
    )


@dataclass(frozen=True)
class StepUpHandoverChoice:
    """What a formal step-up hands to the front door: the latest signed-off assessment (else
    the one in progress, ``assessment_completed`` false), the plan version in force (agreed;
    never a draft), and the text the contact carries beside the links."""

    assessment: Assessment | None
    assessment_completed: bool
    plan: Plan | None
    what_tried: str
    child_views: str


def _step_up_handover(episode: Episode) -> StepUpHandoverChoice:
    assessments = list(Assessment.objects.filter(episode=episode).order_by("-started_at", "-id"))
    completed = [a for a in assessments if a.status == AssessmentStatus.COMPLETED]
    assessment = completed[0] if completed else (assessments[0] if assessments else None)
    plan = (
        Plan.objects.filter(episode=episode, status=PlanStatus.AGREED).order_by("-number").first()
    )
    what_tried = episode.reason
    if plan is not None:
        actions = list(plan.actions.values_list("what", "status"))
        if actions:
            what_tried += f"\n\n{agreed_plan_name(plan)}: actions\n" + "\n".join(
                f"- {what} ({status.replace('_', ' ')})" for what, status in actions
            )
    return StepUpHandoverChoice(
        assessment=assessment,
        assessment_completed=bool(completed),
        plan=plan,
        what_tried=what_tried,
        child_views=assessment.child_voice if assessment is not None else "",
    )


@transaction.atomic
def step_up_consult(
    *,
    actor: User,
    episode: Episode,
    worry: str,
    outcome: str,
    social_worker: User | None = None,
    advice: str = "",
    joint_visit_on: date | None = None,
    urgency: str = Urgency.ROUTINE,
) -> StepUpConsultation:
    """Record a step-up consultation with the locality social worker and act on its outcome:
    advice or a joint visit (recorded); the next early help action meeting (the episode is put
    on its agenda, and a meeting arranged if none is planned); or a formal contact to the front
    door carrying the worry and a handover of the record itself: the episode, its latest
    signed-off assessment (else the one in progress, marked as such) and the plan version in
    force (agreed, never a draft), which the front door and then social care open from the
    contact (records STEPPED_UP). Otherwise records STEP_UP_CONSULTED."""
    from righthelp.frontdoor.services import step_up_contact_build

    episode = _require_work(actor, episode)
    errors: dict[str, list[str]] = {}
    if not worry.strip():
        errors["worry"] = ["Say what you are worried about"]
    if outcome not in StepUpOutcome.values:
        errors["outcome"] = ["Select what was agreed"]
    if outcome == StepUpOutcome.ADVICE and not (advice.strip() or joint_visit_on):
        errors["advice"] = ["Record the advice given, or the date of the joint visit"]
    if urgency not in Urgency.values:
        errors["urgency"] = ["Select how urgent this is"]
    if errors:
        raise ValidationError(errors)
    consultation = StepUpConsultation(
        episode=episode,
        asked_by=actor,
        social_worker=social_worker,
        worry=worry.strip(),
        outcome=outcome,
        advice=advice.strip(),
        joint_visit_on=joint_visit_on,
        consulted_at=timezone.now(),
    )
    case: LocalityCase | None = None
    contact: Contact | None = None
    handover: StepUpHandoverChoice | None = None
    if outcome == StepUpOutcome.ACTION_MEETING:
        case = _bring_to_meeting(actor, episode, CaseReason.RISING, worry.strip())
        consultation.locality_case = case
    elif outcome == StepUpOutcome.FRONT_DOOR:
        members = list(EpisodeMember.objects.filter(episode=episode).select_related("person"))
        handover = _step_up_handover(episode)
        contact = step_up_contact_build(
            actor=actor,
            locality=episode.locality,
            children=[m.person for m in members if m.role == MemberRole.CHILD],
            adults=[m.person for m in members if m.role == MemberRole.ADULT],
            worry=worry.strip(),
            episode_id=episode.pk,
            assessment_id=handover.assessment.pk if handover.assessment else None,
            assessment_completed=handover.assessment_completed,
            plan_id=handover.plan.pk if handover.plan else None,
            what_tried=handover.what_tried,
            child_views=handover.child_views,
            urgency=urgency,
        )
        consultation.contact = contact
    consultation.save()
    step_up_consulted_event(
        actor=actor,
        episode=episode,
        consultation=consultation,
        locality_case=case,
        contact=contact,
        assessment=handover.assessment if handover else None,
        assessment_completed=handover.assessment_completed if handover else False,
        plan=handover.plan if handover else None,
    )
    return consultation


# --- Closure -------------------------------------------------------------------------------


@transaction.atomic
def episode_close(
    *,
    actor: User,
    episode: Episode,
    reason: str,
    summary: str,
    reason_other: str = "",
    outcome_scores: Mapping[str, int] | None = None,
    expected_version: int | None = None,
) -> Episode:
    """Close an episode with a reason, a closing summary for the family and (optionally) the
    outcome scales at closure. Ends the current lead. Refuses a stale edit. Everyone who led or
    worked on it (``notices.episode_team``: the lead, practitioners with plan actions, those
    invited to its meetings) is told. Records EPISODE_CLOSED."""
    episode = _require_work(actor, episode)
    _check_version(episode, expected_version)
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = ["Select why early help is ending"]
    elif reason == ClosureReason.OTHER and not reason_other.strip():
        errors["reason_other"] = ["Say why early help is ending"]
    if not summary.strip():
        errors["summary"] = ["Write the closing summary for the family"]
    areas = list(_early_help_settings()["outcome_areas"])
    scores = dict(outcome_scores or {})
    for area, score in scores.items():
        if area not in areas:
            errors.setdefault("outcome_scores", []).append(f"{area} is not an outcome area")
        elif not isinstance(score, int) or not 1 <= score <= 10:
            errors.setdefault("outcome_scores", []).append(f"Score {area} from 1 to 10")
    if errors:
        raise ValidationError(errors)
    team = notices.episode_team(episode)  # before the lead ends with the episode
    now = timezone.now()
    ended = []
    for lead in LeadPractitioner.objects.select_for_update().filter(
        episode=episode, status__in=CURRENT_LEAD
    ):
        lead.status = LeadStatus.ENDED if lead.status == LeadStatus.ACTIVE else LeadStatus.DECLINED
        lead.ended_at = now
        lead.end_reason = "Early help closed"
        lead.save()
        ended.append(lead.pk)
    OutcomeScore.objects.bulk_create(
        [
            OutcomeScore(
                episode=episode,
                occasion=ScoreOccasion.CLOSURE,
                area=area,
                score=score,
                scored_at=now,
                scored_by=actor,
            )
            for area, score in scores.items()
        ]
    )
    episode.status = EpisodeStatus.CLOSED
    episode.closed_at = now
    episode.closed_by = actor
    episode.closure_reason = reason
    episode.closure_reason_other = reason_other.strip()[:300]
    episode.closure_summary = summary.strip()
    episode.version += 1
    episode.save()
    episode_closed_event(actor=actor, episode=episode, outcome_scores=scores, leads_ended=ended)
    notices.episode_closed(actor=actor, episode=episode, users=team)
    return episode


def may_start_episodes(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.EARLY_HELP_WORKER)


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
