"""``{% raise_from_contact_link contact %}``: the "Raise a disagreement about this decision"
link on a front-door contact (the referrer's request and the front door's contact page), shown
when the contact's latest decision, in effect, did not accept the referral.

``{% contact_disagreements contact %}``: on the front door's contact page, a link to each
disagreement about the contact, saying where it stands (and, if it was upheld, that the contact
was re-opened for a new decision)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from righthelp.escalations import selectors
from righthelp.frontdoor.models import Contact, ContactStatus, Decision, Outcome

register = template.Library()

# The outcomes that leave the referral with the referrer: the seed's "decision not to accept".
NOT_ACCEPTED = (Outcome.ADVICE, Outcome.SIGNPOST)


def is_decision_not_to_accept(decision: Decision | None) -> bool:
    return decision is not None and decision.in_effect and decision.outcome in NOT_ACCEPTED


@register.inclusion_tag("escalations/_raise_from_contact_link.html")
def raise_from_contact_link(
    contact: Contact, decisions: Sequence[Decision] | None = None, paragraph: bool = True
) -> dict[str, Any]:
    """``decisions``: the contact's decisions, newest first, when the page already has them."""
    if contact.status != ContactStatus.DECIDED:
        return {"show": False}
    if decisions is None:
        decision = selectors.latest_decision(contact)
    else:
        decision = decisions[0] if decisions else None
    return {
        "show": is_decision_not_to_accept(decision),
        "contact": contact,
        "decision": decision,
        "paragraph": paragraph,
    }


@register.inclusion_tag("escalations/_contact_disagreements.html")
def contact_disagreements(contact: Contact) -> dict[str, Any]:
    return {
        "rows": [
            (disagreement, disagreement.ladder[disagreement.current_stage_number - 1])
            for disagreement in selectors.contact_disagreements(contact)
        ]
    }
