"""The front door's pages: the queue, a contact, the actions on it (assign, prioritise, link a
named person to a record, decide, sign off, send feedback), and anonymous consultations.

Thin views: reads through ``frontdoor.selectors`` (each logs what it shows), writes through
``frontdoor.services``; a refusal (``ValidationError``, ``StaleEdit``) is shown on the form with
what was typed, and a ``PermissionError`` from a service is a 404 like any other refusal.
Post/redirect/get with a notification banner after every change.
"""

from __future__ import annotations

from righthelp.frontdoor.views.triage.common import (
    CONSULTATIONS_PER_PAGE,
    CREATED_RECORD_ROLE,
    front_door,
    front_door_manager,
)
from righthelp.frontdoor.views.triage.contact import (
    SubjectView,
    ThinkFamilyRow,
    TimelineItem,
    contact,
    contact_assign,
    contact_priority,
    telephone_contact,
    written_confirmation,
)
from righthelp.frontdoor.views.triage.decisions import (
    contact_decide,
    contact_feedback,
    decision_sign_off,
)
from righthelp.frontdoor.views.triage.link import contact_link
from righthelp.frontdoor.views.triage.queue import (
    QueueRow,
    consultation_advise,
    consultation_queue,
    queue,
)
from righthelp.frontdoor.views.triage.urls import urlpatterns

__all__ = [
    "CONSULTATIONS_PER_PAGE",
    "CREATED_RECORD_ROLE",
    "QueueRow",
    "SubjectView",
    "ThinkFamilyRow",
    "TimelineItem",
    "consultation_advise",
    "consultation_queue",
    "contact",
    "contact_assign",
    "contact_decide",
    "contact_feedback",
    "contact_link",
    "contact_priority",
    "decision_sign_off",
    "front_door",
    "front_door_manager",
    "queue",
    "telephone_contact",
    "urlpatterns",
    "written_confirmation",
]
