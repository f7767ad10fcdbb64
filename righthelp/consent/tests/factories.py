"""Valid consent for tests: the answers a practitioner gives when consent was freely given,
fully explained, by someone able to decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from righthelp.consent import services
from righthelp.consent.models import ConsentRecord, Explained
from righthelp.consent.services import ConsentDetails, ConsentValidity

VALID = ConsentValidity(voluntary=True, explained=tuple(Explained.values), giver_has_capacity=True)
# A request for support where the framework (Hull) asks for the child's consent too.
CHILD_NOT_ASKED = "Too young to understand what would be shared"
REQUEST_CONSENT = ConsentDetails(
    given_by="parent_or_carer",
    given_by_name="Jo Fletcher",
    method="verbal",
    validity=VALID,
    child_not_asked_reason=CHILD_NOT_ASKED,
)


def request_consent(**overrides: Any) -> ConsentDetails:
    values: dict[str, Any] = {
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "method": "verbal",
        "validity": VALID,
        "child_not_asked_reason": CHILD_NOT_ASKED,
    }
    values.update(overrides)
    return ConsentDetails(**values)


def consent_given(
    *,
    actor: Any,
    person: Any,
    share_with: Sequence[str],
    purpose: str = "early_help",
    **overrides: Any,
) -> ConsentRecord:
    """Valid consent given by a parent or carer (``overrides`` for any other answer)."""
    values: dict[str, Any] = {
        "actor": actor,
        "person": person,
        "purpose": purpose,
        "decision": "given",
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "share_with": share_with,
        "method": "verbal",
        "validity": VALID,
    }
    values.update(overrides)
    return services.consent_record(**values)


# The form fields that say consent was valid, for page tests.
VALID_FORM = {
    "voluntary": "yes",
    "explained": list(Explained.values),
    "giver_has_capacity": "yes",
}
