"""The events early help records: one function per kind, payload built here, and beside each the
shape of its payload and a reader for code that reads it back (plan and assessment changes,
a meeting's history).

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypedDict, cast

from django.db.models import QuerySet

from righthelp.accounts.models import Locality, User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.earlyhelp.models import (
    ActionStatus,
    Assessment,
    Episode,
    LeadPractitioner,
    LocalityCase,
    LocalityMeeting,
    Plan,
    PlanAction,
    Progress,
    RequestResolution,
    ScoreOccasion,
    StepUpChoice,
    StepUpConsultation,
    StepUpPrompt,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.notices import when_text
from righthelp.frontdoor.models import Contact, EarlyHelpRequest, SocialCareReferral
from righthelp.people.models import Person


def _short(text: str) -> str:
    # As the plan's own change lines shorten an action (``plan_services._short``).
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


# --- Episodes ------------------------------------------------------------------------------


class EpisodeOpenedPayload(TypedDict, total=False):
    episode: int
    reference: str
    origin: str
    early_help_request: int
    contact: int
    previous_episode: int | None


def episode_opened_event(
    *,
    actor: User,
    episode: Episode,
    request: EarlyHelpRequest | None = None,
    contact: Contact | None = None,
) -> Event:
    """Early help started: from a front-door request (``request`` and its ``contact``) or
    directly with the family's agreement."""
    payload: EpisodeOpenedPayload = {
        "episode": episode.pk,
        "reference": episode.reference,
        "origin": episode.origin,
    }
    if request is not None and contact is not None:
        payload["early_help_request"] = request.pk
        payload["contact"] = contact.pk
        summary = (
            f"Early help {episode.reference} started from front-door contact {contact.reference}"
        )
    else:
        summary = f"Early help {episode.reference} started with the family's agreement"
    payload["previous_episode"] = episode.previous_episode_id
    return event_record(
        actor=actor,
        verb=Verb.EPISODE_OPENED,
        subject_ids=episode.member_ids(),
        summary=summary,
        payload=payload,
    )


def episode_opened_payload(event: Event) -> EpisodeOpenedPayload:
    return cast(EpisodeOpenedPayload, payload_read(event, Verb.EPISODE_OPENED))


class SteppedDownPayload(TypedDict):
    episode: int
    reference: str
    referral: int
    previous_episode: int | None
    inherited_assessment: int | None
    inherited_plan: int | None
    lead: int | None
    locality_case: int | None


def stepped_down_event(
    *,
    actor: User,
    episode: Episode,
    referral: SocialCareReferral,
    inherited_assessment: int | None,
    inherited_plan: int | None,
    lead: LeadPractitioner | None,
    locality_case: LocalityCase | None,
) -> Event:
    payload: SteppedDownPayload = {
        "episode": episode.pk,
        "reference": episode.reference,
        "referral": referral.pk,
        "previous_episode": episode.previous_episode_id,
        "inherited_assessment": inherited_assessment,
        "inherited_plan": inherited_plan,
        "lead": lead.pk if lead else None,
        "locality_case": locality_case.pk if locality_case else None,
    }
    return event_record(
        actor=actor,
        verb=Verb.STEPPED_DOWN,
        subject_ids=episode.member_ids(),
        summary=f"Stepped down from children's social care to early help {episode.reference}",
        payload=payload,
    )


def stepped_down_payload(event: Event) -> SteppedDownPayload:
    return cast(SteppedDownPayload, payload_read(event, Verb.STEPPED_DOWN))


class EpisodeClosedPayload(TypedDict):
    episode: int
    reason: str
    reason_other: str
    outcome_scores: dict[str, int]
    leads_ended: list[int]


def episode_closed_event(
    *,
    actor: User,
    episode: Episode,
    outcome_scores: Mapping[str, int],
    leads_ended: Sequence[int],
) -> Event:
    payload: EpisodeClosedPayload = {
        "episode": episode.pk,
        "reason": episode.closure_reason,
        "reason_other": episode.closure_reason_other,
        "outcome_scores": dict(outcome_scores),
        "leads_ended": list(leads_ended),
    }
    return event_record(
        actor=actor,
        verb=Verb.EPISODE_CLOSED,
        subject_ids=episode.member_ids(),
        summary=f"Early help {episode.reference} closed: {episode.get_closure_reason_display()}",
        payload=payload,
    )


