"""The public forms through the test client: no sign-in, a reference shown once, the 999 warning
first, and bad input (honeypot, rate limit, oversized or invalid) saving nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
    PublicSubmission,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

CONCERN = {
    "child_given_name": "Ellie",
    "child_family_name": "",
    "child_age": "6",
    "address": "Flat 2, Marlowe Court",
    "postcode": "hu3 1ab",
    "worry": "Shouting every night and the little girl is often left alone",
    "referrer_relationship": "Neighbour",
}


def html(response: TestResponse) -> str:
    return response.content.decode()


@pytest.mark.parametrize("name", ["frontdoor:report-concern", "frontdoor:ask-for-help"])
def test_the_public_forms_open_without_sign_in_with_the_999_warning_first(
    client: Client, name: str
) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = html(response)
    main = page[page.index('id="main-content"') :]
    assert main.index("If a child is in immediate danger, call 999") < main.index("<h1")
    assert 'name="website"' in page and 'tabindex="-1"' in page and "Leave this blank" in page


def test_a_concern_reaches_the_queue_and_the_reference_is_shown_once(client: Client) -> None:
    response = client.post(reverse("frontdoor:report-concern"), CONCERN, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == reverse("frontdoor:public-sent")
    contact = Contact.objects.get()
    assert contact.kind == ContactKind.PUBLIC_CONCERN and contact.status == ContactStatus.RECEIVED
    assert contact.referrer is None and contact.referrer_relationship == "Neighbour"
    subject = contact.subjects.get()
    assert subject.given_name == "Ellie" and subject.postcode == "HU3 1AB"
    assert "The child's age, as given: 6" in contact.worry
    sent = html(client.get(response["Location"]))
    assert "govuk-panel--confirmation" in sent and contact.reference in sent
    assert "What happens next" in sent
    assert contact.reference not in html(client.get(reverse("frontdoor:public-sent")))


def test_asking_for_help_needs_a_phone_number_or_email_address(client: Client) -> None:
    url = reverse("frontdoor:ask-for-help")
    data = {**CONCERN, "referrer_name": "Sam Shaw", "referrer_relationship": "Mum"}
    refused = html(client.post(url, data))
    assert "Enter a phone number or email address so we can contact you" in refused
    assert 'value="Sam Shaw"' in refused and not Contact.objects.exists()
    bad_email = html(client.post(url, {**data, "referrer_email": "sam.example.org"}))
    assert "Enter an email address in the correct format" in bad_email
    sent = client.post(url, {**data, "referrer_phone": "07700 900 982"})
    assert sent.status_code == 302
    contact = Contact.objects.get()
    assert contact.kind == ContactKind.SELF_REFERRAL and contact.referrer_phone == "07700 900 982"
    assert "Request for help sent" in html(client.get(sent["Location"]))


def test_a_filled_honeypot_pretends_to_succeed_and_saves_nothing(client: Client) -> None:
    response = client.post(
        reverse("frontdoor:report-concern"), {**CONCERN, "website": "http://spam.example"}
    )
    assert response.status_code == 302
    page = html(client.get(response["Location"]))
    assert "Concern sent" in page and "Your reference number" not in page
    assert not Contact.objects.exists() and not PublicSubmission.objects.exists()


@override_settings(RIGHTHELP_PUBLIC_FORM_LIMIT=1)
def test_the_rate_limit_shows_its_message_keeps_what_was_typed_and_saves_nothing(
    client: Client,
) -> None:
    url = reverse("frontdoor:report-concern")
    assert client.post(url, CONCERN, REMOTE_ADDR="203.0.113.9").status_code == 302
    limited = client.post(url, CONCERN, REMOTE_ADDR="203.0.113.9")
    page = html(limited)
    assert limited.status_code == 429
    assert "You have sent several forms in the last hour" in page
    assert "govuk-error-summary" in page and "Shouting every night" in page
    assert Contact.objects.count() == 1
    # Another sender is not held up.
    assert client.post(url, CONCERN, REMOTE_ADDR="192.0.2.1").status_code == 302


def test_oversized_and_invalid_input_is_refused_without_touching_the_queue(client: Client) -> None:
    url = reverse("frontdoor:report-concern")
    oversized = html(client.post(url, {**CONCERN, "worry": "x" * 5001}))
    assert "What you are worried about must be 5,000 characters or fewer" in oversized
    invalid = html(
        client.post(
            url,
            {
                **CONCERN,
                "child_given_name": "",
                "postcode": "not a postcode",
                "child_age": "seven",
                "worry": "",
            },
        )
    )
    for message in (
        "Enter the child&#x27;s name, or as much of it as you know",
        "Tell us what you are worried about",
        "Enter the child&#x27;s age as a whole number, like 7",
        'href="#id_postcode"',
    ):
        assert message in invalid, message
    assert 'value="not a postcode"' in invalid
    assert not Contact.objects.exists() and not PublicSubmission.objects.exists()


def test_the_confirmation_page_without_a_form_sent_says_so(client: Client) -> None:
    page = html(client.get(reverse("frontdoor:public-sent")))
    assert "Nothing has been sent from this browser recently" in page


def test_an_impossible_date_of_birth_is_named_without_optional(client: Client) -> None:
    page = html(
        client.post(
            reverse("frontdoor:report-concern"),
            {
                **CONCERN,
                "child_date_of_birth-day": "31",
                "child_date_of_birth-month": "2",
                "child_date_of_birth-year": "2019",
            },
        )
    )
    assert "Date of birth must be a real date" in page and 'value="31"' in page
    assert not Contact.objects.exists()
