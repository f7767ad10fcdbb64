"""What the assessment's writes share: its fields, who may write and versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from righthelp.accounts.models import User
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp.events import (
    assessment_saved_events,
    assessment_saved_payload,
)
from righthelp.earlyhelp.models import (
    TRIANGLE_DIMENSIONS,
    Assessment,
    AssessmentStatus,
    Episode,
    EpisodeMember,
    EpisodeStatus,
    MemberRole,
)
from righthelp.earlyhelp.permissions import can_work_on_episode
from righthelp.people.models import Person
from righthelp.thresholds.framework import Framework

DIMENSION_CODES = frozenset(code for code, _ in TRIANGLE_DIMENSIONS)


# The free-text parts of the assessment, with the names practitioners know them by.
TEXT_FIELDS: dict[str, str] = {
    "protective_factors": "Protective factors",
    "risk_factors": "Risk factors",
    "lived_experience": "The child's lived experience",
    "parents_views": "Parents' views",
    "history": "History",
    "analysis": "Analysis",
    "working_well": "What is working well",
    "worried_about": "What are we worried about",
    "needs_to_happen": "What needs to happen",
}


MAX_SCALING_ANSWERS = 30


@dataclass(frozen=True)
class ScalingAnswerDetails:
    """One person's answer to "how worried are we?" (0 to 10)."""

    asked: str
    score: int
    why: str = ""


@dataclass(frozen=True)
class ThresholdSelection:
    """What the practitioner ticked in the threshold component and the level they judge right."""

    framework: Framework
    needs: Sequence[str] = ()
    strengths: Sequence[str] = ()
    severe: Sequence[str] = ()
    age_years: int | None = None
    unborn: bool = False
    disabled: bool = False
    key_answers: Mapping[str, str] = field(default_factory=dict)
    decided_scale: int | None = None
    decided_reason: str = ""


# --- helpers ---------------------------------------------------------------------------------


def _require_worker(actor: User, episode: Episode) -> None:
    if not can_work_on_episode(actor, episode):
        raise PermissionError("Only people working on this episode can change its assessment")


def _require_open(episode: Episode) -> None:
    if episode.status != EpisodeStatus.OPEN:
        raise ValidationError("This episode is closed: its assessment can no longer change")


def _voices_text(assessment: Assessment, children: Sequence[Person]) -> str:
    """Every child's voice as one text, in the episode's order ("Name: what they said")."""
    by_child = {v.person_id: v.voice for v in assessment.child_voices.all()}
    return "\n\n".join(
        f"{child.full_name}: {by_child[child.pk]}" for child in children if child.pk in by_child
    )


def _child_ids(episode: Episode) -> list[int]:
    return list(
        EpisodeMember.objects.filter(episode=episode, role=MemberRole.CHILD).values_list(
            "person_id", flat=True
        )
    )


def family_episode_ids(episode: Episode) -> set[int]:
    """This episode, the episodes it carries on from, and any episode sharing a child with it:
    the assessment follows the family, not the episode."""
    ids = {episode.pk}
    current = episode
    seen = {episode.pk}
    while current.previous_episode_id is not None and current.previous_episode_id not in seen:
        seen.add(current.previous_episode_id)
        ids.add(current.previous_episode_id)
        current = Episode.objects.get(pk=current.previous_episode_id)
    children = _child_ids(episode)
    if children:
        ids.update(
            EpisodeMember.objects.filter(person_id__in=children, role=MemberRole.CHILD).values_list(
                "episode_id", flat=True
            )
        )
    return ids


def _last_family_assessment(episode: Episode) -> Assessment | None:
    """The family's most recent assessment: the latest signed off, else the latest draft."""
    family = Assessment.objects.filter(episode_id__in=family_episode_ids(episode))
    completed = family.filter(status=AssessmentStatus.COMPLETED).order_by("-completed_at", "-id")
    return completed.first() or family.order_by("-started_at", "-id").first()


def _changes_since(assessment: Assessment, expected_version: int) -> str:
    """Who changed which parts after ``expected_version``, from the assessment's own events."""
    parts: list[str] = []
    people: list[str] = []
    for event in assessment_saved_events(assessment):
        saved = assessment_saved_payload(event)
        if int(saved.get("version", 0)) <= expected_version:
            continue
        for label in saved.get("changed", []):
            if label not in parts:
                parts.append(label)
        name = event.actor.get_full_name() or event.actor.username if event.actor else "someone"
        if name not in people:
            people.append(name)
    if not parts:
        return ""
    return f" {', '.join(people)} changed: {', '.join(parts)}."


def _check_version(assessment: Assessment, expected_version: int | None) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            "This assessment was changed by someone else after you opened it."
            + _changes_since(locked, expected_version)
            + " Nothing has been saved: check it as it is now and make your changes again."
        )
    return locked
