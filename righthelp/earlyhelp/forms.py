"""Forms for the early help episode pages. They check what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from righthelp.accounts.models import Locality, User
from righthelp.core.checkpoint import visible_people
from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.earlyhelp.models import ClosureReason, EpisodeLevel, StepUpOutcome
from righthelp.frontdoor.models import Urgency
from righthelp.people.models import Person

YES_NO = [("yes", "Yes"), ("no", "No")]


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        organisation = f" ({obj.organisation.name})" if obj.organisation_id else ""
        return f"{obj.display_name}{organisation}"


class PersonChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        born = f", born {obj.date_of_birth:%d %B %Y}" if obj.date_of_birth else ""
        return f"{obj.full_name}{born}"


class CaseloadFilterForm(GovukForm):
    q = forms.CharField(
        label="Reference or name", required=False, help_text="For example, EH-26-000123"
    )
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=[("", "Any level"), *EpisodeLevel.choices],
    )
    closed = forms.BooleanField(label="Include closed episodes", required=False)


class StartDirectForm(GovukForm):
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=Locality.objects.none(),
        empty_label="Select a locality",
        error_messages={"required": "Select the locality"},
    )
    children = PersonChoiceField(
        label="Children",
        queryset=Person.objects.none(),  # the user's visible people, set in __init__
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children the early help is for"},
        help_text="Each child needs the family's consent to early help, or a recorded lawful "
        "basis.",
    )
    adults = PersonChoiceField(
        label="Parents, carers and other adults",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    level = forms.ChoiceField(
        label="Level of early help",
        choices=EpisodeLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of early help"},
    )
    reason = forms.CharField(
        label="Why the family needs early help",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say why the family needs early help"},
        help_text="The worry in plain words, as agreed with the family.",
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localities = user.team_memberships.filter(team__locality__isnull=False).values(
            "team__locality_id"
        )
        locality_field = self.fields["locality"]
        assert isinstance(locality_field, forms.ModelChoiceField)
        locality_field.queryset = Locality.objects.filter(pk__in=localities)
        people = visible_people(user).order_by("family_name", "given_name", "id")
        for name in ("children", "adults"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = people


class TakeUpForm(GovukForm):
    reason = forms.CharField(
        label="Why the family needs early help (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty to use the worry the front door received.",
    )


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


def outcome_field_name(index: int) -> str:
    return f"score_{index}"


class CloseForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is early help ending?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why early help is ending"},
    )
    reason_other = forms.CharField(label="Other reason", required=False, max_length=300)
    summary = forms.CharField(
        label="Closing summary for the family",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the closing summary for the family"},
        help_text="What has changed, in plain words the family will read.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas: list[tuple[str, str]] = []
        for index, area in enumerate(settings.RIGHTHELP_EARLY_HELP["outcome_areas"]):
            name = outcome_field_name(index)
            self.fields[name] = forms.IntegerField(
                label=area,
                required=False,
                min_value=1,
                max_value=10,
                error_messages={
                    "invalid": f"{area} must be a number from 1 to 10",
                    "min_value": f"{area} must be a number from 1 to 10",
                    "max_value": f"{area} must be a number from 1 to 10",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )
            self.areas.append((name, area))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ClosureReason.OTHER and not data.get("reason_other"):
            self.add_error("reason_other", "Say why early help is ending")
        return data

    def outcome_scores(self) -> dict[str, int]:
        return {
            area: self.cleaned_data[name]
            for name, area in self.areas
            if self.cleaned_data.get(name) is not None
        }

    def score_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _ in self.areas]
