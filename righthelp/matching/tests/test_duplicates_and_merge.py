"""Blocking keys in the database, search candidates, the duplicates queue, merge and undo."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.services import consent_record
from righthelp.consent.tests.factories import VALID
from righthelp.matching import selectors, services
from righthelp.matching.models import CandidateStatus, DuplicateCandidate, MatchKey, NotSamePerson
from righthelp.people import services as people_services
from righthelp.people.models import InvolvedProfessional, NameKind, Person, PersonName
from righthelp.people.services import AddressDetails, Involvement, PersonDetails

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def add(cast: Cast, user: User | None = None, postcode: str = "HU2 8AB", **details: Any) -> Person:
    values: dict[str, Any] = {
        "kind": "child",
        "given_name": "Mohammed",
        "family_name": "Hussain",
        "date_of_birth": date(2016, 4, 3),
    }
    values.update(details)
    return people_services.person_create(
        actor=user or cast.involved,
        details=PersonDetails(**values),
        involvement=Involvement(role="school_dsl"),
        address=AddressDetails(line1="4 Spring St", town="Hull", postcode=postcode),
    )


def test_creating_a_person_stores_blocking_keys_as_plain_rows(cast: Cast) -> None:
    person = add(cast)
    keys = set(MatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert "dob:2016-04-03" in keys and "dobswap:2016-03-04" in keys
    assert any(k.startswith("sx:") for k in keys) and any(k.startswith("pg:HU2 8") for k in keys)


def test_a_second_record_with_a_spelling_variant_and_swapped_date_is_queued_not_merged(
    cast: Cast,
) -> None:
    first = add(cast)
    second = add(cast, user=cast.team_member, given_name="Muhammad", date_of_birth=date(2016, 3, 4))
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.person_a_id, candidate.person_b_id} == {first.pk, second.pk}
    assert candidate.status == CandidateStatus.OPEN and candidate.probability >= 0.8
    assert any("swapped" in line["text"] for line in candidate.explanation)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0  # never automatic


def test_search_candidates_show_only_records_the_user_may_see_and_count_the_rest(
    cast: Cast,
) -> None:
    mine = add(cast)
    add(cast, user=cast.team_member, date_of_birth=date(2016, 4, 3), family_name="Hussein")
    result = selectors.match_candidates(
        user=cast.involved,
        given_name="Mohamed",
        family_name="Hussain",
        date_of_birth=date(2016, 4, 3),
    )
    assert [c.person for c in result.candidates] == [mine]
    assert result.hidden == 1
    best = result.best
    assert best is not None and best.score.match_probability > 0.9
    assert any(c.field == "date_of_birth" for c in best.score.explanation)


def test_not_the_same_person_is_never_suggested_again(cast: Cast) -> None:
    first = add(cast)
    second = add(cast, user=cast.team_member, given_name="Muhammad")
    candidate = DuplicateCandidate.objects.get()
    services.not_same_record(actor=cast.administrator, candidate=candidate, reason="Twins")
    DuplicateCandidate.objects.all().delete()
    services.duplicates_find([first.pk, second.pk])
    assert not DuplicateCandidate.objects.exists()
    assert NotSamePerson.objects.count() == 1


def test_merge_moves_everything_keeps_both_histories_and_can_be_undone(
    cast: Cast, client: Client
) -> None:
    surviving = add(cast)
    merged = add(cast, user=cast.team_member, given_name="Muhammad", family_name="Hussain")
    consent_record(
        actor=cast.team_member,
        person=merged,
        purpose="early_help",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Amina Hussain",
        share_with=["all"],
        method="verbal",
        validity=VALID,
    )
    with pytest.raises(PermissionError):
        services.person_merge(actor=cast.involved, surviving=surviving, merged=merged, reason="x")
    with pytest.raises(ValidationError):
        services.person_merge(
            actor=cast.administrator, surviving=surviving, merged=merged, reason=""
        )
    merge = services.person_merge(
        actor=cast.administrator, surviving=surviving, merged=merged, reason="Same NHS letter"
    )
    merged.refresh_from_db()
    assert merged.merged_into == surviving
    # The team member's involvement moved, so they now see the surviving record.
    assert InvolvedProfessional.objects.filter(person=surviving, user=cast.team_member).exists()
    assert surviving.consent_records.count() == 1
    names = set(PersonName.objects.filter(person=surviving).values_list("given_name", "kind"))
    assert ("Muhammad", NameKind.ALIAS) in names
    assert DuplicateCandidate.objects.get().status == CandidateStatus.MERGED
    # Both histories show on the surviving record's chronology.
    client.force_login(cast.involved)
    page = client.get(reverse("people:chronology", kwargs={"person_id": surviving.pk}))
    assert page.content.decode().count('<h2 class="moj-timeline__title">Record created') == 2
    services.merge_undo(actor=cast.administrator, merge=merge, reason="Different fathers")
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert InvolvedProfessional.objects.filter(person=merged, user=cast.team_member).exists()
    assert merged.consent_records.count() == 1
    assert PersonName.objects.get(person=merged, given_name="Muhammad").kind == NameKind.CURRENT
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {Verb.PERSON_MERGED, Verb.PERSON_MERGE_UNDONE} <= verbs
    with pytest.raises(ValidationError):
        services.merge_undo(actor=cast.administrator, merge=merge, reason="again")


def test_the_queue_weighs_a_common_surname_less_than_a_rare_one(cast: Cast) -> None:
    # A population of 1,000 records (without blocking keys, so they are never paired), 600
    # of them Smiths: "Smith" is common, "Thornbury" rare.
    now = timezone.now()
    Person.objects.bulk_create(
        Person(
            kind="child",
            given_name=f"Filler{i}",
            given_name_normalised=f"filler{i}",
            family_name="Smith" if i < 600 else f"Other{i}",
            family_name_normalised="smith" if i < 600 else f"other{i}",
            local_person_id=f"FILL-{i}",
            created_at=now,
            updated_at=now,
        )
        for i in range(1000)
    )
    pairs = {}
    for surname in ("Smith", "Thornbury"):
        first = add(cast, given_name="Amelia", family_name=surname, date_of_birth=date(2015, 3, 4))
        second = add(
            cast,
            user=cast.team_member,
            given_name="Amelia",
            family_name=surname,
            date_of_birth=date(2015, 4, 3),
            postcode="LS6 1AA",  # moved: the surname is not backed by a shared address
        )
        pairs[surname] = (min(first.pk, second.pk), max(first.pk, second.pk))
    DuplicateCandidate.objects.all().delete()
    services.duplicates_find(threshold=0.0)
    common = DuplicateCandidate.objects.get(
        person_a_id=pairs["Smith"][0], person_b_id=pairs["Smith"][1]
    )
    rare = DuplicateCandidate.objects.get(
        person_a_id=pairs["Thornbury"][0], person_b_id=pairs["Thornbury"][1]
    )

    def surname_weight(candidate: DuplicateCandidate) -> float:
        return float(
            next(line["weight"] for line in candidate.explanation if line["field"] == "surname")
        )

    assert surname_weight(common) < surname_weight(rare)
    assert common.probability < rare.probability
    assert list(DuplicateCandidate.objects.filter(pk__in=[common.pk, rare.pk])) == [rare, common]
