from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from righthelp.core.tests.access import Row
from righthelp.matching import services
from righthelp.matching.models import DuplicateCandidate
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    twin = PersonFactory(
        given_name="Kaiden", family_name="Fletcher", date_of_birth=date(2015, 6, 1)
    )
    a, b = sorted([cast.child, twin], key=lambda p: p.pk)
    candidate = DuplicateCandidate.objects.create(
        person_a=a, person_b=b, probability=0.97, found_at=timezone.now()
    )
    other = PersonFactory(
        given_name="Kayden", family_name="Fletcher", date_of_birth=date(2015, 6, 1)
    )
    merge = services.person_merge(
        actor=cast.administrator, surviving=twin, merged=other, reason="Same child"
    )
    admin = ["administrator"]
    pair = {"candidate_id": candidate.pk}
    return {
        "matching:queue": Row(reverse("matching:queue"), admin),
        "matching:pair": Row(reverse("matching:pair", kwargs=pair), admin),
        # Posting an empty merge form re-shows the pair with the errors.
        "matching:merge": Row(reverse("matching:merge", kwargs=pair), admin, method="post"),
        "matching:not-same": Row(
            reverse("matching:not-same", kwargs=pair), admin, method="post", ok=frozenset({302})
        ),
        "matching:merges": Row(reverse("matching:merges"), admin),
        "matching:undo": Row(reverse("matching:undo", kwargs={"merge_id": merge.pk}), admin),
    }
