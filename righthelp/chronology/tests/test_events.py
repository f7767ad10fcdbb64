"""Adding and correcting a chronology entry record their events, with the payload
``chronology.events`` builds; the readers there read back what was written."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.chronology import services
from righthelp.chronology.events import (
    chronology_entry_added_payload,
    chronology_entry_amended_payload,
)

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def test_an_entry_and_its_correction_read_back_what_changed(cast: Cast) -> None:
    entry = services.chronology_entry_add(
        actor=cast.involved,
        person=cast.child,
        occurred_on=date(2026, 9, 1),
        what_happened="Seen with a bruise on the left arm",
        significance="routine",
    )
    added = only(Verb.CHRONOLOGY_ENTRY_ADDED)
    assert set(added.subjects.values_list("person_id", flat=True)) == {cast.child.pk}
    assert added.summary == "Chronology entry for 01 September 2026 added (routine)"
    assert chronology_entry_added_payload(added) == {
        "entry": entry.pk,
        "agency": entry.source_agency_id,
        "significance": "routine",
    }

    amendment = services.chronology_entry_amend(
        actor=cast.involved,
        entry=entry,
        occurred_on=entry.occurred_on,
        what_happened="Seen with a bruise on the right arm",
        significance="significant",
    )
    amended = only(Verb.CHRONOLOGY_ENTRY_AMENDED)
    assert amended.summary == "Chronology entry for 01 September 2026 corrected"
    read = chronology_entry_amended_payload(amended)
    assert (read["entry"], read["amends"]) == (amendment.pk, entry.pk)
    assert read["old"]["what_happened"] == "Seen with a bruise on the left arm"
    assert read["new"]["what_happened"] == "Seen with a bruise on the right arm"
    assert (read["old"]["significance"], read["new"]["significance"]) == (
        "routine",
        "significant",
    )
    assert read["old"]["occurred_on"] == read["new"]["occurred_on"] == "2026-09-01"
