"""The framework file schema: a bad file is refused with every problem named, and nothing
partial is returned."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from righthelp.thresholds.framework import (
    CountAcrossDomainsRule,
    Framework,
    FrameworkInvalid,
    NamedCombinationRule,
    Problem,
    load_framework_file,
    loads_framework,
    locate,
    parse_framework,
    problems_in,
)
from righthelp.thresholds.registry import (
    FRAMEWORKS_DIR,
    UnknownFramework,
    load_framework,
    shipped_slugs,
)


def _doc(slug: str = "nottingham-2018") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FRAMEWORKS_DIR / f"{slug}.json").read_text("utf-8"))
    return data


def _problems(doc: Any) -> list[Problem]:
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    with pytest.raises(FrameworkInvalid) as exc:
        loads_framework(text)
    return exc.value.problems


def _paths(problems: list[Problem]) -> set[str]:
    return {p.path for p in problems}


def test_registry_loads_once_per_process() -> None:
    assert load_framework("hull-2018") is load_framework("hull-2018")
    with pytest.raises(UnknownFramework, match="shipped: girfec"):
        load_framework("atlantis-2030")


def test_loaded_framework_is_frozen() -> None:
    fw = load_framework("nottingham-2018")
    with pytest.raises(AttributeError):
        fw.version = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        fw.indicators[0].scale = 1  # type: ignore[misc]
    assert isinstance(fw.indicators, tuple)
    hash(fw)  # frozen dataclasses all the way down


def test_rules_are_read_as_declared() -> None:
    fw = load_framework("nottingham-2018")
    count, named = fw.rules.combination
    assert isinstance(count, CountAcrossDomainsRule)
    assert (count.min_needs, count.min_domains, count.at_level, count.raise_by) == (
        3,
        2,
        "baseline",
        1,
    )
    assert isinstance(named, NamedCombinationRule)
    assert named.name == "Trilogy of risk" and named.to_scale == 4
    assert fw.rules.protective is not None and fw.rules.protective.max_lower == 1
    assert fw.published_date is not None and fw.published_date.year == 2018


def test_every_problem_is_reported_with_its_line() -> None:
    doc = _doc()
    doc["version"] = "one"
    del doc["levels"][1]["contact"]
    doc["indicators"][20]["scale"] = 7
    doc["indicators"][21]["domain"] = "nowhere"
    doc["indicators"][22]["dimension"] = "nowhere"
    doc["indicators"][23]["id"] = doc["indicators"][24]["id"]
    doc["indicators"][25]["kind"] = "maybe"
    doc["rules"]["combination"][1]["tags"].append("trilogy-of-risk:unheard-of")
    doc["colour"] = "blue"
    problems = _problems(doc)
    assert _paths(problems) == {
        "version",
        "levels[1].contact",
        "indicators[20].scale",
        "indicators[21].domain",
        "indicators[22].dimension",
        "indicators[24].id",
        "indicators[25].kind",
        "rules.combination[1].tags[3]",
        "colour",
    }
    assert all(p.line is not None and p.line > 1 for p in problems)
    by_path = {p.path: p for p in problems}
    # a problem inside an indicator names the indicator
    assert doc["indicators"][20]["id"] in by_path["indicators[20].scale"].message
    assert "duplicate indicator id" in by_path["indicators[24].id"].message
    # the line is where that value is in the text
    text = json.dumps(doc, indent=2, ensure_ascii=False).splitlines()
    assert '"scale": 7' in text[by_path["indicators[20].scale"].line - 1]  # type: ignore[operator]


def test_lines_follow_the_shipped_layout() -> None:
    """In the shipped layout each indicator is one line; problems point at it."""
    text = (FRAMEWORKS_DIR / "hull-2018.json").read_text("utf-8")
    lines = text.splitlines()
    target = next(n for n, line in enumerate(lines) if '"hull-2018/parenting/l3/002"' in line)
    broken = "\n".join(
        line.replace('"scale": 3', '"scale": 0') if n == target else line
        for n, line in enumerate(lines)
    )
    problems = problems_in(broken)
    assert len(problems) == 1
    assert problems[0].line == target + 1
    assert "hull-2018/parenting/l3/002" in str(problems[0])
    assert str(problems[0]).startswith(f"line {target + 1}: indicators[")


def test_level_references_and_contiguity() -> None:
    doc = _doc("hull-2018")
    doc["levels"] = doc["levels"][:3]  # no level 4
    problems = _problems(doc)
    assert "levels" in _paths(problems)
    assert any(p.message == "4 is not the scale of any level" for p in problems)

    doc = _doc("hull-2018")
    doc["levels"][2], doc["levels"][3] = doc["levels"][3], doc["levels"][2]
    assert "levels" in _paths(_problems(doc))


def test_a_broken_level_is_reported_once_not_echoed() -> None:
    doc = _doc("hull-2018")
    doc["levels"][3]["scale"] = 9
    problems = _problems(doc)
    assert [p.path for p in problems] == ["levels[3].scale"]


def test_rule_references_are_checked() -> None:
    doc = _doc()
    doc["rules"]["combination"][0]["min_domains"] = 12
    doc["rules"]["combination"][0]["kind"] = "count_across_domains"
    doc["rules"]["combination"].append({"kind": "majority_vote"})
    doc["rules"]["vulnerability_floor"][0]["floor"] = 4
    doc["rules"]["vulnerability_floor"][0]["when_any_need_at"] = 2
    doc["rules"]["protective"]["max_lower"] = 2
    problems = _paths(_problems(doc))
    assert problems == {
        "rules.combination[0].min_domains",
        "rules.combination[2].kind",
        "rules.vulnerability_floor[0].floor",
        "rules.protective.max_lower",
    }


def test_immediate_referral_needs_the_rule_and_the_top_level() -> None:
    doc = _doc()
    del doc["rules"]["immediate_referral"]
    doc["indicators"][0]["scale"] = 3
    problems = _problems(doc)
    flagged = [n for n, i in enumerate(doc["indicators"]) if i["immediate_referral"]]
    assert len(flagged) == 14  # the list of ten, and four table entries that repeat it
    assert _paths(problems) == {"indicators[0].scale"} | {
        f"indicators[{n}].immediate_referral" for n in flagged
    }


def test_protective_rule_needs_strengths() -> None:
    doc = _doc("worcestershire-2008")
    doc["rules"]["protective"] = {"max_lower": 1, "min_strengths": 1, "lowers_top_level": False}
    assert _paths(_problems(doc)) == {"rules.protective"}


def test_a_vocabulary_declares_no_level_rules() -> None:
    doc = _doc("girfec")
    doc["rules"] = {"baseline": {"kind": "highest_need"}}
    doc["indicators"][0]["scale"] = 2
    doc["default_next_step"] = None
    assert _paths(_problems(doc)) == {
        "rules.baseline",
        "indicators[0].scale",
        "default_next_step",
    }


def test_a_levelled_framework_needs_scales_and_a_baseline() -> None:
    doc = _doc("hull-2018")
    doc["indicators"][0]["scale"] = None
    del doc["rules"]["baseline"]
    assert _paths(_problems(doc)) == {"indicators[0].scale", "rules.baseline"}


def test_ids_must_belong_to_the_framework() -> None:
    doc = _doc("hull-2018")
    doc["indicators"][0]["id"] = "nottingham-2018/child-dev/l1/001"
    doc["indicators"][1]["id"] = "hull-2018/Child Dev/1"
    doc["indicators"][2]["id"] = "hull-2018"
    assert _paths(_problems(doc)) == {f"indicators[{n}].id" for n in range(3)}


def test_required_fields_and_types() -> None:
    doc = _doc("worcestershire-2008")
    for key in ("slug", "published", "source_document", "rules"):
        del doc[key]
    doc["indicators"][0]["tags"] = "s17"
    doc["indicators"][1]["immediate_referral"] = "yes"
    doc["domains"][0]["dimensions"] = [{"id": "x"}]
    problems = _paths(_problems(doc))
    assert problems == {
        "slug",
        "published",
        "source_document",
        "rules",
        "indicators[0].tags",
        "indicators[1].immediate_referral",
        "domains[0].dimensions[0].name",
    }


def test_dates_and_schema_version() -> None:
    doc = _doc("worcestershire-2008")
    doc["published"] = "2008-02-30"
    doc["schema_version"] = 2
    assert _paths(_problems(doc)) == {"published", "schema_version"}


def test_duplicate_keys_and_bad_json_are_refused() -> None:
    text = (FRAMEWORKS_DIR / "girfec.json").read_text("utf-8")
    doubled = text.replace('"version": 1,', '"version": 1,\n  "version": 2,', 1)
    problems = problems_in(doubled)
    assert [(p.path, p.message) for p in problems] == [("version", "duplicate key")]
    assert problems[0].line == 5
    broken = problems_in(text.replace('"levels": [],', '"levels": [,],'))
    assert len(broken) == 1 and broken[0].message.startswith("not valid JSON")
    assert broken[0].line is not None
    assert problems_in(text) == []


def test_not_an_object() -> None:
    with pytest.raises(FrameworkInvalid) as exc:
        parse_framework([1, 2])
    assert [p.path for p in exc.value.problems] == [""]


def test_nothing_partial_is_returned(tmp_path: Path) -> None:
    doc = _doc("hull-2018")
    doc["indicators"][3]["text"] = ""
    path = tmp_path / "hull-2018.json"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(FrameworkInvalid) as exc:
        load_framework_file(path)
    assert str(path) in str(exc.value)
    assert "indicators[3].text: must not be empty" in str(exc.value)


def test_parse_framework_accepts_decoded_data() -> None:
    doc = _doc("girfec")
    fw = parse_framework(copy.deepcopy(doc))
    assert isinstance(fw, Framework)
    assert fw == load_framework("girfec")


def test_locate_maps_paths_to_lines() -> None:
    text = '{\n  "a": [\n    {"b": 1},\n    {"b": "x\\"y"}\n  ],\n  "c": null\n}\n'
    lines, duplicates = locate(text)
    assert lines["a"] == 2
    assert lines["a[0].b"] == 3
    assert lines["a[1].b"] == 4
    assert lines["c"] == 6
    assert duplicates == []


@pytest.mark.parametrize("slug", shipped_slugs())
def test_shipped_files_round_trip_through_parse(slug: str) -> None:
    assert parse_framework(_doc(slug)) == load_framework(slug)
