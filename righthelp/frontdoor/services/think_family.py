"""Think Family: telling the services that work with a child's family about a contact."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import OrganisationKind, User
from righthelp.consent import services as consent_services
from righthelp.frontdoor import think_family
from righthelp.frontdoor.events import (
    think_family_checked_event,
)
from righthelp.frontdoor.models import (
    Contact,
    ContactStatus,
    SubjectRole,
    ThinkFamilyNotice,
)
from righthelp.frontdoor.notices import (
    notify_think_family,
)
from righthelp.people.models import Person

# --- Think Family ------------------------------------------------------------------------------


def _agency_words(kind: str) -> str:
    return str(dict(OrganisationKind.choices).get(kind, kind)).lower()


@transaction.atomic
def think_family_tell(*, actor: User | None, contact: Contact) -> list[ThinkFamilyNotice]:
    """Think Family: once a contact has reached the front door with the people it concerns
    linked to their records, tell the professionals of every other child in their households.

    The people it concerns are the children it is about and anyone else the referrer said the
    concern touches. The professionals are whoever the registered sources say works with each
    other child (``think_family.child_professionals``: Named Person, allocated workers, the
    early help lead), except the actor and the referrer. Each is told only where sharing is
    lawful (``think_family.sharing_decisions``): with an in-app notification that names only the
    child they work with, at most once per contact. Where it is not, the notice records who was
    not told and why, for the contact page, and is checked again on the next call (every route
    calls this when a contact is received and whenever a person on it is linked). Records one
    ``THINK_FAMILY_CHECKED`` event when anything changed; does nothing for a draft.
    """
    if contact.status == ContactStatus.DRAFT:
        return []
    concerned = {
        s.person_id: s.person
        for s in contact.subjects.select_related("person")
        if s.person_id is not None
        and s.person is not None
        and (s.role == SubjectRole.CHILD or s.concern_applies)
    }
    others = think_family.other_children(set(concerned))
    if not others:
        return []
    excluded = {actor.pk if actor else None, contact.referrer_id}
    rows = [r for r in think_family.child_professionals(set(others)) if r.user_id not in excluded]
    if not rows:
        return []
    users = User.objects.in_bulk({r.user_id for r in rows})
    children = Person.objects.in_bulk(set(others))
    notices = {
        (n.child_id, n.recipient_id): n
        for n in ThinkFamilyNotice.objects.select_for_update().filter(contact=contact)
    }
    decisions: dict[str, dict[int, consent_services.SharingDecision]] = {}
    now = timezone.now()
    told: dict[int, list[Person]] = {}
    changed: list[ThinkFamilyNotice] = []
    for row in rows:
        user = users.get(row.user_id)
        if user is None or not user.is_active:
            continue
        notice = notices.get((row.child_id, row.user_id))
        if notice is not None and notice.told_at is not None:
            continue
        household = sorted(others[row.child_id])
        if row.agency_kind not in decisions:
            decisions[row.agency_kind] = think_family.sharing_decisions(
                concerned, row.agency_kind, contact.pk
            )
        lawful = any(decisions[row.agency_kind][pid].allowed for pid in household)
        reason = ""
        if not lawful:
            about = ", ".join(concerned[pid].full_name for pid in household)
            reason = (
                f"No consent covering {_agency_words(row.agency_kind)}, and no lawful basis "
                f"for sharing without consent, from the people the concern is about ({about})"
            )
        if notice is None:
            notice = ThinkFamilyNotice(
                contact=contact,
                child_id=row.child_id,
                recipient=user,
                role=row.role,
                agency_kind=row.agency_kind,
            )
        elif not lawful and notice.not_told_reason == reason:
            continue  # not told, for the same reason as before: nothing new
        notice.told_at = now if lawful else None
        notice.not_told_reason = reason
        notice.checked_at = now
        notice.save()
        changed.append(notice)
        if lawful:
            told.setdefault(user.pk, []).append(children[row.child_id])
    for user_id, their_children in told.items():
        notify_think_family(recipient=users[user_id], contact=contact, children=their_children)
    if changed:
        think_family_checked_event(
            actor=actor, contact=contact, subject_ids=concerned, notices=changed
        )
    return changed
