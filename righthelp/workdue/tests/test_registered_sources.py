"""A capability plugs its due work into My work, the navigation's count and the due notifications
by registering a source (``workdue.sources.register_due_source``), without any change to
``workdue``: a source registered here, by a test, is gathered like the capabilities' own."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import User
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.workdue.selectors import due_now_count, work_for
from righthelp.workdue.sources import (
    DueItem,
    DueSource,
    Scope,
    Window,
    dated,
    register_due_source,
    unregister_due_source,
)

pytestmark = pytest.mark.django_db


def _library_queries(scope: Scope, window: Window) -> Mapping[str, QuerySet[Any]]:
    # One overdue book for each user in scope (everyone's: every user).
    return {"library-book": User.objects.filter(scope.owns("pk"), is_active=True)}


def _library_items(scope: Scope, window: Window) -> list[DueItem]:
    yesterday = timezone.localdate() - timedelta(days=1)
    return [
        dated(
            "library-book",
            user.pk,
            "Return the parenting course book",
            yesterday,
            "/library/",
            owner_ids=(user.pk,),
            what="Library book",
            reference=f"LIB-{user.pk}",
        )
        for user in _library_queries(scope, window)["library-book"]
    ]


LIBRARY = DueSource(name="library", queries=_library_queries, items=_library_items)


@pytest.fixture
def library() -> Iterator[DueSource]:
    register_due_source(LIBRARY)
    try:
        yield LIBRARY
    finally:
        unregister_due_source(LIBRARY)


def test_a_registered_source_is_in_my_work_and_the_navigation_count(
    cast: Cast, client: Client, library: DueSource
) -> None:
    # Given a user with nothing else due, and a registered source with one overdue item for them
    user = cast.practitioner
    client.force_login(user)

    # When they open My work
    page = client.get(reverse("workdue:my-work")).content.decode()

    # Then the item is listed as overdue, and counted on the navigation
    assert [item.title for item in work_for(user).overdue] == ["Return the parenting course book"]
    assert "Library book</a>" in page and f"LIB-{user.pk}" in page
    assert due_now_count(user) == 1
    assert '1<span class="govuk-visually-hidden"> item overdue or due today</span>' in page


def test_a_registered_source_is_told_by_the_due_notifications(
    cast: Cast, library: DueSource
) -> None:
    call_command("send_due_notifications", stdout=None)
    sent = Notification.objects.filter(recipient=cast.practitioner, kind=NotificationKind.OVERDUE)
    assert [n.subject for n in sent] == ["Overdue: Return the parenting course book"]


def test_an_unregistered_source_is_gone(cast: Cast) -> None:
    register_due_source(LIBRARY)
    unregister_due_source(LIBRARY)
    assert due_now_count(cast.practitioner) == 0
    assert work_for(cast.practitioner).overdue == []
