"""``python manage.py framework_export SLUG``: print the current version of a framework as JSON.

The output is a framework file in the documented schema (``righthelp/thresholds/schema.md``):
it loads back to the same framework, so an administrator can export the version in use, edit
it, raise its ``version`` and upload it as the next version.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from righthelp.thresholds.framework import (
    CountAcrossDomainsRule,
    Framework,
    Rules,
)
from righthelp.thresholds.selectors import framework_current, framework_slugs


def _rules(rules: Rules) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if rules.immediate_referral is not None:
        out["immediate_referral"] = {"next_step": rules.immediate_referral.next_step}
    if rules.baseline is not None:
        out["baseline"] = {"kind": rules.baseline.kind}
    if rules.combination:
        combination: list[dict[str, Any]] = []
        for rule in rules.combination:
            if isinstance(rule, CountAcrossDomainsRule):
                combination.append(
                    {
                        "kind": rule.kind,
                        "name": rule.name,
                        "min_needs": rule.min_needs,
                        "min_domains": rule.min_domains,
                        "at_level": rule.at_level,
                        "raise_by": rule.raise_by,
                        "max_scale": rule.max_scale,
                    }
                )
            else:
                named: dict[str, Any] = {
                    "kind": rule.kind,
                    "name": rule.name,
                    "tags": list(rule.tags),
                    "to_scale": rule.to_scale,
                }
                if rule.prompt is not None:
                    named["prompt"] = rule.prompt
                combination.append(named)
        out["combination"] = combination
    if rules.protective is not None:
        out["protective"] = {
            "max_lower": rules.protective.max_lower,
            "min_strengths": rules.protective.min_strengths,
            "lowers_top_level": rules.protective.lowers_top_level,
        }
    if rules.vulnerability_floor:
        out["vulnerability_floor"] = [
            {
                "kind": "vulnerability_floor",
                "name": floor.name,
                "unborn": floor.unborn,
                "under_age_years": floor.under_age_years,
                "disabled": floor.disabled,
                "when_any_need_at": floor.when_any_need_at,
                "floor": floor.floor,
                "basis": floor.basis,
            }
            for floor in rules.vulnerability_floor
        ]
    return out


def framework_as_json(fw: Framework) -> dict[str, Any]:
    """The whole framework in the file schema."""
    source: dict[str, Any] = {"seed": fw.source_document.seed, "title": fw.source_document.title}
    if fw.source_document.url is not None:
        source["url"] = fw.source_document.url
    data: dict[str, Any] = {
        "schema_version": fw.schema_version,
        "slug": fw.slug,
        "version": fw.version,
        "name": fw.name,
        "publisher": fw.publisher,
        "published": fw.published,
        "source_document": source,
        "levels": [
            {
                "scale": level.scale,
                "name": level.name,
                "description": level.description,
                "help": level.help,
                "contact": level.contact,
            }
            for level in fw.levels
        ],
        "domains": [
            {
                "id": domain.id,
                "name": domain.name,
                "description": domain.description,
                "dimensions": [{"id": d.id, "name": d.name} for d in domain.dimensions],
            }
            for domain in fw.domains
        ],
        "indicators": [
            {
                "id": i.id,
                "text": i.text,
                "scale": i.scale,
                "domain": i.domain,
                "dimension": i.dimension,
                "kind": i.kind,
                "immediate_referral": i.immediate_referral,
                "tags": list(i.tags),
            }
            for i in fw.indicators
        ],
        "rules": _rules(fw.rules),
    }
    if fw.key_questions:
        data["key_questions"] = [{"id": q.id, "text": q.text} for q in fw.key_questions]
    if fw.default_next_step is not None:
        data["default_next_step"] = fw.default_next_step
    if fw.act_now is not None:
        data["act_now"] = fw.act_now
    if fw.transcription_notes:
        data["transcription_notes"] = list(fw.transcription_notes)
    if fw.consent is not None:
        data["consent"] = {"from": fw.consent.consent_from, "text": fw.consent.text}
    return data


class Command(BaseCommand):
    help = "Print the current version of a threshold framework as JSON (the framework schema)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The framework's slug, for example nottingham-2018")

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        try:
            framework = framework_current(slug)
        except Http404:
            known = ", ".join(framework_slugs())
            raise CommandError(
                f"No threshold framework {slug!r}. Known frameworks: {known}"
            ) from None
        self.stdout.write(json.dumps(framework_as_json(framework), indent=2, ensure_ascii=False))
