"""Who may raise a disagreement from a front-door contact (see ``righthelp/core/tests/access.py``).

Access follows the contact, not the child's record: its referrer and the front door handling it;
everyone else gets the same 404 as for a contact that does not exist. The contact is a request
from ``cast.involved`` about a child of its own (not ``cast.child``, so that the front door's
sight of it does not change other apps' rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import FRONT_DOOR, Row
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    child = PersonFactory(given_name="Noah", family_name="Disagreement-Matrix")
    InvolvementFactory(person=child, user=cast.involved)
    contact = sent_contact(cast, child=child)
    return {
        "escalations:raise-from-contact": Row(
            reverse("escalations:raise-from-contact", kwargs={"contact_id": contact.pk}),
            ["involved", *FRONT_DOOR],
        ),
    }
