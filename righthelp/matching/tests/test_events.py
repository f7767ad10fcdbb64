"""Identity decisions record their events about both records, with the payload
``matching.events`` builds; the readers there read back what was written."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.matching import services
from righthelp.matching.events import (
    duplicate_not_same_payload,
    person_match_none_payload,
    person_merge_undone_payload,
    person_merged_payload,
)
from righthelp.matching.models import DuplicateCandidate
from righthelp.matching.search_first import MatchQuery
from righthelp.people import services as people_services
from righthelp.people.models import Person
from righthelp.people.services import Involvement, PersonDetails

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def subjects(event: Event) -> set[int]:
    return set(event.subjects.values_list("person_id", flat=True))


def add(cast: Cast, given_name: str) -> Person:
    return people_services.person_create(
        actor=cast.involved,
        details=PersonDetails(
            kind="child",
            given_name=given_name,
            family_name="Hussain",
            date_of_birth=date(2016, 4, 3),
        ),
        involvement=Involvement(role="school_dsl"),
    )


def test_not_the_same_person_reads_back_the_pair_and_why(cast: Cast) -> None:
    first = add(cast, "Mohammed")
    second = add(cast, "Muhammad")
    candidate = DuplicateCandidate.objects.get()
    services.not_same_record(actor=cast.administrator, candidate=candidate, reason=" Twins ")
    event = only(Verb.DUPLICATE_NOT_SAME)
    assert subjects(event) == {first.pk, second.pk}
    assert duplicate_not_same_payload(event) == {"candidate": candidate.pk, "reason": "Twins"}


def test_a_merge_and_its_undoing_read_back_the_merge(cast: Cast) -> None:
    surviving = add(cast, "Mohammed")
    merged = add(cast, "Muhammad")
    merge = services.person_merge(
        actor=cast.administrator, surviving=surviving, merged=merged, reason=" Same NHS letter "
    )
    done = only(Verb.PERSON_MERGED)
    assert subjects(done) == {surviving.pk, merged.pk}
    assert done.summary == (
        f"Record {merged.local_person_id} merged into {surviving.local_person_id}"
    )
    assert person_merged_payload(done) == {
        "merge": merge.pk,
        "surviving": surviving.pk,
        "merged": merged.pk,
        "reason": "Same NHS letter",
    }
    services.merge_undo(actor=cast.administrator, merge=merge, reason="Different fathers")
    undone = only(Verb.PERSON_MERGE_UNDONE)
    assert subjects(undone) == {surviving.pk, merged.pk}
    assert person_merge_undone_payload(undone) == {
        "merge": merge.pk,
        "reason": "Different fathers",
    }


def test_none_of_these_reads_back_who_was_shown_and_what_was_searched(cast: Cast) -> None:
    kaden = add(cast, "Kaden")
    services.match_none_record(
        actor=cast.involved,
        person=kaden,
        query=MatchQuery(given_name="Kaden", family_name="Hussain", date_of_birth=None),
        shown_ids=[cast.child.pk, cast.child.pk],
        reason="Different family",
    )
    event = only(Verb.PERSON_MATCH_NONE)
    assert subjects(event) == {kaden.pk, cast.child.pk}
    read = person_match_none_payload(event)
    assert read["person"] == kaden.pk and read["candidates"] == [cast.child.pk]
    assert read["searched"] == {"family_name": "Hussain"}
    assert read["reason"] == "Different family"
