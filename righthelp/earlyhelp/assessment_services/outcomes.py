"""Outcome scales: the areas and the scores over time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.earlyhelp.assessment_services.common import (
    _require_open,
    _require_worker,
)
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.events import (
    outcome_scales_scored_event,
)
from righthelp.earlyhelp.models import (
    Episode,
    OutcomeScore,
    ScoreOccasion,
)


def outcome_areas() -> list[str]:
    return [str(area) for area in early_help_setting("outcome_areas")]


@transaction.atomic
def outcome_scales_score(
    *,
    actor: User,
    episode: Episode,
    occasion: str,
    scores: Mapping[str, int],
    measured_on: date | None = None,
) -> list[OutcomeScore]:
    """Record the outcome scales scored with the family on one occasion.

    ``scores`` maps configured areas (``RIGHTHELP_EARLY_HELP["outcome_areas"]``) to 1..10;
    areas left out were not scored this time. ``measured_on`` is the day they were scored with
    the family (today if not given): never in the future, nor before early help started.
    Refuses unknown areas, scores outside 1..10 and an empty scoring. Records
    ``OUTCOME_SCALES_SCORED``.
    """
    _require_worker(actor, episode)
    _require_open(episode)
    if occasion not in ScoreOccasion.values:
        raise ValidationError({"occasion": ["Select when the scales were scored"]})
    today = timezone.localdate()
    day = measured_on or today
    started = timezone.localdate(episode.opened_at)
    if day > today:
        raise ValidationError(
            {"measured_on": ["The date the scales were scored must be today or in the past"]}
        )
    if day < started:
        raise ValidationError(
            {
                "measured_on": [
                    "The date the scales were scored must be on or after the day early help "
                    f"started ({started.day} {started:%B %Y})"
                ]
            }
        )
    areas = outcome_areas()
    errors: list[str] = []
    for area, score in scores.items():
        if area not in areas:
            errors.append(f"{area} is not one of the outcome areas")
        elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 10:
            errors.append(f"{area}: score from 1 to 10")
    if errors:
        raise ValidationError({"scores": errors})
    if not scores:
        raise ValidationError({"scores": ["Score at least one area with the family"]})
    now = timezone.now()
    rows = OutcomeScore.objects.bulk_create(
        [
            OutcomeScore(
                episode=episode,
                occasion=occasion,
                area=area,
                score=scores[area],
                measured_on=day,
                scored_at=now,
                scored_by=actor,
            )
            for area in areas
            if area in scores
        ]
    )
    outcome_scales_scored_event(
        actor=actor, episode=episode, occasion=occasion, scores=scores, day=day, areas=len(rows)
    )
    return rows
