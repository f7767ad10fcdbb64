"""The optional top-level ``consent`` key: whose consent early help needs."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from righthelp.thresholds.framework import FrameworkInvalid, loads_framework
from righthelp.thresholds.registry import FRAMEWORKS_DIR, load_framework


def _doc(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text("utf-8"))
    return data


def test_hull_asks_for_the_parents_and_the_childs_consent() -> None:
    rule = load_framework("hull-2018").consent
    assert rule is not None and rule.consent_from == "parent_and_child" and rule.child_too


def test_a_framework_without_the_key_asks_for_nothing_more() -> None:
    assert load_framework("nottingham-2018").consent is None


def test_the_consent_key_is_checked() -> None:
    doc = _doc("nottingham-2018")
    doc["consent"] = {"from": "the child alone", "text": " ", "why": "x"}
    with pytest.raises(FrameworkInvalid) as refused:
        loads_framework(json.dumps(doc, indent=2))
    paths = {p.path for p in refused.value.problems}
    assert {"consent.from", "consent.text", "consent.why"} <= paths
    doc["consent"] = {"from": "parent", "text": "The parent or carer must agree."}
    rule = loads_framework(json.dumps(doc)).consent
    assert rule is not None and not rule.child_too


@pytest.mark.django_db
def test_the_export_keeps_the_consent_key() -> None:
    out = StringIO()
    call_command("framework_export", "hull-2018", stdout=out)
    assert json.loads(out.getvalue())["consent"] == _doc("hull-2018")["consent"]
