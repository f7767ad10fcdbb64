"""What the front door's forms share: limits, yes/no answers and text fields."""

from __future__ import annotations

from django import forms

from righthelp.consent.services import (
    CHILD_AGREED,
    CHILD_NOT_APPROPRIATE,
    CHILD_REFUSED,
)
from righthelp.core.forms import format_govuk_date
from righthelp.people.models import Person

# Practitioners write at length; the public forms take less, and refuse more rather than cut.
MAX_PRACTITIONER_TEXT = 10_000


MAX_PUBLIC_TEXT = 5_000


MAX_AGE_YEARS = 25


# The ordered scale every framework names in its own words (DOMAIN.md, "The continuum of need").
GENERIC_LEVELS = {
    1: "Universal services",
    2: "Additional needs",
    3: "Targeted early help: multiple needs",
    4: "Specialist or statutory support",
}


YES_NO = [("yes", "Yes"), ("no", "No")]


CHILD_ANSWERS = [
    (CHILD_AGREED, "Yes, they understood and agreed themselves"),
    (CHILD_NOT_APPROPRIATE, "It is not appropriate to ask them"),
    (CHILD_REFUSED, "They were asked and did not agree"),
]


def too_long(what: str, limit: int) -> str:
    """GOV.UK wording: "What you are worried about must be 5,000 characters or fewer"."""
    return f"{what} must be {limit:,} characters or fewer"


def _yes_no(value: str) -> bool:
    return value == "yes"


def _text(
    label: str,
    *,
    limit: int,
    what: str,
    required: bool = False,
    required_message: str = "",
    help_text: str = "",
    rows: int = 5,
) -> forms.CharField:
    messages = {"max_length": too_long(what, limit)}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
    )


def _short(label: str, *, limit: int, what: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        error_messages={"max_length": too_long(what, limit)},
    )


def _described(person: Person) -> str:
    """The name with the date of birth ("Kayden Fletcher, born 1 June 2015"), enough to tell
    two children with one name apart."""
    if person.date_of_birth:
        return f"{person.full_name}, born {format_govuk_date(person.date_of_birth)}"
    if person.expected_date_of_birth:
        return f"{person.full_name}, due {format_govuk_date(person.expected_date_of_birth)}"
    return person.full_name
