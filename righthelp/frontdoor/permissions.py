"""Who may work on contacts, and the people a front-door role sees through them."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.frontdoor.models import OPEN_STATUSES, Contact, ContactStatus, ContactSubject

FRONT_DOOR_ROLES = (Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER)
# How long the front door keeps sight of the people in a decided contact (to give feedback,
# answer the referrer, and see repeat contacts).
DECIDED_VISIBLE_FOR = timedelta(days=30)


def is_front_door(user: User) -> bool:
    return user.is_authenticated and user.has_role(*FRONT_DOOR_ROLES)


def is_front_door_manager(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.FRONT_DOOR_MANAGER)


def handled_contacts(user: User) -> Q:
    """Contacts the front door is handling: open ones, recently decided ones, and any assigned
    to this user."""
    recent = timezone.now() - DECIDED_VISIBLE_FOR
    return (
        Q(status__in=OPEN_STATUSES)
        | Q(status=ContactStatus.DECIDED, received_at__gte=recent)
        | Q(assigned_to=user)
    )


def contact_visibility(user: User) -> Q:
    """People named in contacts the user's front-door role is handling."""
    if not is_front_door(user):
        return Q(pk__in=[])
    contacts = Contact.objects.filter(handled_contacts(user)).values("pk")
    people = ContactSubject.objects.filter(contact_id__in=contacts, person__isnull=False).values(
        "person_id"
    )
    return Q(pk__in=people)


def can_view_contact(user: User, contact: Contact) -> bool:
    if contact.referrer_id == user.pk:
        return True
    return is_front_door(user) and (
        contact.status != ContactStatus.DRAFT
        and Contact.objects.filter(handled_contacts(user), pk=contact.pk).exists()
    )
