"""The one sharing rule (``consent.services.sharing_allowed``) at its edges: whom consent and a
lawful basis cover, which reason is told first, the review date's boundary, the moment asked
about and the context of a lawful basis; and what ``lawful_basis_record`` refuses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services
from righthelp.consent.models import Explained, LawfulBasisRecord
from righthelp.consent.tests.factories import consent_given
from righthelp.core.forms import format_govuk_date
from righthelp.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _lawful(cast: Cast, **overrides: Any) -> LawfulBasisRecord:
    values: dict[str, Any] = {
        "actor": cast.front_door_manager,
        "person": cast.child,
        "basis": "safeguarding",
        "reasons": "  Bruising seen at school  ",
        "parents_told": True,
        "share_with": ["health"],
    }
    values.update(overrides)
    return services.lawful_basis_record(**values)


def _decision(cast: Cast, kind: str, **kwargs: Any) -> services.SharingDecision:
    return services.sharing_allowed(people=[cast.child], agency_kind=kind, **kwargs)[cast.child.pk]


def test_no_people_no_decisions(cast: Cast) -> None:
    assert services.sharing_allowed(people=[], agency_kind="school") == {}


def test_someone_of_no_agency_is_shared_nothing_even_with_consent_for_all(cast: Cast) -> None:
    consent_given(actor=cast.involved, person=cast.child, share_with=["all"])
    decision = _decision(cast, "")
    assert decision.allowed is False
    assert decision.why_not == "they belong to no agency"


def test_consent_covers_the_agencies_it_names_and_all_covers_every_kind(cast: Cast) -> None:
    other = PersonFactory.create()
    consent_given(actor=cast.involved, person=cast.child, share_with=["school", "health"])
    consent_given(actor=cast.involved, person=other, share_with=["all"])
    for kind in ("school", "health", "police"):
        decisions = services.sharing_allowed(people=[cast.child, other.pk, other], agency_kind=kind)
        assert set(decisions) == {cast.child.pk, other.pk}
        assert decisions[other.pk].allowed is True
        assert decisions[cast.child.pk].allowed is (kind != "police")
    police = _decision(cast, "police")
    assert police.why_not == "the consent does not cover sharing with police"
    assert police.stopped == frozenset()
    allowed = _decision(cast, "school")
    assert allowed.basis is not None and allowed.basis.kind == "consent"
    assert allowed.why_not == ""
    assert allowed.basis.description.startswith(
        "Consent given by Jo Fletcher (parent or carer) on "
    )


def test_nothing_recorded_says_so(cast: Cast) -> None:
    decision = _decision(cast, "school")
    assert (decision.allowed, decision.why_not) == (False, "no consent is recorded")


def test_a_refusal_is_told_before_consent_that_does_not_cover_and_stops_its_purpose(
    cast: Cast,
) -> None:
    consent_given(
        actor=cast.involved, person=cast.child, share_with=["health"], purpose="early_help"
    )
    consent_given(
        actor=cast.involved,
        person=cast.child,
        share_with=["school"],
        purpose="information_sharing",
        decision="refused",
        validity=None,
    )
    decision = _decision(cast, "school")
    assert decision.allowed is False
    assert decision.why_not == (f"consent was refused on {format_govuk_date(timezone.localdate())}")
    assert decision.stopped == frozenset({"information_sharing"})
    # Consent for another purpose that covers the agency is enough, a refusal notwithstanding
    health = _decision(cast, "health")
    assert health.allowed is True
    assert health.stopped == frozenset({"information_sharing"})
    # Only the purposes asked about count
    assert _decision(cast, "school", purposes=["early_help"]).why_not.startswith("the consent")


def test_consent_counts_until_its_review_date_and_not_after(cast: Cast) -> None:
    today = timezone.localdate()
    consent_given(
        actor=cast.involved,
        person=cast.child,
        share_with=["school"],
        decided_on=today - timedelta(days=30),
        review_on=today,
    )
    assert _decision(cast, "school").allowed is True
    tomorrow = timezone.now() + timedelta(days=1)
    later = _decision(cast, "school", at=tomorrow)
    assert later.allowed is False
    assert later.why_not == (f"the consent's review date ({format_govuk_date(today)}) has passed")


def test_only_what_was_recorded_by_the_moment_asked_about_counts(cast: Cast) -> None:
    before = timezone.now() - timedelta(minutes=5)
    consent_given(actor=cast.involved, person=cast.child, share_with=["school"])
    _lawful(cast, share_with=["police"])
    assert _decision(cast, "school", at=before).allowed is False
    assert _decision(cast, "police", at=before).allowed is False
    assert _decision(cast, "police").allowed is True


def test_a_lawful_basis_covers_only_the_agencies_it_names_and_the_newest_counts(
    cast: Cast,
) -> None:
    first = _lawful(cast, share_with=["health", "police"])
    newest = _lawful(cast, share_with=["health"], basis="prevention_of_crime")
    health = _decision(cast, "health")
    assert health.basis is not None
    assert (health.basis.kind, health.basis.lawful_basis) == ("lawful_basis", newest)
    assert health.basis.description == ("Without consent: Preventing or detecting a serious crime")
    police = _decision(cast, "police")
    assert police.basis is not None and police.basis.lawful_basis == first
    school = _decision(cast, "school")
    assert school.allowed is False and school.why_not == "no consent is recorded"


def test_consent_is_the_basis_when_both_apply(cast: Cast) -> None:
    _lawful(cast, share_with=["school"])
    consent_given(actor=cast.involved, person=cast.child, share_with=["school"])
    basis = _decision(cast, "school").basis
    assert basis is not None and basis.kind == "consent"


def test_a_lawful_basis_counts_only_in_its_context_when_one_is_asked_for(cast: Cast) -> None:
    _lawful(cast, context="contact:1")
    assert _decision(cast, "health", lawful_basis_context="contact:1").allowed is True
    assert _decision(cast, "health", lawful_basis_context="contact:2").allowed is False
    assert _decision(cast, "health", lawful_basis_context="").allowed is False
    assert _decision(cast, "health").allowed is True


def test_sharing_require_names_each_refused_person_and_what_to_do(cast: Cast) -> None:
    other = PersonFactory.create(given_name="Mia", family_name="Fletcher")
    consent_given(actor=cast.involved, person=other, share_with=["school"])
    with pytest.raises(services.SharingRefused) as refused:
        services.sharing_require(people=[cast.child], agency_kind="school", what="No")
    assert str(refused.value) == (
        f"No: for {cast.child.full_name}, no consent is recorded. Ask the family for their "
        f"consent and record it on {cast.child.full_name}'s consent page, or, if you think a "
        "child may be suffering significant harm, record the lawful basis for sharing without it."
    )
    with pytest.raises(services.SharingRefused) as both:
        services.sharing_require(people=[cast.child, other], agency_kind="police", what="No")
    assert "record it on each child's consent page" in str(both.value)
    assert f"for {other.full_name}, the consent does not cover sharing with police" in str(
        both.value
    )
    bases = services.sharing_require(people=[other], agency_kind="school")
    assert list(bases) == [other.pk] and bases[other.pk].kind == "consent"


def test_agency_labels() -> None:
    assert services.agency_label("all") == "all agencies"
    assert (
        services.agency_label("childrens_social_care") == "local authority children's social care"
    )
    assert services.agency_label("martian") == "martian"
    assert services.agency_label("") == "an agency of no known kind"


# --- Recording a lawful basis ----------------------------------------------------------------


def test_a_lawful_basis_is_recorded_with_its_event(cast: Cast) -> None:
    record = _lawful(cast, parents_told=False, not_told_reason="  Would alert the abuser ")
    assert record.reasons == "Bruising seen at school"
    assert record.not_told_reason == "Would alert the abuser"
    assert record.decided_by == cast.front_door_manager
    assert record.share_with == ["health"]
    event = Event.objects.get(verb=Verb.LAWFUL_BASIS_RECORDED)
    assert event.summary.startswith("Information shared without consent: Safeguarding")
    assert event.payload == {
        "lawful_basis": record.pk,
        "basis": "safeguarding",
        "parents_told": False,
        "share_with": ["health"],
    }


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"basis": "because"}, {"basis"}),
        ({"reasons": "  "}, {"reasons"}),
        ({"parents_told": False}, {"not_told_reason"}),
        ({"parents_told": False, "not_told_reason": " "}, {"not_told_reason"}),
        ({"share_with": ["all"]}, {"share_with"}),
        ({"share_with": []}, {"share_with"}),
        ({"share_with": ["health", "martians"]}, {"share_with"}),
        ({"basis": "", "reasons": "", "share_with": []}, {"basis", "reasons", "share_with"}),
    ],
)
def test_a_lawful_basis_is_refused_without_what_it_needs(
    cast: Cast, overrides: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as refused:
        _lawful(cast, **overrides)
    assert set(refused.value.message_dict) == fields
    assert not LawfulBasisRecord.objects.exists()
    assert not Event.objects.filter(verb=Verb.LAWFUL_BASIS_RECORDED).exists()


# --- Who decides for an unborn baby ---------------------------------------------------------


def test_an_unborn_babys_parent_decides_and_the_baby_cannot(cast: Cast) -> None:
    baby = PersonFactory.create(kind="unborn", date_of_birth=None)
    consent_given(actor=cast.involved, person=baby, share_with=["school"])
    with pytest.raises(ValidationError) as refused:
        consent_given(actor=cast.involved, person=baby, share_with=["school"], given_by="child")
    assert refused.value.message_dict["given_by"] == ["An unborn baby's parent or carer decides"]
    statement: dict[str, Any] = {
        "actor": cast.front_door_worker,
        "person": baby,
        "purpose": "early_help",
        "given_by_name": "Jo Fletcher",
        "share_with": ["school"],
        "method": "electronic",
        "notes": "Stated by the sender",
    }
    services.consent_statement_record(given_by="parent_or_carer", **statement)
    with pytest.raises(ValidationError) as stated:
        services.consent_statement_record(given_by="child", **statement)
    assert "given_by" in stated.value.message_dict


# --- A child's own consent -------------------------------------------------------------------


def _child_aged(years: int) -> Any:
    today = timezone.localdate()
    born = today.replace(year=today.year - years)
    return PersonFactory.create(date_of_birth=born)


def _childs_own(cast: Cast, child: Any, **validity: Any) -> Any:
    values: dict[str, Any] = {
        "voluntary": True,
        "explained": tuple(Explained.values),
        "giver_has_capacity": True,
        "capacity_judged": "Talked it through; she explained it back",
    }
    values.update(validity)
    return consent_given(
        actor=cast.involved,
        person=child,
        share_with=["school"],
        given_by="child",
        given_by_name="Lily",
        validity=services.ConsentValidity(**values),
    )


def test_a_child_of_the_competence_age_consents_without_an_assessment(cast: Cast) -> None:
    child = _child_aged(services.competence_age())
    _childs_own(cast, child)
    assert services.sharing_allowed(people=[child], agency_kind="school")[child.pk].allowed


def test_a_younger_childs_assessment_is_on_or_before_the_decision(cast: Cast) -> None:
    child = _child_aged(services.competence_age() - 1)
    today = timezone.localdate()
    assessed = {"competence_assessed_by": "Ms Shah", "competence_assessed_how": "Gillick"}
    with pytest.raises(ValidationError) as refused:
        _childs_own(cast, child, competence_assessed_on=today + timedelta(days=1), **assessed)
    assert set(refused.value.message_dict) == {"competence_assessed_on"}
    with pytest.raises(ValidationError) as missing:
        _childs_own(cast, child)
    assert missing.value.message_dict["competence_assessed_by"][0].startswith(
        f"{child.full_name} is {services.competence_age() - 1}: a child under "
    )
    _childs_own(cast, child, competence_assessed_on=today - timedelta(days=1), **assessed)
    _childs_own(cast, child, competence_assessed_on=today, **assessed)
    assert services.sharing_allowed(people=[child], agency_kind="school")[child.pk].allowed


def test_a_consent_with_a_review_date_ahead_counts(cast: Cast) -> None:
    today = timezone.localdate()
    consent_given(
        actor=cast.involved,
        person=cast.child,
        share_with=["school"],
        review_on=today + timedelta(days=30),
    )
    assert _decision(cast, "school").allowed is True


def test_the_answers_about_consent_cannot_be_changed_once_given() -> None:
    import dataclasses

    validity = services.ConsentValidity(voluntary=True, explained=(), giver_has_capacity=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        validity.voluntary = False  # type: ignore[misc]
    own = services.ChildOwnConsent.__dataclass_params__  # type: ignore[attr-defined]
    assert own.frozen is True


def test_only_a_childs_own_consent_keeps_a_competence_assessment(cast: Cast) -> None:
    today = timezone.localdate()
    assessment = {
        "competence_assessed_by": " Ms Shah ",
        "competence_assessed_how": " Gillick ",
        "competence_assessed_on": today,
    }
    parents = consent_given(
        actor=cast.involved,
        person=cast.child,
        share_with=["school"],
        validity=services.ConsentValidity(
            voluntary=True,
            explained=tuple(Explained.values),
            giver_has_capacity=True,
            **assessment,  # type: ignore[arg-type]
        ),
    )
    assert (parents.competence_assessed_by, parents.competence_assessed_on) == ("", None)
    recorded = Event.objects.filter(verb=Verb.CONSENT_RECORDED).latest("pk")
    assert recorded.payload["competence_assessed"] is False
    child = _child_aged(services.competence_age() - 1)
    own = _childs_own(cast, child, **assessment)
    assert (own.competence_assessed_by, own.competence_assessed_how) == ("Ms Shah", "Gillick")
    assert own.competence_assessed_on == today
    recorded = Event.objects.filter(verb=Verb.CONSENT_RECORDED).latest("pk")
    assert recorded.payload["competence_assessed"] is True


def test_an_adult_states_consent_for_themselves_and_for_nobody_unborn_but_a_parent(
    cast: Cast,
) -> None:
    baby = PersonFactory.create(kind="unborn", date_of_birth=None)
    services.consent_statement_record(
        actor=cast.front_door_worker,
        person=baby,
        purpose="early_help",
        given_by="adult",
        given_by_name="Jo Fletcher",
        share_with=["school"],
        method="electronic",
        notes="",
    )
    with pytest.raises(ValidationError):
        services.consent_statement_record(
            actor=cast.front_door_worker,
            person=baby,
            purpose="early_help",
            given_by="neighbour",
            given_by_name="Jo Fletcher",
            share_with=["school"],
            method="electronic",
            notes="",
        )


def test_what_a_service_returns_cannot_be_changed() -> None:
    import dataclasses

    for cls in (services.ConsentDetails, services.Withdrawal, services.ChildOwnConsent):
        assert getattr(cls, "__dataclass_params__").frozen is True  # noqa: B009
    assert dataclasses.is_dataclass(services.Withdrawal)
