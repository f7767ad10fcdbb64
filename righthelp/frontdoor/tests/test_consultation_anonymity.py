"""Anonymous consultations stay anonymous: a question (or an answer in its threshold selection)
with what looks like a name with a date of birth, an NHS number, a postcode or a phone number is
stopped before anything is saved, saying which kind of detail was found and where, through the
detector, the service and the page."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.frontdoor import services
from righthelp.frontdoor.anonymity import (
    NAME_AND_DATE_OF_BIRTH,
    NHS_NUMBER,
    PHONE_NUMBER,
    POSTCODE,
    identifying_details,
)
from righthelp.frontdoor.models import Consultation
from righthelp.thresholds import services as threshold_services
from righthelp.thresholds.models import ThresholdEvaluation
from righthelp.thresholds.selectors import framework_active

if TYPE_CHECKING:
    from conftest import Cast

TODAY = date(2026, 11, 23)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in identifying_details(text, today=TODAY)]


# --- What counts as identifying ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NHS number 485 777 3457 is on his file.", [(NHS_NUMBER, "485 777 3457")]),
        ("His NHS no. is 4857773457", [(NHS_NUMBER, "4857773457")]),
        ("Mum can be reached on 07700 900982 after 3pm.", [(PHONE_NUMBER, "07700 900982")]),
        ("Ring the school on (01632) 960 001", [(PHONE_NUMBER, "(01632) 960 001")]),
        ("Dad's mobile is +44 7700 900982", [(PHONE_NUMBER, "+44 7700 900982")]),
        ("They live at 12 Hessle Road, HU3 2AA.", [(POSTCODE, "HU3 2AA")]),
        ("postcode hu32aa", [(POSTCODE, "hu32aa")]),
        (
            "Kayden Fletcher (01/06/2015) has been coming in hungry.",
            [(NAME_AND_DATE_OF_BIRTH, "Kayden Fletcher, 01/06/2015")],
        ),
        (
            "Kayden, born 1st June 2015, is hungry.",
            [(NAME_AND_DATE_OF_BIRTH, "Kayden, 1st June 2015")],
        ),
        (
            "The boy, DOB 1 June 2015, says his dad hits him. His name is Kayden.",
            [(NAME_AND_DATE_OF_BIRTH, "Kayden, 1 June 2015")],
        ),
        (
            "Her mother, Mrs Shaw, was born on 12/05/1988.",
            [(NAME_AND_DATE_OF_BIRTH, "Mrs Shaw, 12/05/1988")],
        ),
    ],
)
def test_identifying_details_are_found_with_what_was_typed(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert kinds(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "A 6 year old boy in Year 2 has bruising on his arm. Mum says he fell. What should I do?",
        "They live in HU3, in the west of the city.",  # a district alone identifies nobody
        "Childline is 0800 1111 if the child wants to talk.",  # a helpline, not a subscriber
        "She is in Y10 1st term and turns 15 on 3 March.",
        "Will the front door take this? On 12 March 2024 the school saw bruises.",  # no name
        "The boy (DOB 01/06/2015) has been coming in hungry.",  # a date of birth, no name
        "Grace is 7 and the family moved here last May.",  # a name, no date
        "The child is 8. Since 01/09/2023 attendance has dropped.",
        "Score went from 3 to 7 between 2019 and 2024; 14 days missed.",
    ],
)
def test_an_anonymous_description_passes(text: str) -> None:
    assert kinds(text) == []


# --- The service: nothing is saved ------------------------------------------------------------


@pytest.mark.django_db
def test_a_question_with_a_phone_number_is_refused_before_it_is_saved(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.consultation_ask(
            actor=cast.involved,
            question="A girl of 9 looks after her mum. Her mum's number is 07700 900982.",
        )
    [message] = refused.value.message_dict["question"]
    assert message.startswith("Your question contains what looks like a phone number")
    assert "07700 900982" in message
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_every_kind_found_is_named_in_the_message(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.consultation_ask(
            actor=cast.involved,
            question="Kayden Fletcher (01/06/2015), NHS 485 777 3457, lives at HU3 2AA.",
        )
    [message] = refused.value.message_dict["question"]
    for words in ("a name with a date of birth", "an NHS number", "a postcode"):
        assert words in message
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_the_threshold_selections_free_text_is_checked_too(cast: Cast) -> None:
    framework = framework_active()
    question = framework.key_questions[0]
    evaluation = threshold_services.evaluation_record(
        actor=cast.involved,
        framework=framework,
        needs=[framework.needs()[0].id],
        key_answers={question.id: "Her postcode is HU3 2AA"},
        context="consultation",
    )
    with pytest.raises(ValidationError) as refused:
        services.consultation_ask(
            actor=cast.involved, question="What level is this?", threshold_evaluation=evaluation
        )
    [message] = refused.value.message_dict[f"key_{question.id}"]
    assert "a postcode" in message and "threshold question" in message
    assert not Consultation.objects.exists()


# --- The page: stopped, saying where, keeping what was typed ------------------------------------


@pytest.mark.django_db
def test_the_page_stops_an_identifying_question_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    question = "A 9-year-old at our school, postcode HU3 2AA, says she is left alone at night."
    response = client.post(
        reverse("frontdoor:consultation-new"),
        {"question": question, "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Your question contains what looks like a postcode" in page
    assert 'href="#id_question"' in page
    assert question in page
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_the_page_stops_an_identifying_threshold_answer_and_saves_no_evaluation(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    framework = framework_active()
    need = framework.needs()[0]
    key = framework.key_questions[0]
    answer = "Her NHS number is 485 777 3457"
    response = client.post(
        reverse("frontdoor:consultation-new"),
        {
            "question": "What level would this be?",
            "threshold-needs": [need.id],
            f"threshold-key_{key.id}": answer,
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your answer to this threshold question contains what looks like an NHS number" in page
    assert answer in page
    assert not Consultation.objects.exists()
    assert not ThresholdEvaluation.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_question_is_still_sent(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    response = client.post(
        reverse("frontdoor:consultation-new"),
        {
            "question": "A 9-year-old says she looks after her mum most evenings. What next?",
            "submission_key": str(uuid.uuid4()),
        },
        follow=True,
    )
    assert "Your question has been sent to the front door" in response.content.decode()
    assert Consultation.objects.count() == 1
