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

from righthelp.earlyhelp.plan_services.agreeing import (
    MAX_FAMILY_AGREEMENTS,
    plan_action_update,
    plan_agree,
    plan_review,
)
from righthelp.earlyhelp.plan_services.drafting import (
    ActionDetails,
    FamilyAgreement,
    OutcomeDetails,
    PlanChanged,
    changes_since,
    current_plan,
    plan_save_draft,
)

__all__ = [
    "ActionDetails",
    "FamilyAgreement",
    "MAX_FAMILY_AGREEMENTS",
    "OutcomeDetails",
    "PlanChanged",
    "changes_since",
    "current_plan",
    "plan_action_update",
    "plan_agree",
    "plan_review",
    "plan_save_draft",
]
