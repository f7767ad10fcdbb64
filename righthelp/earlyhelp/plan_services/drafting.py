"""The plan's versions: drafting, comparing and what changed."""

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
    plan_change_events,
    plan_changes,
    plan_saved_event,
)
from righthelp.earlyhelp.models import (
    ActionStatus,
    Episode,
    Plan,
    PlanAction,
    PlanOutcome,
    PlanStatus,
)
from righthelp.earlyhelp.permissions import require_work


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
