"""Closing an episode."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.events import (
    episode_closed_event,
)
from righthelp.earlyhelp.models import (
    ClosureReason,
    Episode,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
    OutcomeScore,
    ScoreOccasion,
)
from righthelp.earlyhelp.permissions import (
    CURRENT_LEAD,
)
from righthelp.earlyhelp.services.common import _check_version, _require_work

# --- Closure -------------------------------------------------------------------------------


@transaction.atomic
def episode_close(
    *,
    actor: User,
    episode: Episode,
    reason: str,
    summary: str,
    reason_other: str = "",
    outcome_scores: Mapping[str, int] | None = None,
    expected_version: int | None = None,
) -> Episode:
    """Close an episode with a reason, a closing summary for the family and (optionally) the
    outcome scales at closure. Ends the current lead. Refuses a stale edit. Everyone who led or
    worked on it (``notices.episode_team``: the lead, practitioners with plan actions, those
    invited to its meetings) is told. Records EPISODE_CLOSED."""
    episode = _require_work(actor, episode)
    _check_version(episode, expected_version)
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = ["Select why early help is ending"]
    elif reason == ClosureReason.OTHER and not reason_other.strip():
        errors["reason_other"] = ["Say why early help is ending"]
    if not summary.strip():
        errors["summary"] = ["Write the closing summary for the family"]
    areas = list(early_help_setting("outcome_areas"))
    scores = dict(outcome_scores or {})
    for area, score in scores.items():
        if area not in areas:
            errors.setdefault("outcome_scores", []).append(f"{area} is not an outcome area")
        elif not isinstance(score, int) or not 1 <= score <= 10:
            errors.setdefault("outcome_scores", []).append(f"Score {area} from 1 to 10")
    if errors:
        raise ValidationError(errors)
    team = notices.episode_team(episode)  # before the lead ends with the episode
    now = timezone.now()
    ended = []
    for lead in LeadPractitioner.objects.select_for_update().filter(
        episode=episode, status__in=CURRENT_LEAD
    ):
        lead.status = LeadStatus.ENDED if lead.status == LeadStatus.ACTIVE else LeadStatus.DECLINED
        lead.ended_at = now
        lead.end_reason = "Early help closed"
        lead.save()
        ended.append(lead.pk)
    OutcomeScore.objects.bulk_create(
        [
            OutcomeScore(
                episode=episode,
                occasion=ScoreOccasion.CLOSURE,
                area=area,
                score=score,
                scored_at=now,
                scored_by=actor,
            )
            for area, score in scores.items()
        ]
    )
    episode.status = EpisodeStatus.CLOSED
    episode.closed_at = now
    episode.closed_by = actor
    episode.closure_reason = reason
    episode.closure_reason_other = reason_other.strip()[:300]
    episode.closure_summary = summary.strip()
    episode.version += 1
    episode.save()
    episode_closed_event(actor=actor, episode=episode, outcome_scores=scores, leads_ended=ended)
    notices.episode_closed(actor=actor, episode=episode, users=team)
    return episode
