"""Consent pages' forms. They only collect and tidy what was typed; the rules (dates, who may
decide, what a withdrawal needs, the reason for not telling the parents) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from righthelp.accounts.models import OrganisationKind
from righthelp.consent.models import (
    ALL_AGENCIES,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    Explained,
    LawfulBasisKind,
)
from righthelp.consent.services import ConsentValidity
from righthelp.core.forms import GovukDateField, GovukForm

AGENCY_CHOICES = [*OrganisationKind.choices, (ALL_AGENCIES, "All agencies")]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool:
    return value == "yes"


def _yes_no_field(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def validity_fields(*, child: bool) -> dict[str, forms.Field]:
    """The questions that make consent valid (voluntary, informed, capacity) and, for a child
    deciding for themselves, how their understanding was judged and their competence
    assessment. Not required here: the service says what consent given needs."""
    fields: dict[str, forms.Field] = {
        "voluntary": _yes_no_field(
            "Did they agree freely?",
            "Nobody pressured them, and they knew they could say no",
        ),
        "explained": forms.MultipleChoiceField(
            label="What did you explain before they agreed?",
            required=False,
            choices=Explained.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text="Consent counts only if all four were explained",
        ),
        "giver_has_capacity": _yes_no_field(
            "Could they understand what they were agreeing to, and decide?"
        ),
    }
    if child:
        fields["capacity_judged"] = forms.CharField(
            label="How did you judge that the child understood?",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="For example, they could say in their own words what will be shared, "
            "with whom and why",
        )
        fields["competence_assessed_by"] = forms.CharField(
            label="Who assessed the child's competence to decide?",
            required=False,
            max_length=200,
            help_text=f"Needed for a child under {competence_age()}",
        )
        fields["competence_assessed_how"] = forms.CharField(
            label="How was it assessed?",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        fields["competence_assessed_on"] = GovukDateField(
            label="When was it assessed?", required=False, allow_future=False
        )
    return fields


def validity_from(data: dict[str, Any], prefix: str = "") -> ConsentValidity:
    """The answers to ``validity_fields`` (named with ``prefix``) as the service takes them."""

    def get(name: str, default: Any = "") -> Any:
        value = data.get(f"{prefix}{name}")
        return default if value is None else value

    return ConsentValidity(
        voluntary=data.get(f"{prefix}voluntary"),
        explained=tuple(get("explained", ())),
        giver_has_capacity=data.get(f"{prefix}giver_has_capacity"),
        capacity_judged=get("capacity_judged"),
        competence_assessed_by=get("competence_assessed_by"),
        competence_assessed_how=get("competence_assessed_how"),
        competence_assessed_on=data.get(f"{prefix}competence_assessed_on"),
    )


def competence_age() -> int:
    from righthelp.consent.services import competence_age as age

    return age()


def agency_label(value: str) -> str:
    return dict(AGENCY_CHOICES).get(value, value)


class ConsentRecordForm(GovukForm):
    purpose = forms.ChoiceField(
        label="What is the decision about?",
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the consent is for"},
    )
    decision = forms.ChoiceField(
        label="Was consent given or refused?",
        choices=[("given", "Consent given"), ("refused", "Consent refused")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given or refused"},
    )
    given_by = forms.ChoiceField(
        label="Who decided?",
        choices=ConsentGiver.choices,
        widget=forms.RadioSelect,
        help_text="A child or young person who understands what they are agreeing to can decide "
        "for themselves",
        error_messages={"required": "Select who gave or refused consent"},
    )
    given_by_name = forms.CharField(
        label="Their name",
        max_length=200,
        error_messages={"required": "Enter the name of the person who decided"},
    )
    share_with = forms.MultipleChoiceField(
        label="Who may information be shared with?",
        choices=AGENCY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the person agreed to",
        error_messages={"required": "Select who the information may be shared with"},
    )
    method = forms.ChoiceField(
        label="How was the decision given?",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how consent was given or refused"},
    )
    decided_on = GovukDateField(label="Date of the decision", allow_future=False)
    review_on = GovukDateField(
        label="Review date",
        required=False,
        allow_past=False,
        help_text="When to check the decision still stands. After this date consent no longer "
        "counts for sharing until it is recorded again. For example, 27 3 2027",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(validity_fields(child=True))

    def validity(self) -> ConsentValidity:
        return validity_from(self.cleaned_data)


class ConsentWithdrawForm(GovukForm):
    # Named as the service names it, so its refusal lands on this field.
    given_by_name = forms.CharField(
        label="Name of the person withdrawing consent",
        max_length=200,
        error_messages={"required": "Enter the name of the person withdrawing"},
    )
    method = forms.ChoiceField(
        label="How did they withdraw it?",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how consent was withdrawn"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)


class LawfulBasisForm(GovukForm):
    basis = forms.ChoiceField(
        label="On what basis are you sharing without consent?",
        choices=LawfulBasisKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing without consent"},
    )
    reasons = forms.CharField(
        label="Why are you sharing without consent?",
        widget=forms.Textarea,
        help_text="What you know or suspect, and why it cannot wait for consent",
        error_messages={"required": "Explain why you are sharing without consent"},
    )
    parents_told = forms.TypedChoiceField(
        label="Have the parents been told that information is being shared?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the parents have been told"},
    )
    not_told_reason = forms.CharField(
        label="If they have not been told, why would telling them increase the risk to the child?",
        required=False,
        widget=forms.Textarea,
    )
    share_with = forms.MultipleChoiceField(
        label="Which agencies are you sharing with?",
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these kinds of agency may then see what would otherwise need consent. "
        "Share no more widely than you need to",
        error_messages={"required": "Select each kind of agency you are sharing with"},
    )
