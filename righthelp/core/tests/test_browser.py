"""Headless Chromium against a real server: sign in, find a child, open the record, with
keyboard only where it matters, and an axe-core WCAG 2.2 AA check of each page.

The server runs in its own process on its own SQLite file, loaded with the demo data, exactly
as `make run` would serve it. Skipped (loudly) when Debian's chromium is not installed, except
under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        pytest.skip("Browser tests run once, in the SQLite pass")
    if not CHROMIUM.exists():
        _skip_or_fail("Debian's chromium is not installed (scripts/ensure_chromium.sh)")
    if not AXE.exists():
        _skip_or_fail("axe-core is not installed (npm ci)")
    db = tmp_path_factory.mktemp("browser") / "righthelp.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "righthelp.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "demo_data", "--families", "30", "--seed", "1"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [*manage, "demo_early_help"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("The server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return r.violations.map(
                v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return list(result)


def sign_in(page: Page, base: str, username: str = "pat.teacher") -> None:
    page.goto(f"{base}/")
    assert "/sign-in/" in page.url
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("righthelp-demo")
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


from playwright.sync_api import expect  # noqa: E402


def test_a_practitioner_signs_in_finds_a_child_and_sees_the_family(
    server: str, browser: Browser
) -> None:
    page = browser.new_page()
    page.goto(f"{server}/sign-in/")
    assert axe_violations(page) == []
    sign_in(page, server)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    assert axe_violations(page) == []

    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    assert axe_violations(page) == []
    first = page.locator("table.govuk-table tbody a").first
    name = first.inner_text()
    page.get_by_label("Name").fill(name.split()[-1])
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Family network").click()
    expect(page.get_by_role("heading", name="Family network", level=1)).to_be_visible()
    expect(page.locator("figure.rh-network")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Professionals").first.click()
    expect(page.get_by_role("cell", name="Pat Okoro")).to_be_visible()
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_role("heading", name="Chronology", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Record created").first).to_be_visible()
    assert axe_violations(page) == []
    page.close()


def test_a_form_with_mistakes_moves_focus_to_the_error_summary(
    server: str, browser: Browser
) -> None:
    page = browser.new_page()
    sign_in(page, server)
    page.goto(f"{server}/people/add/")
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("NHS number").fill("9434765918")
    page.get_by_role("button", name="Add person").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert "Enter a family name" in summary.inner_text()
    assert page.get_by_label("NHS number").input_value() == "9434765918"
    assert axe_violations(page) == []
    page.close()


def test_every_page_works_without_javascript(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/people/")
    rows = page.locator("table.govuk-table tbody tr")
    assert rows.count() > 0
    page.get_by_role("button", name="Apply filters").click()
    assert page.locator("table.govuk-table").is_visible()
    context.close()


def test_the_threshold_guide_suggests_a_level_with_and_without_javascript(
    server: str, browser: Browser
) -> None:
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        sign_in(page, server, "erin.earlyhelp")
        page.goto(f"{server}/thresholds/nottingham-2018/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if javascript:
            assert axe_violations(page) == []
        page.locator("input[name='needs']").first.check()
        page.get_by_role("button", name="Suggest a level").click()
        expect(page.locator("#rh-result-title")).to_have_text("Suggested level")
        if javascript:
            assert axe_violations(page) == []
        context.close()


def test_an_early_help_worker_opens_a_family_and_its_plan_by_keyboard(
    server: str, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/early-help/")
    assert axe_violations(page) == []
    first = page.locator("table.govuk-table tbody tr a").first
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/early-help/episodes/" in page.url
    assert axe_violations(page) == []
    episode_url = page.url.rstrip("/")
    for part in ("assessment", "meetings", "plan", "plan/versions", "outcome-scales"):
        page.goto(f"{episode_url}/{part}/")
        assert page.locator("h1").count() == 1, part
        assert axe_violations(page) == [], part
    page.goto(f"{episode_url}/plan/print/")
    assert "bring the family to the early help action meeting" in page.content()
    assert axe_violations(page) == []
    context.close()


# --- Issue 7: chronology, disagreements, work due ------------------------------------------


def _first_person_url(page: Page, base: str) -> str:
    page.goto(f"{base}/people/")
    first = page.locator("table.govuk-table tbody tr a").first
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/people/" in page.url
    return page.url.rstrip("/")


def _type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_a_worker_reads_filters_and_adds_to_a_chronology_by_keyboard(
    server: str, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    _first_person_url(page, server)
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_role("heading", name="Chronology", level=1)).to_be_visible()
    chronology_url = page.url.split("?")[0]
    assert axe_violations(page) == []

    # Filters: significant events only, and a date range, by keyboard.
    page.get_by_label("Significant events only").focus()
    page.keyboard.press("Space")
    _type_into(page, "input[name='date_from-day']", "1")
    _type_into(page, "input[name='date_from-month']", "1")
    _type_into(page, "input[name='date_from-year']", "2000")
    page.get_by_role("button", name="Apply filter").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "significant_only=on" in page.url
    expect(page.get_by_label("Significant events only")).to_be_checked()
    assert axe_violations(page) == []

    # Adding an entry: an empty form shows the error summary with focus on it.
    page.goto(chronology_url)
    page.get_by_role("link", name="Add an entry").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add an entry to the chronology")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save entry").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert "Enter what happened" in summary.inner_text()
    assert axe_violations(page) == []

    # Then filled in by keyboard and saved once.
    _type_into(page, "input[name='occurred_on-day']", "2")
    _type_into(page, "input[name='occurred_on-month']", "3")
    _type_into(page, "input[name='occurred_on-year']", "2025")
    _type_into(page, "textarea[name='what_happened']", "Zoë told her teacher about a row at home")
    page.get_by_label("Significant", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save entry").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The entry has been added"
    )
    expect(page.get_by_text("Zoë told her teacher about a row at home")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Family chronology").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("chronology")
    assert axe_violations(page) == []
    context.close()


def test_a_disagreement_is_raised_then_seen_by_the_manager_and_in_the_report(
    server: str, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    person_url = _first_person_url(page, server)
    page.get_by_role("link", name="Raise a disagreement").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Raise a professional disagreement")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Raise disagreement").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe_violations(page) == []

    page.get_by_label("A worry not shared by the allocated worker").focus()
    page.keyboard.press("Space")
    _type_into(page, "textarea[name='disagree_with']", "No worries recorded about home")
    _type_into(page, "textarea[name='reason']", "Hungry every morning")
    _type_into(page, "textarea[name='risk']", "Neglect")
    _type_into(page, "textarea[name='wanted']", "A home visit this week")
    page.get_by_role("button", name="Raise disagreement").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Professional disagreement")).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your disagreement has been raised"
    )
    assert "/disagreements/" in page.url
    assert axe_violations(page) == []
    page.goto(person_url)
    expect(page.get_by_role("heading", name="Professional disagreements")).to_be_visible()

    for url, heading in (("/my-work/", "My work"), ("/my-work/notifications/", "My notifications")):
        page.goto(f"{server}{url}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert axe_violations(page) == [], url
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "tom.manager")
    page.goto(f"{server}/disagreements/")
    expect(page.get_by_role("heading", name="Open disagreements")).to_be_visible()
    expect(page.locator("table.govuk-table tbody tr").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("High risk only").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Apply filters").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "high_risk=on" in page.url
    assert axe_violations(page) == []
    page.get_by_role("link", name="See the report").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Disagreements report")).to_be_visible()
    assert axe_violations(page) == []
    for url, heading in (("/my-work/", "My work"), ("/my-work/notifications/", "My notifications")):
        page.goto(f"{server}{url}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert axe_violations(page) == [], url
    context.close()


def test_many_known_checks_are_answered_and_the_ig_lead_reviews_the_alert(
    server: str, browser: Browser
) -> None:
    page = browser.new_page()
    sign_in(page, server, "hana.health")

    def known_check(family: str, year: str) -> None:
        page.goto(f"{server}/is-this-child-known/")
        page.get_by_label("Family name").fill(family)
        page.locator('input[name="date_of_birth-day"]').fill("1")
        page.locator('input[name="date_of_birth-month"]').fill("6")
        page.locator('input[name="date_of_birth-year"]').fill(year)
        page.get_by_role("button", name="Check").click()
        page.wait_for_load_state()

    # A date of birth in the future is refused, with what was typed kept
    known_check("Nobody", "2099")
    assert page.title().startswith("Error:")
    assert (
        "Date of birth must be today or in the past"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.locator('input[name="date_of_birth-year"]').input_value() == "2099"
    assert axe_violations(page) == []
    # 31 checks in a few seconds: every one is answered
    for n in range(31):
        known_check(f"Nobody{n}", "2014")
        expect(page.get_by_role("heading", name="No match found")).to_be_visible()
    assert axe_violations(page) == []
    page.close()

    page = browser.new_page()
    sign_in(page, server, "iris.governance")
    page.get_by_role("link", name="Access alerts").click()
    expect(page.get_by_role("heading", name="Access alerts", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.locator("table.govuk-table tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("31 checks by")
    assert axe_violations(page) == []
    page.get_by_label("What did you find?").fill("Spoke to Hana: checking a new caseload.")
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your review has been recorded"
    )
    assert axe_violations(page) == []
    page.close()


# --- Issue 13: long text, narrow screens and landmarks ----------------------------------------

PHONE: ViewportSize = {"width": 320, "height": 640}


def page_scrolls_sideways(page: Page) -> bool:
    """Whether the page itself is wider than the window (a table in its own pane may be)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def outside_landmarks(page: Page, selector: str) -> list[str]:
    return list(
        page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter(e => !e.closest('header, main, nav, footer, aside, [role=region]'))
                .map(e => e.className)""",
            selector,
        )
    )


def test_at_320px_the_people_list_scrolls_in_its_own_pane_not_the_page(
    server: str, browser: Browser
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/people/")
    pane = page.get_by_role("region", name="People matching the filters")
    expect(pane.locator("table.govuk-table")).to_be_visible()
    assert page.evaluate("document.querySelector('.rh-scroll-pane').scrollWidth > 320")
    assert not page_scrolls_sideways(page)
    assert axe_violations(page) == []
    context.close()


def test_at_320px_a_threshold_result_wraps_a_long_e_mail_address(
    server: str, browser: Browser
) -> None:
    # Worcestershire's level 4 tells you to e-mail SocialCare@worcestershire.gov.uk
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/thresholds/worcestershire-2008/")
    page.locator("input[value='worcestershire-2008/child-in-need/s17-c']").check()
    page.get_by_role("button", name="Suggest a level").click()
    expect(page.locator("#rh-suggested-level")).to_contain_text("Level 4")
    expect(page.get_by_text("SocialCare@worcestershire.gov.uk").first).to_be_visible()
    assert not page_scrolls_sideways(page)
    assert axe_violations(page) == []
    context.close()


def test_the_phase_banner_and_back_link_are_in_landmarks(server: str, browser: Browser) -> None:
    page = browser.new_page()
    sign_in(page, server, "erin.earlyhelp")
    page.goto(f"{server}/thresholds/hull-2018/")
    expect(page.locator(".govuk-back-link")).to_be_visible()
    assert outside_landmarks(page, ".govuk-phase-banner, .govuk-back-link") == []
    page.add_script_tag(path=str(AXE))
    region = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['region']})).violations.length"
    )
    assert region == 0
    page.close()


def test_a_long_text_typed_past_its_limit_is_kept_whole_with_an_error(
    server: str, browser: Browser
) -> None:
    page = browser.new_page()
    sign_in(page, server, "erin.earlyhelp")
    person_url = _first_person_url(page, server)
    person_id = person_url.rsplit("/", 1)[-1]
    page.goto(f"{server}/chronology/person/{person_id}/add/")
    expect(page.get_by_text("You can enter up to 5,000 characters").first).to_be_attached()
    typed = ("Mum said the landlord shouted 🙂 again.\n" * 250)[:10000]
    page.locator("textarea[name='what_happened']").fill(typed)
    # The browser keeps every character (it used to keep 4,834 of them, silently)
    assert page.locator("textarea[name='what_happened']").input_value() == typed
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "What happened must be 5,000 characters or fewer"
    )
    assert page.locator("textarea[name='what_happened']").input_value() == typed
    assert axe_violations(page) == []
    page.close()
