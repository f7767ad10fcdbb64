"""POST /api/v1/thresholds/evaluate: JSON in, the engine's suggestion out."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from righthelp.audit.models import AccessRecord, Event
from righthelp.thresholds.engine import evaluate
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import ThresholdEvaluation
from righthelp.thresholds.registry import load_framework

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

URL = "/api/v1/thresholds/evaluate"


def post(client: Client, body: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json")


@pytest.fixture
def api(cast: Cast, client: Client) -> Client:
    client.force_login(cast.practitioner)
    return client


@pytest.fixture
def nottingham() -> Framework:
    return load_framework("nottingham-2018")


def test_the_url_name_and_path() -> None:
    assert reverse("thresholds:api-evaluate") == URL


def test_an_evaluation_returns_level_immediate_reasons_and_framework(
    api: Client, nottingham: Framework
) -> None:
    immediate = next(i for i in nottingham.indicators if i.immediate_referral)
    strength = nottingham.strengths()[0]
    body = {
        "framework": "nottingham-2018",
        "needs": [immediate.id],
        "strengths": [strength.id],
        "severe": [],
        "age_years": 3,
        "unborn": False,
        "disabled": True,
        "key_answers": {},
    }
    response = post(api, body)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["framework"] == {
        "slug": "nottingham-2018",
        "version": nottingham.version,
        "name": nottingham.name,
    }
    assert data["level"] == data["suggested_scale"] == 4
    assert data["level_name"] == "Protection & Specialist"
    assert data["immediate_referral"] is True
    assert "0115 876 4800" in data["next_step"]
    assert data["reasons"][0]["rule"] == "immediate_referral"
    assert data["reasons"][0]["indicator_ids"] == [immediate.id]
    assert "professional judgement" in data["notice"]
    # Exactly the engine's answer.
    expected = evaluate(
        nottingham, needs=[immediate.id], strengths=[strength.id], age_years=3, disabled=True
    ).as_dict()
    for key, value in expected.items():
        if key != "framework":
            assert data[key] == value


def test_the_active_framework_is_the_default(api: Client, settings: Settings) -> None:
    hull = load_framework("hull-2018")
    need = next(i for i in hull.indicators if i.kind == "need" and i.scale == 2)
    data = post(api, {"needs": [need.id]}).json()
    assert data["framework"]["slug"] == "hull-2018"
    assert data["level"] == 2 and data["level_name"] == "Additional support"
    settings.RIGHTHELP_ACTIVE_FRAMEWORK = "girfec"
    data = post(api, {"needs": ["girfec/safe"], "framework": None}).json()
    assert data["framework"]["slug"] == "girfec"
    assert data["level"] is None and data["level_name"] is None
    assert data["immediate_referral"] is False


def test_get_is_not_allowed(api: Client) -> None:
    assert api.get(URL).status_code == 405


@pytest.mark.parametrize(
    "body",
    ["{not json", b"\xff\xfe", "", "[1, 2]", '"needs"'],
)
def test_malformed_json_is_a_400_with_errors(api: Client, body: str | bytes) -> None:
    response = post(api, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and all(isinstance(e, str) for e in errors)


def test_wrong_types_are_each_named(api: Client) -> None:
    response = post(
        api,
        {
            "framework": 7,
            "needs": "hull-2018/child-dev/l2/001",
            "strengths": [1],
            "age_years": "seven",
            "unborn": "no",
            "disabled": 1,
            "key_answers": ["x"],
            "name": "Kayden",
        },
    )
    assert response.status_code == 400
    errors = " | ".join(response.json()["errors"])
    for field in (
        "framework",
        "needs",
        "strengths",
        "age_years",
        "unborn",
        "disabled",
        "key_answers",
        "name: unknown field",
    ):
        assert field in errors, field


def test_needs_are_required_and_booleans_are_not_ages(api: Client) -> None:
    empty = post(api, {})
    assert empty.status_code == 400
    assert empty.json()["errors"][0].startswith("needs: required")
    response = post(api, {"needs": [], "age_years": True})
    assert response.status_code == 400
    assert "age_years" in response.json()["errors"][0]


def test_an_unknown_framework_is_a_404_with_the_known_slugs(api: Client) -> None:
    response = post(api, {"framework": "atlantis-2030", "needs": []})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    (error,) = response.json()["errors"]
    assert "atlantis-2030" in error and "nottingham-2018" in error


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"needs": ["nottingham-2018/nope"]}, "unknown indicator id"),
        ({"needs": [], "strengths": ["nottingham-2018/immediate/001"]}, "not strengths"),
        ({"needs": [], "severe": ["nottingham-2018/immediate/001"]}, "only ticked needs"),
        ({"needs": [], "age_years": -1}, "cannot be negative"),
        ({"needs": [], "unborn": True, "age_years": 0}, "unborn child has no age"),
    ],
)
def test_input_the_framework_does_not_fit_is_a_400(
    api: Client, body: dict[str, Any], message: str
) -> None:
    response = post(api, {"framework": "nottingham-2018", **body})
    assert response.status_code == 400
    assert message in response.json()["errors"][0]


def test_the_api_is_exempt_from_csrf_but_needs_a_signed_in_user(cast: Cast) -> None:
    strict = Client(enforce_csrf_checks=True)
    anonymous = post(strict, {"needs": []})
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    strict.force_login(cast.practitioner)
    assert post(strict, {"needs": []}).status_code == 200


def test_the_api_stores_nothing_and_logs_no_access(api: Client) -> None:
    post(api, {"needs": ["hull-2018/child-dev/l4/001"]})
    assert ThresholdEvaluation.objects.count() == 0
    assert AccessRecord.objects.count() == 0
    assert Event.objects.count() == 0
