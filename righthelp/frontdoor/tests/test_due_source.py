"""The front door's due source, as My work and the notifications gather it: feedback to a
referrer (or a telephone call to one who left only a number), written confirmation of a
telephone contact, and a decision waiting for an active front-door manager's sign-off."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role
from righthelp.frontdoor.due import due_items
from righthelp.frontdoor.models import Contact
from righthelp.workdue.sources import EVERYONE, DueItem, Window, scope_for
from righthelp.workdue.tests.helpers import decision_to_sign_off, submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _window(ahead: timedelta = timedelta(0)) -> Window:
    now = timezone.now()
    return Window(now=now, horizon=now + ahead)


def _items(contact: Contact) -> dict[str, DueItem]:
    return {i.kind: i for i in due_items(EVERYONE, _window()) if i.object_id == contact.pk}


def _feedback_due(cast: Cast, **referrer: object) -> Contact:
    contact = submitted_contact(cast)
    past = timezone.now() - timedelta(hours=1)
    Contact.objects.filter(pk=contact.pk).update(
        decision_due_at=None, feedback_due_at=past, **referrer
    )
    return Contact.objects.get(pk=contact.pk)


def test_feedback_due_to_a_referrer_with_an_account_is_written(cast: Cast) -> None:
    contact = _feedback_due(cast)
    assert contact.referrer_id is not None

    items = _items(contact)

    assert set(items) == {"contact-feedback"}
    assert items["contact-feedback"].link == reverse("frontdoor:contact", args=[contact.pk])
    assert items["contact-feedback"].note == ""


def test_a_referrer_with_only_a_telephone_number_is_rung_with_what_to_tell_them(
    cast: Cast,
) -> None:
    contact = _feedback_due(cast, referrer=None, referrer_email="", referrer_phone="01632 960 123")

    items = _items(contact)

    assert set(items) == {"contact-telephone-referrer"}
    rung = items["contact-telephone-referrer"]
    assert rung.link == reverse("frontdoor:contact-feedback", args=[contact.pk])
    assert rung.note.startswith("Tell them: ")
    assert rung.title == f"{contact.reference}: telephone the referrer"


def test_a_referrer_with_an_e_mail_address_is_written_to_not_rung(cast: Cast) -> None:
    contact = _feedback_due(
        cast, referrer=None, referrer_email="jo@example.org", referrer_phone="01632 960 123"
    )
    assert set(_items(contact)) == {"contact-feedback"}


def test_written_confirmation_is_due_until_it_arrives(cast: Cast) -> None:
    contact = submitted_contact(cast)
    past = timezone.now() - timedelta(hours=1)
    Contact.objects.filter(pk=contact.pk).update(
        decision_due_at=None, feedback_due_at=None, written_confirmation_due_at=past
    )
    (confirmation,) = _items(contact).values()
    assert confirmation.kind == "contact-written-confirmation"
    assert confirmation.link == reverse("frontdoor:contact", args=[contact.pk])
    assert confirmation.note == ""

    Contact.objects.filter(pk=contact.pk).update(written_confirmation_received_at=past)
    assert _items(contact) == {}


def test_a_team_manager_sees_a_sign_off_while_a_member_is_an_active_front_door_manager(
    cast: Cast,
) -> None:
    decision_id = decision_to_sign_off(cast).pk
    cast.team_member.role_assignments.create(role=Role.FRONT_DOOR_MANAGER)
    window = _window(timedelta(days=30))

    def sign_offs() -> list[int]:
        return [
            i.object_id
            for i in due_items(scope_for(cast.team_manager), window)
            if i.kind == "decision-sign-off"
        ]

    assert sign_offs() == [decision_id]
    type(cast.team_member).objects.filter(pk=cast.team_member.pk).update(is_active=False)
    assert sign_offs() == []


def test_a_sign_off_is_for_the_active_front_door_managers_only(cast: Cast) -> None:
    decision = decision_to_sign_off(cast)
    left = type(cast.front_door_manager).objects.create_user(
        username="left-manager", password="x-unused-x", is_active=False
    )
    left.role_assignments.create(role=Role.FRONT_DOOR_MANAGER)

    (sign_off,) = [
        i
        for i in due_items(scope_for(cast.front_door_manager), _window(timedelta(days=30)))
        if i.kind == "decision-sign-off"
    ]

    assert sign_off.object_id == decision.pk
    assert sign_off.owner_ids == (cast.front_door_manager.pk,)
