"""Headless Chromium: a disagreement about a declined referral climbs three levels of the demo
ladder (the front-door worker who decided, her manager, the service manager), each holder told
and acting from their notice, whoever raised it told of each escalation and of the outcome, and
the upheld outcome sending the contact back to the front door. Each page is checked with
axe-core (WCAG 2.2 AA), as in ``righthelp/core/tests/test_browser.py``, whose browser and checks
this reuses; the server is this module's own, with a declined referral made through the front
door's services on top of the demo data."""

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

from righthelp.core.tests.test_browser import (  # noqa: F401  (browser is a fixture)
    AXE,
    CHROMIUM,
    _skip_or_fail,
    axe_violations,
    browser,
    sign_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.browser

# Pat (the demo school's safeguarding lead) asks for support for one of her children; Fran at
# the front door decides "advice only" and Frank signs it off. Prints the contact's id.
DECLINED_REFERRAL = """
from righthelp.accounts.models import User
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import services as fd
from righthelp.people.models import Person
pat, fran, frank = (
    User.objects.get(username=n) for n in ("pat.teacher", "fran.frontdoor", "frank.fdmanager")
)
child = Person.objects.filter(kind="child", professionals__user=pat).order_by("pk").first()
contact = fd.request_save(actor=pat, subjects=[fd.SubjectDetails(role="child", person=child)],
    worry="Comes to school hungry and tired most days")
contact = fd.request_submit(actor=pat, contact=contact, consent=fd.ConsentDetails(
    given_by="parent_or_carer", given_by_name="A parent", method="verbal",
    validity=VALID, child_not_asked_reason=CHILD_NOT_ASKED))
fd.contact_assign(actor=frank, contact=contact, worker=fran)
decision = fd.decision_record(actor=fran, contact=contact, outcome="advice",
    rationale="Universal services can meet these needs")
fd.decision_sign_off(actor=frank, decision=decision, agreed=True)
print(contact.pk)
"""


@pytest.fixture(scope="module")
def declined(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The server's address and the declined contact's id."""
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        pytest.skip("Browser tests run once, in the SQLite pass")
    if not CHROMIUM.exists():
        _skip_or_fail("Debian's chromium is not installed (scripts/ensure_chromium.sh)")
    if not AXE.exists():
        _skip_or_fail("axe-core is not installed (npm ci)")
    db = tmp_path_factory.mktemp("ladder") / "righthelp.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "righthelp.settings",
        "RIGHTHELP_ESCALATION_LADDER": "default",
        "RIGHTHELP_FRONT_DOOR_PHONE": "01482 448879",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "demo_data", "--families", "20", "--seed", "1"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    made = subprocess.run(
        [*manage, "shell", "-c", DECLINED_REFERRAL],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    contact_id = int(made.stdout.strip().splitlines()[-1])
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
        yield base, contact_id
    finally:
        process.terminate()
        process.wait(timeout=10)


from playwright.sync_api import expect  # noqa: E402


def _as(chromium: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, base, username)
    return context, page


def _open_notice(page: Page, base: str, subject: str) -> None:
    page.goto(f"{base}/my-work/notifications/")
    expect(page.get_by_role("heading", name="My notifications", level=1)).to_be_visible()
    assert axe_violations(page) == []
    link = page.get_by_role("link", name=subject)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Professional disagreement")).to_be_visible()


def _record(page: Page, outcome: str, conversation: str, agreed: str = "") -> None:
    page.get_by_label("What was discussed?").fill(conversation)
    page.get_by_label(outcome).check()
    if agreed:
        page.get_by_label("What was agreed?").fill(agreed)
    page.get_by_role("button", name="Record stage").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The stage has been recorded"
    )
    assert axe_violations(page) == []


def test_a_declined_referrals_disagreement_climbs_three_levels_with_notices(
    declined: tuple[str, int], request: pytest.FixtureRequest
) -> None:
    base, contact_id = declined
    chromium = request.getfixturevalue("browser")

    # Pat raises it from her request.
    context, page = _as(chromium, base, "pat.teacher")
    page.goto(f"{base}/requests/{contact_id}/sent/")
    page.get_by_role("link", name="Raise a disagreement about this decision").click()
    expect(
        page.get_by_role("heading", name="Raise a disagreement about this decision")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("What do you disagree with?").fill("Advice only")
    page.get_by_label("Why do you disagree?").fill("The worry has grown since the request")
    page.get_by_label("What risk do you see for the child?").fill("Neglect")
    page.get_by_label("What do you want to happen?").fill("Targeted early help")
    page.get_by_role("button", name="Raise disagreement").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your disagreement has been raised"
    )
    expect(page.get_by_text("Held by Fran Adeyemi.")).to_be_visible()
    assert axe_violations(page) == []
    context.close()

    # Fran, who made the decision, holds the first stage: her first response is due on My work.
    context, page = _as(chromium, base, "fran.frontdoor")
    page.goto(f"{base}/my-work/")
    expect(page.get_by_text("stage 1 (Worker) first response due")).to_be_visible()
    assert axe_violations(page) == []
    _open_notice(page, base, "A professional disagreement has been raised with you")
    assert axe_violations(page) == []
    page.get_by_label("Your first response").fill("I will review the decision with my manager")
    page.get_by_role("button", name="Record first response").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your first response has been recorded"
    )
    assert axe_violations(page) == []
    _record(page, "Not resolved: escalate to the next level", "The decision stands for now")
    expect(page.get_by_text("Held by Frank Moss.")).to_be_visible()
    context.close()

    # Frank, her manager, is told and takes it to the service manager.
    context, page = _as(chromium, base, "frank.fdmanager")
    _open_notice(page, base, "A professional disagreement has been escalated to you (Team manager)")
    _record(page, "Not resolved: escalate to the next level", "We still differ on the threshold")
    expect(page.get_by_text("Held by Sam Hughes.")).to_be_visible()
    context.close()

    # Sam, the service manager, upholds it: the contact goes back to the front door.
    context, page = _as(chromium, base, "sam.servicemanager")
    _open_notice(
        page, base, "A professional disagreement has been escalated to you (Service manager)"
    )
    _record(
        page,
        "Resolved: the disagreement is upheld, the decision changes",
        "Spoke with the school and the front door",
        agreed="The front door will decide again, considering targeted early help",
    )
    expect(page.get_by_text("The front door has re-opened")).to_be_visible()
    context.close()

    # Pat was told of each escalation and of the outcome, and sees where it stands.
    context, page = _as(chromium, base, "pat.teacher")
    page.goto(f"{base}/my-work/notifications/")
    for subject in (
        "Your professional disagreement has been escalated to Team manager",
        "Your professional disagreement has been escalated to Service manager",
        "Your professional disagreement has been upheld",
    ):
        expect(page.get_by_role("link", name=subject)).to_have_count(1)
    assert axe_violations(page) == []
    _open_notice(page, base, "Your professional disagreement has been upheld")
    expect(page.get_by_role("heading", name="The changed decision")).to_be_visible()
    assert axe_violations(page) == []
    context.close()

    # The front door's contact page links the upheld disagreement; a new decision can be made.
    context, page = _as(chromium, base, "fran.frontdoor")
    page.goto(f"{base}/front-door/contacts/{contact_id}/")
    expect(page.get_by_text("so the contact was re-opened for a new decision")).to_be_visible()
    expect(page.get_by_role("button", name="Record a decision")).to_be_visible()
    assert axe_violations(page) == []
    context.close()
