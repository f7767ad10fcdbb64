"""Headless Chromium: an early help worker steps a family up to the front door, and a
front-door worker opens the contact and follows its links to the family's assessment and the
agreed plan, read-only; axe-core finds no WCAG 2.2 AA violation on any page on the way.

Uses the server (demo data loaded) and browser of ``core/tests/test_browser.py``, in a server
of its own (this module's), since stepping up changes the demo family.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from righthelp.core.tests.test_browser import axe_violations, browser, server, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

__all__ = ["browser", "server"]  # the fixtures, shared with the core browser tests


def test_a_step_up_is_opened_by_the_front_door_from_the_contact(
    server: str, browser: Browser
) -> None:
    # The early help worker steps the first family on her caseload up to the front door.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/early-help/")
    page.locator("table.govuk-table tbody tr a").first.click()
    page.get_by_role("link", name="Step up", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step-up consultation")
    assert axe_violations(page) == []
    page.get_by_label("What are you worried about?").fill(
        "Mum says dad is drinking again and the children are frightened at night."
    )
    page.get_by_label("Formal contact to the front door").check()
    page.get_by_role("button", name="Record the consultation").click()
    page.wait_for_load_state()
    banner = page.locator(".govuk-notification-banner").inner_text()
    found = re.search(r"contact (FD-\d\d-\d+) is at the front door", banner)
    assert found, banner
    reference = found.group(1)
    context.close()

    # The front-door worker opens the contact from the queue.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "fran.frontdoor")
    page.goto(f"{server}/front-door/")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {reference}")
    expect(page.get_by_role("heading", name="Handed over from early help")).to_be_visible()
    assert axe_violations(page) == []
    contact_url = page.url

    # The assessment (in progress in the demo, and marked so), read-only.
    page.locator("#handover-links").get_by_role(
        "link", name=re.compile("Early help assessment")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Early help assessment")
    expect(page.locator("#assessment-in-progress")).to_be_visible()
    assert page.locator("main form").count() == 0  # read only: nothing to save here
    assert axe_violations(page) == []

    # The agreed plan, named by its version and the day it was agreed.
    page.goto(contact_url)
    plan_link = page.locator("#handover-links").get_by_role(
        "link", name=re.compile(r"Plan version \d+, agreed \d+ \w+ \d{4}")
    )
    plan_name = plan_link.inner_text()
    plan_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan_name)
    assert axe_violations(page) == []

    # And the family's chronology, from the handover's own navigation.
    page.get_by_role("link", name="Chronology", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The family's chronology")
    expect(page.get_by_text("Stepped up to the front door").first).to_be_visible()
    assert axe_violations(page) == []
    context.close()