def episode_closed_payload(event: Event) -> EpisodeClosedPayload:
    return cast(EpisodeClosedPayload, payload_read(event, Verb.EPISODE_CLOSED))


class EpisodeMemberAddedPayload(TypedDict):
    episode: int
    person: int
    role: str


def episode_member_added_event(
    *, actor: User, episode: Episode, person: Person, role: str, as_child: bool
) -> Event:
    payload: EpisodeMemberAddedPayload = {"episode": episode.pk, "person": person.pk, "role": role}
    return event_record(
        actor=actor,
        verb=Verb.EPISODE_MEMBER_ADDED,
        subject_ids=episode.member_ids(),
        summary=f"{person.full_name} added to early help {episode.reference} as "
        f"{'a child' if as_child else 'a parent, carer or other adult'}",
        payload=payload,
    )


def episode_member_added_payload(event: Event) -> EpisodeMemberAddedPayload:
    return cast(EpisodeMemberAddedPayload, payload_read(event, Verb.EPISODE_MEMBER_ADDED))


# --- Requests joined to an open episode or closed ----------------------------------------


class EarlyHelpRequestJoinedPayload(TypedDict):
    episode: int
    early_help_request: int
    contact: int
    contact_reference: str
    added: list[int]
    resolution: int


def early_help_request_joined_event(
    *,
    actor: User,
    episode: Episode,
    request: EarlyHelpRequest,
    contact: Contact,
    joining: Sequence[Person],
    resolution: RequestResolution,
) -> Event:
    added = f"; {', '.join(c.full_name for c in joining)} added" if joining else ""
    payload: EarlyHelpRequestJoinedPayload = {
        "episode": episode.pk,
        "early_help_request": request.pk,
        "contact": contact.pk,
        "contact_reference": contact.reference,
        "added": [child.pk for child in joining],
        "resolution": resolution.pk,
    }
    return event_record(
        actor=actor,
        verb=Verb.EARLY_HELP_REQUEST_JOINED,
        subject_ids=episode.member_ids(),
        summary=f"Request for early help from front-door contact {contact.reference} joined to "
        f"early help {episode.reference}{added}",
        payload=payload,
    )


def early_help_request_joined_payload(event: Event) -> EarlyHelpRequestJoinedPayload:
    return cast(EarlyHelpRequestJoinedPayload, payload_read(event, Verb.EARLY_HELP_REQUEST_JOINED))


class EarlyHelpRequestClosedPayload(TypedDict):
    early_help_request: int
    contact: int
    contact_reference: str
    reason: str
    resolution: int


def early_help_request_closed_event(
    *,
    actor: User,
    request: EarlyHelpRequest,
    contact: Contact,
    subject_ids: Iterable[int],
    reason: str,
    resolution: RequestResolution,
) -> Event:
    summary = (
        f"Request for early help from front-door contact {contact.reference} closed by "
        f"{request.locality.name} locality: {reason}"
    )
    payload: EarlyHelpRequestClosedPayload = {
        "early_help_request": request.pk,
        "contact": contact.pk,
        "contact_reference": contact.reference,
        "reason": reason,
        "resolution": resolution.pk,
    }
    return event_record(
        actor=actor,
        verb=Verb.EARLY_HELP_REQUEST_CLOSED,
        subject_ids=subject_ids,
        summary=summary if len(summary) <= 300 else summary[:299] + "…",
        payload=payload,
    )


def early_help_request_closed_payload(event: Event) -> EarlyHelpRequestClosedPayload:
    return cast(EarlyHelpRequestClosedPayload, payload_read(event, Verb.EARLY_HELP_REQUEST_CLOSED))


# --- Lead practitioners --------------------------------------------------------------------


class LeadProposedPayload(TypedDict):
    episode: int
    lead: int
    practitioner: int


