"""Consent and lawful basis: recorded, never edited, and enforced by the sharing rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services
from righthelp.consent.models import ConsentRecord
from righthelp.consent.selectors import consent_current

pytestmark = pytest.mark.django_db


def give(cast, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "actor": cast.involved,
        "person": cast.child,
        "purpose": "early_help",
        "decision": "given",
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "share_with": ["early_help", "childrens_social_care"],
        "method": "written",
    }
    values.update(overrides)
    return services.consent_record(**values)


def test_consent_given_allows_sharing_with_the_agencies_it_names_only(cast):
    give(cast)
    basis = services.sharing_check(
        person=cast.child, purpose="early_help", agency_kind="early_help"
    )
    assert basis is not None and basis.kind == "consent"
    assert "Jo Fletcher" in basis.description
    assert (
        services.sharing_check(person=cast.child, purpose="early_help", agency_kind="police")
        is None
    )
    assert (
        services.sharing_check(person=cast.child, purpose="assessment", agency_kind="early_help")
        is None
    )


def test_refused_consent_does_not_allow_sharing(cast):
    give(cast, decision="refused")
    with pytest.raises(services.SharingRefused, match="no current consent"):
        services.sharing_require(person=cast.child, purpose="early_help", agency_kind="early_help")


def test_withdrawal_is_a_new_record_stops_sharing_at_once_and_tells_the_people_involved(
    cast, django_capture_on_commit_callbacks
):
    cast.involved.email = "involved@example.org"
    cast.involved.save()
    cast.team_member.email = "member@example.org"
    cast.team_member.save()
    consent = give(cast, actor=cast.team_manager)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = services.consent_withdraw(
            actor=cast.team_manager,
            consent=consent,
            withdrawn_by_name="Jo Fletcher",
            method="verbal",
        )
    consent.refresh_from_db()
    assert consent.decision == "given"  # the original is never edited
    assert withdrawal.withdraws == consent
    assert consent_current(cast.child, "early_help") == withdrawal
    assert (
        services.sharing_check(person=cast.child, purpose="early_help", agency_kind="early_help")
        is None
    )
    assert sorted(mail.outbox[0].to) == ["involved@example.org", "member@example.org"]
    assert Event.objects.filter(verb=Verb.CONSENT_WITHDRAWN).count() == 1
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.consent_withdraw(
            actor=cast.involved, consent=consent, withdrawn_by_name="Jo", method="verbal"
        )


def test_consent_past_its_review_date_no_longer_allows_sharing(cast):
    give(
        cast,
        decided_on=timezone.localdate() - timedelta(days=400),
        review_on=timezone.localdate() - timedelta(days=35),
    )
    assert (
        services.sharing_check(person=cast.child, purpose="early_help", agency_kind="early_help")
        is None
    )


def test_a_new_consent_after_a_withdrawal_allows_sharing_again(cast):
    consent = give(cast)
    services.consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo", method="verbal"
    )
    give(cast)
    assert services.sharing_check(person=cast.child, purpose="early_help", agency_kind="early_help")


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
def test_incomplete_consent_is_refused_and_nothing_is_saved(cast, overrides, field):
    with pytest.raises(ValidationError) as refused:
        give(cast, **overrides)
    assert field in refused.value.message_dict
    assert not ConsentRecord.objects.exists()


def test_sharing_without_consent_needs_reasons_and_why_parents_were_not_told(cast):
    with pytest.raises(ValidationError) as refused:
        services.lawful_basis_record(
            actor=cast.involved,
            person=cast.child,
            basis="safeguarding",
            reasons="",
            parents_told=False,
        )
    assert set(refused.value.message_dict) == {"reasons", "not_told_reason"}
    basis = services.lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="Disclosure of physical abuse at school today",
        parents_told=False,
        not_told_reason="The alleged abuser is the parent; telling them could increase the risk",
    )
    shared = services.sharing_require(
        person=cast.child,
        purpose="early_help",
        agency_kind="childrens_social_care",
        lawful_basis=basis,
    )
    assert shared.kind == "lawful_basis"
    event = Event.objects.get(verb=Verb.LAWFUL_BASIS_RECORDED)
    assert event.actor == cast.involved and event.payload["parents_told"] is False


def test_current_consent_for_many_people_is_the_same_as_asking_for_each(cast):
    from righthelp.consent.selectors import consents_current
    from righthelp.people.tests.factories import PersonFactory

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

    many = consents_current([p.pk for p in people], ["early_help", "information_sharing"])

    for person in people:
        for purpose in ("early_help", "information_sharing"):
            assert many.get((person.pk, purpose)) == consent_current(person, purpose)
    assert many[(withdrawn.pk, "early_help")].decision == "withdrawn"
    assert many[(given.pk, "early_help")].decision == "given"
