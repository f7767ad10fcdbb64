"""The sign-in page: for staff, and a way on for anyone without an account."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client, override_settings
from django.urls import reverse

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@override_settings(RIGHTHELP_FRONT_DOOR_PHONE="01632 960 321")
def test_the_sign_in_page_leads_the_public_to_the_forms_and_the_front_doors_number(
    client: Client,
) -> None:
    # Given someone without an account on the sign-in page
    page = client.get(reverse("accounts:sign-in")).content.decode()
    # Then it links to reporting a concern and asking for help, and gives the number to phone
    assert f'href="{reverse("frontdoor:report-concern")}">Report a concern about a child' in page
    assert f'href="{reverse("frontdoor:ask-for-help")}">Ask for help for your family' in page
    assert "phone the front door on <strong" in page and "01632 960 321" in page
    assert "call 999" in page


def test_signing_in_still_works(client: Client, cast: Cast, password: str) -> None:
    response = client.post(
        reverse("accounts:sign-in"), {"username": "involved", "password": password}
    )
    assert response.status_code == 302
