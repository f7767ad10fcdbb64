"""Early help: the family's journey below the statutory threshold.

An ``Episode`` belongs to the family (every child and adult it concerns, ``EpisodeMember``). It
starts from a front-door decision (``frontdoor.EarlyHelpRequest``), directly when a practitioner
and the family agree, or by stepping down from social care, and ends with a reason and measured
outcomes. A front-door request the locality cannot take up with a new episode is joined to the
family's open one or closed with a reason (``RequestResolution``). Around it: the lead
practitioner (``LeadPractitioner``, active only once everyone has agreed), the early help
assessment (``Assessment``, with Signs of Safety scaling and outcome scales), Team Around the
Family meetings (``TafMeeting``), the multi-agency plan (``Plan``, one row per version), the
locality early help action meetings (``LocalityMeeting``) and step-up consultations
(``StepUpConsultation``).

Models hold data and invariants only; every write is in ``services.py``.
"""

from __future__ import annotations

from righthelp.earlyhelp.models.assessment import (
    TRIANGLE_DIMENSIONS,
    Assessment,
    AssessmentStatus,
    ChildVoice,
    OutcomeScore,
    ScalingAnswer,
    ScoreOccasion,
    StepUpChoice,
    StepUpPrompt,
)
from righthelp.earlyhelp.models.episodes import (
    ClosureReason,
    Episode,
    EpisodeLevel,
    EpisodeMember,
    EpisodeOrigin,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
    MemberRole,
    RequestResolution,
    RequestResolutionKind,
)
from righthelp.earlyhelp.models.meetings import (
    Attendance,
    CaseReason,
    LocalityCase,
    LocalityMeeting,
    MeetingKind,
    MeetingStatus,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.models.plans import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanFamilyAgreement,
    PlanOutcome,
    PlanStatus,
    Progress,
)
from righthelp.earlyhelp.models.step_up import StepUpConsultation, StepUpOutcome

__all__ = [
    "ActionStatus",
    "Assessment",
    "AssessmentStatus",
    "Attendance",
    "CaseReason",
    "ChildVoice",
    "ClosureReason",
    "Episode",
    "EpisodeLevel",
    "EpisodeMember",
    "EpisodeOrigin",
    "EpisodeStatus",
    "LeadPractitioner",
    "LeadStatus",
    "LocalityCase",
    "LocalityMeeting",
    "MeetingKind",
    "MeetingStatus",
    "MemberRole",
    "OutcomeScore",
    "Plan",
    "PlanAction",
    "PlanFamilyAgreement",
    "PlanOutcome",
    "PlanStatus",
    "Progress",
    "RequestResolution",
    "RequestResolutionKind",
    "ScalingAnswer",
    "ScoreOccasion",
    "StepUpChoice",
    "StepUpConsultation",
    "StepUpOutcome",
    "StepUpPrompt",
    "TRIANGLE_DIMENSIONS",
    "TafInvitee",
    "TafMeeting",
]
