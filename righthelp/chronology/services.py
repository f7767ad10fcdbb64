"""Every write to the chronology. Each records one typed event in the same transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import Organisation, User
from righthelp.chronology.events import (
    chronology_entry_added_event,
    chronology_entry_amended_event,
)
from righthelp.chronology.models import ChronologyEntry, Significance
from righthelp.chronology.permissions import visible_entries_q
from righthelp.core import checkpoint
from righthelp.people.models import Person


def _validated(
    *,
    actor: User,
    occurred_on: date | None,
    what_happened: str,
    significance: str,
    source_agency: Organisation | None,
) -> Organisation:
    errors: dict[str, list[str]] = {}
    if occurred_on is None:
        errors["occurred_on"] = ["Enter the date it happened"]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = ["The date it happened must be today or in the past"]
    if not what_happened.strip():
        errors["what_happened"] = ["Enter what happened"]
    if significance not in Significance.values:
        errors["significance"] = ["Select how significant it was"]
    agency = source_agency or actor.organisation
    if agency is None:
        errors["source_agency"] = ["Select the agency the information came from"]
    if errors:
        raise ValidationError(errors)
    assert agency is not None
    return agency


def _require_visible(actor: User, person: Person) -> None:
    if not checkpoint.visible_people(actor).filter(pk=person.pk).exists():
        raise Http404("No such person")


@transaction.atomic
def chronology_entry_add(
    *,
    actor: User,
    person: Person,
    occurred_on: date | None,
    what_happened: str,
    significance: str,
    impact_on_child: str = "",
    source_agency: Organisation | None = None,
) -> ChronologyEntry:
    """Add an entry to a person's chronology.

    Only a user who may see the person may add one (404 otherwise). The date may be in the
    past, never the future; the source agency is the recorder's unless given. Records
    CHRONOLOGY_ENTRY_ADDED.
    """
    _require_visible(actor, person)
    entry = _entry_create(
        actor=actor,
        person=person,
        occurred_on=occurred_on,
        what_happened=what_happened,
        significance=significance,
        impact_on_child=impact_on_child,
        source_agency=source_agency,
    )
    chronology_entry_added_event(actor=actor, person=person, entry=entry)
    return entry


def _entry_create(
    *,
    actor: User,
    person: Person,
    occurred_on: date | None,
    what_happened: str,
    significance: str,
    impact_on_child: str,
    source_agency: Organisation | None,
    amends: ChronologyEntry | None = None,
) -> ChronologyEntry:
    """A checked entry (or correction), recorded now by ``actor``."""
    agency = _validated(
        actor=actor,
        occurred_on=occurred_on,
        what_happened=what_happened,
        significance=significance,
        source_agency=source_agency,
    )
    assert occurred_on is not None
    return ChronologyEntry.objects.create(
        person=person,
        occurred_on=occurred_on,
        what_happened=what_happened.strip(),
        source_agency=agency,
        significance=significance,
        impact_on_child=impact_on_child.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
        amends=amends,
    )


@transaction.atomic
def chronology_entry_amend(
    *,
    actor: User,
    entry: ChronologyEntry,
    occurred_on: date | None,
    what_happened: str,
    significance: str,
    impact_on_child: str = "",
    source_agency: Organisation | None = None,
) -> ChronologyEntry:
    """Correct an entry by adding an amendment that points at it; the original is untouched.

    Only a user who may see the person and the entry may correct it (404 otherwise); an entry
    already corrected is refused (correct the latest correction instead). Records
    CHRONOLOGY_ENTRY_AMENDED with the old and new values.
    """
    person = entry.person
    _require_visible(actor, person)
    if not ChronologyEntry.objects.filter(visible_entries_q(actor, [person]), pk=entry.pk).exists():
        raise Http404("No such entry")
    # Lock the entry being corrected, so two corrections of it at once cannot both be added.
    ChronologyEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if ChronologyEntry.objects.filter(amends=entry).exists():
        raise ValidationError("This entry has already been corrected. Correct the latest version.")
    amendment = _entry_create(
        actor=actor,
        person=person,
        occurred_on=occurred_on,
        what_happened=what_happened,
        significance=significance,
        impact_on_child=impact_on_child,
        source_agency=source_agency,
        amends=entry,
    )
    chronology_entry_amended_event(actor=actor, person=person, entry=entry, amendment=amendment)
    return amendment
