"""Reading the audit tables."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from righthelp.audit.events import CHRONOLOGY_VERBS
from righthelp.audit.models import AccessRecord, Event


def events_about(person_ids: Iterable[int]) -> QuerySet[Event]:
    """Chronology events for these people (a person and any records merged into it)."""
    return (
        Event.objects.filter(subjects__person_id__in=list(person_ids), verb__in=CHRONOLOGY_VERBS)
        .select_related("actor", "organisation")
        .distinct()
        .order_by("-occurred_at", "-id")
    )


def access_records_about(person_ids: Iterable[int]) -> QuerySet[AccessRecord]:
    return (
        AccessRecord.objects.filter(people__person_id__in=list(person_ids))
        .select_related("user")
        .distinct()
        .order_by("-accessed_at", "-id")
    )
