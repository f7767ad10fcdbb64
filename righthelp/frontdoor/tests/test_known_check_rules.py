"""The known check's rules (``frontdoor.selectors.known_check``, ``known_answer_for``,
``KnownAnswer``) and the open-work registry they read (``core.open_work``): what is refused,
what is logged, and the words each kind of answer gives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Cast
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.core.open_work import (
    OpenWork,
    open_work_for,
    open_work_sources,
    register_open_work_source,
    unregister_open_work_source,
)
from righthelp.frontdoor import selectors
from righthelp.frontdoor.selectors import (
    EXPECTED_BIRTH_WITHIN_DAYS,
    KNOWN_NOT_OPEN_FRONT_DOOR_TEXT,
    KNOWN_NOT_OPEN_TEXT,
    NOT_KNOWN_TEXT,
    KnownAnswer,
    known_answer_for,
)

pytestmark = pytest.mark.django_db


def _work(person_id: int, **overrides: Any) -> OpenWork:
    values: dict[str, Any] = {
        "person_id": person_id,
        "kind": "youth_justice_case",
        "object_id": 1,
        "service": "youth justice",
        "summary": "Open to youth justice",
        "contact": "contact the youth offending team",
        "reference": "YJ-1",
    }
    values.update(overrides)
    return OpenWork(**values)


def test_the_answer_for_nobody_is_not_known() -> None:
    answer = known_answer_for([])
    assert answer == KnownAnswer(known=False)
    assert answer.text == NOT_KNOWN_TEXT
    assert answer.contacts == ()
    assert answer.contacts_with_references == ()


def test_a_record_with_nothing_open_is_known_and_not_open(cast: Cast) -> None:
    answer = known_answer_for([cast.child.pk])
    assert answer.known is True
    assert answer.open_work == ()
    assert answer.contacts == (KNOWN_NOT_OPEN_TEXT,)
    assert answer.contacts_with_references == (KNOWN_NOT_OPEN_FRONT_DOOR_TEXT,)
    assert answer.text == "Known. " + KNOWN_NOT_OPEN_TEXT


def test_services_come_first_and_each_line_is_said_once(cast: Cast) -> None:
    pk = cast.child.pk
    considering = _work(
        pk,
        kind="contact",
        object_id=9,
        open_to_service=False,
        summary="Being considered",
        contact="call the front door",
        reference="",
    )
    first = _work(pk, object_id=1)
    again = _work(pk, object_id=2, reference="YJ-2")
    early_help = _work(
        pk,
        kind="episode",
        object_id=3,
        service="early help",
        summary="Open to early help",
        contact="contact Sam",
        reference="EH-1",
    )

    def source(person_ids: Sequence[int]) -> list[OpenWork]:
        return [considering, first, again, early_help, _work(pk + 999)]

    register_open_work_source(source)
    register_open_work_source(source)
    try:
        assert open_work_sources().count(source) == 1
        answer = known_answer_for([pk])
        without = known_answer_for([pk], exclude=[("youth_justice_case", 1)])
    finally:
        unregister_open_work_source(source)
        unregister_open_work_source(source)
    assert source not in open_work_sources()
    assert answer.open_work == (first, again, early_help, considering)
    assert answer.contacts == (
        "Open to youth justice: contact the youth offending team.",
        "Open to early help: contact Sam.",
        "Being considered: call the front door.",
    )
    assert answer.contacts_with_references == (
        "Open to youth justice (YJ-1): contact the youth offending team.",
        "Open to youth justice (YJ-2): contact the youth offending team.",
        "Open to early help (EH-1): contact Sam.",
        "Being considered: call the front door.",
    )
    assert answer.open_to_services == (first, again, early_help)
    assert answer.open_to_early_help == (early_help,)
    assert answer.text == "Known. " + " ".join(answer.contacts)
    assert without.open_work == (again, early_help, considering)


def test_open_work_for_answers_every_id_asked_once_each_and_nothing_else(cast: Cast) -> None:
    pk = cast.child.pk
    work = _work(pk)

    def source(person_ids: Sequence[int]) -> list[OpenWork]:
        # someone not asked about, then a repeat: each is passed over, and what follows counts
        return [_work(pk + 999), work, work, _work(pk + 1, object_id=5)]

    register_open_work_source(source)
    try:
        found = open_work_for([pk, str(pk), pk + 1])  # type: ignore[list-item]
        nothing = open_work_for([])
    finally:
        unregister_open_work_source(source)
    assert found == {pk: [work], pk + 1: [_work(pk + 1, object_id=5)]}
    assert nothing == {}
    assert work.key == "youth_justice_case:1"


def _check(cast: Cast, **kwargs: Any) -> selectors.KnownAnswer:
    values: dict[str, Any] = {"user": cast.involved, "path": "/known/"}
    values.update(kwargs)
    return selectors.known_check(**values)


def test_a_date_of_birth_in_the_future_is_refused_and_today_is_not(cast: Cast) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        _check(cast, given_name="A", family_name="B", date_of_birth=today + timedelta(days=1))
    assert set(refused.value.message_dict) == {"date_of_birth"}
    _check(cast, given_name="A", family_name="B", date_of_birth=today)


def test_an_expected_date_of_birth_within_ten_months_and_not_with_a_date_of_birth(
    cast: Cast,
) -> None:
    today = timezone.localdate()
    limit = today + timedelta(days=EXPECTED_BIRTH_WITHIN_DAYS)
    _check(cast, family_name="B", expected_date_of_birth=limit)
    with pytest.raises(ValidationError) as too_far:
        _check(cast, family_name="B", expected_date_of_birth=limit + timedelta(days=1))
    assert too_far.value.message_dict == {
        "expected_date_of_birth": ["Expected date of birth must be within the next 10 months"]
    }
    with pytest.raises(ValidationError) as both:
        _check(cast, family_name="B", date_of_birth=today, expected_date_of_birth=today)
    assert set(both.value.message_dict) == {"expected_date_of_birth"}


def test_every_check_is_logged_with_what_it_answered(cast: Cast) -> None:
    answer = _check(
        cast,
        given_name=cast.child.given_name,
        family_name=cast.child.family_name,
        date_of_birth=cast.child.date_of_birth,
    )
    assert answer.known is True
    record = AccessRecord.objects.get(action=AccessAction.KNOWN_CHECK)
    assert record.user == cast.involved
    assert record.path == "/known/"
    assert record.detail["known"] is True
    assert record.detail["open_to"] == []
    assert record.detail["by_nhs_number"] is False
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]
    not_known = _check(cast, given_name="Zebedee", family_name="Quasimodo", nhs_number=" 1 ")
    assert not_known.known is False
    latest = AccessRecord.objects.filter(action=AccessAction.KNOWN_CHECK).latest("pk")
    assert latest.detail == {"known": False, "open_to": [], "by_nhs_number": True}


def test_open_work_rests_on_consent_unless_said_and_cannot_be_changed(cast: Cast) -> None:
    import dataclasses

    work = _work(cast.child.pk)
    assert work.rests_on_consent is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        work.reference = "YJ-2"  # type: ignore[misc]


def test_a_valid_nhs_number_finds_the_child_and_an_invalid_one_is_ignored(cast: Cast) -> None:
    from righthelp.matching.services import match_keys_refresh
    from righthelp.people.models import Person

    Person.objects.filter(pk=cast.child.pk).update(nhs_number="9434765919")
    cast.child.refresh_from_db()
    match_keys_refresh(cast.child)
    by_number = _check(cast, family_name=cast.child.family_name, nhs_number="9434765919")
    assert by_number.known is True
    # An invalid number is left out, so the name and date of birth still find the child
    by_name = _check(
        cast,
        given_name=cast.child.given_name,
        family_name=cast.child.family_name,
        date_of_birth=cast.child.date_of_birth,
        nhs_number="9434765918",
    )
    assert by_name.known is True
