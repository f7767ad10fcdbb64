"""Every write at the front door: raising a contact, triage, decisions, sign-off, feedback,
anonymous consultations.

Consent is checked here, never in templates: a request for early help cannot be submitted
without current consent or a recorded lawful basis for each child; a concern that a child may
be suffering significant harm goes through without consent but only with the lawful-basis
reasons recorded.
"""

from __future__ import annotations

from righthelp.consent.services import ConsentDetails as ConsentDetails
from righthelp.frontdoor.services.between_services import step_down_request, step_up_contact_build
from righthelp.frontdoor.services.common import SubjectDetails, _receive, _write_subjects
from righthelp.frontdoor.services.consultations import consultation_advise, consultation_ask
from righthelp.frontdoor.services.decisions import (
    DECLINED_OUTCOMES,
    contact_reopen_for_decision,
    decision_record,
    decision_sign_off,
    feedback_send,
    feedback_telephoned,
    referrer_message,
)
from righthelp.frontdoor.services.public import (
    RateLimited,
    phone_us,
    public_contact_submit,
    telephone_contact_record,
    written_confirmation_record,
)
from righthelp.frontdoor.services.requests import (
    SIGNIFICANT_HARM_CONFIRM,
    LawfulBasisDetails,
    request_save,
    request_submit,
    significant_harm_ground,
)
from righthelp.frontdoor.services.think_family import think_family_tell
from righthelp.frontdoor.services.triage import (
    contact_assign,
    contact_link_person,
    contact_prioritise,
)

__all__ = [
    "ConsentDetails",
    "DECLINED_OUTCOMES",
    "LawfulBasisDetails",
    "RateLimited",
    "SIGNIFICANT_HARM_CONFIRM",
    "SubjectDetails",
    "_receive",
    "_write_subjects",
    "consultation_advise",
    "consultation_ask",
    "contact_assign",
    "contact_link_person",
    "contact_prioritise",
    "contact_reopen_for_decision",
    "decision_record",
    "decision_sign_off",
    "feedback_send",
    "feedback_telephoned",
    "phone_us",
    "public_contact_submit",
    "referrer_message",
    "request_save",
    "request_submit",
    "significant_harm_ground",
    "step_down_request",
    "step_up_contact_build",
    "telephone_contact_record",
    "think_family_tell",
    "written_confirmation_record",
]
