"""Early help's records as other capabilities read them.

Escalations asks who leads the early help for a child when a disagreement needs the worker on
the other side. Plain reads without access checks or logging: the caller decides who may see
what, and logs what it shows.
"""

from __future__ import annotations

from righthelp.accounts.models import User
from righthelp.earlyhelp.models import EpisodeStatus, LeadPractitioner, LeadStatus


def active_lead_practitioner(child_id: int, *, excluding_user_id: int | None) -> User | None:
    """The active lead practitioner of an open episode ``child_id`` belongs to (the most
    recently active if several), other than ``excluding_user_id``; None if there is none."""
    lead = (
        LeadPractitioner.objects.filter(
            status=LeadStatus.ACTIVE,
            episode__status=EpisodeStatus.OPEN,
            episode__members__person_id=child_id,
            practitioner__is_active=True,
        )
        .exclude(practitioner_id=excluding_user_id)
        .select_related("practitioner")
        .order_by("-activated_at", "-pk")
        .first()
    )
    return lead.practitioner if lead is not None else None
