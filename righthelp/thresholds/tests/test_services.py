"""Recording evaluations and uploading framework versions, through the services and through the
reusable selection form (``ThresholdSelectionForm``) that later forms embed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.core.exceptions import ValidationError

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.people.tests.factories import PersonFactory
from righthelp.thresholds import selectors, services
from righthelp.thresholds.forms import ThresholdSelectionForm
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import FrameworkVersion, ThresholdEvaluation
from righthelp.thresholds.registry import FRAMEWORKS_DIR, load_framework

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def shipped_text(slug: str, **changes: Any) -> str:
    data = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text("utf-8"))
    data.update(changes)
    return json.dumps(data, indent=2, ensure_ascii=False)


def need(fw: Framework, scale: int, domain: str, n: int = 0) -> str:
    found = [
        i.id
        for i in fw.indicators
        if i.kind == "need" and i.scale == scale and i.domain == domain and not i.immediate_referral
    ]
    return found[n]


def strength(fw: Framework, n: int = 0) -> str:
    return fw.strengths()[n].id


@pytest.fixture
def hull() -> Framework:
    return load_framework("hull-2018")


@pytest.fixture
def nottingham() -> Framework:
    return load_framework("nottingham-2018")


# --------------------------------------------------------------------------------------------
# services.evaluation_record
# --------------------------------------------------------------------------------------------


def test_a_record_keeps_the_framework_slug_version_and_indicator_ids(
    cast: Cast, hull: Framework
) -> None:
    needs = [need(hull, 2, "child-dev"), need(hull, 2, "parenting")]
    record = services.evaluation_record(
        actor=cast.practitioner,
        framework=hull,
        needs=needs,
        strengths=[strength(hull)],
        age_years=8,
        key_answers={"severity": "Moderate"},
        person_ids=[cast.child.pk],
        context="request-for-support:1",
    )
    record.refresh_from_db()
    assert record.framework_slug == "hull-2018"
    assert record.framework_version == hull.version
    assert record.needs == sorted(needs)
    assert record.strengths == [strength(hull)]
    assert record.inputs["age_years"] == 8
    assert record.inputs["key_answers"] == {"severity": "Moderate"}
    assert record.suggested_scale is not None
    assert record.reasons and all("rule" in r for r in record.reasons)
    assert record.person_ids == [cast.child.pk]
    assert record.context == "request-for-support:1"


def test_recording_writes_one_event_about_the_people(cast: Cast, hull: Framework) -> None:
    sibling = PersonFactory(given_name="Mia", family_name="Fletcher")
    record = services.evaluation_record(
        actor=cast.practitioner,
        framework=hull,
        needs=[need(hull, 3, "parenting")],
        decided_scale=3,
        person_ids=[cast.child.pk, sibling.pk],
    )
    event = Event.objects.get(verb=Verb.THRESHOLD_EVALUATED)
    assert event.actor == cast.practitioner
    assert sorted(event.subjects.values_list("person_id", flat=True)) == sorted(
        [cast.child.pk, sibling.pk]
    )
    assert event.payload["evaluation"] == record.pk
    assert event.payload["framework"] == "hull-2018"
    assert event.payload["version"] == hull.version
    assert event.payload["suggested_scale"] == 3 and event.payload["decided_scale"] == 3


def test_a_differing_level_without_a_reason_is_refused(cast: Cast, hull: Framework) -> None:
    with pytest.raises(ValidationError) as refused:
        services.evaluation_record(
            actor=cast.practitioner,
            framework=hull,
            needs=[need(hull, 2, "child-dev")],
            decided_scale=4,
            decided_reason="   ",
            person_ids=[cast.child.pk],
        )
    assert "decided_reason" in refused.value.message_dict
    assert ThresholdEvaluation.objects.count() == 0
    assert not Event.objects.filter(verb=Verb.THRESHOLD_EVALUATED).exists()


def test_a_differing_level_with_a_reason_is_recorded_as_differing(
    cast: Cast, hull: Framework
) -> None:
    record = services.evaluation_record(
        actor=cast.practitioner,
        framework=hull,
        needs=[need(hull, 2, "child-dev")],
        decided_scale=3,
        decided_reason="  The school reports the situation is worsening quickly.  ",
    )
    assert record.suggested_scale == 2 and record.decided_scale == 3
    assert record.differs
    assert record.decided_reason == "The school reports the situation is worsening quickly."


def test_unknown_indicators_and_levels_are_refused(cast: Cast, hull: Framework) -> None:
    with pytest.raises(ValidationError) as unknown:
        services.evaluation_record(actor=cast.practitioner, framework=hull, needs=["hull-2018/x"])
    assert "needs" in unknown.value.message_dict
    with pytest.raises(ValidationError) as level:
        services.evaluation_record(
            actor=cast.practitioner, framework=hull, needs=[], decided_scale=7
        )
    assert "decided_scale" in level.value.message_dict
    assert ThresholdEvaluation.objects.count() == 0


# --------------------------------------------------------------------------------------------
# The reusable form
# --------------------------------------------------------------------------------------------


def test_the_form_records_through_the_service(cast: Cast, nottingham: Framework) -> None:
    ticked = [need(nottingham, 3, "parenting"), need(nottingham, 2, "child-dev")]
    form = ThresholdSelectionForm(
        nottingham,
        data={
            "needs": ticked,
            "strengths": [strength(nottingham)],
            "severe": [ticked[0]],
            "age_years": "4",
            "decided_scale": "3",
        },
    )
    assert form.is_valid(), form.errors
    assert form.evaluation is not None and form.evaluation.suggested_scale == 3
    record = form.record(cast.practitioner, person_ids=[cast.child.pk], context="assessment:9")
    assert record.framework_slug == "nottingham-2018"
    assert record.framework_version == nottingham.version
    assert record.needs == sorted(ticked)
    assert record.severe == [ticked[0]]
    assert record.decided_scale == 3 and not record.differs
    event = Event.objects.get(verb=Verb.THRESHOLD_EVALUATED)
    assert list(event.subjects.values_list("person_id", flat=True)) == [cast.child.pk]


def test_the_form_shows_the_services_refusal_on_decided_reason(
    cast: Cast, nottingham: Framework
) -> None:
    form = ThresholdSelectionForm(
        nottingham, data={"needs": [need(nottingham, 2, "child-dev")], "decided_scale": "4"}
    )
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError):
        form.record(cast.practitioner, person_ids=[cast.child.pk])
    assert form.errors["decided_reason"] == [
        "Explain why the level you judge right differs from the suggested level"
    ]
    assert ThresholdEvaluation.objects.count() == 0


def test_decided_level_choices_are_the_frameworks_level_names(hull: Framework) -> None:
    form = ThresholdSelectionForm(hull)
    decided_scale = form.fields["decided_scale"]
    assert isinstance(decided_scale, forms.ChoiceField)
    assert isinstance(decided_scale.choices, list)
    assert [label for _, label in decided_scale.choices] == [
        f"Level {lv.scale}: {lv.name}" for lv in hull.levels
    ]
    assert [f.label for f in form.key_fields()] == [q.text for q in hull.key_questions]
    guide = ThresholdSelectionForm(hull, with_decision=False)
    assert "decided_scale" not in guide.fields and "decided_reason" not in guide.fields


def test_a_vocabulary_has_no_decided_level() -> None:
    girfec = load_framework("girfec")
    form = ThresholdSelectionForm(girfec, data={"needs": ["girfec/safe"]})
    assert "decided_scale" not in form.fields
    assert form.is_valid(), form.errors
    assert form.evaluation is not None and form.evaluation.suggested_scale is None


def test_the_form_names_each_kind_of_bad_input(nottingham: Framework) -> None:
    form = ThresholdSelectionForm(
        nottingham,
        data={
            "needs": ["nottingham-2018/nope", strength(nottingham)],
            "strengths": [need(nottingham, 2, "child-dev")],
            "age_years": "seven",
        },
    )
    assert not form.is_valid()
    needs_errors = " ".join(map(str, form.errors["needs"]))
    assert "'nottingham-2018/nope' is not an indicator" in needs_errors
    assert "is a strength or protective factor, not a need" in needs_errors
    assert "is a need, not a strength" in " ".join(map(str, form.errors["strengths"]))
    assert form.errors["age_years"] == ["Enter the child's age as a whole number of years, like 7"]
    # What was ticked is still there to re-show.
    assert form.raw_ids("needs") == ["nottingham-2018/nope", strength(nottingham)]
    assert form.evaluation is None


def test_an_unborn_baby_has_no_age(nottingham: Framework) -> None:
    form = ThresholdSelectionForm(nottingham, data={"needs": [], "unborn": "on", "age_years": "1"})
    assert not form.is_valid()
    assert "unborn baby has no age" in form.errors["age_years"][0]


def test_a_severe_mark_on_an_unticked_need_is_dropped(nottingham: Framework) -> None:
    ticked = need(nottingham, 2, "child-dev")
    form = ThresholdSelectionForm(
        nottingham, data={"needs": [ticked], "severe": [ticked, need(nottingham, 3, "parenting")]}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["severe"] == [ticked]


def test_the_form_accepts_a_prefix_for_embedding(cast: Cast, hull: Framework) -> None:
    form = ThresholdSelectionForm(
        hull,
        data={"threshold-needs": [need(hull, 2, "child-dev")], "threshold-decided_scale": "2"},
        prefix="threshold",
    )
    assert form.is_valid(), form.errors
    assert form.sections()[0].name == "threshold-needs"
    assert form.record(cast.practitioner).decided_scale == 2


# --------------------------------------------------------------------------------------------
# services.framework_upload
# --------------------------------------------------------------------------------------------


def test_an_upload_with_a_higher_version_becomes_current(cast: Cast, hull: Framework) -> None:
    uploaded = services.framework_upload(
        actor=cast.administrator, text=shipped_text("hull-2018", version=2)
    )
    current = selectors.framework_current("hull-2018")
    assert current.version == 2 == uploaded.version
    # Evaluations keep the version they used; it stays readable.
    assert selectors.framework_at("hull-2018", 1) == hull
    event = Event.objects.get(verb=Verb.FRAMEWORK_UPLOADED)
    assert event.payload["slug"] == "hull-2018" and event.payload["version"] == 2


def test_an_upload_with_the_same_or_a_lower_version_is_refused(cast: Cast) -> None:
    services.framework_upload(actor=cast.administrator, text=shipped_text("hull-2018", version=3))
    for version in (3, 2, 1):
        with pytest.raises(ValidationError) as refused:
            services.framework_upload(
                actor=cast.administrator, text=shipped_text("hull-2018", version=version)
            )
        assert "version 3 of hull-2018 is already in use" in refused.value.message_dict["file"][0]
    assert FrameworkVersion.objects.count() == 1


def test_only_administrators_upload(cast: Cast) -> None:
    with pytest.raises(PermissionError):
        services.framework_upload(
            actor=cast.practitioner, text=shipped_text("hull-2018", version=2)
        )
    assert FrameworkVersion.objects.count() == 0
