"""Consent and lawful basis: recorded, never edited, valid, and enforced by the one sharing rule
(``services.sharing_allowed``)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import Settings

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services
from righthelp.consent.models import ConsentRecord, LawfulBasisRecord, ValiditySource
from righthelp.consent.selectors import consent_current
from righthelp.consent.services import ConsentValidity, SharingDecision
from righthelp.consent.tests.factories import VALID
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def give(cast: Cast, **overrides: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "person": cast.child,
        "purpose": "early_help",
        "decision": "given",
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "share_with": ["early_help", "childrens_social_care"],
        "method": "written",
        "validity": VALID,
    }
    values.update(overrides)
    return services.consent_record(**values)


def allowed(
    person: Person, agency_kind: str, purposes: Iterable[str] = ("early_help",), **kwargs: Any
) -> SharingDecision:
    return services.sharing_allowed(
        people=[person], agency_kind=agency_kind, purposes=purposes, **kwargs
    )[person.pk]


def lawful_basis(cast: Cast, share_with: list[str], **overrides: Any) -> LawfulBasisRecord:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "person": cast.child,
        "basis": "safeguarding",
        "reasons": "Disclosure of physical abuse at school today",
        "parents_told": False,
        "not_told_reason": "The alleged abuser is the parent; telling them could increase the risk",
        "share_with": share_with,
    }
    values.update(overrides)
    return services.lawful_basis_record(**values)


# --- The one rule -----------------------------------------------------------------------------


def test_consent_given_allows_sharing_with_the_agencies_it_names_only(cast: Cast) -> None:
    give(cast)

    decision = allowed(cast.child, "early_help")

    assert decision.allowed and decision.basis is not None and decision.basis.kind == "consent"
    assert "Jo Fletcher" in decision.basis.description
    police = allowed(cast.child, "police")
    assert not police.allowed
    assert police.why_not == "the consent does not cover sharing with police"
    assert not allowed(cast.child, "early_help", purposes=["assessment"]).allowed


def test_nothing_is_shared_with_someone_of_no_agency_even_with_consent_for_all(cast: Cast) -> None:
    give(cast, share_with=["all"])
    assert allowed(cast.child, "school").allowed
    decision = allowed(cast.child, "")
    assert not decision.allowed and decision.why_not == "they belong to no agency"


def test_refused_consent_does_not_allow_sharing_and_the_refusal_names_the_child(cast: Cast) -> None:
    give(cast, decision="refused", validity=None)

    with pytest.raises(services.SharingRefused) as refused:
        services.sharing_require(
            people=[cast.child],
            agency_kind="early_help",
            purposes=["early_help"],
            what="Early help cannot start",
        )

    assert str(refused.value).startswith("Early help cannot start: for Kayden Fletcher")
    assert "consent was refused on" in str(refused.value)
    assert "record it on Kayden Fletcher's consent page" in str(refused.value)


def test_consent_counts_on_its_review_date_and_not_the_day_after(cast: Cast) -> None:
    today = timezone.localdate()
    long_ago = today - timedelta(days=400)
    on_the_day = PersonFactory()
    day_after = PersonFactory()
    give(cast, person=on_the_day, decided_on=long_ago, review_on=today)
    give(cast, person=day_after, decided_on=long_ago, review_on=today - timedelta(days=1))

    decisions = services.sharing_allowed(
        people=[on_the_day, day_after], agency_kind="early_help", purposes=["early_help"]
    )

    assert decisions[on_the_day.pk].allowed
    assert not decisions[day_after.pk].allowed
    assert "review date" in decisions[day_after.pk].why_not
    # Asked as at the review date itself, the second consent still counted then.
    tomorrow_morning = timezone.now() + timedelta(days=1)
    assert not allowed(on_the_day, "early_help", at=tomorrow_morning).allowed


def test_a_withdrawal_stops_sharing_from_that_moment_but_not_before_it(cast: Cast) -> None:
    consent = give(cast)
    before = timezone.now()
    services.consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo Fletcher", method="verbal"
    )

    assert allowed(cast.child, "early_help", at=before).allowed
    now = allowed(cast.child, "early_help")
    assert not now.allowed and now.why_not.startswith("consent was withdrawn on")
    assert now.stopped == {"early_help"}


def test_a_new_consent_after_a_withdrawal_allows_sharing_again(cast: Cast) -> None:
    consent = give(cast)
    services.consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo", method="verbal"
    )
    give(cast)
    assert allowed(cast.child, "early_help").allowed


def test_many_people_take_the_same_few_queries_as_one(cast: Cast) -> None:
    people = [PersonFactory() for _ in range(12)]
    for person in people[::2]:
        give(cast, person=person)
    lawful_basis(cast, ["early_help"], person=people[1])

    with CaptureQueriesContext(connection) as one:
        services.sharing_allowed(people=people[:1], agency_kind="early_help")
    with CaptureQueriesContext(connection) as twelve:
        decisions = services.sharing_allowed(people=people, agency_kind="early_help")

    assert len(twelve) == len(one) <= 3
    assert sorted(pid for pid, d in decisions.items() if d.allowed) == sorted(
        [p.pk for p in people[::2]] + [people[1].pk]
    )


def test_a_lawful_basis_counts_only_for_the_agencies_it_was_recorded_for(cast: Cast) -> None:
    lawful_basis(cast, ["childrens_social_care"])

    basis = allowed(cast.child, "childrens_social_care").basis
    assert basis is not None and basis.kind == "lawful_basis"
    school = allowed(cast.child, "school")
    assert not school.allowed and school.why_not == "no consent is recorded"
    assert not allowed(cast.child, "early_help").allowed


def test_a_lawful_basis_counts_in_its_own_context_when_the_caller_asks(cast: Cast) -> None:
    lawful_basis(cast, ["childrens_social_care"], context="contact:1")

    assert allowed(cast.child, "childrens_social_care", lawful_basis_context="contact:1").allowed
    assert not allowed(
        cast.child, "childrens_social_care", lawful_basis_context="contact:2"
    ).allowed


def test_sharing_without_consent_needs_reasons_why_parents_were_not_told_and_whom_it_is_for(
    cast: Cast,
) -> None:
    with pytest.raises(ValidationError) as refused:
        lawful_basis(cast, [], reasons="", not_told_reason="")
    assert set(refused.value.message_dict) == {"reasons", "not_told_reason", "share_with"}
    with pytest.raises(ValidationError) as everyone:
        lawful_basis(cast, ["all"])
    assert "share_with" in everyone.value.message_dict
    assert not LawfulBasisRecord.objects.exists()

    basis = lawful_basis(cast, ["childrens_social_care", "police"])

    assert basis.share_with == ["childrens_social_care", "police"]
    event = Event.objects.get(verb=Verb.LAWFUL_BASIS_RECORDED)
    assert event.actor == cast.involved and event.payload["parents_told"] is False
    assert event.payload["share_with"] == ["childrens_social_care", "police"]


def test_existing_lawful_bases_count_for_the_agency_their_basis_is_about() -> None:
    migration = importlib.import_module(
        "righthelp.consent.migrations.0002_consent_validity_and_lawful_basis_agencies"
    )
    from righthelp.accounts.tests.factories import UserFactory

    user = UserFactory()
    child = PersonFactory()

    def old(basis: str, context: str = "") -> LawfulBasisRecord:
        return LawfulBasisRecord.objects.create(
            person=child,
            basis=basis,
            reasons="Recorded before agencies were named",
            decided_by=user,
            parents_told=True,
            context=context,
            recorded_at=timezone.now(),
        )

    safeguarding, crime, sent = (
        old("safeguarding"),
        old("prevention_of_crime"),
        old("prevention_of_crime", "contact:3"),
    )
    migration.lawful_basis_agencies(apps, None)

    for record, kinds in [
        (safeguarding, ["childrens_social_care"]),
        (crime, ["police"]),
        (sent, ["childrens_social_care"]),
    ]:
        record.refresh_from_db()
        assert record.share_with == kinds


def test_consent_recorded_before_the_validity_questions_still_counts_and_says_so(
    cast: Cast,
) -> None:
    old = ConsentRecord.objects.create(
        person=cast.child,
        purpose="early_help",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=["early_help"],
        method="written",
        decided_on=timezone.localdate(),
        recorded_by=cast.involved,
        recorded_at=timezone.now(),
        validity_source=ValiditySource.BEFORE_VALIDITY_QUESTIONS,
    )
    assert old.voluntary is None and old.explained == [] and old.giver_has_capacity is None
    basis = allowed(cast.child, "early_help").basis
    assert basis is not None and basis.consent == old


# --- Valid consent ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("validity", "field", "words"),
    [
        (None, "voluntary", "Say whether they agreed freely"),
        (
            services.ConsentValidity(
                voluntary=False, explained=VALID.explained, giver_has_capacity=True
            ),
            "voluntary",
            "Consent must be freely given",
        ),
        (
            services.ConsentValidity(
                voluntary=True, explained=("what", "who"), giver_has_capacity=True
            ),
            "explained",
            "why it will be shared; what will happen next",
        ),
        (
            services.ConsentValidity(
                voluntary=True, explained=VALID.explained, giver_has_capacity=False
            ),
            "giver_has_capacity",
            "cannot give consent",
        ),
    ],
)
def test_consent_that_is_not_voluntary_informed_and_capable_is_refused(
    cast: Cast, validity: services.ConsentValidity, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        give(cast, validity=validity)
    assert words in " ".join(refused.value.message_dict[field])
    assert not ConsentRecord.objects.exists()


def test_valid_consent_records_what_made_it_valid(cast: Cast) -> None:
    record = give(cast)
    assert record.validity_source == ValiditySource.RECORDED
    assert record.voluntary is True and record.giver_has_capacity is True
    assert record.explained == ["what", "who", "why", "next"]


def competence(**overrides: Any) -> ConsentValidity:
    values: dict[str, Any] = {
        "voluntary": True,
        "explained": VALID.explained,
        "giver_has_capacity": True,
        "capacity_judged": "Told me in her own words what school would share and why",
    }
    values.update(overrides)
    return services.ConsentValidity(**values)


def test_a_child_under_12_gives_their_own_consent_only_with_a_competence_assessment(
    cast: Cast,
) -> None:
    ten = PersonFactory(date_of_birth=timezone.localdate() - timedelta(days=365 * 10 + 30))
    own = {"person": ten, "given_by": "child", "given_by_name": "Maya"}

    with pytest.raises(ValidationError) as refused:
        give(cast, **own, validity=competence())
    errors = refused.value.message_dict
    assert set(errors) == {
        "competence_assessed_by",
        "competence_assessed_how",
        "competence_assessed_on",
    }
    assert (
        "a child under 12 can consent for themselves only with a competence assessment"
        in (errors["competence_assessed_by"][0])
    )
    with pytest.raises(ValidationError) as unjudged:
        give(cast, **own, validity=competence(capacity_judged=""))
    assert "Say how you judged that" in unjudged.value.message_dict["capacity_judged"][0]
    assert not ConsentRecord.objects.exists()

    record = give(
        cast,
        **own,
        validity=competence(
            competence_assessed_by="Sam Patel, school nurse",
            competence_assessed_how="Talked it through alone using the Fraser guidelines",
            competence_assessed_on=timezone.localdate(),
        ),
    )

    assert record.competence_assessed_by == "Sam Patel, school nurse"
    assert record.capacity_judged.startswith("Told me in her own words")
    assert allowed(ten, "early_help").allowed


def test_a_child_of_12_needs_no_competence_assessment_and_the_age_is_configurable(
    cast: Cast, settings: Settings
) -> None:
    twelve = PersonFactory(date_of_birth=date(2000, 1, 1))
    assert give(cast, person=twelve, given_by="child", validity=competence()).pk
    settings.RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE = 30
    with pytest.raises(ValidationError) as refused:
        give(cast, person=twelve, given_by="child", validity=competence())
    assert "under 30" in refused.value.message_dict["competence_assessed_by"][0]


def test_a_childs_own_consent_without_an_assessment_does_not_count_whoever_recorded_it(
    cast: Cast,
) -> None:
    # As another agency's system stated it (the contacts API): recorded, but not counted.
    services.consent_statement_record(
        actor=cast.front_door_worker,
        person=cast.child,
        purpose="early_help",
        given_by="child",
        given_by_name="Kayden",
        share_with=["early_help"],
        method="verbal",
        notes="Stated through the API",
    )
    decision = allowed(cast.child, "early_help")
    assert not decision.allowed
    assert "competence" in decision.why_not


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_by_name": " "}, "given_by_name"),
        ({"share_with": []}, "share_with"),
        ({"share_with": ["aliens"]}, "share_with"),
        ({"decided_on": timezone.localdate() + timedelta(days=1)}, "decided_on"),
        ({"review_on": timezone.localdate()}, "review_on"),
        ({"decision": "withdrawn"}, "decision"),
        ({"method": "telepathy"}, "method"),
    ],
)
def test_incomplete_consent_is_refused_and_nothing_is_saved(
    cast: Cast, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        give(cast, **overrides)
    assert field in refused.value.message_dict
    assert not ConsentRecord.objects.exists()


def test_the_decision_in_force_for_many_people_is_the_same_as_asking_for_each(cast: Cast) -> None:
    from righthelp.consent.selectors import consents_in_force

    given = cast.child
    withdrawn = PersonFactory()
    refused = PersonFactory()
    nothing = PersonFactory()
    give(cast, person=given)
    services.consent_withdraw(
        actor=cast.involved,
        consent=give(cast, person=withdrawn),
        withdrawn_by_name="Jo Fletcher",
        method="verbal",
    )
    give(cast, person=refused, decision="refused")
    people = [given, withdrawn, refused, nothing]

    many = consents_in_force([p.pk for p in people], ["early_help", "information_sharing"])

    for person in people:
        for purpose in ("early_help", "information_sharing"):
            assert many.get((person.pk, purpose)) == consent_current(person, purpose)
    assert many[(withdrawn.pk, "early_help")].decision == "withdrawn"
    assert many[(given.pk, "early_help")].decision == "given"
