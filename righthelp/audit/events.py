"""The typed events RightHelp records.

Every write service records exactly one event of a kind listed here, in the same transaction as
the write. A capability adds members to ``Verb`` (no migration: the column lists no choices) and a
function for each in its own ``events.py``; it never adds a second history mechanism. The
chronology is read from these events, so each verb also says how it reads there.

Each app's ``events.py`` holds one function per kind of event it records (``<thing>_<verb>_event``,
keyword-only and typed, building the payload inside) and, beside it, a ``TypedDict`` of its
payload and a reader for code that reads events back. This module also holds the audit app's own
events (access alerts) at its end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db import models

if TYPE_CHECKING:
    # Only for annotations: the models import ``Verb`` from here.
    from righthelp.accounts.models import User
    from righthelp.audit.models import AccessAlert, AccessAlertReview, Event


class Verb(models.TextChoices):
    # people
    PERSON_CREATED = "person.created", "Record created"
    PERSON_UPDATED = "person.updated", "Details changed"
    PERSON_NAME_ADDED = "person.name_added", "Name recorded"
    PERSON_ADDRESS_ADDED = "person.address_added", "Address recorded"
    RELATIONSHIP_ADDED = "relationship.added", "Relationship recorded"
    RELATIONSHIP_ENDED = "relationship.ended", "Relationship ended"
    HOUSEHOLD_JOINED = "household.joined", "Joined household"
    PROFESSIONAL_ADDED = "professional.added", "Professional involved"
    PROFESSIONAL_ENDED = "professional.ended", "Professional involvement ended"
    # thresholds
    FRAMEWORK_UPLOADED = "framework.uploaded", "Threshold framework uploaded"
    THRESHOLD_EVALUATED = "threshold.evaluated", "Threshold of need considered"
    # consent
    CONSENT_RECORDED = "consent.recorded", "Consent decision recorded"
    CONSENT_WITHDRAWN = "consent.withdrawn", "Consent withdrawn"
    LAWFUL_BASIS_RECORDED = "consent.lawful_basis", "Sharing without consent recorded"
    # front door
    CONTACT_DRAFTED = "contact.drafted", "Request for support saved as a draft"
    CONTACT_RECEIVED = "contact.received", "Contact received by the front door"
    CONTACT_ASSIGNED = "contact.assigned", "Contact assigned"
    CONTACT_PRIORITISED = "contact.prioritised", "Contact priority set"
    CONTACT_PERSON_LINKED = "contact.person_linked", "Contact linked to a record"
    KNOWN_CHECK_MADE = "contact.known_check", "Asked whether a child is known"
    CONSULTATION_ASKED = "consultation.asked", "Anonymous consultation asked"
    CONSULTATION_ADVISED = "consultation.advised", "Consultation advice given"
    DECISION_MADE = "decision.made", "Front-door decision made"
    DECISION_SIGNED_OFF = "decision.signed_off", "Manager sign-off recorded"
    FEEDBACK_SENT = "feedback.sent", "Referrer told the outcome"
    THINK_FAMILY_CHECKED = (
        "contact.think_family",
        "Think Family: the professionals of other children in the household considered",
    )
    WRITTEN_CONFIRMATION_RECEIVED = (
        "contact.written_confirmation",
        "Written confirmation of a telephone contact received",
    )
    # early help
    EPISODE_OPENED = "episode.opened", "Early help started"
    EPISODE_MEMBER_ADDED = "episode.member_added", "Added to an early help episode"
    EPISODE_CLOSED = "episode.closed", "Early help closed"
    EARLY_HELP_REQUEST_JOINED = (
        "early_help_request.joined",
        "Request for early help joined to the family's open early help",
    )
    EARLY_HELP_REQUEST_CLOSED = (
        "early_help_request.closed",
        "Request for early help closed by the locality",
    )
    LEAD_PROPOSED = "lead.proposed", "Lead practitioner proposed"
    LEAD_AGREEMENT_RECORDED = "lead.agreement", "Agreement to a lead practitioner recorded"
    LEAD_ACTIVE = "lead.active", "Lead practitioner agreed by everyone"
    LEAD_ENDED = "lead.ended", "Lead practitioner changed"
    ASSESSMENT_STARTED = "assessment.started", "Early help assessment started"
    ASSESSMENT_SAVED = "assessment.saved", "Early help assessment saved"
    ASSESSMENT_SIGN_OFF_REQUESTED = (
        "assessment.sign_off_requested",
        "Early help assessment sent to a manager for sign-off",
    )
    ASSESSMENT_COMPLETED = "assessment.completed", "Early help assessment signed off"
    OUTCOME_SCALES_SCORED = "outcome_scales.scored", "Outcome scales scored with the family"
    TAF_MEETING_PLANNED = "taf.planned", "Team Around the Family meeting arranged"
    TAF_UPDATE_ADDED = "taf.update_added", "Agency update added before a meeting"
    TAF_MEETING_RECORDED = "taf.recorded", "Team Around the Family meeting held"
    TAF_MEETING_RESCHEDULED = "taf.rescheduled", "Team Around the Family meeting moved"
    TAF_MEETING_CANCELLED = "taf.cancelled", "Team Around the Family meeting cancelled"
    PLAN_SAVED = "plan.saved", "Multi-agency plan drafted"
    PLAN_AGREED = "plan.agreed", "Multi-agency plan agreed"
    PLAN_REVIEWED = "plan.reviewed", "Multi-agency plan reviewed"
    PLAN_ACTION_UPDATED = "plan.action_updated", "Plan action updated"
    LOCALITY_MEETING_PLANNED = "locality_meeting.planned", "Early help action meeting arranged"
    LOCALITY_CASE_ADDED = "locality_meeting.case_added", "Brought to the early help action meeting"
    LOCALITY_CASE_DECIDED = "locality_meeting.decided", "Early help action meeting decided"
    STEP_UP_PROMPT_ANSWERED = (
        "step_up.prompt_answered",
        "Stepping up considered after a worry score of 0 or 1",
    )
    STEP_UP_CONSULTED = "step_up.consulted", "Step-up consultation with locality social worker"
    STEPPED_UP = "step_up.contact", "Stepped up to the front door"
    STEPPED_DOWN = "step_down.made", "Stepped down to early help"
    STEP_DOWN_REQUESTED = (
        "step_down.requested",
        "Children's social care's work ending: step down to early help asked for",
    )
    # chronology
    CHRONOLOGY_ENTRY_ADDED = "chronology.entry_added", "Chronology entry added"
    CHRONOLOGY_ENTRY_AMENDED = "chronology.entry_amended", "Chronology entry corrected"
    # disagreements between agencies
    ESCALATION_RAISED = "escalation.raised", "Professional disagreement raised"
    ESCALATION_STAGE_RECORDED = "escalation.stage_recorded", "Disagreement stage recorded"
    ESCALATION_ESCALATED = "escalation.escalated", "Disagreement escalated"
    ESCALATION_RESOLVED = "escalation.resolved", "Disagreement resolved"
    # identity
    PERSON_MATCH_NONE = "person.match_none", "None of the suggested records was this person"
    DUPLICATE_NOT_SAME = "person.not_same", "Recorded as not the same person"
    PERSON_MERGED = "person.merged", "Records merged"
    PERSON_MERGE_UNDONE = "person.merge_undone", "Merge undone"
    # accounts
    API_TOKEN_ISSUED = "api_token.issued", "API token issued"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    USER_SIGNED_IN = "user.signed_in", "Signed in"
    USER_SIGN_IN_FAILED = "user.sign_in_failed", "Sign-in refused"
    USER_SIGNED_OUT = "user.signed_out", "Signed out"
    USER_NOTIFIED = "user.notified", "Notification sent"
    # information governance: about a user's reads, never on a child's chronology
    ACCESS_ALERT_RAISED = "user.access_alert_raised", "Unusual number of reads: alert raised"
    ACCESS_ALERT_REVIEWED = "user.access_alert_reviewed", "Access alert reviewed"
    # work due
    TASK_CREATED = "task.created", "Task set"
    TASK_COMPLETED = "task.completed", "Task completed"


# Verbs that belong on a person's chronology (account activity does not).
CHRONOLOGY_VERBS = frozenset(v for v in Verb if not v.value.startswith("user."))


class AccessAction(models.TextChoices):
    VIEW_PERSON = "view_person", "Viewed a person's record"
    SEARCH_PEOPLE = "search_people", "Searched people"
    LIST_PEOPLE = "list_people", "Listed people"
    VIEW_CHRONOLOGY = "view_chronology", "Viewed a chronology"
    VIEW_NETWORK = "view_network", "Viewed a family network"
    EXPORT = "export", "Exported personal data"
    API_READ = "api_read", "Read through the API"
    KNOWN_CHECK = "known_check", "Asked whether a child is known"
    VIEW_CONTACT = "view_contact", "Viewed a contact"
    LIST_CONTACTS = "list_contacts", "Listed the front-door queue"
    VIEW_EPISODE = "view_episode", "Viewed an early help episode"
    LIST_EPISODES = "list_episodes", "Listed early help episodes"
    PRINT_PLAN = "print_plan", "Printed a family's plan"
    VIEW_ESCALATION = "view_escalation", "Viewed a professional disagreement"
    LIST_ESCALATIONS = "list_escalations", "Listed professional disagreements"
    LIST_WORK = "list_work", "Listed work due"
    REVIEW_ACCESS_ALERT = "review_access_alert", "Reviewed the reads behind an access alert"


def payload_read(event: Event, *verbs: Verb) -> dict[str, Any]:
    """An event's payload, for a reader that knows which kinds of event it reads.

    Refuses (``ValueError``) an event of another kind, so a reader is never handed a payload
    written for something else.
    """
    if event.verb not in {verb.value for verb in verbs}:
        raise ValueError(f"A {event.verb} event is not one of {[v.value for v in verbs]}.")
    return dict(event.payload or {})


# The audit app's own events.


class AccessAlertRaisedPayload(TypedDict):
    alert: int
    user: int
    action: str
    reads: int
    read_limit: int
    window_minutes: int


def access_alert_raised_event(*, alert: AccessAlert, user: User) -> Event:
    """The system raised an alert about a burst of one user's reads (no actor, no subjects)."""
    from righthelp.audit.services import event_record

    action = AccessAction(alert.action)
    what = action.label.lower()
    reads, minutes = alert.reads_when_raised, alert.window_minutes
    payload: AccessAlertRaisedPayload = {
        "alert": alert.pk,
        "user": user.pk,
        "action": action.value,
        "reads": reads,
        "read_limit": alert.read_limit,
        "window_minutes": minutes,
    }
    return event_record(
        actor=None,
        verb=Verb.ACCESS_ALERT_RAISED,
        summary=f"{user.display_name}: {reads} reads in {minutes} minutes ({what})",
        payload=payload,
    )


def access_alert_raised_payload(event: Event) -> AccessAlertRaisedPayload:
    return cast(AccessAlertRaisedPayload, payload_read(event, Verb.ACCESS_ALERT_RAISED))


class AccessAlertReviewedPayload(TypedDict):
    alert: int
    review: int
    user: int


def access_alert_reviewed_event(*, actor: User, review: AccessAlertReview) -> Event:
    """An information governance lead reviewed an alert."""
    from righthelp.audit.services import event_record

    alert = review.alert
    payload: AccessAlertReviewedPayload = {
        "alert": alert.pk,
        "review": review.pk,
        "user": alert.user_id,
    }
    return event_record(
        actor=actor,
        verb=Verb.ACCESS_ALERT_REVIEWED,
        summary=f"Access alert {alert.pk} reviewed",
        payload=payload,
    )


def access_alert_reviewed_payload(event: Event) -> AccessAlertReviewedPayload:
    return cast(AccessAlertReviewedPayload, payload_read(event, Verb.ACCESS_ALERT_REVIEWED))
