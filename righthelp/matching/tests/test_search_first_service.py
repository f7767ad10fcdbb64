"""Search first, then create (``search_first_resolve``): the one flow every page that adds a
person goes through. A repeated post leads to what the first made; likely matches are shown
before anything is made; "none of these" for the details checked creates the person and records
the choice in one transaction, with a reason when a match is very likely (and the pairs queued
for duplicate review); any refusal leaves nothing made."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.matching.models import CandidateStatus, DuplicateCandidate
from righthelp.matching.search_first import (
    MatchQuery,
    NoneOfThese,
    Replay,
    SearchFirstOutcome,
    person_create_searched,
    search_first_resolve,
)
from righthelp.matching.services import NONE_OF_THESE_REASON_MISSING
from righthelp.people import services as people_services
from righthelp.people.models import Person, PersonKind

pytestmark = pytest.mark.django_db

KADEN = MatchQuery(given_name="Kaden", family_name="Fletcher", date_of_birth=date(2015, 6, 1))
REASON = "Kaden is Kayden's cousin, born the same day"


class Cast(Protocol):
    """What these tests use of the shared ``cast``: Kayden Fletcher and his school's worker."""

    child: Person
    involved: User


def kadens() -> int:
    return Person.objects.filter(given_name="Kaden").count()


def queued() -> list[DuplicateCandidate]:
    return list(DuplicateCandidate.objects.filter(status=CandidateStatus.OPEN))


def none_of_these_for(query: MatchQuery) -> dict[str, str]:
    """A post that says "none of these" for the details ``query`` (as the page carries them)."""
    return {"none_of_these": "yes", **dict(query.hidden_fields())}


class Kaden:
    """``create`` for the flow: adds Kaden Fletcher, remembering what it was handed."""

    def __init__(self, actor: User, *, submission_key: uuid.UUID | None = None) -> None:
        self.actor = actor
        self.submission_key = submission_key
        self.handed: list[NoneOfThese | None] = []

    def __call__(self, none_of_these: NoneOfThese | None) -> Person:
        self.handed.append(none_of_these)
        return person_create_searched(
            actor=self.actor,
            details=people_services.PersonDetails(
                kind=PersonKind.CHILD,
                given_name="Kaden",
                family_name="Fletcher",
                date_of_birth=date(2015, 6, 1),
                sex="male",
            ),
            involvement=people_services.Involvement(role="school_dsl"),
            none_of_these=none_of_these,
            submission_key=self.submission_key,
        )


def resolve(
    actor: User,
    create: Any,
    *,
    answer: dict[str, str] | None = None,
    reason: str = "",
    key: uuid.UUID | None = None,
    query: MatchQuery = KADEN,
) -> SearchFirstOutcome[Any]:
    return search_first_resolve(
        actor=actor,
        query=query,
        answer=answer or {},
        reason=reason,
        path="/people/add/",
        replay=Replay(submission_key=key, purpose="person_create"),
        create=create,
        none_of_these_key=uuid.uuid5(key, "match-none") if key else None,
    )


def test_likely_matches_are_shown_before_anything_is_made(cast: Cast) -> None:
    # Given Kayden Fletcher, whom the school works with
    create = Kaden(cast.involved)
    # When the school adds "Kaden Fletcher", born the same day, without choosing
    outcome = resolve(cast.involved, create)
    # Then Kayden is returned to be shown first, and nothing is made
    assert outcome.confirm_first
    assert outcome.matches is not None
    assert [c.person.pk for c in outcome.matches.candidates] == [cast.child.pk]
    assert outcome.made is None and create.handed == []
    assert kadens() == 0


def test_none_of_these_above_the_threshold_without_a_reason_is_refused(cast: Cast) -> None:
    create = Kaden(cast.involved)
    # When "none of these" is chosen for the details checked, without a reason
    outcome = resolve(cast.involved, create, answer=none_of_these_for(KADEN))
    # Then the refusal is the reason's, and nothing is made, recorded or queued
    assert not outcome.confirm_first and outcome.made is None and outcome.refused is None
    assert outcome.reason_refused is not None
    assert outcome.reason_refused.message_dict == {"reason": [NONE_OF_THESE_REASON_MISSING]}
    assert kadens() == 0 and not queued()
    assert not Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).exists()


