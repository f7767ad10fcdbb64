"""Test data for early help: an open episode with its family, built directly (no services), so
tests of one service do not depend on another. Early help is consent based: unless told not to,
each child has the family's valid consent to early help, covering the early help service (and
no other agency), as an episode started through the services would."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeLevel,
    EpisodeMember,
    EpisodeOrigin,
    LeadPractitioner,
    LeadStatus,
    MemberRole,
)
from righthelp.people.models import Person

_counter = {"n": 0}


def make_episode(
    *,
    locality: Locality | None,
    opened_by: User,
    children: Sequence[Person] = (),
    adults: Sequence[Person] = (),
    lead: User | None = None,
    level: str = EpisodeLevel.ADDITIONAL,
    consent: bool = True,
) -> Episode:
    assert locality is not None, "an episode is held in a locality"
    _counter["n"] += 1
    now = timezone.now()
    episode = Episode.objects.create(
        reference=f"EH-T-{_counter['n']:06d}",
        locality=locality,
        origin=EpisodeOrigin.DIRECT,
        level=level,
        reason="Attendance has dropped and mum is struggling since the move.",
        opened_at=now,
        opened_by=opened_by,
        without_lead_since=None if lead else now,
    )
    for person in children:
        EpisodeMember.objects.create(
            episode=episode, person=person, role=MemberRole.CHILD, added_at=now
        )
    for person in adults:
        EpisodeMember.objects.create(
            episode=episode, person=person, role=MemberRole.ADULT, added_at=now
        )
    if lead is not None:
        assert lead.organisation is not None
        LeadPractitioner.objects.create(
            episode=episode,
            practitioner=lead,
            organisation=lead.organisation,
            status=LeadStatus.ACTIVE,
            proposed_at=now,
            proposed_by=opened_by,
            practitioner_agreed_at=now,
            family_agreed_at=now,
            family_agreed_by="Mum",
            child_agreement_needed=False,
            activated_at=now,
        )
    if consent:
        for person in children:
            consent_given(actor=opened_by, person=person, share_with=["early_help"])
    return episode