def lead_proposed_event(*, actor: User, episode: Episode, lead: LeadPractitioner) -> Event:
    practitioner = lead.practitioner
    agency = practitioner.organisation.name if practitioner.organisation else ""
    payload: LeadProposedPayload = {
        "episode": episode.pk,
        "lead": lead.pk,
        "practitioner": practitioner.pk,
    }
    return event_record(
        actor=actor,
        verb=Verb.LEAD_PROPOSED,
        subject_ids=episode.member_ids(),
        summary=f"{practitioner.display_name} ({agency}) proposed as "
        f"lead practitioner for {episode.reference}",
        payload=payload,
    )


def lead_proposed_payload(event: Event) -> LeadProposedPayload:
    return cast(LeadProposedPayload, payload_read(event, Verb.LEAD_PROPOSED))


class LeadAgreementPayload(TypedDict):
    episode: int
    lead: int
    party: str
    agreed_by: str


def lead_agreement_event(
    *,
    actor: User,
    episode: Episode,
    lead: LeadPractitioner,
    party: str,
    agreed_by: str,
    activated: bool,
) -> Event:
    """One party agreed to a lead (LEAD_AGREEMENT_RECORDED), or the last one did and the lead
    is now active (LEAD_ACTIVE)."""
    name = lead.practitioner.display_name
    payload: LeadAgreementPayload = {
        "episode": episode.pk,
        "lead": lead.pk,
        "party": party,
        "agreed_by": agreed_by,
    }
    return event_record(
        actor=actor,
        verb=Verb.LEAD_ACTIVE if activated else Verb.LEAD_AGREEMENT_RECORDED,
        subject_ids=episode.member_ids(),
        summary=(
            f"{name} is now the lead practitioner for {episode.reference}"
            if activated
            else f"{party.capitalize()} agreed to {name} as lead practitioner"
        ),
        payload=payload,
    )


def lead_agreement_payload(event: Event) -> LeadAgreementPayload:
    return cast(
        LeadAgreementPayload,
        payload_read(event, Verb.LEAD_ACTIVE, Verb.LEAD_AGREEMENT_RECORDED),
    )


class LeadEndedPayload(TypedDict):
    episode: int
    lead: int
    reason: str


def lead_ended_event(*, actor: User, episode: Episode, lead: LeadPractitioner) -> Event:
    payload: LeadEndedPayload = {"episode": episode.pk, "lead": lead.pk, "reason": lead.end_reason}
    return event_record(
        actor=actor,
        verb=Verb.LEAD_ENDED,
        subject_ids=episode.member_ids(),
        summary=f"{lead.practitioner.display_name} is no longer the lead practitioner for "
        f"{episode.reference}",
        payload=payload,
    )


def lead_ended_payload(event: Event) -> LeadEndedPayload:
    return cast(LeadEndedPayload, payload_read(event, Verb.LEAD_ENDED))


# --- Step-up consultations -----------------------------------------------------------------


class StepUpConsultedPayload(TypedDict, total=False):
    episode: int
    outcome: str
    locality_case: int
    contact: int
    contact_reference: str
    assessment: int | None
    assessment_completed: bool
    plan: int | None
    plan_number: int | None
    consultation: int


def step_up_consulted_event(
    *,
    actor: User,
    episode: Episode,
    consultation: StepUpConsultation,
    locality_case: LocalityCase | None = None,
    contact: Contact | None = None,
    assessment: Assessment | None = None,
    assessment_completed: bool = False,
    plan: Plan | None = None,
) -> Event:
    """A step-up consultation: to the early help action meeting (``locality_case``), to the
    front door (``contact``: STEPPED_UP, with what was handed over), or advice or a joint visit.
    """
    verb = Verb.STEP_UP_CONSULTED
    summary = f"Step-up consultation for {episode.reference}: "
    payload: StepUpConsultedPayload = {"episode": episode.pk, "outcome": consultation.outcome}
    if locality_case is not None:
        summary += f"to the early help action meeting on {locality_case.meeting.meets_on:%d %B %Y}"
        payload["locality_case"] = locality_case.pk
    elif contact is not None:
        verb = Verb.STEPPED_UP
        summary = f"Stepped up from {episode.reference} to the front door as {contact.reference}"
        payload["contact"] = contact.pk
        payload["contact_reference"] = contact.reference
        payload["assessment"] = assessment.pk if assessment else None
        payload["assessment_completed"] = assessment_completed
        payload["plan"] = plan.pk if plan else None
        payload["plan_number"] = plan.number if plan else None
    else:
        summary += "advice or a joint visit"
    payload["consultation"] = consultation.pk
    return event_record(
        actor=actor, verb=verb, subject_ids=episode.member_ids(), summary=summary, payload=payload
    )


