"""Agreeing and reviewing the plan, and updating its actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.earlyhelp.events import (
    plan_action_updated_event,
    plan_agreed_event,
    plan_reviewed_event,
)
from righthelp.earlyhelp.models import (
    ActionStatus,
    Episode,
    EpisodeStatus,
    Plan,
    PlanAction,
    PlanFamilyAgreement,
    PlanStatus,
    Progress,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import can_work_on_episode
from righthelp.earlyhelp.plan_services.drafting import (
    FamilyAgreement,
    PlanChanged,
    _copy_plan,
    _locked_current,
    _require_worker,
    changes_since,
    current_plan,
)

MAX_FAMILY_AGREEMENTS = 12


def _clean_family(
    family: Sequence[FamilyAgreement],
) -> tuple[list[FamilyAgreement], dict[str, list[str]]]:
    """The people who agreed, and the problems keyed ``family_name_<i>`` or
    ``family_relationship_<i>`` (``i`` counts from 0 in ``family``), or ``family`` when nobody
    was named."""
    cleaned: list[FamilyAgreement] = []
    problems: dict[str, list[str]] = {}
    for index, person in enumerate(family):
        name, relationship = " ".join(person.name.split()), " ".join(person.relationship.split())
        if not name and not relationship:
            continue
        if not name:
            problems[f"family_name_{index}"] = [f"Person {index + 1}: enter their name"]
        elif not relationship:
            problems[f"family_relationship_{index}"] = [
                f"Say how {name} is related to the child (for example, mum)"
            ]
        cleaned.append(FamilyAgreement(name[:200], relationship[:100]))
    if not cleaned:
        problems["family"] = ["Enter the name of at least one person in the family who agreed it"]
    elif len(cleaned) > MAX_FAMILY_AGREEMENTS:
        problems["family"] = [f"Enter at most {MAX_FAMILY_AGREEMENTS} people"]
    return cleaned, problems


@transaction.atomic
def plan_agree(
    *,
    actor: User,
    plan: Plan,
    family: Sequence[FamilyAgreement],
    agreed_on: date | None = None,
    expected_version: int | None = None,
) -> Plan:
    """Agree a draft with the family and the team, recording who in the family agreed it
    (names and how they are related) and the day they did (``agreed_on``, today if not given;
    never in the future, nor before the episode started). Refuses without a contingency plan or
    without at least one outcome and one action; the earlier agreed version is superseded.
    Records PLAN_AGREED."""
    episode = plan.episode
    _require_worker(actor, episode)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and locked.version != expected_version:
        raise PlanChanged(
            "Someone else changed this plan after you opened it. Nothing has been agreed.",
            changes_since(locked, expected_version),
        )
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError("Only a draft can be agreed")
    if locked.number != (current_plan(episode) or locked).number:
        raise ValidationError("Only the latest version can be agreed")
    errors: dict[str, list[str]] = {}
    if not locked.contingency.strip():
        errors["contingency"] = [
            "Add a contingency plan: what will happen if things do not improve or get worse"
        ]
    if not locked.outcomes.exists():
        errors["outcomes"] = ["Add at least one outcome before the plan is agreed"]
    if not locked.actions.exists():
        errors["actions"] = ["Add at least one action before the plan is agreed"]
    agreed_by_family, problems = _clean_family(family)
    errors.update(problems)
    day = agreed_on or timezone.localdate()
    if day > timezone.localdate():
        errors["agreed_on"] = ["The date the plan was agreed must be today or in the past"]
    elif day < timezone.localdate(episode.opened_at):
        errors["agreed_on"] = [
            "The date the plan was agreed must be on or after the day early help started "
            f"({timezone.localdate(episode.opened_at):%-d %B %Y})"
        ]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    superseded = list(
        Plan.objects.filter(episode=episode, status=PlanStatus.AGREED)
        .exclude(pk=locked.pk)
        .values_list("number", flat=True)
    )
    Plan.objects.filter(episode=episode, status=PlanStatus.AGREED).exclude(pk=locked.pk).update(
        status=PlanStatus.SUPERSEDED
    )
    locked.status = PlanStatus.AGREED
    locked.agreed_at = now
    locked.agreed_by = actor
    locked.agreed_on = day
    locked.version += 1
    locked.save()
    PlanFamilyAgreement.objects.bulk_create(
        [
            PlanFamilyAgreement(
                plan=locked, name=person.name, relationship=person.relationship, position=i
            )
            for i, person in enumerate(agreed_by_family)
        ]
    )
    plan_agreed_event(
        actor=actor,
        episode=episode,
        plan=locked,
        superseded=superseded,
        agreed_on=day,
        family=[{"name": p.name, "relationship": p.relationship} for p in agreed_by_family],
    )
    return locked


@transaction.atomic
def plan_review(
    *,
    actor: User,
    episode: Episode,
    meeting: TafMeeting | None,
    progress: str,
    summary: str,
    measured_by: str,
) -> Plan:
    """Review the plan: a new draft version copied from the current one, recording the
    progress made, a summary and who measured it. The reviewed version is left as it was."""
    _require_worker(actor, episode)
    if meeting is not None and meeting.episode_id != episode.pk:
        raise PermissionError("That meeting is not this family's")
    errors: dict[str, list[str]] = {}
    if progress not in Progress.values:
        errors["progress"] = ["Select how much progress has been made"]
    if not summary.strip():
        errors["progress_summary"] = ["Say what has changed for the child since the last review"]
    if not measured_by.strip():
        errors["progress_measured_by"] = ["Say who measured the progress"]
    if errors:
        raise ValidationError(errors)
    Episode.objects.select_for_update().filter(pk=episode.pk).first()
    source = _locked_current(episode)
    if source is None:
        raise ValidationError("There is no plan to review yet")
    plan = _copy_plan(source=source, episode=episode, actor=actor, number=source.number + 1)
    if source.status == PlanStatus.DRAFT:
        # A draft never agreed is replaced by the reviewed copy (an agreed version stays in
        # force until the reviewed one is agreed).
        source.status = PlanStatus.SUPERSEDED
        source.save(update_fields=["status"])
    plan.review_meeting = meeting
    plan.progress = progress
    plan.progress_summary = summary.strip()
    plan.progress_measured_by = measured_by.strip()
    plan.save()
    plan_reviewed_event(actor=actor, episode=episode, plan=plan, reviewed=source, meeting=meeting)
    return plan


@transaction.atomic
def plan_action_update(*, actor: User, action: PlanAction, status: str) -> PlanAction:
    """Change an action's status on the latest version (draft or agreed) of the plan; the
    action's owner may do this as well as those working on the episode."""
    plan = Plan.objects.select_for_update().get(pk=action.plan_id)
    episode = plan.episode
    if not (can_work_on_episode(actor, episode) or action.owner_id == actor.pk):
        raise PermissionError("Only those working with the family can update the plan")
    if episode.status != EpisodeStatus.OPEN:
        raise ValidationError("This episode is closed: its plan can no longer be changed")
    latest = current_plan(episode) or plan
    if plan.status == PlanStatus.SUPERSEDED or plan.number != latest.number:
        raise ValidationError("This version of the plan has been replaced: update the latest")
    if status not in ActionStatus.values:
        raise ValidationError({"status": ["Choose a status"]})
    locked = PlanAction.objects.select_for_update().get(pk=action.pk)
    old = locked.status
    if old == status:
        return locked
    locked.status = status
    locked.save(update_fields=["status"])
    plan.version += 1
    plan.save(update_fields=["version"])
    plan_action_updated_event(actor=actor, episode=episode, plan=plan, action=locked, old=old)
    return locked
