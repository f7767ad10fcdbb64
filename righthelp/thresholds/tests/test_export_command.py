"""``python manage.py framework_export SLUG`` prints the whole current framework as JSON."""

from __future__ import annotations

import json
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import CommandError, call_command

from righthelp.thresholds import services
from righthelp.thresholds.framework import loads_framework
from righthelp.thresholds.registry import FRAMEWORKS_DIR, load_framework, shipped_slugs

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def export(slug: str) -> tuple[str, dict[str, Any]]:
    out = StringIO()
    call_command("framework_export", slug, stdout=out)
    text = out.getvalue()
    data: dict[str, Any] = json.loads(text)
    return text, data


def test_nottingham_is_exported_whole() -> None:
    fw = load_framework("nottingham-2018")
    _, data = export("nottingham-2018")
    assert data["slug"] == "nottingham-2018"
    assert data["version"] == fw.version
    assert data["name"] == fw.name
    assert [(lv["scale"], lv["name"]) for lv in data["levels"]] == [
        (1, "Universal"),
        (2, "Early Help: Universal Plus"),
        (3, "Early Help Targeted: Universal Partnership Plus"),
        (4, "Protection & Specialist"),
    ]
    assert all({"description", "help", "contact"} <= set(lv) for lv in data["levels"])
    assert len(data["indicators"]) == 246
    for row, indicator in zip(data["indicators"], fw.indicators, strict=True):
        assert {
            "id",
            "text",
            "scale",
            "domain",
            "dimension",
            "kind",
            "immediate_referral",
        } <= set(row)
        assert row["id"] == indicator.id and row["text"] == indicator.text
        assert row["scale"] == indicator.scale and row["kind"] == indicator.kind
    # the ten of the immediate-referral list and the four table entries that repeat it
    assert sum(row["immediate_referral"] for row in data["indicators"]) == 14
    assert sum(row["kind"] == "strength" for row in data["indicators"]) == 35
    assert data["rules"]["combination"][1]["name"] == "Trilogy of risk"


@pytest.mark.parametrize("slug", shipped_slugs())
def test_the_export_is_a_framework_file_that_loads_back_the_same(slug: str) -> None:
    text, data = export(slug)
    assert loads_framework(text) == load_framework(slug)
    shipped = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text("utf-8"))
    assert data["indicators"][0]["id"] == shipped["indicators"][0]["id"]


def test_the_export_is_of_the_current_version(cast: Cast) -> None:
    text, data = export("hull-2018")
    data["version"] = 2
    data["name"] = "Hull threshold of need (revised)"
    services.framework_upload(actor=cast.administrator, text=json.dumps(data))
    _, again = export("hull-2018")
    assert again["version"] == 2 and again["name"] == "Hull threshold of need (revised)"


def test_an_unknown_slug_names_the_known_ones() -> None:
    with pytest.raises(CommandError) as error:
        call_command("framework_export", "atlantis-2030", stdout=StringIO())
    message = str(error.value)
    assert "atlantis-2030" in message
    for slug in shipped_slugs():
        assert slug in message
