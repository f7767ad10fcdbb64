"""Every write about early help episodes: starting one (from a front-door request, directly with
the family's consent, or stepping down from social care), lead practitioners and their
agreements, step-up consultations and closure.

Each service is keyword-only, runs in one transaction and records exactly one typed event
naming the episode's members as subjects. A service refuses with ``ValidationError`` (bad
input, shown on the form) or ``PermissionError`` (the actor may not do this; views answer 404).
The assessment, meetings and plans have their own service modules.
"""

from __future__ import annotations

from righthelp.earlyhelp.services.closing import episode_close
from righthelp.earlyhelp.services.common import (
    AGREEMENT_PARTIES,
    LEVEL_FROM_OUTCOME,
    check_roles,
    may_start_episodes,
)
from righthelp.earlyhelp.services.leads import lead_agreement_record, lead_end, lead_propose
from righthelp.earlyhelp.services.starting import (
    episode_member_add,
    episode_start_direct,
    episode_start_from_request,
    request_linked_ids,
    request_people,
    require_not_in_other_episode,
    require_waiting,
)
from righthelp.earlyhelp.services.steps import (
    StepUpHandoverChoice,
    agreed_plan_name,
    episode_step_down,
    step_up_consult,
)

__all__ = [
    "AGREEMENT_PARTIES",
    "LEVEL_FROM_OUTCOME",
    "StepUpHandoverChoice",
    "agreed_plan_name",
    "check_roles",
    "episode_close",
    "episode_member_add",
    "episode_start_direct",
    "episode_start_from_request",
    "episode_step_down",
    "lead_agreement_record",
    "lead_end",
    "lead_propose",
    "may_start_episodes",
    "request_linked_ids",
    "request_people",
    "require_not_in_other_episode",
    "require_waiting",
    "step_up_consult",
]