def test_none_of_these_with_a_reason_makes_the_record_and_queues_the_pair(cast: Cast) -> None:
    create = Kaden(cast.involved)
    outcome = resolve(cast.involved, create, answer=none_of_these_for(KADEN), reason=REASON)
    # Then the record is made, handed the candidates shown, and the pair is queued with why
    assert isinstance(outcome.made, Person)
    [handed] = create.handed
    assert handed is not None and list(handed.shown_ids) == [cast.child.pk]
    event = Event.objects.get(verb=Verb.PERSON_MATCH_NONE)
    assert event.payload["reason"] == REASON and event.payload["person"] == outcome.made.pk
    [pair] = queued()
    assert {pair.person_a_id, pair.person_b_id} == {outcome.made.pk, cast.child.pk}
    assert pair.none_of_these_reason == REASON


def test_below_the_duplicate_threshold_none_of_these_needs_no_reason_and_queues_nothing(
    cast: Cast,
) -> None:
    with override_settings(RIGHTHELP_DUPLICATE_THRESHOLD=0.999999999):
        outcome = resolve(cast.involved, Kaden(cast.involved), answer=none_of_these_for(KADEN))
    assert isinstance(outcome.made, Person)
    assert outcome.reason_refused is None
    assert Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).count() == 1
    assert not queued()


def test_none_of_these_chosen_for_other_details_shows_the_matches_again(cast: Cast) -> None:
    # Given "none of these" chosen when the page had checked "Kaden Fletch"
    earlier = MatchQuery(
        given_name="Kaden", family_name="Fletch", date_of_birth=KADEN.date_of_birth
    )
    create = Kaden(cast.involved)
    outcome = resolve(cast.involved, create, answer=none_of_these_for(earlier), reason=REASON)
    # Then the details now typed are checked first
    assert outcome.confirm_first and create.handed == [] and kadens() == 0


def test_with_no_likely_match_the_record_is_made_with_no_choice_recorded(cast: Cast) -> None:
    nobody = MatchQuery(given_name="Zephyr", family_name="Quill", date_of_birth=date(2019, 2, 3))
    create = Kaden(cast.involved)
    outcome = resolve(cast.involved, create, query=nobody)
    assert isinstance(outcome.made, Person)
    assert create.handed == [None]
    assert not Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).exists()


def test_a_form_sent_twice_leads_to_the_first_record_without_checking_again(cast: Cast) -> None:
    key = uuid.uuid4()
    create = Kaden(cast.involved, submission_key=key)
    answer = none_of_these_for(KADEN)
    first = resolve(cast.involved, create, answer=answer, reason=REASON, key=key)
    # When the same form is sent again (without "none of these", as a double click can)
    second = resolve(cast.involved, create, key=key)
    # Then it is not checked again: it leads to the record the first made, recorded once
    assert second.matches is None and not second.confirm_first
    assert isinstance(first.made, Person) and second.made == first.made
    assert create.handed[1] is None
    assert kadens() == 1 and Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).count() == 1
    assert len(queued()) == 1


def test_a_refusal_of_what_the_page_makes_with_the_record_undoes_the_record(cast: Cast) -> None:
    kaden = Kaden(cast.involved)

    def create_then_refused(none_of_these: NoneOfThese | None) -> Person:
        kaden(none_of_these)
        raise ValidationError("This contact is closed")

    outcome = resolve(
        cast.involved, create_then_refused, answer=none_of_these_for(KADEN), reason=REASON
    )
    assert outcome.refused is not None and outcome.reason_refused is None
    assert outcome.refused.messages == ["This contact is closed"]
    assert kadens() == 0 and not queued()
    assert not Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).exists()
