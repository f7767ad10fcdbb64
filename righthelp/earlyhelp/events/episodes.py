"""The events of episodes: opened, stepped down, closed, people added, requests joined or closed,
lead practitioners and step-up consultations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypedDict, cast

from righthelp.accounts.models import User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.earlyhelp.models import (
    Assessment,
    Episode,
    LeadPractitioner,
    LocalityCase,
    Plan,
    RequestResolution,
    StepUpConsultation,
)
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
