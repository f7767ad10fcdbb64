from __future__ import annotations

from typing import Any

from django import forms

from righthelp.accounts.models import Organisation
from righthelp.core.forms import GovukDateField
from righthelp.people import identifiers
from righthelp.people.models import (
    Ethnicity,
    NameKind,
    PersonKind,
    ProfessionalRole,
    RelationshipKind,
    Sex,
)
from righthelp.people.services import AddressDetails, PersonDetails


class PeopleSearchForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=200)
    date_of_birth = GovukDateField(label="Date of birth", required=False, allow_future=True)
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=12, help_text="For example, 943 476 5919"
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    kind = forms.ChoiceField(
        label="Show", required=False, choices=[("", "Everyone"), *PersonKind.choices]
    )

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].strip()
        if value:
            identifiers.validate_nhs_number(value)
        return value

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        if value and len(identifiers.normalise_postcode(value).replace(" ", "")) < 2:
            raise forms.ValidationError("Enter at least the first part of the postcode")
        return value


class PersonDetailsForm(forms.Form):
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    middle_names = forms.CharField(label="Middle names", required=False, max_length=200)
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter a family name"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        required=False,
        allow_future=True,
        help_text="For an unborn baby only",
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN)
    gender = forms.CharField(
        label="Gender",
        required=False,
        max_length=100,
        help_text="How the person describes their gender, if different from their sex",
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial="NOBT")
    first_language = forms.CharField(label="First language", required=False, max_length=100)
    disability = forms.BooleanField(label="The person has a disability", required=False)
    disability_details = forms.CharField(
        label="About the disability", required=False, max_length=500, widget=forms.Textarea
    )
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=12, help_text="10 digits, like 943 476 5919"
    )
    upn = forms.CharField(
        label="Unique Pupil Number (UPN)",
        required=False,
        max_length=13,
        help_text="13 characters, starting with a letter",
    )

    # Identifiers are checked here too, so every problem shows at once; the service checks again.
    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].strip()
        if value:
            identifiers.validate_nhs_number(value)
        return value

    def clean_upn(self) -> str:
        value: str = self.cleaned_data["upn"].strip()
        if value:
            identifiers.validate_upn(value)
        return value

    def details(self, kind: str) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            kind=kind,
            given_name=data["given_name"],
            middle_names=data["middle_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            sex=data["sex"],
            gender=data["gender"],
            ethnicity=data["ethnicity"],
            first_language=data["first_language"],
            disability=data["disability"],
            disability_details=data["disability_details"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
        )


class PersonCreateForm(PersonDetailsForm):
    kind = forms.ChoiceField(
        label="Who are you adding?",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a child, adult or unborn baby"},
    )
    involvement_role = forms.ChoiceField(
        label="Your role with this person",
        choices=ProfessionalRole.choices,
        error_messages={"required": "Select your role with this person"},
    )
    line1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    line2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    town = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=20)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["kind", "given_name", "middle_names", "family_name"]

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        if value:
            identifiers.validate_postcode(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("line1") or data.get("postcode") or data.get("town")) and not (
            data.get("line1") and data.get("town") and data.get("postcode")
        ):
            for name, message in (
                ("line1", "Enter address line 1, typically the building and street"),
                ("town", "Enter town or city"),
                ("postcode", "Enter a postcode"),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data

    def address(self) -> AddressDetails | None:
        data = self.cleaned_data
        if not data.get("line1"):
            return None
        return AddressDetails(
            line1=data["line1"], line2=data["line2"], town=data["town"], postcode=data["postcode"]
        )


class PersonEditForm(PersonDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonNameForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which kind of name?",
        choices=[(NameKind.ALIAS, "Also known as (alias)"), (NameKind.PREVIOUS, "Previous name")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is an alias or a previous name"},
    )
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)


class AddressForm(forms.Form):
    line1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter address line 1, typically the building and street"},
    )
    line2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    town = forms.CharField(
        label="Town or city", max_length=100, error_messages={"required": "Enter town or city"}
    )
    postcode = forms.CharField(
        label="Postcode", max_length=20, error_messages={"required": "Enter a postcode"}
    )

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        identifiers.validate_postcode(value)
        return value

    start_date = GovukDateField(label="Moved in on", required=False, allow_future=False)

    def address(self) -> AddressDetails:
        data = self.cleaned_data
        return AddressDetails(
            line1=data["line1"],
            line2=data["line2"],
            town=data["town"],
            postcode=data["postcode"],
            start_date=data["start_date"],
        )


class RelationshipForm(forms.Form):
    DIRECTIONS = [
        ("other_is", "The other person is this person's…"),
        ("this_is", "This person is the other person's…"),
    ]
    other_person = forms.IntegerField(
        label="Other person",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the other person"},
    )
    direction = forms.ChoiceField(
        label="Which way round?", choices=DIRECTIONS, widget=forms.RadioSelect, initial="other_is"
    )
    kind = forms.ChoiceField(
        label="Relationship",
        choices=RelationshipKind.choices,
        error_messages={"required": "Select the relationship"},
    )
    description = forms.CharField(label="Notes (optional)", required=False, max_length=200)

    def __init__(self, *args: Any, candidates: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates or []
        self.fields["other_person"].widget = forms.RadioSelect(
            choices=[(p.pk, p.full_name) for p in self.candidates]
        )

    def clean_other_person(self) -> int:
        value: int = self.cleaned_data["other_person"]
        if value not in {p.pk for p in self.candidates}:
            raise forms.ValidationError("Select the other person from the search results")
        return value


class ProfessionalForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=ProfessionalRole.choices, error_messages={"required": "Select a role"}
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the professional's name"}
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        error_messages={"required": "Select the organisation"},
    )
    contact = forms.CharField(label="Phone or email (optional)", required=False, max_length=200)
    start_date = GovukDateField(label="Involved since", required=False, allow_future=False)
