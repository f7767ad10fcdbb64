"""Writes to the family's multi-agency plan.

The plan is kept as versions (``Plan``, one row each). A draft is edited in place, each save
bumping its ``version`` counter; a save against a version other than the one the user loaded is
refused with ``PlanChanged``, which carries what changed since then (read back from the events
earlier saves left). Agreeing a draft records who in the family agreed it, and on which day, and
supersedes the earlier agreed version; a review makes a new draft version copied from the
current one, recording the progress made and who measured it. Earlier versions are never changed
after they are replaced. A practitioner given an action is told, once, with a link to the plan;
one who could not open the plan cannot be given an action.

Every service checks the actor may work on the episode (``PermissionError`` otherwise, shown as
404 by views) and writes exactly one event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Organisation, User
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.events import (
    plan_action_updated_event,
    plan_agreed_event,
    plan_change_events,
    plan_changes,
    plan_reviewed_event,
    plan_saved_event,
)
from righthelp.earlyhelp.models import (
    ActionStatus,
    Episode,
    EpisodeStatus,
    Plan,
    PlanAction,
    PlanFamilyAgreement,
    PlanOutcome,
    PlanStatus,
    Progress,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import can_work_on_episode, require_work


class PlanChanged(StaleEdit):
    """The plan was changed after the user loaded it; ``changes`` says what changed since."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


@dataclass(frozen=True)
class OutcomeDetails:
    text: str
    measure: str = ""
    measured_by: str = ""


@dataclass(frozen=True)
class ActionDetails:
    what: str
    due_on: date | None
    owner: User | None = None
    owner_name: str = ""
    owner_organisation: Organisation | None = None
    status: str = ActionStatus.NOT_STARTED
    outcome_index: int | None = None


@dataclass(frozen=True)
class FamilyAgreement:
    """Someone in the family who agreed the plan: their name and how they are related."""

    name: str
    relationship: str


@dataclass
class _Snapshot:
    contingency: str = ""
    internal_notes: str = ""
    outcomes: list[str] = field(default_factory=list)
    actions: dict[str, str] = field(default_factory=dict)  # what -> status label
    owners: set[tuple[str, int]] = field(default_factory=set)  # (what, owner user id)


def _require_worker(actor: User, episode: Episode) -> None:
    require_work(
        actor,
        episode,
        "Only those working with the family can change its plan",
        "This episode is closed: its plan can no longer be changed",
    )


def current_plan(episode: Episode) -> Plan | None:
    """The latest version (draft or agreed), or None before the first save."""
    return Plan.objects.filter(episode=episode).order_by("-number").first()