def step_up_consulted_payload(event: Event) -> StepUpConsultedPayload:
    return cast(
        StepUpConsultedPayload, payload_read(event, Verb.STEP_UP_CONSULTED, Verb.STEPPED_UP)
    )


# --- Assessments ---------------------------------------------------------------------------


class AssessmentStartedPayload(TypedDict):
    assessment: int
    episode: int
    based_on: int | None
    due_on: str


def assessment_started_event(
    *, actor: User, episode: Episode, assessment: Assessment, based_on: Assessment | None
) -> Event:
    payload: AssessmentStartedPayload = {
        "assessment": assessment.pk,
        "episode": episode.pk,
        "based_on": based_on.pk if based_on else None,
        "due_on": assessment.due_on.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_STARTED,
        subject_ids=episode.member_ids(),
        summary=(
            f"Early help assessment started for {episode.reference}"
            + (" from the family's last assessment" if based_on else "")
        ),
        payload=payload,
    )


def assessment_started_payload(event: Event) -> AssessmentStartedPayload:
    return cast(AssessmentStartedPayload, payload_read(event, Verb.ASSESSMENT_STARTED))


class AssessmentSavedPayload(TypedDict):
    assessment: int
    episode: int
    version: int
    changed: list[str]
    old: dict[str, Any]
    new: dict[str, Any]
    step_up_prompt: int | None


def assessment_saved_event(
    *,
    actor: User,
    assessment: Assessment,
    changed: Sequence[str],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    step_up_prompt: StepUpPrompt | None,
    prompt_scale: int,
) -> Event:
    """The parts of an assessment that changed (``changed``, their labels), with their old and
    new values; ``step_up_prompt`` when a worry score of ``prompt_scale`` or less raised one."""
    summary = f"Early help assessment saved: {', '.join(changed)}"
    if step_up_prompt is not None:
        summary = f"{summary}. A worry score of {prompt_scale} or less: consider stepping up"
    payload: AssessmentSavedPayload = {
        "assessment": assessment.pk,
        "episode": assessment.episode_id,
        "version": assessment.version,
        "changed": list(changed),
        "old": dict(old),
        "new": dict(new),
        "step_up_prompt": step_up_prompt.pk if step_up_prompt is not None else None,
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_SAVED,
        subject_ids=assessment.episode.member_ids(),
        summary=summary[:300],
        payload=payload,
    )


def assessment_saved_payload(event: Event) -> AssessmentSavedPayload:
    return cast(AssessmentSavedPayload, payload_read(event, Verb.ASSESSMENT_SAVED))


