"""A query built and compiled once per shape (``core.compiled``) answers exactly what building
it each time answers, in one query, for any values; a query it cannot keep is built each time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import User
from righthelp.core import compiled
from righthelp.core.compiled import clear_compiled, compiled_rows
from righthelp.frontdoor.badges import decisions_due_today
from righthelp.frontdoor.models import OPEN_STATUSES, Contact
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_compiled() -> None:
    clear_compiled()


def joined_since(values: Mapping[str, Any]) -> QuerySet[Any]:
    return User.objects.filter(
        pk__gte=values["first"], date_joined__lt=values["before"]
    ).values_list("pk")


def test_the_rows_are_the_built_querys_for_any_values(cast: Cast) -> None:
    users = list(User.objects.order_by("pk"))
    now = timezone.now()
    for first in (users[0].pk, users[3].pk, users[-1].pk + 1):
        for before in (now, now - timedelta(days=1)):
            values = {"first": first, "before": before}
            expected = [tuple(row) for row in joined_since(values)]
            assert compiled_rows("joined", joined_since, values) == expected
    assert compiled._cache[("default", "joined")] is not None  # kept, not built each time


def test_a_kept_query_is_one_query_and_builds_nothing(cast: Cast) -> None:
    values = {"first": 1, "before": timezone.now()}
    compiled_rows("joined", joined_since, values)
    built: list[int] = []

    def counting(values: Mapping[str, Any]) -> QuerySet[Any]:
        built.append(1)
        return joined_since(values)

    with CaptureQueriesContext(connection) as captured:
        compiled_rows("joined", counting, values)
    assert len(captured) == 1 and built == []


def test_a_parameter_derived_from_a_value_is_built_each_time(cast: Cast) -> None:
    def a_day_before(values: Mapping[str, Any]) -> QuerySet[Any]:
        return User.objects.filter(
            date_joined__lt=values["before"] - timedelta(days=1)
        ).values_list("pk")

    now = timezone.now()
    User.objects.filter(pk=cast.involved.pk).update(date_joined=now - timedelta(hours=36))
    User.objects.exclude(pk=cast.involved.pk).update(date_joined=now)
    assert compiled_rows("a-day-before", a_day_before, {"before": now}) == [(cast.involved.pk,)]
    assert compiled._cache[("default", "a-day-before")] is None
    assert compiled_rows("a-day-before", a_day_before, {"before": now - timedelta(days=1)}) == []


def test_only_numbers_dates_and_moments_are_filled_in() -> None:
    with pytest.raises(TypeError):
        compiled_rows("text", joined_since, {"first": "1", "before": timezone.now()})
    with pytest.raises(TypeError):
        compiled_rows(
            "naive", joined_since, {"first": 1, "before": timezone.now().replace(tzinfo=None)}
        )


def test_the_front_door_count_is_every_open_contact_due_by_the_end_of_today(cast: Cast) -> None:
    now = timezone.now()
    end_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end_of_today += timedelta(days=1)
    for hours in (-30, -1, 1, 30, 60):
        contact = sent_contact(cast, worry=f"due in {hours} hours")
        Contact.objects.filter(pk=contact.pk).update(decision_due_at=now + timedelta(hours=hours))
    expected = Contact.objects.filter(
        status__in=OPEN_STATUSES, decision_due_at__lt=end_of_today
    ).count()
    assert expected >= 2
    for user in (cast.front_door_worker, cast.front_door_manager):
        assert decisions_due_today(user) == expected
        assert decisions_due_today(User.objects.get(pk=user.pk)) == expected  # roles not loaded
    for user in (cast.team_member, cast.practitioner):
        assert decisions_due_today(User.objects.get(pk=user.pk)) is None
