"""``consent.services.consent_withdraw`` at the service: what is refused and with which words,
what the withdrawal record keeps, who is told (and who is not), and when the review is due."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services
from righthelp.consent.models import ConsentRecord
from righthelp.consent.tests.factories import consent_given
from righthelp.core.open_work import (
    OpenWork,
    register_open_work_source,
    unregister_open_work_source,
)
from righthelp.core.selectors import working_calendar
from righthelp.notifications.models import Notification
from righthelp.people.tests.factories import InvolvementFactory
from righthelp.workdue.models import Task

pytestmark = pytest.mark.django_db


def _given(cast: Cast, **overrides: Any) -> ConsentRecord:
    return consent_given(actor=cast.involved, person=cast.child, share_with=["school"], **overrides)


def _withdraw(cast: Cast, consent: ConsentRecord, **overrides: Any) -> services.Withdrawal:
    values: dict[str, Any] = {
        "actor": cast.team_manager,
        "consent": consent,
        "withdrawn_by_name": "  Jo Fletcher ",
        "method": "verbal",
    }
    values.update(overrides)
    return services.consent_withdraw(**values)


def test_a_refusal_cannot_be_withdrawn_and_says_so(cast: Cast) -> None:
    refused = _given(cast, decision="refused", validity=None)
    with pytest.raises(ValidationError) as error:
        _withdraw(cast, refused)
    assert error.value.messages == [
        "Only consent that was given can be withdrawn: this record is a refusal"
    ]
    assert ConsentRecord.objects.count() == 1


def test_a_withdrawal_cannot_be_withdrawn_and_says_so(cast: Cast) -> None:
    withdrawal = _withdraw(cast, _given(cast)).record
    with pytest.raises(ValidationError) as error:
        _withdraw(cast, withdrawal)
    assert error.value.messages == [
        "Only consent that was given can be withdrawn: this record is itself a withdrawal"
    ]


def test_a_withdrawal_without_a_method_or_a_name_names_both_fields(cast: Cast) -> None:
    consent = _given(cast)
    with pytest.raises(ValidationError) as error:
        _withdraw(cast, consent, withdrawn_by_name=" \t", method="")
    assert error.value.message_dict == {
        "method": ["Select how consent was withdrawn"],
        "given_by_name": ["Enter the name of the person withdrawing"],
    }
    assert ConsentRecord.objects.count() == 1
    assert not Event.objects.filter(verb=Verb.CONSENT_WITHDRAWN).exists()


def test_the_withdrawal_record_keeps_what_was_withdrawn_and_who_said_so(cast: Cast) -> None:
    consent = _given(cast, purpose="information_sharing")
    withdrawal = _withdraw(cast, consent, notes="  Mum rang  ", method="written").record
    assert withdrawal.decision == "withdrawn"
    assert withdrawal.withdraws == consent
    assert withdrawal.purpose == "information_sharing"
    assert withdrawal.given_by == consent.given_by
    assert withdrawal.given_by_name == "Jo Fletcher"
    assert withdrawal.share_with == consent.share_with
    assert withdrawal.method == "written"
    assert withdrawal.notes == "Mum rang"
    assert withdrawal.decided_on == timezone.localdate()
    assert withdrawal.recorded_by == cast.team_manager
    event = Event.objects.get(verb=Verb.CONSENT_WITHDRAWN)
    assert event.summary == (
        "Consent for sharing information between agencies withdrawn by Jo Fletcher"
    )
    assert event.payload["consent"] == consent.pk
    assert event.payload["withdrawal"] == withdrawal.pk
    # Consent in force is gone: the rule no longer counts it
    decision = services.sharing_allowed(people=[cast.child], agency_kind="school")[cast.child.pk]
    assert not decision.allowed
    assert decision.why_not.startswith("consent was withdrawn on ")


def test_who_is_told_everyone_involved_but_not_the_actor_nor_inactive_users(cast: Cast) -> None:
    # Given the team manager is also involved, and an involved professional has left
    InvolvementFactory.create(person=cast.child, user=cast.team_manager)
    InvolvementFactory.create(person=cast.child, user=cast.practitioner)
    cast.practitioner.is_active = False
    cast.practitioner.save()
    withdrawal = _withdraw(cast, _given(cast))
    told = {t.user: t.why for t in withdrawal.told}
    # The named professional and the holding team's members; not the actor, not who has left
    assert told == {cast.involved: "involved with them", cast.team_member: "involved with them"}
    assert sorted(withdrawal.told_names) == sorted(
        f"{u.display_name} (involved with them)" for u in (cast.involved, cast.team_member)
    )
    event = Event.objects.get(verb=Verb.CONSENT_WITHDRAWN)
    assert event.payload["told"] == [t.user.pk for t in withdrawal.told]
    assert event.payload["reviews"] == []
    notices = Notification.objects.filter(kind="consent_withdrawn").order_by("recipient_id")
    assert {n.recipient for n in notices} == {cast.involved, cast.team_member}
    assert notices[0].subject == (
        "Consent withdrawn: stop sharing for a request for early help and support"
    )
    assert "(you are told as involved with them)" in notices[0].body


def _work(cast: Cast, **overrides: Any) -> OpenWork:
    values: dict[str, Any] = {
        "person_id": cast.child.pk,
        "kind": "youth_justice_case",
        "object_id": 1,
        "service": "youth justice",
        "summary": "Open to the youth justice service",
        "contact": "contact the youth offending team",
        "reference": "YJ-1",
        "label": "",
        "link": "/youth-justice/1/",
        "owner_id": cast.early_help_worker.pk,
        "told": ((cast.early_help_worker.pk, "youth justice worker for YJ-1"),),
    }
    values.update(overrides)
    return OpenWork(**values)


def test_work_that_does_not_rest_on_consent_gets_no_review_and_its_people_are_not_told(
    cast: Cast,
) -> None:
    def source(person_ids: Any) -> list[OpenWork]:
        return [
            _work(cast, rests_on_consent=False),
            _work(cast, object_id=2, reference="YJ-2", owner_id=cast.team_member.pk, told=()),
        ]

    register_open_work_source(source)
    try:
        withdrawal = _withdraw(cast, _given(cast))
    finally:
        unregister_open_work_source(source)
    # Only the work that rests on consent gets a review
    assert [r.title for r in withdrawal.reviews] == ["Consent withdrawn: review YJ-2"]
    assert cast.early_help_worker not in {t.user for t in withdrawal.told}
    with pytest.raises(dataclasses.FrozenInstanceError):
        withdrawal.told[0].why = "changed"  # type: ignore[misc]


def test_a_review_is_due_the_configured_working_days_ahead_and_an_inactive_owner_is_skipped(
    cast: Cast,
) -> None:
    # Given work whose owner has left: its review goes to the work's queue instead
    cast.early_help_worker.is_active = False
    cast.early_help_worker.save()

    def source(person_ids: Any) -> list[OpenWork]:
        return [_work(cast, queue="front_door")]

    register_open_work_source(source)
    try:
        with override_settings(RIGHTHELP_CONSENT_WITHDRAWN_REVIEW_WORKING_DAYS=3):
            withdrawal = _withdraw(cast, _given(cast))
    finally:
        unregister_open_work_source(source)
    (review,) = withdrawal.reviews
    today = timezone.localdate()
    assert review.due_on == working_calendar().add_working_days(today, 3)
    assert review.due_on > today + timedelta(days=2)
    assert review.owner is None
    assert review.queue == "front_door"
    assert review.title == "Consent withdrawn: review YJ-1"
    assert review.link == "/youth-justice/1/"
    assert cast.early_help_worker not in {t.user for t in withdrawal.told}
    assert Task.objects.count() == 1


def test_a_review_for_an_active_owner_is_theirs_and_they_are_told_once(cast: Cast) -> None:
    def source(person_ids: Any) -> list[OpenWork]:
        return [
            _work(cast, label="youth justice case YJ-1"),
            _work(
                cast, object_id=2, reference="YJ-2", told=((cast.early_help_worker.pk, "again"),)
            ),
        ]

    register_open_work_source(source)
    try:
        with override_settings(RIGHTHELP_CONSENT_WITHDRAWN_REVIEW_WORKING_DAYS=1):
            withdrawal = _withdraw(cast, _given(cast))
    finally:
        unregister_open_work_source(source)
    assert [r.owner for r in withdrawal.reviews] == [cast.early_help_worker] * 2
    assert [r.queue for r in withdrawal.reviews] == ["", ""]
    assert withdrawal.reviews[0].title == "Consent withdrawn: review youth justice case YJ-1"
    assert withdrawal.reviews[0].due_on == working_calendar().add_working_days(
        timezone.localdate(), 1
    )
    told = {t.user: t.why for t in withdrawal.told}
    assert told[cast.early_help_worker] == "youth justice worker for YJ-1"
    assert (
        Notification.objects.filter(
            recipient=cast.early_help_worker, kind="consent_withdrawn"
        ).count()
        == 1
    )


def test_only_the_decision_in_force_can_be_withdrawn_whatever_the_order_of_the_records(
    cast: Cast,
) -> None:
    # Given consent recorded, then a second record, and the first one's time is the later
    first = _given(cast)
    second = _given(cast, given_by_name="Sam Fletcher")
    ConsentRecord.objects.filter(pk=first.pk).update(
        recorded_at=timezone.now() + timedelta(minutes=5)
    )
    # Then the first is in force, and the second cannot be withdrawn
    with pytest.raises(ValidationError, match="A later decision replaced this consent"):
        _withdraw(cast, second)
    assert _withdraw(cast, first).record.withdraws == first
