"""The front door's triage pages' addresses."""

from __future__ import annotations

from django.urls import path

from righthelp.frontdoor.views.triage.contact import (
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
from righthelp.frontdoor.views.triage.queue import consultation_advise, consultation_queue, queue

urlpatterns = [
    path("front-door/", queue, name="queue"),
    path("front-door/telephone/", telephone_contact, name="telephone-contact"),
    path(
        "front-door/contacts/<int:contact_id>/written-confirmation/",
        written_confirmation,
        name="written-confirmation",
    ),
    path("front-door/contacts/<int:contact_id>/", contact, name="contact"),
    path("front-door/contacts/<int:contact_id>/assign/", contact_assign, name="contact-assign"),
    path(
        "front-door/contacts/<int:contact_id>/priority/", contact_priority, name="contact-priority"
    ),
    path(
        "front-door/contacts/<int:contact_id>/people/<int:subject_id>/link/",
        contact_link,
        name="contact-link",
    ),
    path("front-door/contacts/<int:contact_id>/decide/", contact_decide, name="contact-decide"),
    path(
        "front-door/contacts/<int:contact_id>/decisions/<int:decision_id>/sign-off/",
        decision_sign_off,
        name="decision-sign-off",
    ),
    path(
        "front-door/contacts/<int:contact_id>/feedback/", contact_feedback, name="contact-feedback"
    ),
    path("front-door/consultations/", consultation_queue, name="consultation-queue"),
    path(
        "front-door/consultations/<int:consultation_id>/",
        consultation_advise,
        name="consultation-advise",
    ),
]
