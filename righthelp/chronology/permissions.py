"""Who may see which chronology entries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentDecision, ConsentPurpose, LawfulBasisRecord
from righthelp.consent.selectors import consents_current
from righthelp.people.models import Person

SHARING_PURPOSES = (ConsentPurpose.EARLY_HELP, ConsentPurpose.INFORMATION_SHARING)


def sharing_people(user: User, people: Iterable[Person]) -> set[int]:
    """Which of ``people`` other agencies' records about may be shared with ``user``: the
    family's current consent covers the user's kind of agency, or a lawful basis is recorded.
    Three queries however many people (the family view asks for every child)."""
    ids = [p.pk for p in people]
    if not ids:
        return set()
    today = timezone.localdate()
    kind = user.organisation.kind if user.organisation is not None else ""
    allowed: set[int] = set()
    if kind:
        for (person_id, _purpose), consent in consents_current(ids, SHARING_PURPOSES).items():
            if (
                consent.decision == ConsentDecision.GIVEN
                and consent.covers(kind)
                and (consent.review_on is None or consent.review_on >= today)
            ):
                allowed.add(person_id)
    lawful = LawfulBasisRecord.objects.filter(person_id__in=ids).values_list("person_id", flat=True)
    return allowed | set(lawful)


def visible_entries_q(user: User, people: Iterable[Person]) -> Q:
    """Entries about ``people`` (already visible to ``user``) that ``user`` may read: their own
    agency's, and other agencies' where sharing with the user is allowed."""
    q = Q(person_id__in=sorted(sharing_people(user, people)))
    if user.organisation_id:
        q |= Q(source_agency_id=user.organisation_id)
    return q
