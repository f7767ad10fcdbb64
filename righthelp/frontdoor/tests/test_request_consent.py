"""Consent on a request for support: valid consent from the parent or carer and, where the
framework asks for both (Hull: "parent / carer and child (where appropriate)"), the child's own
consent or the reason asking them is not appropriate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from righthelp.consent.models import ConsentRecord
from righthelp.consent.selectors import consent_current
from righthelp.consent.services import (
    CHILD_AGREED,
    CHILD_REFUSED,
    ChildOwnConsent,
    ConsentDetails,
    ConsentValidity,
    lawful_basis_record,
)
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID, VALID_FORM, request_consent
from righthelp.frontdoor import services
from righthelp.frontdoor.models import Contact, ContactStatus
from righthelp.frontdoor.services import SubjectDetails
from righthelp.thresholds.selectors import framework_active

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def draft(cast: Cast) -> Contact:
    return services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Kayden has been coming to school hungry and withdrawn",
        referrer_view_scale=2,
    )


def send(cast: Cast, consent: ConsentDetails) -> Contact:
    return services.request_submit(actor=cast.involved, contact=draft(cast), consent=consent)


def test_hull_asks_for_the_childs_consent_as_well_as_the_parents() -> None:
    rule = framework_active().consent
    assert framework_active().slug == "hull-2018"
    assert rule is not None and rule.child_too
    assert "parent / carer and child (where appropriate)" in rule.text


def test_the_parents_consent_alone_is_refused_where_the_framework_asks_for_the_childs(
    cast: Cast,
) -> None:
    with pytest.raises(ValidationError) as refused:
        send(cast, request_consent(child_not_asked_reason=""))

    field = f"child_{cast.child.pk}_answer"
    assert "Say whether Kayden Fletcher agreed themselves" in (refused.value.message_dict[field][0])
    assert not ConsentRecord.objects.exists()


def test_the_reason_the_child_was_not_asked_is_kept_with_the_parents_consent(cast: Cast) -> None:
    contact = send(cast, request_consent())

    assert contact.status == ContactStatus.RECEIVED
    assert contact.consent is not None
    assert contact.consent.given_by == "parent_or_carer"
    assert contact.consent.child_not_asked_reason == CHILD_NOT_ASKED
    assert contact.consent.voluntary is True and len(contact.consent.explained) == 4


def test_a_child_who_did_not_agree_stops_the_request(cast: Cast) -> None:
    own = {cast.child.pk: ChildOwnConsent(answer=CHILD_REFUSED)}
    with pytest.raises(ValidationError, match="Kayden Fletcher did not agree"):
        send(cast, request_consent(child_not_asked_reason="", children=own))
    assert not ConsentRecord.objects.exists()


def test_a_child_under_12_agreeing_needs_a_competence_assessment_then_both_are_recorded(
    cast: Cast,
) -> None:
    judged = ConsentValidity(
        voluntary=True,
        explained=VALID.explained,
        giver_has_capacity=True,
        capacity_judged="Explained back what school would share with early help",
    )
    with pytest.raises(ValidationError) as refused:
        send(cast, request_consent(children={cast.child.pk: ChildOwnConsent(CHILD_AGREED, judged)}))
    prefix = f"child_{cast.child.pk}_"
    assert {f"{prefix}competence_assessed_by", f"{prefix}competence_assessed_on"} <= set(
        refused.value.message_dict
    )
    assert not ConsentRecord.objects.exists()

    assessed = ConsentValidity(
        **{
            **judged.__dict__,
            "competence_assessed_by": "Sam Patel, school nurse",
            "competence_assessed_how": "Fraser guidelines, talked it through alone",
            "competence_assessed_on": timezone.localdate(),
        }
    )
    contact = send(
        cast, request_consent(children={cast.child.pk: ChildOwnConsent(CHILD_AGREED, assessed)})
    )

    records = ConsentRecord.objects.filter(person=cast.child).order_by("pk")
    assert [r.given_by for r in records] == ["parent_or_carer", "child"]
    assert contact.consent == records[1] == consent_current(cast.child, "early_help")
    assert records[1].competence_assessed_by == "Sam Patel, school nurse"


def test_consent_that_was_not_freely_given_is_refused_on_its_field(cast: Cast) -> None:
    pressured = ConsentValidity(voluntary=False, explained=VALID.explained, giver_has_capacity=True)
    with pytest.raises(ValidationError) as refused:
        send(cast, request_consent(validity=pressured, given_by_name=""))
    assert {"voluntary", "given_by_name"} <= set(refused.value.message_dict)
    assert not ConsentRecord.objects.exists()


def test_a_young_person_agreeing_for_themselves_needs_no_parent(cast: Cast) -> None:
    cast.child.date_of_birth = date(2009, 1, 1)
    cast.child.save()
    judged = ConsentValidity(
        voluntary=True,
        explained=(),
        giver_has_capacity=True,
        capacity_judged="Seventeen; talked it through and chose for himself",
    )
    contact = send(
        cast,
        request_consent(
            given_by="child",
            given_by_name="Kayden Fletcher",
            child_not_asked_reason="",
            children={cast.child.pk: ChildOwnConsent(CHILD_AGREED, judged)},
        ),
    )
    assert contact.consent is not None
    assert contact.consent.given_by == "child"
    assert contact.consent.capacity_judged.startswith("Seventeen")


def test_a_framework_that_asks_only_the_parent_needs_no_answer_about_the_child(
    cast: Cast, settings: Settings
) -> None:
    settings.RIGHTHELP_ACTIVE_FRAMEWORK = "nottingham-2018"
    contact = send(cast, request_consent(child_not_asked_reason=""))
    assert contact.status == ContactStatus.RECEIVED
    assert contact.consent is not None
    assert contact.consent.child_not_asked_reason == ""


def test_a_lawful_basis_recorded_for_another_request_does_not_send_this_one(cast: Cast) -> None:
    lawful_basis_record(
        actor=cast.involved,
        person=cast.child,
        basis="safeguarding",
        reasons="An earlier concern",
        parents_told=True,
        share_with=["childrens_social_care"],
        context="contact:999",
    )
    contact = draft(cast)
    with pytest.raises(ValidationError) as refused:
        services.request_submit(actor=cast.involved, contact=contact)
    assert "consent" in refused.value.message_dict


def test_the_check_page_asks_for_the_childs_own_consent_and_shows_what_is_missing(
    cast: Cast, client: Client
) -> None:
    contact = draft(cast)
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-submit", kwargs={"contact_id": contact.pk})

    page = client.get(url).content.decode()
    assert "Kayden Fletcher's own consent" in page
    assert "Did Kayden Fletcher agree themselves?" in page
    assert "What did you explain before they agreed?" in page

    answer = f"child_{cast.child.pk}_answer"
    refused = client.post(
        url,
        {
            "version": contact.version,
            "consent": "yes",
            "given_by": "parent_or_carer",
            "given_by_name": "Jo Fletcher",
            "method": "verbal",
            "voluntary": "yes",
            "explained": ["what", "who"],
            "giver_has_capacity": "yes",
        },
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "explain, and tick, why it will be shared; what will happen next" in html
    assert "Say whether Kayden Fletcher agreed themselves" in html
    assert f'href="#id_{answer}_0"' in html
    assert not ConsentRecord.objects.exists()

    sent = client.post(
        url,
        {
            "version": contact.version,
            "consent": "yes",
            "given_by": "parent_or_carer",
            "given_by_name": "Jo Fletcher",
            "method": "verbal",
            **VALID_FORM,
            answer: "not_appropriate",
            f"child_{cast.child.pk}_reason": "He is 10 and could not weigh it up",
        },
    )
    assert sent.status_code == 302
    consent = consent_current(cast.child, "early_help")
    assert consent is not None and consent.child_not_asked_reason.startswith("He is 10")
