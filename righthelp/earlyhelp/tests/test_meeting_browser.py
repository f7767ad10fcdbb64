"""Headless Chromium: an early help worker moves a Team Around the Family meeting to a new date,
by keyboard, and sees the old date kept in the meeting's history; axe-core finds no WCAG 2.2
AA violation on the pages on the way, including the form with its errors.

Uses the server (demo data loaded) and browser of ``core/tests/test_browser.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from righthelp.core.tests.test_browser import axe_violations, browser, server, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

__all__ = ["browser", "server"]  # the fixtures, shared with the core browser tests


def test_a_worker_moves_a_meeting_and_its_history_keeps_the_old_date(
    server: str, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/early-help/")
    page.locator("table.govuk-table tbody tr a").first.click()
    episode_url = page.url.rstrip("/")
    page.goto(f"{episode_url}/meetings/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="First Team Around the Family meeting").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("First Team Around the Family")
    old_when = page.locator(".govuk-summary-list__row").first.inner_text()
    assert axe_violations(page) == []

    move = page.get_by_role("link", name="Move the meeting")
    move.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Move the")
    assert axe_violations(page) == []

    # Without a reason: the error summary takes focus and links to the reason box.
    page.get_by_label("Why is the meeting moving?").fill("")
    page.get_by_role("button", name="Move the meeting").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why the meeting is moving")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe_violations(page) == []

    new = timezone.localtime() + timedelta(days=20)
    page.get_by_label("New date and time (dd/mm/yyyy hh:mm)").fill(new.strftime("%d/%m/%Y 14:30"))
    page.get_by_label("Why is the meeting moving?").fill("Mum starts a new job that week")
    page.get_by_label("Why is the meeting moving?").press("Tab")
    page.keyboard.press("Enter")  # the submit button is next
    page.wait_for_load_state()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Meeting moved to")
    history = page.locator("#meeting-history")
    expect(history).to_contain_text("Moved from")
    expect(history).to_contain_text(f"to {new.day} {new:%B %Y} at 2:30pm")
    expect(history).to_contain_text("Mum starts a new job that week")
    assert "When" in old_when
    assert axe_violations(page) == []
    context.close()


def test_the_new_early_help_pages_pass_axe_and_a_worry_of_1_asks_about_stepping_up(
    server: str, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/early-help/")
    page.locator("table.govuk-table tbody tr a").first.click()
    episode_url = page.url.rstrip("/")

    page.goto(f"{episode_url}/outcome-scales/")
    expect(page.get_by_text("Date scored with the family")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{episode_url}/meetings/")
    page.get_by_role("link", name="First Team Around the Family meeting").first.click()
    page.get_by_role("link", name="Cancel the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel the")
    assert axe_violations(page) == []

    # Mum scores the worry at 1: the worker is asked whether to step up, and must say why not.
    page.goto(f"{episode_url}/assessment/safety/")
    page.get_by_label("Who was asked").first.fill("Mum")
    page.get_by_label("Their score from 0 to 10").first.select_option("1")
    page.get_by_role("button", name="Save and return to the assessment").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you need to step up now?")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Mum scored 1")
    assert axe_violations(page) == []
    page.get_by_role("radio", name="Not now").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why you are not stepping up now"
    )
    assert axe_violations(page) == []
    page.get_by_label("Why not now?").fill("Mum has her sister staying; the school sees him daily")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("not stepping up now")
    assert page.locator("#step-up-prompt").count() == 0
    assert axe_violations(page) == []

    page.goto(f"{episode_url}/assessment/sign-off/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("sign off")
    assert axe_violations(page) == []
    context.close()
