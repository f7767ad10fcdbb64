"""Who may see which chronology entries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from righthelp.accounts.models import User
from righthelp.consent.services import SHARING_PURPOSES, sharing_allowed
from righthelp.people.models import Person


def sharing_people(user: User, people: Iterable[Person]) -> set[int]:
    """Which of ``people`` other agencies' records about may be shared with ``user`` now, by
    the one consent rule (``consent.services.sharing_allowed``): consent in force for early help
    or information sharing that covers the user's kind of agency, or a lawful basis recorded for
    that kind of agency. A withdrawal takes effect at once; a user of no agency is shared
    nothing. Three queries however many people (the family view asks for every child)."""
    kind = user.organisation.kind if user.organisation is not None else ""
    if not kind:
        return set()
    decisions = sharing_allowed(people=people, agency_kind=kind, purposes=SHARING_PURPOSES)
    return {person_id for person_id, decision in decisions.items() if decision.allowed}


def visible_entries_q(user: User, people: Iterable[Person]) -> Q:
    """Entries about ``people`` (already visible to ``user``) that ``user`` may read: their own
    agency's, the ones they recorded themselves (whatever agency they are from), and other
    agencies' where sharing with the user is allowed."""
    q = Q(person_id__in=sorted(sharing_people(user, people))) | Q(recorded_by_id=user.pk)
    if user.organisation_id:
        q |= Q(source_agency_id=user.organisation_id)
    return q
