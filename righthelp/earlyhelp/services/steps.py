"""Stepping down from social care into early help, and up from early help to the front door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.earlyhelp.consent_rules import require_early_help_consent
from righthelp.earlyhelp.events import (
    step_up_consulted_event,
    stepped_down_event,
)
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    CaseReason,
    Episode,
    EpisodeMember,
    EpisodeOrigin,
    LeadPractitioner,
    LeadStatus,
    LocalityCase,
    MemberRole,
    Plan,
    PlanStatus,
    StepUpConsultation,
    StepUpOutcome,
)
from righthelp.earlyhelp.services.common import _require_locality_worker, _require_work
from righthelp.earlyhelp.services.starting import _bring_to_meeting, _inherit, _open
from righthelp.frontdoor.handoff_selectors import (
    social_care_referral_locked,
    step_down_requested,
)
from righthelp.frontdoor.models import (
    Contact,
    SocialCareReferral,
    SubjectRole,
    Urgency,
)


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