def _snapshot(plan: Plan | None) -> _Snapshot:
    if plan is None:
        return _Snapshot()
    return _Snapshot(
        contingency=plan.contingency,
        internal_notes=plan.internal_notes,
        outcomes=[o.text for o in plan.outcomes.all()],
        actions={a.what: a.get_status_display() for a in plan.actions.all()},
        owners={(a.what, a.owner_id) for a in plan.actions.all() if a.owner_id is not None},
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


def _differences(before: _Snapshot, after: _Snapshot) -> list[str]:
    changes: list[str] = []
    if before.contingency != after.contingency:
        changes.append("The contingency plan was changed")
    if before.internal_notes != after.internal_notes:
        changes.append("The internal notes were changed")
    for text in after.outcomes:
        if text not in before.outcomes:
            changes.append(f"Outcome added: {_short(text)}")
    for text in before.outcomes:
        if text not in after.outcomes:
            changes.append(f"Outcome removed or reworded: {_short(text)}")
    for what, status in after.actions.items():
        if what not in before.actions:
            changes.append(f"Action added: {_short(what)}")
        elif before.actions[what] != status:
            changes.append(f"Action now {status.lower()}: {_short(what)}")
    for what in before.actions:
        if what not in after.actions:
            changes.append(f"Action removed or reworded: {_short(what)}")
    return changes


def changes_since(plan: Plan, version: int) -> list[str]:
    """What the events say changed on ``plan`` after ``version``, oldest first, with who."""
    lines: list[str] = []
    for event in plan_change_events(plan, version):
        who = event.actor.display_name if event.actor else "RightHelp"
        when = timezone.localtime(event.occurred_at).strftime("%-d %B %Y at %-I:%M%p").lower()
        for change in plan_changes(event) or [event.summary]:
            lines.append(f"{change} ({who}, {when})")
    return lines


def _locked_current(episode: Episode) -> Plan | None:
    return Plan.objects.select_for_update().filter(episode=episode).order_by("-number").first()


def _copy_plan(*, source: Plan | None, episode: Episode, actor: User, number: int) -> Plan:
    plan = Plan.objects.create(
        episode=episode,
        number=number,
        status=PlanStatus.DRAFT,
        contingency=source.contingency if source else "",
        internal_notes=source.internal_notes if source else "",
        created_at=timezone.now(),
        created_by=actor,
    )
    if source is not None:
        outcome_map: dict[int, PlanOutcome] = {}
        for outcome in source.outcomes.all():
            outcome_map[outcome.pk] = PlanOutcome.objects.create(
                plan=plan,
                text=outcome.text,
                measure=outcome.measure,
                measured_by=outcome.measured_by,
                position=outcome.position,
            )
        for action in source.actions.all():
            PlanAction.objects.create(
                plan=plan,
                outcome=outcome_map.get(action.outcome_id) if action.outcome_id else None,
                what=action.what,
                owner=action.owner,
                owner_name=action.owner_name,
                owner_organisation=action.owner_organisation,
                due_on=action.due_on,
                status=action.status,
                position=action.position,
            )
    return plan


def _owner_refusal(owner: User, episode: Episode) -> str:
    """Why this practitioner cannot be given an action ("" if they can): they must be able to
    open the plan, so they work on the episode or are invited to its meetings with the family's
    consent covering their agency."""
    if notices.may_open(owner, episode):
        return ""
    return (
        f"{owner.display_name} could not open this family's plan: invite them to a meeting "
        "first (the family's consent must cover their agency), or give the action to someone else"
    )


def _validate(
    outcomes: Sequence[OutcomeDetails],
    actions: Sequence[ActionDetails],
    episode: Episode | None = None,
    owners_before: set[tuple[str, int]] | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    for index, outcome in enumerate(outcomes, start=1):
        if not outcome.text.strip():
            errors.setdefault("outcomes", []).append(f"Outcome {index}: say what will be different")
    for index, action in enumerate(actions, start=1):
        problems = []
        if not action.what.strip():
            problems.append("say what will be done")
        if action.owner is None and not action.owner_name.strip():
            problems.append("say who will do it")
        if action.due_on is None:
            problems.append("give the date it is due")
        if action.status not in ActionStatus.values:
            problems.append("choose a status")
        if action.outcome_index is not None and not (0 <= action.outcome_index < len(outcomes)):
            problems.append("choose an outcome from this plan")
        new_owner = (
            action.owner is not None
            and episode is not None
            and (action.what.strip(), action.owner.pk) not in (owners_before or set())
        )
        if new_owner:
            assert action.owner is not None and episode is not None
            refusal = _owner_refusal(action.owner, episode)
            if refusal:
                problems.append(refusal)
        if problems:
            errors.setdefault("actions", []).append(f"Action {index}: " + ", ".join(problems))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_save_draft(
    *,
    actor: User,
    episode: Episode,
    expected_version: int,
    outcomes: Sequence[OutcomeDetails],
    actions: Sequence[ActionDetails],
    contingency: str,
    internal_notes: str,
    expected_number: int | None = None,
) -> Plan:
    """Save the draft plan: the current draft, or a new draft version if the current one is
    agreed (or there is none yet; then ``expected_version`` is 0).

    Refuses (``PlanChanged``, nothing saved) when the plan is not at the version (and number)
    the user loaded, listing what changed since. An action given to a practitioner who could
    not open the plan is refused (owners already on the plan are kept). Records one
    ``PLAN_SAVED`` event with the list of changes, so a later stale save can be told what this
    one changed, then tells each practitioner newly given an action (``notices.action_owners``).
    """
    _require_worker(actor, episode)
    Episode.objects.select_for_update().filter(pk=episode.pk).first()
    plan = _locked_current(episode)
    loaded_number = expected_number if expected_number is not None else (plan.number if plan else 0)
    current_number = plan.number if plan else 0
    if plan is None and expected_version != 0:
        raise PlanChanged("The plan has changed since you opened it.", [])
    if plan is not None and (current_number != loaded_number or plan.version != expected_version):
        if current_number != loaded_number:
            changes = [f"A new version of the plan (version {current_number}) was started"]
            changes += changes_since(plan, 0)
        else:
            changes = changes_since(plan, expected_version)
        raise PlanChanged(
            "Someone else changed this plan after you opened it. Nothing has been saved: "
            "check what changed, then make your changes again.",
            changes,
        )
    before = _snapshot(plan)
    _validate(outcomes, actions, episode, before.owners)
    if plan is None or plan.status != PlanStatus.DRAFT:
        plan = _copy_plan(source=None, episode=episode, actor=actor, number=current_number + 1)
        created = True
    else:
        plan.outcomes.all().delete()  # actions go with their outcomes; the rest below
        plan.actions.all().delete()
        created = False
    outcome_rows = [
        PlanOutcome.objects.create(
            plan=plan,
            text=o.text.strip(),
            measure=o.measure.strip(),
            measured_by=o.measured_by.strip(),
            position=i,
        )
        for i, o in enumerate(outcomes)
    ]
    action_rows = []
    for i, a in enumerate(actions):
        row = PlanAction.objects.create(
            plan=plan,
            outcome=outcome_rows[a.outcome_index] if a.outcome_index is not None else None,
            what=a.what.strip(),
            owner=a.owner,
            owner_name=a.owner_name.strip(),
            owner_organisation=a.owner_organisation
            or (a.owner.organisation if a.owner is not None else None),
            due_on=a.due_on,  # type: ignore[misc]  # _validate refused a missing date
            status=a.status,
            position=i,
        )
        action_rows.append(row)
    plan.contingency = contingency.strip()
    plan.internal_notes = internal_notes.strip()
    if not created:
        plan.version += 1
    plan.save()
    changes = _differences(before, _snapshot(plan))
    if created:
        changes = [f"Version {plan.number} of the plan was started", *changes]
    plan_saved_event(actor=actor, episode=episode, plan=plan, changes=changes)
    notices.action_owners(
        actor=actor,
        plan=plan,
        actions=[
            row
            for row in action_rows
            if row.owner_id is not None and (row.what, row.owner_id) not in before.owners
        ],
    )
    return plan


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