def assessment_saved_events(assessment: Assessment) -> QuerySet[Event]:
    """The assessment's ASSESSMENT_SAVED events, oldest first, with their actors."""
    return (
        Event.objects.filter(verb=Verb.ASSESSMENT_SAVED.value, payload__assessment=assessment.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
    )


class StepUpPromptAnsweredPayload(TypedDict):
    episode: int
    assessment: int
    prompt: int
    scores: list[dict[str, Any]]
    choice: str
    reason: str


def step_up_prompt_answered_event(*, actor: User, episode: Episode, prompt: StepUpPrompt) -> Event:
    scores = ", ".join(f"{s['asked']} {s['score']}" for s in prompt.scores)
    payload: StepUpPromptAnsweredPayload = {
        "episode": episode.pk,
        "assessment": prompt.assessment_id,
        "prompt": prompt.pk,
        "scores": prompt.scores,
        "choice": prompt.choice,
        "reason": prompt.reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.STEP_UP_PROMPT_ANSWERED,
        subject_ids=episode.member_ids(),
        summary=(
            f"Worry scored {scores}: "
            + (
                "stepping up now"
                if prompt.choice == StepUpChoice.STEP_UP
                else f"not stepping up now ({prompt.reason})"
            )
        )[:300],
        payload=payload,
    )


def step_up_prompt_answered_payload(event: Event) -> StepUpPromptAnsweredPayload:
    return cast(StepUpPromptAnsweredPayload, payload_read(event, Verb.STEP_UP_PROMPT_ANSWERED))


class AssessmentSignOffRequestedPayload(TypedDict):
    assessment: int
    episode: int
    version: int
    managers: list[int]


def assessment_sign_off_requested_event(
    *, actor: User, assessment: Assessment, managers: Sequence[User]
) -> Event:
    payload: AssessmentSignOffRequestedPayload = {
        "assessment": assessment.pk,
        "episode": assessment.episode_id,
        "version": assessment.version,
        "managers": [m.pk for m in managers],
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_SIGN_OFF_REQUESTED,
        subject_ids=assessment.episode.member_ids(),
        summary=f"Early help assessment sent for sign-off ({assessment.episode.reference})",
        payload=payload,
    )


def assessment_sign_off_requested_payload(event: Event) -> AssessmentSignOffRequestedPayload:
    return cast(
        AssessmentSignOffRequestedPayload,
        payload_read(event, Verb.ASSESSMENT_SIGN_OFF_REQUESTED),
    )


class AssessmentCompletedPayload(TypedDict):
    assessment: int
    episode: int
    version: int
    recommended_scale: int | None
    significant_harm_suspected: bool
    overdue: bool
    authors: list[int]


def assessment_completed_event(
    *, actor: User, assessment: Assessment, overdue: bool, authors: Iterable[int]
) -> Event:
    payload: AssessmentCompletedPayload = {
        "assessment": assessment.pk,
        "episode": assessment.episode_id,
        "version": assessment.version,
        "recommended_scale": assessment.recommended_scale,
        "significant_harm_suspected": assessment.significant_harm_suspected,
        "overdue": overdue,
        "authors": sorted(authors),
    }
    return event_record(
        actor=actor,
        verb=Verb.ASSESSMENT_COMPLETED,
        subject_ids=assessment.episode.member_ids(),
        summary=(
            f"Early help assessment signed off: recommended level {assessment.recommended_scale}"
            + (", significant harm suspected" if assessment.significant_harm_suspected else "")
        ),
        payload=payload,
    )


def assessment_completed_payload(event: Event) -> AssessmentCompletedPayload:
    return cast(AssessmentCompletedPayload, payload_read(event, Verb.ASSESSMENT_COMPLETED))


class OutcomeScalesScoredPayload(TypedDict):
    episode: int
    occasion: str
    scores: dict[str, int]
    measured_on: str


def outcome_scales_scored_event(
    *,
    actor: User,
    episode: Episode,
    occasion: str,
    scores: Mapping[str, int],
    day: date,
    areas: int,
) -> Event:
    """``areas``: how many areas were scored."""
    payload: OutcomeScalesScoredPayload = {
        "episode": episode.pk,
        "occasion": occasion,
        "scores": dict(scores),
        "measured_on": day.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.OUTCOME_SCALES_SCORED,
        subject_ids=episode.member_ids(),
        summary=f"Outcome scales scored ({ScoreOccasion(occasion).label.lower()}) on "
        f"{day.day} {day:%B %Y}: {areas} areas",
        payload=payload,
    )


def outcome_scales_scored_payload(event: Event) -> OutcomeScalesScoredPayload:
    return cast(OutcomeScalesScoredPayload, payload_read(event, Verb.OUTCOME_SCALES_SCORED))


# --- Team Around the Family meetings -------------------------------------------------------

MEETING_VERBS = (
    Verb.TAF_MEETING_PLANNED,
    Verb.TAF_MEETING_RESCHEDULED,
    Verb.TAF_MEETING_CANCELLED,
    Verb.TAF_MEETING_RECORDED,
)


class TafMeetingPlannedPayload(TypedDict):
    episode: int
    meeting: int
    kind: str
    scheduled_for: str
    due_on: str
    practitioners: list[int]
    family_members: list[int]
    recorded_afterwards: bool


def taf_meeting_planned_event(
    *,
    actor: User,
    episode: Episode,
    meeting: TafMeeting,
    subject_ids: Iterable[int],
    practitioners: Sequence[User],
    family_members: Sequence[Person],
) -> Event:
    payload: TafMeetingPlannedPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "kind": meeting.kind,
        "scheduled_for": meeting.scheduled_for.isoformat(),
        "due_on": meeting.due_on.isoformat(),
        "practitioners": [u.pk for u in practitioners],
        "family_members": [p.pk for p in family_members],
        "recorded_afterwards": meeting.recorded_afterwards,
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_PLANNED,
        subject_ids=subject_ids,
        summary=f"{meeting.get_kind_display()} arranged for {episode.reference}",
        payload=payload,
    )


