"""What the front door's pages share: who works there, the framework's levels, the contact a worker
handles."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest

from righthelp.accounts.models import Locality, OrganisationKind, Role, User
from righthelp.consent.models import ALL_AGENCIES
from righthelp.core.checkpoint import any_role
from righthelp.core.requests import request_user
from righthelp.frontdoor import selectors
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    ContactSubject,
)
from righthelp.frontdoor.permissions import (
    FRONT_DOOR_ROLES,
    can_view_contact,
)
from righthelp.frontdoor.selectors import ContactRecord
from righthelp.frontdoor.triage_forms import (
    DEFAULT_LEVEL_NAMES,
)
from righthelp.people.models import ProfessionalRole
from righthelp.thresholds import selectors as threshold_selectors
from righthelp.thresholds.framework import Framework

front_door = any_role(Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER)


front_door_manager = any_role(Role.FRONT_DOOR_MANAGER)


# The involvement a front-door worker holds on a record they create from a contact. Not
# "allocated worker" or "lead practitioner": the known check would then tell other agencies
# the child is open to a service when the front door has only created the record.
CREATED_RECORD_ROLE = ProfessionalRole.OTHER


CONSULTATIONS_PER_PAGE = 25


# --- Shared reads --------------------------------------------------------------------------


def _localities() -> list[Locality]:
    return list(Locality.objects.order_by("name"))


def _front_door_users() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role_assignments__role__in=FRONT_DOOR_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _active_framework() -> Framework | None:
    try:
        return threshold_selectors.framework_active()
    except Http404:  # a setting naming no framework must not stop the front door deciding
        return None


def _level_names() -> dict[int, str]:
    framework = _active_framework()
    if framework is None or framework.is_vocabulary:
        return dict(DEFAULT_LEVEL_NAMES)
    return {level.scale: level.name for level in framework.levels}


def _level_text(scale: int | None, names: dict[int, str]) -> str:
    if scale is None:
        return ""
    name = names.get(scale, "")
    return f"Level {scale}: {name}" if name else f"Level {scale}"


def _handled_contact(user: User, contact_id: int) -> Contact:
    """A contact the front door is handling, for an action that shows nothing (not logged)."""
    contact = Contact.objects.exclude(status=ContactStatus.DRAFT).filter(pk=contact_id).first()
    if contact is None or not can_view_contact(user, contact):
        raise Http404
    return contact


def _record(request: HttpRequest, contact_id: int) -> ContactRecord:
    """A contact for a front-door page, logged as one read; drafts are the referrer's alone."""
    record = selectors.contact_record(
        user=request_user(request), contact_id=contact_id, path=request.path
    )
    if record.contact.status == ContactStatus.DRAFT:
        raise Http404
    return record


def _given_name(subject: ContactSubject) -> str:
    """The name the referrer gave (or, for a person named by their record, the record's)."""
    given = " ".join(p for p in [subject.given_name, subject.family_name] if p)
    if not given and subject.person is not None:
        return subject.person.full_name
    return given


def _given_address(subject: ContactSubject) -> str:
    return ", ".join(p for p in [subject.address, subject.postcode] if p)


def _share_with(kinds: list[str]) -> str:
    labels = dict(OrganisationKind.choices)
    return ", ".join(
        "all agencies" if kind == ALL_AGENCIES else str(labels.get(kind, kind)) for kind in kinds
    )


def _is_overdue(due: datetime | None, status: str, now: datetime) -> bool:
    return due is not None and due < now and status in OPEN_STATUSES
