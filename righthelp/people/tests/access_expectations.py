from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import AROUND_THE_CHILD, CASEWORK, Row

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    person = {"person_id": cast.child.pk}
    record_pages = [
        "detail",
        "network",
        "professionals",
        "chronology",
        "edit",
        "add-name",
        "add-address",
        "add-relationship",
        "add-professional",
    ]
    return {
        "people:search": Row(reverse("people:search"), CASEWORK),
        "people:create": Row(reverse("people:create"), CASEWORK),
        **{
            f"people:{name}": Row(reverse(f"people:{name}", kwargs=person), AROUND_THE_CHILD)
            for name in record_pages
        },
    }
