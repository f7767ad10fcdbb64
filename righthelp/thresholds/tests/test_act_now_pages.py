"""What to do now at the top level, on every page and answer that shows a suggestion; and no
template text leaking into a page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from righthelp.thresholds import services
from righthelp.thresholds.framework import Framework, Indicator
from righthelp.thresholds.registry import load_framework

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def guide_url(slug: str, params: list[tuple[str, str]] | None = None) -> str:
    url = reverse("thresholds:guide", kwargs={"slug": slug})
    return f"{url}?{urlencode(params)}" if params else url


def _by_text(fw: Framework, text: str) -> Indicator:
    return next(i for i in fw.indicators if i.text == text)


@pytest.fixture
def practitioner_client(cast: Cast, client: Client) -> Client:
    client.force_login(cast.practitioner)
    return client


@pytest.fixture
def hull() -> Framework:
    return load_framework("hull-2018")


def _trafficked_with_housing(hull: Framework) -> list[tuple[str, str]]:
    trafficked = _by_text(hull, "children who are being trafficked")
    housing = _by_text(hull, "appropriate accommodation (housing)")
    return [("needs", trafficked.id), ("strengths", housing.id)]


# --------------------------------------------------------------------------------------------
# The guide's result panel, its live status and the printable summary
# --------------------------------------------------------------------------------------------


def test_the_guide_keeps_a_trafficked_child_at_the_top_and_says_act_now(
    practitioner_client: Client, hull: Framework
) -> None:
    html = practitioner_client.get(
        guide_url("hull-2018", _trafficked_with_housing(hull))
    ).content.decode()
    assert 'id="rh-suggested-level">Level 4<span class="govuk-caption-m">Specialist support' in html
    panel = html[html.index('id="rh-suggested-level"') :]
    act_now = panel.index('class="rh-act-now"')
    assert act_now < panel.index("Next step")  # prominent: straight under the level
    assert "Act now if significant harm is known or suspected" in panel
    assert hull.act_now is not None and escape(hull.act_now) in panel
    assert "call 999" in panel
    # The strength is shown beside the need, as a strength.
    assert "strengths are recorded and do not lower a need at the top level" in panel
    assert escape("appropriate accommodation (housing)") in panel


def test_the_htmx_result_and_its_status_say_act_now(
    practitioner_client: Client, hull: Framework
) -> None:
    response = practitioner_client.get(
        guide_url("hull-2018", _trafficked_with_housing(hull)),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="rh-result",
    )
    html = response.content.decode()
    assert 'class="rh-act-now"' in html
    status = re.search(r'<div id="rh-result-status"[^>]*>(.*?)</div>', html, re.S)
    assert status is not None
    assert "Suggested level 4" in status.group(1)
    assert "Act now if significant harm is known or suspected" in status.group(1)


def test_below_the_top_level_there_is_no_act_now(
    practitioner_client: Client, hull: Framework
) -> None:
    need = next(i.id for i in hull.needs() if i.scale == 3)
    html = practitioner_client.get(guide_url("hull-2018", [("needs", need)])).content.decode()
    assert 'id="rh-suggested-level">Level 3' in html
    assert "rh-act-now" not in html


@pytest.mark.parametrize("slug", ["hull-2018", "nottingham-2018", "worcestershire-2008"])
def test_every_framework_says_act_now_at_the_top(practitioner_client: Client, slug: str) -> None:
    fw = load_framework(slug)
    need = next(i.id for i in fw.needs() if i.scale == fw.top_scale)
    html = practitioner_client.get(guide_url(slug, [("needs", need)])).content.decode()
    assert fw.act_now is not None and escape(fw.act_now) in html
    summary = (
        reverse("thresholds:summary", kwargs={"slug": slug}) + "?" + urlencode([("needs", need)])
    )
    printed = practitioner_client.get(summary).content.decode()
    assert 'class="rh-act-now"' in printed and escape(fw.act_now) in printed


# --------------------------------------------------------------------------------------------
# The API and the stored evaluation
# --------------------------------------------------------------------------------------------


def test_the_api_returns_act_now_with_a_top_level_suggestion(
    practitioner_client: Client, hull: Framework
) -> None:
    trafficked = _by_text(hull, "children who are being trafficked")
    lower = next(i.id for i in hull.needs() if i.scale == 2)
    url = reverse("thresholds:api-evaluate")
    top = practitioner_client.post(
        url,
        data=json.dumps({"framework": "hull-2018", "needs": [trafficked.id]}),
        content_type="application/json",
    ).json()
    assert top["level"] == 4 and top["act_now"] == hull.act_now
    below = practitioner_client.post(
        url,
        data=json.dumps({"framework": "hull-2018", "needs": [lower]}),
        content_type="application/json",
    ).json()
    assert below["level"] == 2 and below["act_now"] is None


def test_a_recorded_top_level_evaluation_keeps_its_act_now(cast: Cast, hull: Framework) -> None:
    trafficked = _by_text(hull, "children who are being trafficked")
    housing = _by_text(hull, "appropriate accommodation (housing)")
    record = services.evaluation_record(
        actor=cast.practitioner, framework=hull, needs=[trafficked.id], strengths=[housing.id]
    )
    assert record.suggested_scale == 4 and record.act_now == hull.act_now
    lower = services.evaluation_record(
        actor=cast.practitioner, framework=hull, needs=[next(i.id for i in hull.needs())]
    )
    assert lower.act_now == ""


# --------------------------------------------------------------------------------------------
# No template text in a page
# --------------------------------------------------------------------------------------------


def test_no_threshold_template_has_a_comment_django_would_print() -> None:
    """Django's {# #} comment is one line only: a multi-line one is printed as page text."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for start in [m.start() for m in re.finditer(r"\{#", line)]:
                assert "#}" in line[start:], f"{path.name}:{number}: use {{% comment %}}"


def test_no_threshold_page_shows_template_text(cast: Cast, client: Client, hull: Framework) -> None:
    client.force_login(cast.administrator)
    nottingham = load_framework("nottingham-2018")
    immediate = next(i.id for i in nottingham.indicators if i.immediate_referral)
    selection = _trafficked_with_housing(hull)
    pages = [
        reverse("thresholds:index"),
        reverse("thresholds:upload"),
        guide_url("hull-2018"),
        guide_url("hull-2018", selection),
        guide_url("hull-2018", [("needs", "hull-2018/nope")]),
        guide_url("nottingham-2018", [("needs", immediate)]),
        guide_url("girfec", [("needs", "girfec/safe")]),
        reverse("thresholds:summary", kwargs={"slug": "hull-2018"}) + "?" + urlencode(selection),
    ]
    with_and_without_htmx: tuple[dict[str, Any], ...] = (
        {},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "rh-result"},
    )
    for url in pages:
        for headers in with_and_without_htmx:
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "{#" not in html and "#}" not in html, url
            assert "{%" not in html and "{{" not in html, url
    search = client.get(
        guide_url("hull-2018", [("q", "school")]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="rh-indicators",
    ).content.decode()
    assert "{#" not in search
