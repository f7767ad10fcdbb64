"""What the referrer is told, and how they can be reached: pure functions of a contact and its
decision, used by the services (feedback), the pages and the due-work engine alike.

A practitioner or another agency hears the outcome in words fit for a referrer. A member of the
public (a concern from the public, or a family asking for help) hears only what they may know:
that their contact was received and considered, and what happens next for them; never the
family's needs or what was decided about them.
"""

from __future__ import annotations

from django.db import models

from righthelp.frontdoor.models import (
    EARLY_HELP_OUTCOMES,
    SOCIAL_CARE_OUTCOMES,
    Contact,
    ContactKind,
    Decision,
    Outcome,
)

PUBLIC_KINDS = (ContactKind.PUBLIC_CONCERN, ContactKind.SELF_REFERRAL)


class Reach(models.TextChoices):
    """How the referrer can be told, in the order it is tried."""

    IN_APP = "in_app", "In RightHelp (and by e-mail to their account's address)"
    EMAIL = "email", "By e-mail"
    TELEPHONE = "telephone", "By telephone"
    NONE = "none", "The referrer left no way to contact them"


def referrer_reach(contact: Contact) -> Reach:
    """A signed-in referrer is told in the app, which e-mails them once; otherwise by the
    e-mail address they gave; a referrer who gave only a telephone number must be telephoned."""
    if contact.referrer_id is not None:
        return Reach.IN_APP
    if contact.referrer_email:
        return Reach.EMAIL
    if contact.referrer_phone:
        return Reach.TELEPHONE
    return Reach.NONE


PRACTITIONER_OUTCOMES = {
    Outcome.ADVICE: "The front door has considered your request and will not take further "
    "action. A worker will contact you with advice.",
    Outcome.SIGNPOST: "The front door has considered your request. The family's needs can be "
    "met by universal services; a worker will tell you which services can help.",
    Outcome.EARLY_HELP_ADDITIONAL: "Your request has been passed to early help for additional "
    "support. A lead practitioner from the locality will be in touch.",
    Outcome.EARLY_HELP_TARGETED: "Your request has been passed to targeted early help. A lead "
    "practitioner from the locality will be in touch to arrange a Team Around the Family.",
    Outcome.CSC_ASSESSMENT: "Your request has been accepted as a referral to children's social "
    "care for an assessment. A social worker may contact you for more information.",
    Outcome.CSC_STRATEGY: "Your request has been accepted by children's social care, who are "
    "acting on it now. A social worker may contact you.",
    Outcome.ALLOCATED_WORKER: "Your request has been passed to the worker already allocated to "
    "this family, who will contact you.",
}

PRACTITIONER_RECEIVED = (
    "The front door has received your request and is considering it. You will be told the outcome."
)

# A member of the public who raised a concern about someone else's child: received,
# considered, and that they cannot be told more.
PUBLIC_CONCERN_CONSIDERED = (
    "Thank you for telling us about your concern. We have looked at it and decided what should "
    "happen next. To protect the family's privacy we cannot tell you what we decided or "
    "what happens for them. If you are still worried, or something new happens, contact us "
    "again. If a child is in immediate danger, call 999."
)
PUBLIC_CONCERN_RECEIVED = (
    "Thank you for telling us about your concern. We have received it and are looking at it. "
    "To protect the family's privacy we cannot tell you what we decide. If a child is in "
    "immediate danger, call 999."
)
# A family asking for help for themselves: what happens next for them, without the needs.
SELF_REFERRAL_HELP = (
    "Thank you for asking for help. We have looked at your request and someone will contact "
    "you soon to talk about what happens next. If a child is in immediate danger, call 999."
)
SELF_REFERRAL_ADVICE = (
    "Thank you for asking for help. We have looked at your request and someone will contact "
    "you to give you advice about where you can get help. If a child is in immediate danger, "
    "call 999."
)
SELF_REFERRAL_RECEIVED = (
    "Thank you for asking for help. We have received your request and are looking at it. "
    "Someone will contact you. If a child is in immediate danger, call 999."
)


def _public_text(contact: Contact, decision: Decision | None) -> str:
    if contact.kind == ContactKind.PUBLIC_CONCERN:
        return PUBLIC_CONCERN_RECEIVED if decision is None else PUBLIC_CONCERN_CONSIDERED
    if decision is None:
        return SELF_REFERRAL_RECEIVED
    helped = (*EARLY_HELP_OUTCOMES, *SOCIAL_CARE_OUTCOMES, Outcome.ALLOCATED_WORKER)
    return SELF_REFERRAL_HELP if decision.outcome in helped else SELF_REFERRAL_ADVICE


def referrer_message(contact: Contact, decision: Decision | None) -> str:
    """What the referrer is told: the outcome of ``decision`` (or, with none in effect yet,
    that the contact is being considered), in words fit for who they are."""
    if contact.kind in PUBLIC_KINDS:
        text = _public_text(contact, decision)
    elif decision is None:
        text = PRACTITIONER_RECEIVED
    else:
        text = PRACTITIONER_OUTCOMES[Outcome(decision.outcome)]
    return f"{contact.reference}: {text}"


def public_messages(contact: Contact) -> set[str]:
    """Everything a member of the public may be told about ``contact`` (each decision's
    wording, and "received"): the service refuses any other text for them."""
    texts = {_public_text(contact, None)}
    if contact.kind == ContactKind.PUBLIC_CONCERN:
        texts.add(PUBLIC_CONCERN_CONSIDERED)
    else:
        texts |= {SELF_REFERRAL_HELP, SELF_REFERRAL_ADVICE}
    return {f"{contact.reference}: {text}" for text in texts}


def decision_in_effect(decisions: list[Decision]) -> Decision | None:
    """The latest decision that has taken effect (signed off where it needed to be)."""
    in_effect = [d for d in decisions if d.in_effect]
    return max(in_effect, key=lambda d: (d.decided_at, d.pk)) if in_effect else None
