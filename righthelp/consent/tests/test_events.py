"""The consent services record their events about the person, with the payload
``consent.events`` builds; the readers there read back what was written."""

from __future__ import annotations

import pytest

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services
from righthelp.consent.events import (
    consent_recorded_payload,
    consent_withdrawn_payload,
    lawful_basis_recorded_payload,
)
from righthelp.consent.tests.factories import consent_given

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def subjects(event: Event) -> set[int]:
    return set(event.subjects.values_list("person_id", flat=True))


def test_consent_given_and_withdrawn_read_back_what_was_recorded(cast: Cast) -> None:
    record = consent_given(actor=cast.involved, person=cast.child, share_with=["early_help"])
    given = only(Verb.CONSENT_RECORDED)
    assert given.actor == cast.involved and subjects(given) == {cast.child.pk}
    assert given.summary == "Consent given for a request for early help and support by Jo Fletcher"
    assert consent_recorded_payload(given) == {
        "consent": record.pk,
        "purpose": "early_help",
        "decision": "given",
        "given_by": "parent_or_carer",
        "share_with": ["early_help"],
        "method": record.method,
        "validity_source": record.validity_source,
        "competence_assessed": False,
    }

    withdrawal = services.consent_withdraw(
        actor=cast.involved, consent=record, withdrawn_by_name="Jo Fletcher", method="verbal"
    )
    withdrawn = only(Verb.CONSENT_WITHDRAWN)
    assert subjects(withdrawn) == {cast.child.pk}
    assert (
        withdrawn.summary
        == "Consent for a request for early help and support withdrawn by Jo Fletcher"
    )
    assert consent_withdrawn_payload(withdrawn) == {
        "consent": record.pk,
        "withdrawal": withdrawal.record.pk,
        "told": [t.user.pk for t in withdrawal.told],
        "reviews": [t.pk for t in withdrawal.reviews],
    }


def test_a_lawful_basis_reads_back_its_basis_and_agencies(cast: Cast) -> None:
    record = services.lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="Disclosure of physical abuse at school today",
        parents_told=False,
        not_told_reason="The alleged abuser is the parent; telling them could increase the risk",
        share_with=["childrens_social_care"],
    )
    event = only(Verb.LAWFUL_BASIS_RECORDED)
    assert subjects(event) == {cast.child.pk}
    assert event.summary.startswith("Information shared without consent: Safeguarding")
    assert lawful_basis_recorded_payload(event) == {
        "lawful_basis": record.pk,
        "basis": "safeguarding",
        "parents_told": False,
        "share_with": ["childrens_social_care"],
    }
