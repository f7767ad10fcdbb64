"""Who may work on contacts, and the people a front-door role sees through them."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from righthelp.accounts.models import CASEWORK_ROLES, OrganisationKind, Role, User
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    ContactSubject,
    Decision,
    SocialCareReferral,
    StepUpHandover,
)

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


def assigned_contact_people(user: User) -> Q:
    """People named in contacts assigned to this user that the front door is handling: the
    front door's "own" people (``people.permissions.register_own_people``)."""
    if not is_front_door(user):
        return Q(pk__in=[])
    contacts = Contact.objects.filter(handled_contacts(user), assigned_to=user).values("pk")
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


def is_childrens_social_care(user: User) -> bool:
    """Who takes a referral to children's social care and works on it until that work ends:
    the front door (children's social care's own duty service) and casework users in a team of
    a children's social care organisation. The one place that says who "social care" is: the
    referrals list, recording that social care's work is ending, and opening what early help
    handed over with a step-up once it has become a referral all ask this."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_front_door(user):
        return True
    return user.has_role(*CASEWORK_ROLES) and (
        user.team_memberships.filter(
            team__organisation__kind=OrganisationKind.CHILDRENS_SOCIAL_CARE
        ).exists()
    )


def can_open_handover(user: User, handover: StepUpHandover) -> bool:
    """Whether ``user`` may open what a step-up handed over with its contact (the episode's
    assessment, agreed plan and chronology, read-only, through
    ``earlyhelp.handover_selectors``):

    * front-door roles while the contact is open (being triaged or waiting for sign-off);
    * once it is decided, the front-door worker who decided it or the manager who signed the
      decision off;
    * once it is a referral to children's social care, children's social care
      (``is_childrens_social_care``).

    Everyone else (a practitioner, the front door after an early help or no-further-action
    decision they did not make) is refused, as before the handover existed.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    contact = handover.contact
    if is_front_door(user):
        if contact.status in OPEN_STATUSES:
            return True
        if (
            Decision.objects.filter(contact=contact)
            .filter(Q(decided_by=user) | Q(signed_off_by=user))
            .exists()
        ):
            return True
    return SocialCareReferral.objects.filter(
        decision__contact=contact
    ).exists() and is_childrens_social_care(user)
