"""Lead practitioners: proposing, agreeing and ending."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import CASEWORK_ROLES, User
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.events import (
    lead_agreement_event,
    lead_ended_event,
    lead_proposed_event,
)
from righthelp.earlyhelp.models import (
    Episode,
    LeadPractitioner,
    LeadStatus,
)
from righthelp.earlyhelp.permissions import (
    CURRENT_LEAD,
)
from righthelp.earlyhelp.services.common import AGREEMENT_PARTIES, _require_work

# --- Lead practitioner ---------------------------------------------------------------------


@transaction.atomic
def lead_propose(
    *,
    actor: User,
    episode: Episode,
    practitioner: User,
    child_agreement_needed: bool = True,
) -> LeadPractitioner:
    """Propose a lead practitioner. Refused while another lead is proposed or active (end it
    first). The lead is accountable to their own agency, kept as it is now. The practitioner is
    told (``notices.lead_proposed``), with a link to where they record their agreement.
    Records LEAD_PROPOSED."""
    episode = _require_work(actor, episode)
    if (
        practitioner.organisation_id is None
        or not practitioner.is_active
        or not practitioner.has_role(*CASEWORK_ROLES)
    ):
        raise ValidationError({"practitioner": ["Choose a practitioner who belongs to an agency"]})
    if LeadPractitioner.objects.filter(episode=episode, status__in=CURRENT_LEAD).exists():
        raise ValidationError(
            {"practitioner": ["This episode already has a lead: end that lead first"]}
        )
    assert practitioner.organisation is not None
    lead = LeadPractitioner.objects.create(
        episode=episode,
        practitioner=practitioner,
        organisation=practitioner.organisation,
        status=LeadStatus.PROPOSED,
        proposed_at=timezone.now(),
        proposed_by=actor,
        child_agreement_needed=child_agreement_needed,
    )
    lead_proposed_event(actor=actor, episode=episode, lead=lead)
    notices.lead_proposed(actor=actor, lead=lead)
    return lead


def _all_agreed(lead: LeadPractitioner) -> bool:
    return bool(
        lead.practitioner_agreed_at
        and lead.family_agreed_at
        and (lead.child_agreed_at or not lead.child_agreement_needed)
    )


@transaction.atomic
def lead_agreement_record(
    *, actor: User, lead: LeadPractitioner, party: str, agreed_by: str = ""
) -> LeadPractitioner:
    """Record one party's agreement to a proposed lead: ``practitioner`` (recorded by the
    practitioner themselves), ``family`` or ``child`` (with who agreed). The lead becomes
    active when every needed agreement is in, and the episode stops being without a lead.
    Records LEAD_ACTIVE when that happens, otherwise LEAD_AGREEMENT_RECORDED."""
    lead = LeadPractitioner.objects.select_for_update().get(pk=lead.pk)
    episode = _require_work(actor, lead.episode)
    if lead.status != LeadStatus.PROPOSED:
        raise ValidationError("This lead is no longer waiting for agreement")
    if party not in AGREEMENT_PARTIES:
        raise ValidationError({"party": ["Select who agreed"]})
    now = timezone.now()
    if party == "practitioner":
        if actor.pk != lead.practitioner_id:
            raise ValidationError(
                {"party": ["Only the proposed lead practitioner can record their own agreement"]}
            )
        lead.practitioner_agreed_at = now
    else:
        if not agreed_by.strip():
            raise ValidationError({"agreed_by": ["Say who agreed"]})
        if party == "family":
            lead.family_agreed_at = now
            lead.family_agreed_by = agreed_by.strip()
        else:
            if not lead.child_agreement_needed:
                raise ValidationError({"party": ["The child's agreement is not needed"]})
            lead.child_agreed_at = now
            lead.child_agreed_by = agreed_by.strip()
    activated = _all_agreed(lead)
    if activated:
        lead.status = LeadStatus.ACTIVE
        lead.activated_at = now
        episode.without_lead_since = None
        episode.version += 1
        episode.save(update_fields=["without_lead_since", "version"])
    lead.save()
    lead_agreement_event(
        actor=actor,
        episode=episode,
        lead=lead,
        party=party,
        agreed_by=agreed_by,
        activated=activated,
    )
    return lead


@transaction.atomic
def lead_end(*, actor: User, lead: LeadPractitioner, reason: str) -> LeadPractitioner:
    """End a lead (or withdraw a proposal that was not agreed). The row stays as history; the
    episode is without a lead from now. Records LEAD_ENDED."""
    lead = LeadPractitioner.objects.select_for_update().get(pk=lead.pk)
    episode = _require_work(actor, lead.episode)
    if lead.status not in CURRENT_LEAD:
        raise ValidationError("This lead has already ended")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the lead is ending"]})
    limit = LeadPractitioner._meta.get_field("end_reason").max_length or 0
    if len(reason.strip()) > limit:
        # Refused, not cut to fit: nothing typed is dropped without a word.
        raise ValidationError({"reason": [f"Your answer must be {limit:,} characters or fewer"]})
    now = timezone.now()
    was_active = lead.status == LeadStatus.ACTIVE
    lead.status = LeadStatus.ENDED if was_active else LeadStatus.DECLINED
    lead.ended_at = now
    lead.end_reason = reason.strip()
    lead.save()
    if episode.without_lead_since is None:
        episode.without_lead_since = now
    episode.version += 1
    episode.save(update_fields=["without_lead_since", "version"])
    lead_ended_event(actor=actor, episode=episode, lead=lead)
    return lead
