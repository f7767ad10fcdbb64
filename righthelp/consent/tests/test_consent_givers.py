"""Who gives consent, at the service: an unborn baby's parent or carer decides; only a child
deciding for themselves keeps a competence assessment; a child's own answer on a request for
support is asked of children only, and what the child gave is what their record keeps."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.consent.models import ConsentRecord
from righthelp.consent.services import (
    CHILD_AGREED,
    ChildOwnConsent,
    ConsentValidity,
    consent_for_request_record,
    sharing_allowed,
)
from righthelp.consent.tests.factories import VALID, consent_given, request_consent
from righthelp.people.models import PersonKind
from righthelp.people.tests.factories import PersonFactory
from righthelp.thresholds.selectors import framework_active

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

ASSESSED = ConsentValidity(
    voluntary=True,
    explained=VALID.explained,
    giver_has_capacity=True,
    capacity_judged="Explained back what would be shared and with whom",
    competence_assessed_by="Sam Patel, school nurse",
    competence_assessed_how="Fraser guidelines, talked it through alone",
    competence_assessed_on=date(2026, 11, 30),
)


@pytest.mark.parametrize("given_by", ["child", "adult"])
def test_only_a_parent_or_carer_decides_for_an_unborn_baby(cast: Cast, given_by: str) -> None:
    unborn = PersonFactory(kind=PersonKind.UNBORN, date_of_birth=None)
    with pytest.raises(ValidationError) as refused:
        consent_given(actor=cast.involved, person=unborn, share_with=["health"], given_by=given_by)
    assert refused.value.message_dict["given_by"] == ["An unborn baby's parent or carer decides"]
    record = consent_given(actor=cast.involved, person=unborn, share_with=["health"])
    assert record.given_by == "parent_or_carer"


def test_an_adult_deciding_for_themselves_keeps_no_competence_assessment(cast: Cast) -> None:
    adult = PersonFactory(kind=PersonKind.ADULT, date_of_birth=date(1990, 1, 1))
    record = consent_given(
        actor=cast.involved,
        person=adult,
        share_with=["adult_services"],
        given_by="adult",
        given_by_name=adult.full_name,
        validity=ASSESSED,
    )
    assert (record.competence_assessed_by, record.competence_assessed_how) == ("", "")
    assert record.competence_assessed_on is None


def test_a_child_deciding_for_themselves_keeps_their_competence_assessment(cast: Cast) -> None:
    record = consent_given(
        actor=cast.involved,
        person=cast.child,
        share_with=["school"],
        given_by="child",
        given_by_name=cast.child.full_name,
        validity=ASSESSED,
    )
    assert record.competence_assessed_by == "Sam Patel, school nurse"
    assert record.competence_assessed_on == date(2026, 11, 30)


def test_a_review_date_before_the_decision_is_refused(cast: Cast) -> None:
    today = timezone.localdate()
    for review_on in (today - timedelta(days=1), today):
        with pytest.raises(ValidationError) as refused:
            consent_given(
                actor=cast.involved, person=cast.child, share_with=["school"], review_on=review_on
            )
        assert "review_on" in refused.value.message_dict
    record = consent_given(
        actor=cast.involved,
        person=cast.child,
        share_with=["school"],
        review_on=today + timedelta(days=1),
    )
    assert record.review_on == today + timedelta(days=1)


@pytest.mark.parametrize("kind", [PersonKind.UNBORN, PersonKind.ADULT])
def test_only_a_child_is_asked_for_their_own_consent_on_a_request(cast: Cast, kind: str) -> None:
    assert framework_active().slug == "hull-2018"  # Hull asks the child too
    person = PersonFactory(kind=kind, date_of_birth=None if kind == "unborn" else date(1990, 1, 1))
    record = consent_for_request_record(
        actor=cast.involved, person=person, details=request_consent(child_not_asked_reason="")
    )
    assert record.given_by == "parent_or_carer"
    assert record.child_not_asked_reason == ""
    assert ConsentRecord.objects.filter(person=person).count() == 1


def test_a_child_answer_that_is_none_of_the_three_is_refused_on_that_answer_alone(
    cast: Cast,
) -> None:
    with pytest.raises(ValidationError) as refused:
        consent_for_request_record(
            actor=cast.involved,
            person=cast.child,
            details=request_consent(children={cast.child.pk: ChildOwnConsent(answer="")}),
        )
    assert list(refused.value.message_dict) == [f"child_{cast.child.pk}_answer"]
    assert not ConsentRecord.objects.exists()


def test_a_young_person_agreeing_for_themselves_keeps_their_competence_assessment(
    cast: Cast,
) -> None:
    record = consent_for_request_record(
        actor=cast.involved,
        person=cast.child,
        details=request_consent(
            given_by="child",
            given_by_name=cast.child.full_name,
            children={cast.child.pk: ChildOwnConsent(CHILD_AGREED, ASSESSED)},
        ),
    )
    assert record.given_by == "child"
    assert record.capacity_judged == "Explained back what would be shared and with whom"
    assert record.competence_assessed_by == "Sam Patel, school nurse"
    assert record.competence_assessed_how == "Fraser guidelines, talked it through alone"
    assert record.competence_assessed_on == date(2026, 11, 30)


def test_a_young_person_agreeing_without_their_own_section_is_refused_on_its_fields(
    cast: Cast,
) -> None:
    with pytest.raises(ValidationError) as refused:
        consent_for_request_record(
            actor=cast.involved,
            person=cast.child,
            details=request_consent(given_by="child", given_by_name=cast.child.full_name),
        )
    assert f"child_{cast.child.pk}_capacity_judged" in refused.value.message_dict
    assert not ConsentRecord.objects.exists()


def test_an_adult_deciding_for_themselves_needs_no_judgement_of_a_childs_understanding(
    cast: Cast,
) -> None:
    adult = PersonFactory(kind=PersonKind.ADULT, date_of_birth=date(1990, 1, 1))
    record = consent_given(
        actor=cast.involved,
        person=adult,
        share_with=["adult_services"],
        given_by="adult",
        given_by_name=adult.full_name,
    )
    assert (record.given_by, record.capacity_judged) == ("adult", "")


def test_a_childs_own_consent_beside_the_parents_is_recorded_in_the_childs_name(
    cast: Cast,
) -> None:
    consent_for_request_record(
        actor=cast.involved,
        person=cast.child,
        details=request_consent(children={cast.child.pk: ChildOwnConsent(CHILD_AGREED, ASSESSED)}),
    )
    records = ConsentRecord.objects.filter(person=cast.child).order_by("pk")
    assert [(r.given_by, r.given_by_name) for r in records] == [
        ("parent_or_carer", "Jo Fletcher"),
        ("child", cast.child.full_name),
    ]


def test_what_the_consent_services_take_and_give_cannot_be_changed_afterwards(
    cast: Cast,
) -> None:
    consent_given(actor=cast.involved, person=cast.child, share_with=["school"])
    (decision,) = sharing_allowed(people=[cast.child], agency_kind="school").values()
    own = ChildOwnConsent(CHILD_AGREED, ASSESSED)
    details = request_consent()
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.why_not = "changed"  # type: ignore[misc]
    assert decision.basis is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.basis.kind = "lawful_basis"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ASSESSED.voluntary = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        own.answer = "refused"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        details.method = "written"  # type: ignore[misc]


def test_an_adult_of_unknown_age_consenting_for_themselves_needs_no_competence_assessment(
    cast: Cast,
) -> None:
    adult = PersonFactory(kind=PersonKind.ADULT, date_of_birth=None)
    consent_given(
        actor=cast.involved,
        person=adult,
        share_with=["adult_services"],
        given_by="adult",
        given_by_name=adult.full_name,
    )
    (decision,) = sharing_allowed(people=[adult], agency_kind="adult_services").values()
    assert decision.allowed, decision.why_not


def test_an_adult_named_on_a_request_consents_as_the_adult_not_as_a_young_person(
    cast: Cast,
) -> None:
    adult = PersonFactory(kind=PersonKind.ADULT, date_of_birth=date(1990, 1, 1))
    record = consent_for_request_record(
        actor=cast.involved,
        person=adult,
        details=request_consent(given_by="adult", given_by_name=adult.full_name),
    )
    assert record.given_by == "adult"
