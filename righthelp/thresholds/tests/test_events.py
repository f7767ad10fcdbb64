"""Uploading a framework and recording an evaluation record their events, with the payload
``thresholds.events`` builds; the readers there read back what was written."""

from __future__ import annotations

import json

import pytest

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.thresholds import services
from righthelp.thresholds.events import framework_uploaded_payload, threshold_evaluated_payload
from righthelp.thresholds.registry import FRAMEWORKS_DIR, load_framework

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def test_an_evaluation_reads_back_its_framework_and_levels(cast: Cast) -> None:
    hull = load_framework("hull-2018")
    need = next(i.id for i in hull.needs() if not i.immediate_referral)
    record = services.evaluation_record(
        actor=cast.practitioner,
        framework=hull,
        needs=[need],
        decided_scale=3,
        decided_reason="Three agencies already worried",
        person_ids=[cast.child.pk],
    )
    event = only(Verb.THRESHOLD_EVALUATED)
    assert set(event.subjects.values_list("person_id", flat=True)) == {cast.child.pk}
    assert event.summary == (
        f"{hull.name}: suggested level {record.suggested_scale}, decided level 3"
    )
    assert threshold_evaluated_payload(event) == {
        "evaluation": record.pk,
        "framework": "hull-2018",
        "version": hull.version,
        "suggested_scale": record.suggested_scale,
        "decided_scale": 3,
        "immediate_referral": False,
    }


def test_an_upload_reads_back_its_version_and_hash(cast: Cast) -> None:
    data = json.loads((FRAMEWORKS_DIR / "hull-2018.json").read_text("utf-8"))
    data["version"] = data["version"] + 1
    uploaded = services.framework_upload(actor=cast.administrator, text=json.dumps(data))
    event = only(Verb.FRAMEWORK_UPLOADED)
    assert event.summary == f"{data['name']} version {data['version']} uploaded"
    assert framework_uploaded_payload(event) == {
        "slug": "hull-2018",
        "version": data["version"],
        "indicators": len(data["indicators"]),
        "sha256": uploaded.sha256,
    }
