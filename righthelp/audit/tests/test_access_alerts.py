"""Many "Is this child known?" checks by one user in a short time are answered, raise one alert
per burst for the information governance lead (with an in-app notification), and are listed for
review; a review is a new record, never an edit."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models.query import QuerySet
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.accounts.tests.factories import UserFactory
from righthelp.audit.alert_services import ALERT_KEY, access_alert_review
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessAlert, AccessAlertReview, AccessRecord, Event
from righthelp.frontdoor import selectors
from righthelp.notifications.models import Notification

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def checks(user: User, n: int) -> None:
    for i in range(n):
        answer = selectors.known_check(
            user=user,
            family_name=f"Nobody{i}",
            date_of_birth=date(2012, 1, 1),
            path=reverse("frontdoor:known-check"),
        )
        assert not answer.known  # every check is answered, alert or not


def known_checks(user: User) -> QuerySet[AccessRecord]:
    return AccessRecord.objects.filter(user=user, action=AccessAction.KNOWN_CHECK)


def test_up_to_the_limit_raises_nothing_and_one_more_raises_one_alert_and_tells_the_ig_lead(
    cast: Cast,
) -> None:
    # Given a second information governance lead, and a former one whose account is closed
    second = UserFactory(username="ig_two", roles=[Role.INFORMATION_GOVERNANCE_LEAD])
    UserFactory(username="ig_gone", roles=[Role.INFORMATION_GOVERNANCE_LEAD], is_active=False)
    # When a practitioner makes 30 checks (the default limit) within 10 minutes
    checks(cast.practitioner, 30)
    assert not AccessAlert.objects.exists()
    # And then one more
    checks(cast.practitioner, 1)
    # Then one alert is raised, for this user and these checks
    alert = AccessAlert.objects.get()
    assert alert.user == cast.practitioner
    assert alert.reads_when_raised == 31 and alert.read_limit == 30 and alert.window_minutes == 10
    first = known_checks(cast.practitioner).order_by("accessed_at", "id").first()
    assert first is not None and alert.window_start == first.accessed_at
    last = known_checks(cast.practitioner).order_by("-id").first()
    assert last is not None and last.detail[ALERT_KEY] == alert.pk
    # And each active information governance lead is told in the app, with a link to it
    link = reverse("audit:alert", kwargs={"alert_id": alert.pk})
    notified = Notification.objects.filter(link=link)
    assert {n.recipient for n in notified} == {cast.information_governance_lead, second}
    assert all(cast.practitioner.display_name in n.subject for n in notified)
    assert Event.objects.filter(verb=Verb.ACCESS_ALERT_RAISED).count() == 1


def test_one_alert_per_burst_not_one_per_check_beyond_the_limit(cast: Cast) -> None:
    checks(cast.practitioner, 75)
    alert = AccessAlert.objects.get()
    marked = known_checks(cast.practitioner).filter(**{f"detail__{ALERT_KEY}": alert.pk})
    assert marked.count() == 75 - 30
    assert Notification.objects.filter(recipient=cast.information_governance_lead).count() == 1


def test_checks_by_different_users_are_counted_apart(cast: Cast) -> None:
    checks(cast.practitioner, 20)
    checks(cast.involved, 20)
    assert not AccessAlert.objects.exists()


@override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=3, RIGHTHELP_KNOWN_CHECK_ALERT_MINUTES=5)
def test_the_limit_and_the_window_are_settings(cast: Cast) -> None:
    checks(cast.practitioner, 3)
    assert not AccessAlert.objects.exists()
    checks(cast.practitioner, 1)
    alert = AccessAlert.objects.get()
    assert (alert.read_limit, alert.window_minutes, alert.reads_when_raised) == (3, 5, 4)


@override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=3, RIGHTHELP_KNOWN_CHECK_ALERT_MINUTES=10)
def test_after_a_whole_window_without_checks_a_new_burst_raises_a_new_alert(cast: Cast) -> None:
    # Given an earlier burst whose last check was a quarter of an hour ago
    earlier = AccessAlert.objects.create(
        user=cast.practitioner,
        action=AccessAction.KNOWN_CHECK,
        raised_at=timezone.now() - timedelta(minutes=20),
        window_start=timezone.now() - timedelta(minutes=22),
        reads_when_raised=4,
        read_limit=3,
        window_minutes=10,
    )
    with transaction.atomic():
        AccessRecord.objects.create(
            user=cast.practitioner,
            action=AccessAction.KNOWN_CHECK,
            accessed_at=timezone.now() - timedelta(minutes=15),
            detail={ALERT_KEY: earlier.pk},
        )
    # When the user goes over the limit again
    checks(cast.practitioner, 4)
    # Then that is a new burst, with its own alert
    assert AccessAlert.objects.count() == 2
    latest = AccessAlert.objects.exclude(pk=earlier.pk).get()
    last = known_checks(cast.practitioner).order_by("-id").first()
    assert last is not None and last.detail[ALERT_KEY] == latest.pk


@override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=3)
def test_going_on_after_the_alert_was_reviewed_raises_a_new_alert(cast: Cast) -> None:
    checks(cast.practitioner, 4)
    alert = AccessAlert.objects.get()
    access_alert_review(
        actor=cast.information_governance_lead, alert=alert, note="Spoke to her: a class list"
    )
    checks(cast.practitioner, 1)
    assert AccessAlert.objects.count() == 2


# --- Reviews ----------------------------------------------------------------------------------


def an_alert(cast: Cast) -> AccessAlert:
    with override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=3):
        checks(cast.practitioner, 5)
    return AccessAlert.objects.get()


def test_only_an_information_governance_lead_reviews_and_a_note_is_required(cast: Cast) -> None:
    alert = an_alert(cast)
    with pytest.raises(PermissionError):
        access_alert_review(actor=cast.administrator, alert=alert, note="Looks fine")
    with pytest.raises(Exception, match="Enter what you found"):
        access_alert_review(actor=cast.information_governance_lead, alert=alert, note="  ")
    assert not AccessAlertReview.objects.exists()


def test_a_review_is_never_edited_a_second_review_is_added_and_a_repeat_post_makes_one(
    cast: Cast,
) -> None:
    alert = an_alert(cast)
    key = uuid.uuid4()
    lead = cast.information_governance_lead
    first = access_alert_review(actor=lead, alert=alert, note="Asked why", submission_key=key)
    again = access_alert_review(actor=lead, alert=alert, note="Asked why", submission_key=key)
    assert again == first
    access_alert_review(actor=lead, alert=alert, note="She was checking a class list: fine")
    assert alert.reviews.count() == 2
    assert Event.objects.filter(verb=Verb.ACCESS_ALERT_REVIEWED).count() == 2


@pytest.mark.parametrize("table", ["audit_accessalert", "audit_accessalertreview"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_alerts_and_reviews_are_append_only_in_the_database(
    cast: Cast, table: str, statement: str
) -> None:
    alert = an_alert(cast)
    access_alert_review(actor=cast.information_governance_lead, alert=alert, note="Fine")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=table))


# --- The pages --------------------------------------------------------------------------------


def test_the_ig_lead_sees_who_how_many_and_when_then_the_checks_and_marks_it_reviewed(
    cast: Cast, client: Client
) -> None:
    # Given a burst of 45 checks by one practitioner
    checks(cast.practitioner, 45)
    alert = AccessAlert.objects.get()
    client.force_login(cast.information_governance_lead)
    # When the IG lead opens the alerts, reached from the navigation
    listing = client.get(reverse("audit:alerts")).content.decode()
    assert 'href="/access-alerts/"' in client.get(reverse("core:home")).content.decode()
    # Then they see who made the checks, how many and when
    assert cast.practitioner.display_name in listing
    assert ">45<" in listing and "To review" in listing
    # And the checks themselves, as logged, and that reading them is logged too
    url = reverse("audit:alert", kwargs={"alert_id": alert.pk})
    detail = client.get(url).content.decode()
    assert "45 checks by" in detail
    assert detail.count("/is-this-child-known/") == 45
    assert AccessRecord.objects.filter(
        user=cast.information_governance_lead, action=AccessAction.REVIEW_ACCESS_ALERT
    ).exists()
    # When they record a review with a note
    empty = client.post(url, {"note": "", "submission_key": str(uuid.uuid4())})
    assert "Enter what you found and what you did about it" in empty.content.decode()
    reviewed = client.post(
        url,
        {
            "note": "Checked with her manager: a school class list",
            "submission_key": str(uuid.uuid4()),
        },
        follow=True,
    )
    page = reviewed.content.decode()
    assert "Your review has been recorded" in page
    assert "Checked with her manager: a school class list" in page
    # Then it leaves the "to review" list and shows as reviewed in all alerts
    assert (
        cast.practitioner.display_name not in client.get(reverse("audit:alerts")).content.decode()
    )
    everything = client.get(reverse("audit:alerts"), {"show": "all"}).content.decode()
    assert "Reviewed" in everything and cast.practitioner.display_name in everything
