"""Headless Chromium: an early help worker starts early help from a family's page of people in
their roles, and adds a new partner who has joined a family's household, by keyboard where it
matters; axe-core finds no WCAG 2.2 AA violation on the pages on the way, with their errors.

Uses the server (demo data loaded) and browser of ``core/tests/test_browser.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from righthelp.core.tests.test_browser import axe_violations, browser, server, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

__all__ = ["browser", "server"]  # the fixtures, shared with the core browser tests


def test_starting_early_help_lists_the_family_in_their_roles(server: str, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/early-help/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Whose family is it?")
    assert axe_violations(page) == []

    # Someone Erin works with: the first person on her people list.
    page.goto(f"{server}/people/")
    name = page.locator("table.govuk-table tbody tr a").first.inner_text().strip()
    page.goto(f"{server}/early-help/start/")
    page.get_by_label("Name of a child or adult in the family").fill(name)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=name).first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("'s family")
    children = page.get_by_role("group", name="Children and unborn babies the early help is for")
    expect(children).to_be_visible()
    assert axe_violations(page) == []

    # Nothing chosen: the error summary takes focus and the page keeps the family listed.
    for box in page.locator("input[name='children']:checked").all():
        box.uncheck()
    page.get_by_role("button", name="Start early help").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the children the early help is for"
    )
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    expect(children).to_be_visible()
    assert axe_violations(page) == []
    context.close()


def test_a_new_partner_joins_a_familys_early_help(server: str, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/early-help/")
    page.locator("table.govuk-table tbody tr a").first.click()
    page.wait_for_load_state()
    episode_url = page.url
    joined = page.get_by_role("link", name="Someone has joined the family")
    joined.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Someone has joined the family")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Add to the family").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a family name")
    assert axe_violations(page) == []

    page.get_by_label("An adult (a new partner, a relative moving in)").check()
    page.get_by_label("Given name").fill("Quentin")
    page.get_by_label("Family name").fill("Newpartner")
    page.get_by_label("Day").first.fill("4")
    page.get_by_label("Month").first.fill("7")
    page.get_by_label("Year").first.fill("1987")
    page.get_by_label("Lives with the family at", exact=False).first.check()
    page.get_by_role("button", name="Add to the family").click()
    page.wait_for_load_state()

    assert page.url == episode_url
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Quentin Newpartner added to early help"
    )
    expect(page.locator("#chronology ~ .moj-timeline").first).to_contain_text(
        "Quentin Newpartner added to early help"
    )
    assert axe_violations(page) == []
    context.close()