def taf_meeting_planned_payload(event: Event) -> TafMeetingPlannedPayload:
    return cast(TafMeetingPlannedPayload, payload_read(event, Verb.TAF_MEETING_PLANNED))


class MeetingWhereAndWhen(TypedDict):
    scheduled_for: str
    location: str


class TafMeetingRescheduledPayload(TypedDict):
    episode: int
    meeting: int
    old: MeetingWhereAndWhen
    new: MeetingWhereAndWhen
    reason: str


def taf_meeting_rescheduled_event(
    *,
    actor: User,
    episode: Episode,
    meeting: TafMeeting,
    old_when: datetime,
    old_location: str,
    reason: str,
) -> Event:
    """``old_when`` and ``old_location``: where and when the meeting was arranged before."""
    payload: TafMeetingRescheduledPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "old": {"scheduled_for": old_when.isoformat(), "location": old_location},
        "new": {"scheduled_for": meeting.scheduled_for.isoformat(), "location": meeting.location},
        "reason": reason.strip(),
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_RESCHEDULED,
        subject_ids=episode.member_ids(),
        summary=(
            f"{meeting.get_kind_display()} for {episode.reference} moved from "
            f"{when_text(old_when)} to {when_text(meeting.scheduled_for)}"
        ),
        payload=payload,
    )


def taf_meeting_rescheduled_payload(event: Event) -> TafMeetingRescheduledPayload:
    return cast(TafMeetingRescheduledPayload, payload_read(event, Verb.TAF_MEETING_RESCHEDULED))


class TafMeetingCancelledPayload(TypedDict):
    episode: int
    meeting: int
    scheduled_for: str
    reason: str


def taf_meeting_cancelled_event(*, actor: User, episode: Episode, meeting: TafMeeting) -> Event:
    payload: TafMeetingCancelledPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "scheduled_for": meeting.scheduled_for.isoformat(),
        "reason": meeting.cancellation_reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_CANCELLED,
        subject_ids=episode.member_ids(),
        summary=(
            f"{meeting.get_kind_display()} for {episode.reference} on "
            f"{when_text(meeting.scheduled_for)} cancelled"
        ),
        payload=payload,
    )


def taf_meeting_cancelled_payload(event: Event) -> TafMeetingCancelledPayload:
    return cast(TafMeetingCancelledPayload, payload_read(event, Verb.TAF_MEETING_CANCELLED))


class TafUpdateAddedPayload(TypedDict):
    meeting: int
    invitee: int
    replaced: bool


def taf_update_added_event(
    *, actor: User, meeting: TafMeeting, invitee: TafInvitee, replaced: bool
) -> Event:
    payload: TafUpdateAddedPayload = {
        "meeting": meeting.pk,
        "invitee": invitee.pk,
        "replaced": replaced,
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_UPDATE_ADDED,
        subject_ids=meeting.episode.member_ids(),
        summary=f"Agency update added before the meeting for {meeting.episode.reference}",
        payload=payload,
    )


def taf_update_added_payload(event: Event) -> TafUpdateAddedPayload:
    return cast(TafUpdateAddedPayload, payload_read(event, Verb.TAF_UPDATE_ADDED))


class TafMeetingRecordedPayload(TypedDict):
    episode: int
    meeting: int
    attendance: dict[str, str]


def taf_meeting_recorded_event(
    *, actor: User, episode: Episode, meeting: TafMeeting, attendance: Mapping[int, str]
) -> Event:
    payload: TafMeetingRecordedPayload = {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "attendance": {str(k): v for k, v in attendance.items()},
    }
    return event_record(
        actor=actor,
        verb=Verb.TAF_MEETING_RECORDED,
        subject_ids=episode.member_ids(),
        summary=f"{meeting.get_kind_display()} held for {episode.reference}",
        payload=payload,
    )


