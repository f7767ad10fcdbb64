"""Reading the audit tables."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from righthelp.audit.events import CHRONOLOGY_VERBS, AccessAction
from righthelp.audit.models import AccessRecord, AccessRecordPerson, Event


def events_about(person_ids: Iterable[int]) -> QuerySet[Event]:
    """Chronology events for these people (a person and any records merged into it)."""
    return (
        Event.objects.filter(subjects__person_id__in=list(person_ids), verb__in=CHRONOLOGY_VERBS)
        .select_related("actor", "organisation")
        .distinct()
        .order_by("-occurred_at", "-id")
    )


def events_by_id(event_ids: Iterable[int]) -> QuerySet[Event]:
    """The events with these ids, with who acted and for which organisation: a page of a
    chronology whose ids came from ``events_about``, read without its join again."""
    return Event.objects.filter(pk__in=list(event_ids)).select_related("actor", "organisation")


def access_records_about(person_ids: Iterable[int]) -> QuerySet[AccessRecord]:
    return (
        AccessRecord.objects.filter(people__person_id__in=list(person_ids))
        .select_related("user")
        .distinct()
        .order_by("-accessed_at", "-id")
    )


def search_showed(*, user_id: int, person_id: int, detail_key: str, detail_value: object) -> bool:
    """Whether a people search by ``user_id``, logged with ``detail_key`` = ``detail_value``
    (for example the contact a triage search was for), showed ``person_id``."""
    return AccessRecordPerson.objects.filter(
        person_id=person_id,
        access_record__user_id=user_id,
        access_record__action=AccessAction.SEARCH_PEOPLE,
        **{f"access_record__detail__{detail_key}": detail_value},
    ).exists()
