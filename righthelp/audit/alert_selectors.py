"""Reads for the information governance lead: the access alerts, and the reads behind one.

Information governance leads only (404 for anyone else). The list names staff, not children, so
it is not itself logged; opening an alert shows which records the reads matched, so that read
is written to the access log like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404

from righthelp.accounts.models import User
from righthelp.audit.alert_services import ALERT_KEY
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessAlert, AccessAlertReview, AccessRecord
from righthelp.audit.permissions import is_information_governance_lead
from righthelp.audit.services import access_record

ALERTS_PER_PAGE = 25
READS_PER_PAGE = 50


@dataclass
class AlertSummary:
    alert: AccessAlert
    reads: int
    last_read_at: datetime
    reviews: list[AccessAlertReview] = field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        return bool(self.reviews)

    @property
    def latest_review(self) -> AccessAlertReview | None:
        return self.reviews[0] if self.reviews else None


def _require_lead(user: User) -> None:
    if not is_information_governance_lead(user):
        raise Http404


def _reviews() -> Prefetch[str]:
    return Prefetch(
        "reviews",
        queryset=AccessAlertReview.objects.select_related("reviewed_by").order_by(
            "-reviewed_at", "-id"
        ),
    )


def _summaries(alerts: list[AccessAlert]) -> list[AlertSummary]:
    """Each alert with how many reads its burst has had so far: the reads before it was raised
    (counted then) and those marked with its id since. One query for the whole page."""
    if not alerts:
        return []
    tagged = (
        AccessRecord.objects.filter(
            user_id__in={a.user_id for a in alerts},
            action__in={a.action for a in alerts},
            accessed_at__gte=min(a.window_start for a in alerts),
            **{f"detail__{ALERT_KEY}__in": [a.pk for a in alerts]},
        )
        .values(f"detail__{ALERT_KEY}")
        .annotate(n=Count("id"), last=Max("accessed_at"))
        .order_by()
    )
    counts = {int(row[f"detail__{ALERT_KEY}"]): (row["n"], row["last"]) for row in tagged}
    summaries = []
    for alert in alerts:
        marked, last = counts.get(alert.pk, (1, alert.raised_at))
        summaries.append(
            AlertSummary(
                alert=alert,
                reads=alert.reads_when_raised - 1 + marked,
                last_read_at=last,
                reviews=list(alert.reviews.all()),
            )
        )
    return summaries


def access_alerts(
    *, user: User, waiting_only: bool = False, page_number: int | str = 1
) -> Page[AlertSummary]:
    """The alerts, newest first, each with its reads so far and its reviews; with
    ``waiting_only``, those nobody has reviewed yet. A constant number of queries a page."""
    _require_lead(user)
    alerts: QuerySet[AccessAlert] = AccessAlert.objects.select_related("user__organisation")
    if waiting_only:
        alerts = alerts.filter(reviews__isnull=True)
    alerts = alerts.prefetch_related(_reviews()).order_by("-raised_at", "-id")
    page = Paginator(alerts, ALERTS_PER_PAGE).get_page(page_number)
    summaries = _summaries(list(page.object_list))
    # The page holds the summaries in place of the alerts they describe.
    page.object_list = summaries  # type: ignore[assignment]
    return page  # type: ignore[return-value]


def access_alerts_waiting(*, user: User) -> int:
    _require_lead(user)
    return AccessAlert.objects.filter(reviews__isnull=True).count()


@dataclass
class AlertDetail:
    summary: AlertSummary
    reads: Page[AccessRecord]


def access_alert(
    *, user: User, alert_id: int | str, page_number: int | str = 1, path: str = ""
) -> AlertDetail:
    """One alert with the access-log rows of its burst (from the first read counted to the last
    marked with the alert), oldest first, and its reviews. Logs REVIEW_ACCESS_ALERT with the
    records those reads matched."""
    _require_lead(user)
    try:
        alert = (
            AccessAlert.objects.select_related("user__organisation")
            .prefetch_related(_reviews())
            .get(pk=int(alert_id))
        )
    except (AccessAlert.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    summary = _summaries([alert])[0]
    reads = (
        AccessRecord.objects.filter(
            user_id=alert.user_id,
            action=alert.action,
            accessed_at__gte=alert.window_start,
            accessed_at__lte=summary.last_read_at,
        )
        .prefetch_related("people")
        .order_by("accessed_at", "id")
    )
    page = Paginator(reads, READS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    access_record(
        user=user,
        action=AccessAction.REVIEW_ACCESS_ALERT,
        person_ids=[p.person_id for r in page.object_list for p in r.people.all()],
        path=path,
        reason="Review of an access alert",
        detail={"alert": alert.pk},
    )
    return AlertDetail(summary=summary, reads=page)


def access_alert_or_404(*, user: User, alert_id: int | str) -> AccessAlert:
    _require_lead(user)
    try:
        return AccessAlert.objects.get(pk=int(alert_id))
    except (AccessAlert.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