def taf_meeting_recorded_payload(event: Event) -> TafMeetingRecordedPayload:
    return cast(TafMeetingRecordedPayload, payload_read(event, Verb.TAF_MEETING_RECORDED))


def meeting_events(meeting: TafMeeting) -> QuerySet[Event]:
    """What was recorded about one meeting (arranged, moved, cancelled, held), oldest first."""
    return (
        Event.objects.filter(verb__in=[v.value for v in MEETING_VERBS], payload__meeting=meeting.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
    )


# --- Locality early help action meetings ---------------------------------------------------


class LocalityMeetingPlannedPayload(TypedDict):
    meeting: int
    locality: int
    meets_on: str
    attendees: list[int]


def locality_meeting_planned_event(
    *, actor: User, meeting: LocalityMeeting, locality: Locality, attendees: Sequence[User]
) -> Event:
    payload: LocalityMeetingPlannedPayload = {
        "meeting": meeting.pk,
        "locality": locality.pk,
        "meets_on": meeting.meets_on.isoformat(),
        "attendees": [u.pk for u in attendees],
    }
    return event_record(
        actor=actor,
        verb=Verb.LOCALITY_MEETING_PLANNED,
        summary=(
            f"Early help action meeting arranged for {locality.name} on {meeting.meets_on:%d %B %Y}"
        ),
        payload=payload,
    )


def locality_meeting_planned_payload(event: Event) -> LocalityMeetingPlannedPayload:
    return cast(LocalityMeetingPlannedPayload, payload_read(event, Verb.LOCALITY_MEETING_PLANNED))


class LocalityCaseAddedPayload(TypedDict):
    meeting: int
    case: int
    episode: int
    reason: str


def locality_case_added_event(*, actor: User, case: LocalityCase) -> Event:
    episode = case.episode
    payload: LocalityCaseAddedPayload = {
        "meeting": case.meeting_id,
        "case": case.pk,
        "episode": episode.pk,
        "reason": case.reason,
    }
    return event_record(
        actor=actor,
        verb=Verb.LOCALITY_CASE_ADDED,
        subject_ids=episode.member_ids(),
        summary=f"{episode.reference} brought to the early help action meeting",
        payload=payload,
    )


def locality_case_added_payload(event: Event) -> LocalityCaseAddedPayload:
    return cast(LocalityCaseAddedPayload, payload_read(event, Verb.LOCALITY_CASE_ADDED))


class LocalityCaseDecidedPayload(TypedDict):
    case: int
    episode: int
    new_lead: int | None
    step_up: bool


def locality_case_decided_event(*, actor: User, case: LocalityCase, new_lead: User | None) -> Event:
    payload: LocalityCaseDecidedPayload = {
        "case": case.pk,
        "episode": case.episode_id,
        "new_lead": new_lead.pk if new_lead else None,
        "step_up": case.step_up,
    }
    return event_record(
        actor=actor,
        verb=Verb.LOCALITY_CASE_DECIDED,
        subject_ids=case.episode.member_ids(),
        summary=f"Early help action meeting decided for {case.episode.reference}",
        payload=payload,
    )


def locality_case_decided_payload(event: Event) -> LocalityCaseDecidedPayload:
    return cast(LocalityCaseDecidedPayload, payload_read(event, Verb.LOCALITY_CASE_DECIDED))


# --- Multi-agency plans --------------------------------------------------------------------

PLAN_CHANGE_VERBS = (Verb.PLAN_SAVED, Verb.PLAN_ACTION_UPDATED, Verb.PLAN_AGREED)


class PlanSavedPayload(TypedDict):
    episode: int
    plan: int
    number: int
    version: int
    changes: list[str]


def plan_saved_event(*, actor: User, episode: Episode, plan: Plan, changes: Sequence[str]) -> Event:
    """``changes``: what changed, as lines a reader of the plan's history is shown."""
    payload: PlanSavedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "number": plan.number,
        "version": plan.version,
        "changes": list(changes),
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_SAVED,
        subject_ids=episode.member_ids(),
        summary=f"Plan version {plan.number} saved as a draft for {episode.reference}",
        payload=payload,
    )


