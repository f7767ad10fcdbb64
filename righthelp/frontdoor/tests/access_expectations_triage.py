"""Who may reach the front door's triage pages (see ``righthelp/core/tests/access.py``).

Every page is for front-door workers and managers; manager sign-off for managers only. The
contact these rows use is a real request for support sent by ``cast.involved`` with consent
about a child of its own (not ``cast.child``: a contact being handled makes its child visible
to the front door, which would change other apps' rows); the sign-off row uses a second one
with a decision waiting for a manager. POST-only actions are posted empty: an allowed user gets
the contact page again with the error (200), nothing changes, and the next role sees the same
state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.core.tests.access import FRONT_DOOR, Row
from righthelp.frontdoor import services
from righthelp.frontdoor.models import Contact
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

CONSENT = ConsentDetails(
    given_by="parent_or_carer",
    given_by_name="Jo Fletcher",
    method="verbal",
    validity=VALID,
    child_not_asked_reason=CHILD_NOT_ASKED,
)


def sent_contact(
    cast: Cast, worry: str = "Coming to school hungry and withdrawn", child: Person | None = None
) -> Contact:
    """A request for support from ``cast.involved`` about ``child`` (``cast.child`` unless
    given), sent to the front door with the family's consent."""
    draft = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=child or cast.child)],
        worry=worry,
        referrer_view_scale=3,
    )
    return services.request_submit(actor=cast.involved, contact=draft, consent=CONSENT)


def rows(cast: Cast) -> dict[str, Row]:
    child = PersonFactory(given_name="Mia", family_name="Triage-Matrix")
    InvolvementFactory(person=child, user=cast.involved)
    contact = sent_contact(cast, child=child)
    subject = contact.subjects.get()
    waiting = sent_contact(cast, worry="Often left alone in the evenings", child=child)
    decision = services.decision_record(
        actor=cast.front_door_worker,
        contact=waiting,
        outcome="advice",  # needs sign-off by default (RIGHTHELP_SIGN_OFF_OUTCOMES)
        rationale="Needs can be met with advice to the school",
        decided_scale=2,
        differs_reason="No evidence of multiple needs",
    )
    consultation = services.consultation_ask(
        actor=cast.involved, question="A 9-year-old says she is often hungry at weekends"
    )
    on = {"contact_id": contact.pk}
    return {
        "frontdoor:queue": Row(reverse("frontdoor:queue"), FRONT_DOOR),
        "frontdoor:contact": Row(reverse("frontdoor:contact", kwargs=on), FRONT_DOOR),
        "frontdoor:contact-assign": Row(
            reverse("frontdoor:contact-assign", kwargs=on), FRONT_DOOR, method="post"
        ),
        "frontdoor:contact-priority": Row(
            reverse("frontdoor:contact-priority", kwargs=on), FRONT_DOOR, method="post"
        ),
        "frontdoor:contact-link": Row(
            reverse("frontdoor:contact-link", kwargs={**on, "subject_id": subject.pk}),
            FRONT_DOOR,
        ),
        "frontdoor:contact-decide": Row(reverse("frontdoor:contact-decide", kwargs=on), FRONT_DOOR),
        "frontdoor:decision-sign-off": Row(
            reverse(
                "frontdoor:decision-sign-off",
                kwargs={"contact_id": waiting.pk, "decision_id": decision.pk},
            ),
            ["front_door_manager"],
        ),
        "frontdoor:contact-feedback": Row(
            reverse("frontdoor:contact-feedback", kwargs=on), FRONT_DOOR
        ),
        "frontdoor:telephone-contact": Row(reverse("frontdoor:telephone-contact"), FRONT_DOOR),
        # Posted empty on a contact that needs no written confirmation: an allowed user is
        # told so on the contact page (a redirect), and nothing changes.
        "frontdoor:written-confirmation": Row(
            reverse("frontdoor:written-confirmation", kwargs=on),
            FRONT_DOOR,
            method="post",
            ok=frozenset({302}),
        ),
        "frontdoor:consultation-queue": Row(reverse("frontdoor:consultation-queue"), FRONT_DOOR),
        "frontdoor:consultation-advise": Row(
            reverse("frontdoor:consultation-advise", kwargs={"consultation_id": consultation.pk}),
            FRONT_DOOR,
        ),
    }
