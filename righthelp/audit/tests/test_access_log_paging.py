"""The access log pages (the access alerts and one alert's reads) are paged, and each does the
same queries whether it shows 3 rows or 30: their cost grows with the page, not the log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from righthelp.accounts.tests.factories import UserFactory
from righthelp.audit.alert_selectors import ALERTS_PER_PAGE, READS_PER_PAGE
from righthelp.audit.models import AccessAlert
from righthelp.audit.tests.test_access_alerts import checks

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def queries(client: Client, path: str) -> tuple[int, str]:
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path)
    assert page.status_code == 200
    return len(captured), page.content.decode()


@override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=1)
def test_the_alerts_page_does_the_same_queries_for_3_alerts_or_30(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.information_governance_lead)
    url = reverse("audit:alerts")
    for n in range(3):
        checks(UserFactory(username=f"checker{n}"), 2)
    few, _ = queries(client, url)
    for n in range(3, 30):
        checks(UserFactory(username=f"checker{n}"), 2)
    assert AccessAlert.objects.count() == 30
    many, page = queries(client, url)
    assert many == few
    assert ALERTS_PER_PAGE < 30 and "?page=2" in page


@override_settings(RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT=2)
def test_an_alert_page_does_the_same_queries_for_3_reads_or_a_full_page(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.information_governance_lead)
    checks(cast.practitioner, 3)
    alert = AccessAlert.objects.get()
    url = reverse("audit:alert", kwargs={"alert_id": alert.pk})
    few, _ = queries(client, url)
    checks(cast.practitioner, READS_PER_PAGE + 5)
    many, page = queries(client, url)
    assert many == few
    assert "?page=2" in page
