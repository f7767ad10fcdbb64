"""Who may reach the chronology pages (see ``righthelp/core/tests/access.py``).

Every page is for those around the child. Correcting an entry needs the entry as well: the row
uses one recorded by ``cast.involved``'s school, and records a lawful basis for sharing about the
child so that the early help team around the child may see (and correct) it too, whatever
consent other apps' rows record. Who may not see another agency's entry without consent is
tested in ``test_chronology.py``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.chronology import services
from righthelp.consent.services import lawful_basis_record
from righthelp.core.tests.access import AROUND_THE_CHILD, Row

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    person = {"person_id": cast.child.pk}
    entry = services.chronology_entry_add(
        actor=cast.involved,
        person=cast.child,
        occurred_on=date(2026, 9, 14),
        what_happened="Arrived at school without a coat or breakfast",
        significance="routine",
    )
    lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="Access matrix: another agency's entry shared with the team around the child",
        parents_told=True,
        share_with=["early_help"],
    )
    return {
        "chronology:person": Row(reverse("chronology:person", kwargs=person), AROUND_THE_CHILD),
        "chronology:entry-add": Row(
            reverse("chronology:entry-add", kwargs=person), AROUND_THE_CHILD
        ),
        "chronology:entry-amend": Row(
            reverse("chronology:entry-amend", kwargs={"entry_id": entry.pk}), AROUND_THE_CHILD
        ),
        "chronology:family": Row(reverse("chronology:family", kwargs=person), AROUND_THE_CHILD),
        "chronology:export-csv": Row(
            reverse("chronology:export-csv", kwargs=person), AROUND_THE_CHILD
        ),
        "chronology:export-pdf": Row(
            reverse("chronology:export-pdf", kwargs=person), AROUND_THE_CHILD
        ),
    }
