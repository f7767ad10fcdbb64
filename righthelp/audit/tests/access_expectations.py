"""The information governance lead's pages in the access matrix."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessAlert
from righthelp.core.tests.access import Row

if TYPE_CHECKING:
    from conftest import Cast

INFORMATION_GOVERNANCE = ["information_governance_lead"]


def rows(cast: Cast) -> dict[str, Row]:
    now = timezone.now()
    alert = AccessAlert.objects.create(
        user=cast.practitioner,
        action=AccessAction.KNOWN_CHECK,
        raised_at=now,
        window_start=now - timedelta(minutes=5),
        reads_when_raised=31,
        read_limit=30,
        window_minutes=10,
    )
    return {
        "audit:alerts": Row(reverse("audit:alerts"), INFORMATION_GOVERNANCE),
        "audit:alert": Row(
            reverse("audit:alert", kwargs={"alert_id": alert.pk}), INFORMATION_GOVERNANCE
        ),
    }
