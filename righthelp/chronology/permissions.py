"""Who may see which chronology entries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentPurpose, LawfulBasisRecord
from righthelp.consent.services import sharing_check
from righthelp.people.models import Person

SHARING_PURPOSES = (ConsentPurpose.EARLY_HELP, ConsentPurpose.INFORMATION_SHARING)


def shares_with(user: User, person: Person) -> bool:
    """True when what other agencies record about ``person`` may be shared with ``user``: the
    family's current consent covers the user's kind of agency, or a lawful basis is recorded."""
    kind = user.organisation.kind if user.organisation is not None else ""
    if kind and any(
        sharing_check(person=person, purpose=purpose, agency_kind=kind) is not None
        for purpose in SHARING_PURPOSES
    ):
        return True
    return LawfulBasisRecord.objects.filter(person=person).exists()


def visible_entries_q(user: User, people: Iterable[Person]) -> Q:
    """Entries about ``people`` (already visible to ``user``) that ``user`` may read: their own
    agency's, and other agencies' where sharing with the user is allowed."""
    sharing = [p.pk for p in people if shares_with(user, p)]
    q = Q(person_id__in=sharing)
    if user.organisation_id:
        q |= Q(source_agency_id=user.organisation_id)
    return q
