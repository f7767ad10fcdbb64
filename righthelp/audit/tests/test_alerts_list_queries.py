"""The access alerts list reads a constant number of queries whatever the number of alerts, and
shows each alert once across its pages."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessAlert

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def alerts_for(user: User, how_many: int) -> list[AccessAlert]:
    now = timezone.now()
    return [
        AccessAlert.objects.create(
            user=user,
            action=AccessAction.KNOWN_CHECK,
            raised_at=now - timedelta(minutes=how_many - n),
            window_start=now - timedelta(minutes=how_many - n + 5),
            reads_when_raised=31,
            read_limit=30,
            window_minutes=10,
        )
        for n in range(how_many)
    ]


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("show", ["", "?show=all"])
def test_the_alerts_list_reads_the_same_number_of_queries_for_2_or_12(
    cast: Cast, client: Client, show: str
) -> None:
    client.force_login(cast.information_governance_lead)
    url = reverse("audit:alerts") + show
    alerts_for(cast.practitioner, 2)
    with_two = queries_for(client, url)
    alerts_for(cast.involved, 10)
    assert queries_for(client, url) == with_two
