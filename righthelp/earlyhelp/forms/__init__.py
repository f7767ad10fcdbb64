"""Forms for the early help episode pages. They check what was typed; the services decide."""

from __future__ import annotations

from righthelp.earlyhelp.forms.episodes import (
    CaseloadFilterForm,
    CloseForm,
    NewcomerForm,
    RequestCloseForm,
    RequestJoinForm,
    StartDirectForm,
    StartFindForm,
    TakeUpForm,
)
from righthelp.earlyhelp.forms.fields import (
    YES_NO,
    AdultChoiceField,
    AdultsChoiceField,
    EpisodeChoiceField,
    FamilyMembersMixin,
    HouseholdChoiceField,
    PersonChoiceField,
    PickForm,
    UserChoiceField,
    outcome_field_name,
    person_label,
)
from righthelp.earlyhelp.forms.leads_and_steps import (
    LeadAgreementForm,
    LeadEndForm,
    LeadProposeForm,
    StepDownForm,
    StepUpForm,
)

__all__ = [
    "AdultChoiceField",
    "AdultsChoiceField",
    "CaseloadFilterForm",
    "CloseForm",
    "EpisodeChoiceField",
    "FamilyMembersMixin",
    "HouseholdChoiceField",
    "LeadAgreementForm",
    "LeadEndForm",
    "LeadProposeForm",
    "NewcomerForm",
    "PersonChoiceField",
    "PickForm",
    "RequestCloseForm",
    "RequestJoinForm",
    "StartDirectForm",
    "StartFindForm",
    "StepDownForm",
    "StepUpForm",
    "TakeUpForm",
    "UserChoiceField",
    "YES_NO",
    "outcome_field_name",
    "person_label",
]
