"""The service's own error pages: "Page not found" (in debug mode too, where Django would list
every URL of the service) and "Sorry, there is a problem with the service"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client, RequestFactory, override_settings

from righthelp import urls
from righthelp.core.views import server_error

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True, RIGHTHELP_FRONT_DOOR_PHONE="01632 960 123")
def test_in_debug_mode_a_missing_page_is_the_services_page_not_found_not_a_list_of_urls(
    client: Client,
) -> None:
    # Given the service running in debug mode (make run)
    # When someone opens an address that does not exist
    response = client.get("/no-such-page/")
    # Then they see the service's page, with the front door's number, and no list of URLs
    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "01632 960 123" in page
    assert "Using the URLconf" not in page
    assert "early-help/" not in page and "admin/" not in page


@override_settings(DEBUG=True)
def test_in_debug_mode_a_page_the_user_may_not_open_is_the_same_page_not_found(
    cast: Cast, client: Client
) -> None:
    # Given a practitioner with nothing to do with the child
    client.force_login(cast.practitioner)
    # When they open the child's record
    response = client.get(f"/people/{cast.child.pk}/")
    # Then they are told the page is not found, as for one that does not exist
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert "Raised by" not in page and "Using the URLconf" not in page


@override_settings(DEBUG=True)
def test_debug_mode_keeps_its_technical_page_for_a_server_error() -> None:
    # Debug mode's other help stays: an error in a view shows Django's technical page.
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="righthelp.core.tests.failing_urls"):
        response = client.get("/fails/")
    assert response.status_code == 500
    assert "ZeroDivisionError" in response.content.decode()


def test_without_debug_a_missing_page_is_the_services_page_not_found(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_server_error_says_sorry_and_gives_the_front_door_number() -> None:
    # The handler works without the request's context (the database may be what failed)
    assert urls.handler500 == "righthelp.core.views.server_error"
    with override_settings(RIGHTHELP_FRONT_DOOR_PHONE="01632 960 456"):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<title>Sorry, there is a problem with the service – RightHelp</title>" in page
    assert "Sorry, there is a problem with the service</h1>" in page
    assert "01632 960 456" in page


@override_settings(ROOT_URLCONF="righthelp.core.tests.failing_urls")
def test_a_server_error_without_debug_shows_the_services_page() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
