"""The contacts API's write and read: a request for support sent by another agency's system.

``api_contact_submit`` validates the whole JSON body (the same rules as the request-for-support
form and ``services.request_submit``, with every error named by its field, such as
``children[0].nhs_number``), enforces consent, and makes exactly one contact per
(organisation, Idempotency-Key), relying on the database's unique constraint when two copies of
one request race each other.

Consent from the API. The children an agency's system names are not linked to RightHelp
records yet (the front door finds or creates them at triage), and a ``ConsentRecord`` or
``LawfulBasisRecord`` belongs to a person and to the user who recorded it. So the consent or
lawful basis the sender states is validated as fully as the form's, and kept as stated on the
contact, in ``Contact.sharing_statement``::

    {"source": "api", "organisation": 7, "token": 3, "stated_at": "2026-…",
     "consent": {"given_by": …, "given_by_name": …, "method": …, "share_with": […]} | null,
     "lawful_basis": {"basis": …, "reasons": …, "parents_told": …, "not_told_reason": …,
                      "significant_harm_suspected": true | false} | null,
     "covers": [{"subject": <ContactSubject id>, "nhs_number": "4857773457" | ""}]}

Sharing without consent on the safeguarding basis needs the sender's explicit
``significant_harm_suspected: true``, and makes the contact a significant-harm contact (red,
decided within 24 hours) whatever urgency was sent: the same rule as the form
(``services.significant_harm_ground``).

``sharing_allowed`` does not see it: it is the sender's statement, to be recorded against each
child (``consent.services.consent_statement_record`` / ``lawful_basis_record``) when the front
door links them to their records: ``services.contact_link_person`` does that, once per child
and record, and notes what it recorded in the statement's ``recorded`` list
(``[{"subject": …, "person": …, "consent": <ConsentRecord id>, "lawful_basis": <id>}]``).
``covers`` names the children the statement is about, with the NHS number the sender gave
for each. The NHS number is also stored on the child's ``ContactSubject.nhs_number``, where
the contact page shows it; ``covers`` keeps it so the statement stays self-contained.

``api_contact_status`` is the read for ``GET /api/v1/contacts/<id>``: only the organisation
that sent a contact through the API may read it, and each read is in the access log.
"""

from __future__ import annotations

from righthelp.frontdoor.api_services.parse import (
    CHILD_FIELDS,
    CONSENT_FIELDS,
    DEFAULT_SHARE_WITH,
    FRONT_DOOR_AGENCY,
    IDEMPOTENCY_KEY_MAX,
    LAWFUL_BASIS_FIELDS,
    MAX_CHILDREN,
    MAX_TEXT,
    REFERRER_FIELDS,
    SIGNIFICANT_HARM_API,
    TOP_FIELDS,
    ApiChild,
    ApiContactRequest,
    api_request_parse,
    idempotency_key_problem,
)
from righthelp.frontdoor.api_services.status import (
    STATUS_TEXT,
    ApiContactStatus,
    api_contact_status,
    api_contact_view,
)
from righthelp.frontdoor.api_services.submit import api_contact_submit

__all__ = [
    "ApiChild",
    "ApiContactRequest",
    "ApiContactStatus",
    "CHILD_FIELDS",
    "CONSENT_FIELDS",
    "DEFAULT_SHARE_WITH",
    "FRONT_DOOR_AGENCY",
    "IDEMPOTENCY_KEY_MAX",
    "LAWFUL_BASIS_FIELDS",
    "MAX_CHILDREN",
    "MAX_TEXT",
    "REFERRER_FIELDS",
    "SIGNIFICANT_HARM_API",
    "STATUS_TEXT",
    "TOP_FIELDS",
    "api_contact_status",
    "api_contact_submit",
    "api_contact_view",
    "api_request_parse",
    "idempotency_key_problem",
]