def plan_saved_payload(event: Event) -> PlanSavedPayload:
    return cast(PlanSavedPayload, payload_read(event, Verb.PLAN_SAVED))


class FamilyAgreementPayload(TypedDict):
    name: str
    relationship: str


class PlanAgreedPayload(TypedDict):
    episode: int
    plan: int
    number: int
    version: int
    superseded: list[int]
    agreed_on: str
    family: list[FamilyAgreementPayload]
    changes: list[str]


def plan_agreed_event(
    *,
    actor: User,
    episode: Episode,
    plan: Plan,
    superseded: Sequence[int],
    agreed_on: date,
    family: Sequence[FamilyAgreementPayload],
) -> Event:
    """``superseded``: the numbers of the versions this one replaced."""
    payload: PlanAgreedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "number": plan.number,
        "version": plan.version,
        "superseded": list(superseded),
        "agreed_on": agreed_on.isoformat(),
        "family": [{"name": p["name"], "relationship": p["relationship"]} for p in family],
        "changes": [f"Version {plan.number} was agreed"],
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_AGREED,
        subject_ids=episode.member_ids(),
        summary=f"Plan version {plan.number} agreed for {episode.reference}",
        payload=payload,
    )


def plan_agreed_payload(event: Event) -> PlanAgreedPayload:
    return cast(PlanAgreedPayload, payload_read(event, Verb.PLAN_AGREED))


class PlanReviewedPayload(TypedDict):
    episode: int
    plan: int
    reviewed: int
    number: int
    meeting: int | None
    progress: str
    measured_by: str


def plan_reviewed_event(
    *, actor: User, episode: Episode, plan: Plan, reviewed: Plan, meeting: TafMeeting | None
) -> Event:
    """``plan``: the new version a review made of ``reviewed``."""
    payload: PlanReviewedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "reviewed": reviewed.pk,
        "number": plan.number,
        "meeting": meeting.pk if meeting else None,
        "progress": plan.progress,
        "measured_by": plan.progress_measured_by,
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_REVIEWED,
        subject_ids=episode.member_ids(),
        summary=f"Plan reviewed ({Progress(plan.progress).label.lower()}) for {episode.reference}",
        payload=payload,
    )


def plan_reviewed_payload(event: Event) -> PlanReviewedPayload:
    return cast(PlanReviewedPayload, payload_read(event, Verb.PLAN_REVIEWED))


class PlanActionUpdatedPayload(TypedDict):
    episode: int
    plan: int
    action: int
    version: int
    old: str
    new: str
    changes: list[str]


def plan_action_updated_event(
    *, actor: User, episode: Episode, plan: Plan, action: PlanAction, old: str
) -> Event:
    """``old``: the action's status before; its new one is ``action.status``."""
    status = action.status
    payload: PlanActionUpdatedPayload = {
        "episode": episode.pk,
        "plan": plan.pk,
        "action": action.pk,
        "version": plan.version,
        "old": old,
        "new": status,
        "changes": [f"Action now {ActionStatus(status).label.lower()}: {_short(action.what)}"],
    }
    return event_record(
        actor=actor,
        verb=Verb.PLAN_ACTION_UPDATED,
        subject_ids=episode.member_ids(),
        summary=f"Plan action marked {ActionStatus(status).label.lower()}",
        payload=payload,
    )


def plan_action_updated_payload(event: Event) -> PlanActionUpdatedPayload:
    return cast(PlanActionUpdatedPayload, payload_read(event, Verb.PLAN_ACTION_UPDATED))


def plan_changes(event: Event) -> list[str]:
    """The lines a plan-change event (saved, action updated, agreed) says changed."""
    payload = payload_read(event, *PLAN_CHANGE_VERBS)
    return [str(change) for change in payload.get("changes") or []]


def plan_change_events(plan: Plan, after_version: int) -> QuerySet[Event]:
    """The events that changed ``plan`` after ``after_version``, oldest first, with actors."""
    return (
        Event.objects.filter(
            verb__in=[v.value for v in PLAN_CHANGE_VERBS],
            payload__plan=plan.pk,
            payload__version__gt=after_version,
        )
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
