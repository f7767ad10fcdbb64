"""The page title starts "Error: " when any form on the page is in error, not only one called
``form``: the request for support and a consultation embed the threshold part as a second form,
and an error in that part alone left the title as if all was well (WCAG 2.2 3.3.1)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from righthelp.core.forms import GovukForm
from righthelp.frontdoor import services
from righthelp.frontdoor.services import SubjectDetails

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

NOT_AN_INDICATOR = {"threshold-needs": ["not-an-indicator"]}


def title(response: TestResponse) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match is not None
    return match.group(1).strip()


def test_a_request_for_support_with_only_its_threshold_part_in_error_says_error(
    cast: Cast, client: Client
) -> None:
    # Given a draft request whose own fields are all fine
    contact = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Kayden has been coming to school hungry and withdrawn",
    )
    client.force_login(cast.involved)
    url = reverse("frontdoor:request-edit", kwargs={"contact_id": contact.pk})
    data = {
        "version": contact.version,
        "worry": "Kayden has been coming to school hungry and withdrawn",
        "urgency": "routine",
        "referrer_view_scale": "3",
        "family_knows": "yes",
        "action": "draft",
    }
    # When it is saved with a need that is not in the framework
    response = client.post(url, {**data, **NOT_AN_INDICATOR})
    # Then the page is shown again with the error, and its title says so
    assert response.status_code == 200
    assert "not-an-indicator" in response.content.decode()
    assert title(response).startswith("Error: Request for support")


def test_a_consultation_with_only_its_threshold_part_in_error_says_error(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("frontdoor:consultation-new")
    response = client.post(url, {"question": "What level is this?", **NOT_AN_INDICATOR})
    assert response.status_code == 200
    assert title(response).startswith("Error: Ask the front door for advice")


def test_a_page_without_errors_has_no_prefix(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    response = client.get(reverse("frontdoor:consultation-new"))
    assert title(response).startswith("Ask the front door for advice")


class NameForm(GovukForm):
    name = forms.CharField(label="Name")


NameFormSet = forms.formset_factory(NameForm, extra=0)


@pytest.mark.parametrize(
    ("context", "prefix"),
    [
        ({"search_form": NameForm({"name": ""})}, "Error: "),
        ({"search_form": NameForm({"name": "Sam"})}, ""),
        ({"search_form": NameForm()}, ""),  # unbound: nothing sent yet
        ({"forms": [NameForm({"name": "Sam"}), NameForm({"name": ""})]}, "Error: "),
        (
            {
                "people": NameFormSet(
                    {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-name": ""}
                )
            },
            "Error: ",
        ),
    ],
)
def test_the_prefix_comes_from_any_form_or_formset_on_the_page(
    context: dict[str, Any], prefix: str
) -> None:
    html = Template("{% load govuk %}{% govuk_title_prefix %}").render(Context(context))
    assert html == prefix
