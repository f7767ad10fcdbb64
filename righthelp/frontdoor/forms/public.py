"""The public's form for reporting a worry about a child."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.frontdoor.forms.common import MAX_AGE_YEARS, MAX_PUBLIC_TEXT, _short, _text, too_long
from righthelp.frontdoor.models import ContactKind
from righthelp.people import identifiers

# --- Public forms ---------------------------------------------------------------------------

_PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")


class PublicContactForm(GovukForm):
    """The two public forms: "Report a concern about a child" and "Ask for help for your family".

    The honeypot is not a field here: the view checks it before anything else, and what was
    typed in it is never shown again.
    """

    child_given_name = forms.CharField(
        label="Given name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("The child's given name", 100)},
    )
    child_family_name = forms.CharField(
        label="Family name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("The child's family name", 100)},
    )
    child_age = forms.CharField(
        label="Age (optional)",
        required=False,
        max_length=3,
        help_text="If you do not know their date of birth. For example, 7",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"max_length": "Enter the child's age as a whole number, like 7"},
    )
    child_date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
        # The messages name the date without "(optional)".
        error_messages={
            "incomplete": "Date of birth must include a {parts}",
            "invalid": "Date of birth must be a real date",
            "future": "Date of birth must be today or in the past",
        },
    )
    address = _short("Address (optional)", limit=300, what="The address")
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like SW1A 1AA"},
    )
    worry = _text(
        "What are you worried about?",
        limit=MAX_PUBLIC_TEXT,
        what="What you are worried about",
        required=True,
        required_message="Tell us what you are worried about",
        help_text="What you have seen or heard, and when. Write as much or as little as you can.",
        rows=8,
    )
    referrer_name = _short("Your name (optional)", limit=200, what="Your name")
    referrer_relationship = _short(
        "How do you know the child? (optional)",
        limit=200,
        what="How you know the child",
        help_text="For example, neighbour, grandparent, sports coach",
    )
    referrer_phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        help_text="For international numbers include the country code",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": too_long("Phone number", 40)},
    )
    referrer_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": too_long("Email address", 254),
        },
    )

    def __init__(self, *args: Any, kind: str = ContactKind.PUBLIC_CONCERN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == ContactKind.SELF_REFERRAL:
            fields = self.fields
            fields["worry"].label = "What help does your family need?"
            worry_help = "What is happening, what worries you, and what you would like help with."
            fields["worry"].help_text = worry_help
            fields["worry"].error_messages["required"] = "Tell us what help your family needs"
            fields["referrer_relationship"].label = "Your relationship to the child"
            fields["referrer_relationship"].help_text = "For example, mum, dad, grandparent, carer"
            fields["referrer_name"].label = "Your name"
            fields["referrer_phone"].label = "Phone number"
            fields["referrer_email"].label = "Email address"
            contact_help = "Give a phone number or an email address (or both) so we can contact you"
            fields["referrer_phone"].help_text = contact_help

    def clean_child_age(self) -> int | None:
        value: str = self.cleaned_data["child_age"].strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError("Enter the child's age as a whole number, like 7")
        if int(value) > MAX_AGE_YEARS:
            raise ValidationError(f"The child's age must be {MAX_AGE_YEARS} or under")
        return int(value)

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        if value:
            identifiers.validate_postcode(value)
        return value

    def clean_referrer_phone(self) -> str:
        value: str = self.cleaned_data["referrer_phone"].strip()
        if not value:
            return value
        digits = re.sub(r"\D", "", value)
        if not _PHONE_CHARACTERS.match(value) or not 10 <= len(digits) <= 15:
            raise ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            (data.get("child_given_name") or "").strip()
            or (data.get("child_family_name") or "").strip()
        ) and not self.has_error("child_given_name"):
            self.add_error(
                "child_given_name", "Enter the child's name, or as much of it as you know"
            )
        if (
            self.kind == ContactKind.SELF_REFERRAL
            and not (data.get("referrer_phone") or data.get("referrer_email"))
            and not self.has_error("referrer_phone")
            and not self.has_error("referrer_email")
        ):
            self.add_error(
                "referrer_phone", "Enter a phone number or email address so we can contact you"
            )
        return data

    def worry_text(self) -> str:
        """The worry as sent; an age given instead of a date of birth is kept with it."""
        data = self.cleaned_data
        worry: str = data["worry"].strip()
        if data.get("child_age") is not None and data.get("child_date_of_birth") is None:
            worry = f"{worry}\n\nThe child's age, as given: {data['child_age']}"
        return worry
