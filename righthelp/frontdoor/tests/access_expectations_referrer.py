"""Who may reach the referrer and public front-door pages (see ``righthelp/core/tests/access.py``).

Practitioners' pages are for every casework role; a request's own pages (the draft, adding a
child, check and send, the confirmation) only for the practitioner who raised it: everyone else
gets the same 404 as for a request that does not exist. The public forms need no sign-in.

The requests these rows use are about a child of their own (not ``cast.child``), so that a sent
request does not make ``cast.child`` visible to the front door and change other apps' rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.core.tests.access import ALL, CASEWORK, Row
from righthelp.frontdoor import services
from righthelp.frontdoor.models import Contact
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    child = PersonFactory(given_name="Ava", family_name="Referrer-Matrix")
    InvolvementFactory(person=child, user=cast.involved)

    def draft() -> Contact:
        return services.request_save(
            actor=cast.involved,
            subjects=[SubjectDetails(role="child", person=child)],
            worry="Often hungry and tired at school",
        )

    waiting = draft()
    sent = services.request_submit(
        actor=cast.involved,
        contact=draft(),
        consent=ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Sam",
            method="written",
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )
    own = ["involved"]
    on_draft = {"contact_id": waiting.pk}
    return {
        "frontdoor:my-requests": Row(reverse("frontdoor:my-requests"), CASEWORK),
        "frontdoor:request-new": Row(reverse("frontdoor:request-new"), CASEWORK),
        "frontdoor:request-edit": Row(reverse("frontdoor:request-edit", kwargs=on_draft), own),
        "frontdoor:request-children": Row(
            reverse("frontdoor:request-children", kwargs=on_draft), own
        ),
        "frontdoor:request-submit": Row(reverse("frontdoor:request-submit", kwargs=on_draft), own),
        "frontdoor:request-sent": Row(
            reverse("frontdoor:request-sent", kwargs={"contact_id": sent.pk}), own
        ),
        "frontdoor:known-check": Row(reverse("frontdoor:known-check"), CASEWORK),
        "frontdoor:consultations": Row(reverse("frontdoor:consultations"), CASEWORK),
        "frontdoor:consultation-new": Row(reverse("frontdoor:consultation-new"), CASEWORK),
        "frontdoor:report-concern": Row(reverse("frontdoor:report-concern"), ALL, public=True),
        "frontdoor:ask-for-help": Row(reverse("frontdoor:ask-for-help"), ALL, public=True),
        "frontdoor:public-sent": Row(reverse("frontdoor:public-sent"), ALL, public=True),
    }
