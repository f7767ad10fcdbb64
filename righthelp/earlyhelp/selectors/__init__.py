"""Every read about early help episodes: one episode (its page), caseloads, requests waiting.

Each read of personal data writes one access record in the same transaction. Missing and
forbidden episodes give the same 404.
"""

from __future__ import annotations

from righthelp.earlyhelp.selectors.caseload import CaseloadFilter, caseload, no_lead_count
from righthelp.earlyhelp.selectors.common import (
    CASELOAD_TABS,
    CHRONOLOGY_LIMIT,
    PER_PAGE,
    episode_for_user,
    episode_for_work,
    manages_team,
    team_episodes_q,
    with_overdue,
)
from righthelp.earlyhelp.selectors.episode_page import DueItem, EpisodePage, episode_page
from righthelp.earlyhelp.selectors.people import (
    FamilyChoice,
    NewcomerChoices,
    family_choice,
    family_others,
    lead_candidates,
    lead_for_episode,
    lead_professionals,
    newcomer_choices,
    social_worker_candidates,
    start_candidates,
)
from righthelp.earlyhelp.selectors.waiting import (
    WaitingRequest,
    request_page,
    request_waiting_or_404,
    requests_waiting,
    step_down_waiting_or_404,
    step_downs_waiting,
)

__all__ = [
    "CASELOAD_TABS",
    "CHRONOLOGY_LIMIT",
    "CaseloadFilter",
    "DueItem",
    "EpisodePage",
    "FamilyChoice",
    "NewcomerChoices",
    "PER_PAGE",
    "WaitingRequest",
    "caseload",
    "episode_for_user",
    "episode_for_work",
    "episode_page",
    "family_choice",
    "family_others",
    "lead_candidates",
    "lead_for_episode",
    "lead_professionals",
    "manages_team",
    "newcomer_choices",
    "no_lead_count",
    "request_page",
    "request_waiting_or_404",
    "requests_waiting",
    "social_worker_candidates",
    "start_candidates",
    "step_down_waiting_or_404",
    "step_downs_waiting",
    "team_episodes_q",
    "with_overdue",
]
