"""The consent pages in a real browser: recording valid consent, the refusal when it is not
shown to be valid, and a withdrawal's banner, each checked with axe-core (WCAG 2.2 AA).
Uses the browser tests' server (demo data) and Chromium."""

from __future__ import annotations

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


def test_consent_is_recorded_valid_and_withdrawn_with_who_was_told(
    server: str,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/people/")
    page.locator("table.govuk-table tbody tr a").first.click()
    person_url = page.url.rstrip("/")

    page.goto(f"{person_url}/consent/")
    expect(page.get_by_role("heading", name="Consent and sharing", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record a consent decision").click()
    assert axe_violations(page) == []

    page.get_by_label("Sharing information between agencies").check()
    page.get_by_label("Consent given").check()
    page.get_by_label("Parent or carer").check()
    page.get_by_label("Their name").fill("Jo Demo")
    page.get_by_label("Early help service").check()
    page.get_by_label("Verbally").check()
    page.get_by_role("button", name="Save decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say whether they agreed freely")
    expect(summary).to_contain_text("explain, and tick, what information will be shared")
    assert page.get_by_label("Their name").input_value() == "Jo Demo"
    assert axe_violations(page) == []

    page.locator("#id_voluntary_0").check()
    for n in range(4):
        page.locator(f"#id_explained_{n}").check()
    page.locator("#id_giver_has_capacity_0").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been recorded")
    expect(page.get_by_text("Agreed freely").first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role(
        "link", name="Withdraw consent for sharing information between agencies"
    ).click()
    assert axe_violations(page) == []
    page.get_by_label("Name of the person withdrawing consent").fill("Jo Demo")
    page.get_by_label("In writing").check()
    page.get_by_role("button", name="Withdraw consent").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("has been withdrawn and sharing for it has stopped")
    assert axe_violations(page) == []

    page.goto(f"{server}/my-work/")
    assert axe_violations(page) == []
    context.close()
