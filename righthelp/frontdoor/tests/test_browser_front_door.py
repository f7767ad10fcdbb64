"""Headless Chromium on the front-door pages this work changed, with an axe-core WCAG 2.2 AA
check of each: an identifying consultation stopped with its error summary, and a telephone-only
referrer's contact page (Think Family, "telephone the referrer") and feedback page.

Uses the server and browser of ``core/tests/test_browser.py`` (demo data, its own SQLite file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from righthelp.core.tests.test_browser import (  # noqa: F401 (fixtures)
    axe_violations,
    browser,
    server,
    sign_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_an_identifying_consultation_is_stopped_with_an_accessible_error(
    server: str,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    page = browser.new_page()
    sign_in(page, server)
    page.goto(f"{server}/consultations/new/")
    question = "A girl of 9 at our school, who lives at HU3 2AA, is often left alone at night."
    page.get_by_label("What would you like advice on?").fill(question)
    page.get_by_role("button", name="Send question").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Your question contains what looks like a postcode")
    assert page.get_by_label("What would you like advice on?").input_value() == question
    assert axe_violations(page) == []
    page.close()


def test_a_telephone_only_referrers_contact_and_feedback_pages_are_accessible(
    server: str,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    page = browser.new_page()
    sign_in(page, server, "fran.frontdoor")
    page.goto(f"{server}/front-door/telephone/")
    page.get_by_label("Caller's name").fill("Dr Amira Khan")
    page.get_by_label("Agency").fill("Westfield Surgery")
    page.get_by_label("Phone").fill("01482 000222")
    page.locator("input[name='child_1_given_name']").fill("Leo")
    page.locator("input[name='child_1_family_name']").fill("Marsh")
    page.get_by_label("What the caller is worried about").fill("Leo has stopped attending")
    page.get_by_role("button", name="Record the telephone contact").click()
    page.wait_for_load_state()
    expect(
        page.get_by_role("heading", name="Think Family: other children's professionals")
    ).to_be_visible()
    expect(page.get_by_text("nobody has told them yet")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Telephone the referrer and record that you telephoned").click()
    expect(page.get_by_role("heading", name="Telephone the referrer", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Record that I telephoned")).to_be_visible()
    assert axe_violations(page) == []
    page.close()
