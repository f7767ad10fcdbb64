"""Forms for lead practitioners and stepping up or down."""

from __future__ import annotations

from typing import Any

from django import forms

from righthelp.accounts.models import Locality, User
from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.earlyhelp.forms.fields import YES_NO, UserChoiceField
from righthelp.earlyhelp.models import EpisodeLevel, StepUpOutcome
from righthelp.frontdoor.models import Urgency


class LeadProposeForm(GovukForm):
    practitioner = UserChoiceField(
        label="Lead practitioner",
        queryset=User.objects.none(),
        empty_label="Select a practitioner",
        error_messages={"required": "Select the lead practitioner"},
        help_text="They stay accountable to their own agency.",
    )
    child_agreement_needed = forms.ChoiceField(
        label="Is the child of an age and understanding to agree to the lead?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child's agreement is needed"},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practitioner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class LeadAgreementForm(GovukForm):
    party = forms.ChoiceField(
        label="Who agreed?",
        choices=[
            ("practitioner", "I agree to be the lead practitioner"),
            ("family", "The family"),
            ("child", "The child or young person"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who agreed"},
    )
    agreed_by = forms.CharField(
        label="Name of who agreed",
        required=False,
        help_text="For the family or the child, for example 'Jo Fletcher (mum)'.",
    )


class LeadEndForm(GovukForm):
    reason = forms.CharField(
        label="Why is this lead ending?",
        max_length=500,  # LeadPractitioner.end_reason
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the lead is ending"},
    )


class StepUpForm(GovukForm):
    worry = forms.CharField(
        label="What are you worried about?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Say what you are worried about"},
    )
    social_worker = UserChoiceField(
        label="Locality social worker consulted",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select the social worker",
    )
    outcome = forms.ChoiceField(
        label="What was agreed?",
        choices=StepUpOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was agreed"},
    )
    advice = forms.CharField(
        label="Advice given",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    joint_visit_on = GovukDateField(label="Date of the joint visit", required=False)
    urgency = forms.ChoiceField(
        label="How urgent is a formal contact?",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only used for a formal contact to the front door.",
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["social_worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class StepDownForm(GovukForm):
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=Locality.objects.none(),
        empty_label="Select a locality",
        error_messages={"required": "Select the locality"},
    )
    level = forms.ChoiceField(
        label="Level of early help",
        choices=EpisodeLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of early help"},
    )
    reason = forms.CharField(
        label="Why early help is still needed",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say why early help is still needed"},
    )
    route = forms.ChoiceField(
        label="How will a lead practitioner be found?",
        choices=[
            ("lead", "A review named a lead from the agencies staying involved"),
            ("meeting", "Bring the family to the locality early help action meeting"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say how a lead practitioner will be found"},
    )
    lead = UserChoiceField(
        label="New lead practitioner",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select a practitioner",
    )

    def __init__(self, *args: Any, user: User, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localities = user.team_memberships.filter(team__locality__isnull=False).values(
            "team__locality_id"
        )
        locality_field = self.fields["locality"]
        assert isinstance(locality_field, forms.ModelChoiceField)
        locality_field.queryset = Locality.objects.filter(pk__in=localities)
        lead_field = self.fields["lead"]
        assert isinstance(lead_field, forms.ModelChoiceField)
        lead_field.queryset = candidates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("route") == "lead" and not data.get("lead"):
            self.add_error("lead", "Select the new lead practitioner")
        return data
