"""The front door's link page in a browser, on the demo data: a telephone contact about a child
open to early help, the likely match found in all records, the record opened for the contact,
and "none of these" refused without a reason; each page checked with axe-core (WCAG 2.2 AA).

Reuses the app-wide browser fixtures (a server with the demo data, Debian's Chromium)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from righthelp.core.tests.test_browser import (  # noqa: F401 (fixtures)
    axe_violations,
    browser,
    server,
    sign_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def a_child_in_early_help(base: str, chromium: Browser) -> tuple[str, str, datetime]:
    """The name and date of birth of a child the demo early help worker works with."""
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, base, "erin.earlyhelp")
    page.goto(f"{base}/people/?kind=child")
    row = page.locator("table.govuk-table tbody tr").first
    name = row.locator("td").nth(0).inner_text().strip()
    born = datetime.strptime(row.locator("td").nth(1).inner_text().strip(), "%d %b %Y")
    context.close()
    given, family = name.split(" ", 1)
    return given, family, born


def test_the_front_door_finds_opens_and_checks_a_record_from_a_contact(
    server: str,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    given, family, born = a_child_in_early_help(server, browser)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "fran.frontdoor")

    # A telephone contact about the child, as the caller gives the details
    page.goto(f"{server}/front-door/telephone/")
    page.get_by_label("Caller's name").fill("PC Sam Dee")
    page.get_by_label("Agency").fill("Police")
    page.get_by_label("Phone").fill("01482 000000")
    page.locator('[name="child_1_given_name"]').fill(given)
    page.locator('[name="child_1_family_name"]').fill(family)
    page.locator('[name="child_1_date_of_birth-day"]').fill(str(born.day))
    page.locator('[name="child_1_date_of_birth-month"]').fill(str(born.month))
    page.locator('[name="child_1_date_of_birth-year"]').fill(str(born.year))
    page.get_by_label("What the caller is worried about").fill("Found alone late at night")
    page.get_by_label("Routine").check()
    page.get_by_role("button", name="Record the telephone contact").click()
    page.wait_for_load_state()

    # The link page searches all records and shows the child's record as a likely match
    page.get_by_role("link", name="Link to a record").first.click()
    expect(page.get_by_role("heading", name="All records")).to_be_visible()
    expect(page.locator(".rh-candidate").first).to_contain_text("likely to be the same person")
    assert axe_violations(page) == []

    # Opening the record from the page says why, and offers no changes
    page.get_by_role("link", name="Open the record").first.click()
    expect(page.locator(".rh-triage-read")).to_contain_text("You opened this record")
    assert page.get_by_role("link", name="Change").count() == 0
    assert axe_violations(page) == []

    # Back on the link page, "none of these" without a reason is refused, with focus on the
    # error summary
    page.locator(".govuk-back-link").click()
    page.get_by_role("button", name="None of these: create a record and link it").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why the person you are adding is none of these records")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe_violations(page) == []
    context.close()
