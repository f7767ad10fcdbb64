"""The threshold pages: the framework list, the guide (with and without htmx), the printable
summary and the upload page."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from pytest_django import Settings

from righthelp.thresholds import selectors
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import FrameworkVersion
from righthelp.thresholds.registry import FRAMEWORKS_DIR, load_framework

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def guide_url(slug: str, params: list[tuple[str, str]] | None = None) -> str:
    url = reverse("thresholds:guide", kwargs={"slug": slug})
    return f"{url}?{urlencode(params)}" if params else url


def summary_url(slug: str, params: list[tuple[str, str]]) -> str:
    return reverse("thresholds:summary", kwargs={"slug": slug}) + "?" + urlencode(params)


def needs_of(fw: Framework, scale: int, domain: str) -> list[str]:
    return [
        i.id
        for i in fw.indicators
        if i.kind == "need" and i.scale == scale and i.domain == domain and not i.immediate_referral
    ]


def checked_ids(html: str, name: str) -> set[str]:
    found = set()
    for tag in re.findall(r"<input [^>]*>", html):
        if f'name="{name}"' in tag and (" checked" in tag or 'type="hidden"' in tag):
            value = re.search(r'value="([^"]*)"', tag)
            if value:
                found.add(value.group(1))
    return found


def file_text(slug: str, **changes: Any) -> str:
    data = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text("utf-8"))
    data.update(changes)
    return json.dumps(data, indent=2, ensure_ascii=False)


@pytest.fixture
def practitioner_client(cast: Cast, client: Client) -> Client:
    client.force_login(cast.practitioner)
    return client


@pytest.fixture
def nottingham() -> Framework:
    return load_framework("nottingham-2018")


# --------------------------------------------------------------------------------------------
# The list of frameworks
# --------------------------------------------------------------------------------------------


def test_the_index_lists_every_framework_and_marks_the_active_one(
    practitioner_client: Client,
) -> None:
    html = practitioner_client.get(reverse("thresholds:index")).content.decode()
    for slug in ("hull-2018", "nottingham-2018", "worcestershire-2008", "girfec"):
        assert f'href="{guide_url(slug)}"' in html
    hull_row = html[html.index(guide_url("hull-2018")) :][:400]
    assert "In use here" in hull_row
    assert html.count("In use here") == 1
    assert reverse("thresholds:upload") not in html


def test_the_active_framework_follows_the_setting(
    practitioner_client: Client, settings: Settings
) -> None:
    settings.RIGHTHELP_ACTIVE_FRAMEWORK = "nottingham-2018"
    html = practitioner_client.get(reverse("thresholds:index")).content.decode()
    assert "In use here" in html[html.index(guide_url("nottingham-2018")) :][:400]


def test_administrators_see_the_upload_link(cast: Cast, client: Client) -> None:
    client.force_login(cast.administrator)
    html = client.get(reverse("thresholds:index")).content.decode()
    assert reverse("thresholds:upload") in html


# --------------------------------------------------------------------------------------------
# The guide
# --------------------------------------------------------------------------------------------


def test_the_guide_shows_the_windscreen_and_every_indicator(practitioner_client: Client) -> None:
    hull = load_framework("hull-2018")
    response = practitioner_client.get(guide_url("hull-2018"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Do not enter personal data" in html
    assert "a prompt for your professional judgement, not a decision" in html
    for level in hull.levels:
        assert f"Level {level.scale}<br>{level.name}" in html
    assert html.count('class="govuk-grid-column-one-quarter"') == 4
    assert "What help looks like" in html and "Who to contact" in html
    for indicator in hull.indicators:
        assert f'value="{indicator.id}"' in html
    for domain in hull.domains:
        assert escape(domain.name) in html
    for question in hull.key_questions:
        assert escape(question.text) in html
    assert html.count('type="checkbox"') == len(hull.indicators) + 2  # + unborn, disabled
    # No selection yet: no suggestion.
    assert 'id="rh-suggested-level"' not in html
    assert "Suggest a level" in html


def test_the_guide_is_a_get_form_enhanced_with_htmx(practitioner_client: Client) -> None:
    html = practitioner_client.get(guide_url("nottingham-2018")).content.decode()
    form = re.search(r'<form id="rh-guide-form"[^>]*>', html)
    assert form is not None
    tag = form.group()
    assert 'method="get"' in tag
    assert 'hx-target="#rh-result"' in tag
    assert 'hx-trigger="change delay:300ms"' in tag
    assert 'hx-get="/thresholds/nottingham-2018/"' in tag
    search = re.search(r'<input [^>]*name="q"[^>]*>', html)
    assert search is not None and 'hx-target="#rh-indicators"' in search.group()


def test_suggest_a_level_shows_level_reasons_and_next_step(practitioner_client: Client) -> None:
    hull = load_framework("hull-2018")
    ticked = needs_of(hull, 3, "parenting")[:1] + needs_of(hull, 2, "child-dev")[:1]
    response = practitioner_client.get(guide_url("hull-2018", [("needs", n) for n in ticked]))
    html = response.content.decode()
    assert (
        'id="rh-suggested-level">Level 3<span class="govuk-caption-m">Targeted early help' in html
    )
    assert escape(hull.level(3).contact) in html
    assert "The highest level among the 2 ticked needs" in html
    assert escape(hull.indicator(ticked[0]).text) in html
    assert "Contact the front door now" not in html
    assert checked_ids(html, "needs") == set(ticked)


def test_an_immediate_referral_says_contact_the_front_door_now(
    practitioner_client: Client, nottingham: Framework
) -> None:
    immediate = next(i for i in nottingham.indicators if i.immediate_referral)
    strengths = [s.id for s in nottingham.strengths()[:3]]
    params = [("needs", immediate.id)] + [("strengths", s) for s in strengths]
    html = practitioner_client.get(guide_url("nottingham-2018", params)).content.decode()
    assert "govuk-warning-text" in html
    assert "Contact the front door now" in html
    assert 'id="rh-suggested-level">Level 4' in html
    assert "0115 876 4800" in html


def test_htmx_gets_only_the_result_and_the_severe_list(
    practitioner_client: Client, nottingham: Framework
) -> None:
    ticked = needs_of(nottingham, 2, "child-dev")[:2]
    response = practitioner_client.get(
        guide_url("nottingham-2018", [("needs", n) for n in ticked]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="rh-result",
    )
    html = response.content.decode()
    assert "<html" not in html and "govuk-summary-card" not in html
    assert 'id="rh-suggested-level">Level 2' in html
    assert 'id="rh-severe" hx-swap-oob="true"' in html
    assert '<div id="rh-result-status" hx-swap-oob="innerHTML">Suggested level 2:' in html
    assert checked_ids(html, "severe") == set()
    assert all(f'value="{n}"' in html for n in ticked)  # one severe checkbox per ticked need


def test_htmx_search_swaps_only_the_indicators(
    practitioner_client: Client, nottingham: Framework
) -> None:
    ticked = needs_of(nottingham, 3, "parenting")[0]
    response = practitioner_client.get(
        guide_url("nottingham-2018", [("needs", ticked), ("q", "school")]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="rh-indicators",
    )
    html = response.content.decode()
    assert "<html" not in html and "rh-suggested-level" not in html
    assert 'name="needs"' in html
    assert "match &lsquo;school&rsquo;" in html


def test_search_filters_indicators_but_keeps_ticked_ones(
    practitioner_client: Client, nottingham: Framework
) -> None:
    hidden_need = nottingham.indicator(needs_of(nottingham, 3, "parenting")[0])
    assert "school" not in hidden_need.text.lower()
    matching = [i for i in nottingham.indicators if "school" in i.text.lower()]
    assert matching
    html = practitioner_client.get(
        guide_url("nottingham-2018", [("needs", hidden_need.id), ("q", "school")])
    ).content.decode()
    boxes = re.findall(
        r'<input class="govuk-checkboxes__input"[^>]*name="(?:needs|strengths)"', html
    )
    assert len(boxes) == len(matching)
    assert f'<input type="hidden" name="needs" value="{hidden_need.id}">' in html
    assert "1 ticked indicator is hidden by the search and stays ticked" in html
    # The search does not change the suggestion.
    assert 'id="rh-suggested-level">Level 3' in html


def test_a_search_alone_shows_no_suggestion(practitioner_client: Client) -> None:
    html = practitioner_client.get(guide_url("hull-2018", [("q", "school")])).content.decode()
    assert "rh-suggested-level" not in html and "There is a problem" not in html


def test_a_vocabulary_shows_its_indicators_and_no_level(practitioner_client: Client) -> None:
    girfec = load_framework("girfec")
    html = practitioner_client.get(guide_url("girfec", [("needs", "girfec/safe")])).content.decode()
    for indicator in girfec.indicators:
        assert f'value="{indicator.id}"' in html
    assert "rh-suggested-level" not in html
    assert "Suggest a level" not in html and "The levels of need" not in html
    assert "is a vocabulary for recording concerns" in html
    assert "Concern recorded against Safe" in html
    assert girfec.default_next_step is not None
    assert escape(girfec.default_next_step) in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ([("needs", "nottingham-2018/not-a-thing")], "is not an indicator in"),
        ([("needs", "STRENGTH")], "is a strength or protective factor, not a need"),
        ([("age_years", "seven")], "Enter the child&#x27;s age as a whole number of years"),
        ([("age_years", "-3")], "Enter the child&#x27;s age as a whole number of years"),
        ([("age_years", "4"), ("unborn", "on")], "An unborn baby has no age"),
        ([("strengths", "nottingham-2018/immediate/001")], "is a need, not a strength"),
        ([("severe", "nottingham-2018/nope")], "is not an indicator in"),
    ],
)
def test_invalid_input_shows_the_error_summary_and_keeps_the_ticks(
    practitioner_client: Client, nottingham: Framework, params: list[tuple[str, str]], message: str
) -> None:
    kept = needs_of(nottingham, 2, "family-env")[:2]
    strength = nottingham.strengths()[0].id
    params = [(k, strength if v == "STRENGTH" else v) for k, v in params]
    query = [("needs", n) for n in kept] + params
    with_and_without_htmx: tuple[dict[str, Any], ...] = (
        {},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "rh-result"},
    )
    for headers in with_and_without_htmx:
        response = practitioner_client.get(guide_url("nottingham-2018", query), **headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert message in html
        assert "rh-suggested-level" not in html
    full = practitioner_client.get(guide_url("nottingham-2018", query)).content.decode()
    assert "<title>Error: " in full
    assert kept[0] in checked_ids(full, "needs") and kept[1] in checked_ids(full, "needs")


def test_an_unknown_framework_is_not_found(practitioner_client: Client) -> None:
    assert practitioner_client.get(guide_url("atlantis-2030")).status_code == 404
    assert (
        practitioner_client.get(reverse("thresholds:summary", kwargs={"slug": "atlantis-2030"}))
    ).status_code == 404


def test_the_guide_uses_the_newest_uploaded_version(cast: Cast, client: Client) -> None:
    client.force_login(cast.administrator)
    client.post(
        reverse("thresholds:upload"),
        {"text": file_text("hull-2018", version=2, name="Hull threshold of need, revised")},
    )
    html = client.get(guide_url("hull-2018")).content.decode()
    assert "Hull threshold of need, revised" in html and "Version 2." in html


def test_the_nottingham_guide_takes_a_small_constant_number_of_queries(
    practitioner_client: Client, nottingham: Framework
) -> None:
    everything = [("needs", i.id) for i in nottingham.needs()] + [
        ("strengths", s.id) for s in nottingham.strengths()
    ]
    counts = []
    for params in ([], everything[:10], everything):
        with CaptureQueriesContext(connection) as queries:
            response = practitioner_client.get(guide_url("nottingham-2018", params))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
    # 12 for the page and its user, and one for the navigation's "My work" count.
    assert counts[0] <= 13, [q["sql"] for q in queries.captured_queries]


# --------------------------------------------------------------------------------------------
# The printable summary
# --------------------------------------------------------------------------------------------


def test_the_summary_shows_selection_level_reasons_and_framework(
    practitioner_client: Client, nottingham: Framework
) -> None:
    ticked = needs_of(nottingham, 3, "parenting")[:1] + needs_of(nottingham, 2, "child-dev")[:1]
    strength = nottingham.strengths()[0]
    params = [("needs", n) for n in ticked] + [
        ("strengths", strength.id),
        ("severe", ticked[0]),
        ("age_years", "6"),
        ("q", "ignored by the summary"),
    ]
    response = practitioner_client.get(summary_url("nottingham-2018", params))
    assert response.status_code == 200
    html = response.content.decode()
    assert nottingham.name in html
    assert f"Version {nottingham.version}." in html
    assert nottingham.source_document.title in html
    assert "Level 3: Early Help Targeted: Universal Partnership Plus" in html
    for indicator_id in [*ticked, strength.id]:
        assert escape(nottingham.indicator(indicator_id).text) in html
    assert "Next step" in html and "Why" in html
    assert "a prompt for your professional judgement, not a decision" in html
    # The print button is there for JavaScript only; it is hidden, and never printed.
    wrapper = re.search(r"<div [^>]*data-rh-print[^>]*>\s*<button", html)
    assert wrapper is not None and " hidden" in wrapper.group() and "rh-no-print" in wrapper.group()
    assert "window.print()" in html
    back = guide_url("nottingham-2018", [p for p in params if p[0] != "q"])
    assert f'href="{escape(back)}"' in html  # back to the guide, with the selection
    assert "ignored" not in html


def test_the_summary_link_in_the_guide_carries_the_selection(practitioner_client: Client) -> None:
    hull = load_framework("hull-2018")
    ticked = needs_of(hull, 2, "child-dev")[0]
    html = practitioner_client.get(
        guide_url("hull-2018", [("needs", ticked), ("q", "x")])
    ).content.decode()
    expected = summary_url("hull-2018", [("needs", ticked)]).replace("&", "&amp;")
    assert f'href="{expected}"' in html


def test_the_summary_with_bad_input_explains_and_does_not_fail(practitioner_client: Client) -> None:
    response = practitioner_client.get(
        summary_url("hull-2018", [("needs", "hull-2018/nope"), ("age_years", "x")])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "to correct the selection" in html


# --------------------------------------------------------------------------------------------
# Upload
# --------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(cast: Cast, client: Client) -> Client:
    client.force_login(cast.administrator)
    return client


def test_a_valid_upload_becomes_current_with_a_banner(admin_client: Client) -> None:
    upload = SimpleUploadedFile(
        "nottingham-2018.json",
        file_text("nottingham-2018", version=2).encode(),
        content_type="application/json",
    )
    response = admin_client.post(reverse("thresholds:upload"), {"file": upload}, follow=True)
    assert response.redirect_chain == [(reverse("thresholds:index"), 302)]
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Nottingham City Family Support Pathway 2018/20 version 2 is now in use" in html
    assert selectors.framework_current("nottingham-2018").version == 2
    assert FrameworkVersion.objects.get().uploaded_by.username == "admin"


def test_pasting_a_framework_works_too(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("thresholds:upload"), {"text": file_text("girfec", version=2)}
    )
    assert response.status_code == 302
    assert selectors.framework_current("girfec").version == 2


def test_an_upload_with_the_same_version_is_refused(admin_client: Client) -> None:
    for text in (file_text("hull-2018"), file_text("hull-2018", version=1)):
        upload = SimpleUploadedFile("hull.json", text.encode())
        response = admin_client.post(reverse("thresholds:upload"), {"file": upload})
        assert response.status_code == 200
        assert "version 1 of hull-2018 is already in use" in response.content.decode()
    assert FrameworkVersion.objects.count() == 0


def test_a_bad_file_lists_every_problem_and_changes_nothing(admin_client: Client) -> None:
    data = json.loads(file_text("nottingham-2018", version=2))
    data["indicators"][20]["scale"] = 9
    data["indicators"][40]["domain"] = "no-such-domain"
    text = json.dumps(data, indent=2)
    before = FrameworkVersion.objects.count()
    upload = SimpleUploadedFile("nottingham-2018.json", text.encode())
    response = admin_client.post(reverse("thresholds:upload"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(items) == 2, items
    assert any("indicators[20].scale" in i and "line " in i for i in items)
    assert any("indicators[40].domain" in i and "no-such-domain" in i for i in items)
    assert FrameworkVersion.objects.count() == before
    assert selectors.framework_current("nottingham-2018").version == 1


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Select a framework file, or paste the framework"),
        ({"file": ("notes.txt", b"{}")}, "The selected file must be a .json file"),
        ({"file": ("big.json", b" " * (2 * 1024 * 1024 + 1))}, "smaller than 2 MB"),
        ({"file": ("latin.json", '{"name": "caf\xe9"}'.encode("latin-1"))}, "UTF-8"),
        ({"text": "{not json"}, "not valid JSON"),
    ],
)
def test_upload_form_problems_are_shown(
    admin_client: Client, post: dict[str, str | tuple[str, bytes]], message: str
) -> None:
    data = {
        key: SimpleUploadedFile(value[0], value[1]) if isinstance(value, tuple) else value
        for key, value in post.items()
    }
    response = admin_client.post(reverse("thresholds:upload"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert FrameworkVersion.objects.count() == 0
