"""Consent pages' forms. They only collect and tidy what was typed; the rules (dates, who may
decide, what a withdrawal needs, the reason for not telling the parents) are the services'."""

from __future__ import annotations

from django import forms

from righthelp.accounts.models import OrganisationKind
from righthelp.consent.models import (
    ALL_AGENCIES,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    LawfulBasisKind,
)
from righthelp.core.forms import GovukDateField, GovukForm

AGENCY_CHOICES = [*OrganisationKind.choices, (ALL_AGENCIES, "All agencies")]


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
