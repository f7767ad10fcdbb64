"""Forms for the known check and anonymous consultations."""

from __future__ import annotations

from typing import Any

from django import forms

from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.frontdoor.forms.common import MAX_PUBLIC_TEXT, _text, too_long
from righthelp.people import identifiers

# --- Is this child known? -------------------------------------------------------------------


class KnownCheckForm(GovukForm):
    given_name = forms.CharField(
        label="Given name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("Given name", 100)},
    )
    family_name = forms.CharField(
        label="Family name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("Family name", 100)},
    )
    # A date of birth in the future is refused, not quietly left out of the match: an unborn
    # baby has an expected date of birth instead.
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
        error_messages={
            "future": "Date of birth must be today or in the past. For an unborn baby, give the "
            "expected date of birth instead"
        },
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn baby only)",
        required=False,
        help_text="Only for a baby not yet born, in the next 10 months",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=12,
        help_text="10 digits, like 943 476 5919",
        error_messages={"max_length": "Enter a valid NHS number, like 943 476 5919"},
    )

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].strip()
        if value:
            identifiers.validate_nhs_number(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error(
                "expected_date_of_birth",
                "Give either the date of birth or, for an unborn baby, the expected date of birth",
            )
            return data
        if data.get("nhs_number"):
            return data
        if not (data.get("family_name") or "").strip():
            self.add_error("family_name", "Enter the child's family name, or their NHS number")
        if data.get("date_of_birth") is None and data.get("expected_date_of_birth") is None:
            self.add_error("date_of_birth", "Enter the child's date of birth, or their NHS number")
        return data


# --- Anonymous consultation -----------------------------------------------------------------


class ConsultationForm(GovukForm):
    question = _text(
        "What would you like advice on?",
        limit=MAX_PUBLIC_TEXT,
        what="Your question",
        required=True,
        required_message="Describe the situation you want advice on",
        help_text="Describe the situation and what you want to know: for example, the child's "
        "age, what you have noticed and what you have tried. Do not include names with dates "
        "of birth, NHS numbers, postcodes or phone numbers: a question with any of them is not "
        "sent.",
        rows=8,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
