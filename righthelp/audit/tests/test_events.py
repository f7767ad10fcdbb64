"""An event's verb is one ``Verb`` lists, checked in Python, so a new verb needs no migration;
the audit app's own events (access alerts) record what their readers read back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from conftest import Cast
from righthelp.audit.alert_services import access_alert_review
from righthelp.audit.events import (
    AccessAction,
    Verb,
    access_alert_raised_payload,
    access_alert_reviewed_payload,
    payload_read,
)
from righthelp.audit.models import AccessAlert, Event
from righthelp.audit.services import UnknownVerb, event_record
from righthelp.frontdoor import selectors

pytestmark = pytest.mark.django_db


def test_event_record_refuses_a_verb_the_verb_list_does_not_hold(cast: Cast) -> None:
    # Given a verb no capability declared, when a service records it, nothing is written.
    with pytest.raises(UnknownVerb, match="not a kind of event"), transaction.atomic():
        event_record(actor=cast.involved, verb="person.teleported", subject_ids=[cast.child.pk])  # type: ignore[arg-type]
    assert not Event.objects.exists()


def test_an_event_saved_directly_with_an_unknown_verb_is_refused_and_fails_validation(
    cast: Cast,
) -> None:
    event = Event(occurred_at=timezone.now(), actor=cast.involved, verb="person.teleported")
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "verb" in raised.value.message_dict
    with pytest.raises(UnknownVerb), transaction.atomic():
        event.save()
    assert not Event.objects.exists()
    # And a listed verb is accepted and reads as its label
    event.verb = Verb.PERSON_UPDATED.value
    event.full_clean()
    assert event.get_verb_display() == "Details changed"


def test_the_verb_column_lists_no_choices_so_adding_a_verb_needs_no_migration() -> None:
    # What makemigrations compares is the field's deconstruction: with no choices in it, a
    # change to ``Verb`` cannot make a migration.
    _name, _path, _args, kwargs = Event._meta.get_field("verb").deconstruct()
    assert "choices" not in kwargs
    call_command("makemigrations", "audit", "--check", "--dry-run", verbosity=0)


def test_an_access_alert_records_its_raised_event_and_the_reader_reads_it(cast: Cast) -> None:
    # Given more known checks than the limit, when the alert is raised
    with override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=3):
        for i in range(4):
            selectors.known_check(
                user=cast.practitioner,
                family_name=f"Nobody{i}",
                date_of_birth=timezone.localdate(),
                path="/front-door/known/",
            )
    alert = AccessAlert.objects.get()
    event = Event.objects.get(verb=Verb.ACCESS_ALERT_RAISED)
    # Then the event is the system's, about no child, and its payload reads back
    assert event.actor is None and not event.subjects.exists()
    assert event.summary == (
        f"{cast.practitioner.display_name}: 4 reads in 10 minutes (asked whether a child is known)"
    )
    assert access_alert_raised_payload(event) == {
        "alert": alert.pk,
        "user": cast.practitioner.pk,
        "action": AccessAction.KNOWN_CHECK.value,
        "reads": 4,
        "read_limit": 3,
        "window_minutes": 10,
    }
    # And the review records who reviewed which alert
    review = access_alert_review(
        actor=cast.information_governance_lead, alert=alert, note="A class list: fine"
    )
    reviewed = Event.objects.get(verb=Verb.ACCESS_ALERT_REVIEWED)
    assert reviewed.actor == cast.information_governance_lead
    assert reviewed.summary == f"Access alert {alert.pk} reviewed"
    assert access_alert_reviewed_payload(reviewed) == {
        "alert": alert.pk,
        "review": review.pk,
        "user": cast.practitioner.pk,
    }
    # And a reader refuses an event of another kind
    with pytest.raises(ValueError, match="not one of"):
        access_alert_reviewed_payload(event)
    with pytest.raises(ValueError):
        payload_read(reviewed, Verb.ACCESS_ALERT_RAISED)
