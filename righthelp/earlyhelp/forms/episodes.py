"""Forms for the caseload, starting early help, requests, newcomers and closing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from righthelp.accounts.models import Locality, User
from righthelp.core.forms import GovukForm
from righthelp.earlyhelp.forms.fields import (
    AdultChoiceField,
    AdultsChoiceField,
    EpisodeChoiceField,
    FamilyMembersMixin,
    HouseholdChoiceField,
    _adults_field,
    _children_field,
    outcome_field_name,
)
from righthelp.earlyhelp.models import ClosureReason, Episode, EpisodeLevel
from righthelp.earlyhelp.selectors import FamilyChoice, NewcomerChoices
from righthelp.matching.search_first import MatchQuery
from righthelp.people.forms import PersonDetailsForm
from righthelp.people.models import Household, Person, PersonKind, ProfessionalRole
from righthelp.people.services import PersonDetails


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


class StartFindForm(GovukForm):
    """The first step of starting early help directly: whose family."""

    name = forms.CharField(
        label="Name of a child or adult in the family",
        required=False,
        help_text="You can start from anyone you work with. If they have no record, add them "
        "first.",
    )


class StartDirectForm(FamilyMembersMixin, GovukForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=Locality.objects.none(),
        empty_label="Select a locality",
        error_messages={"required": "Select the locality"},
    )
    children = _children_field()
    adults = _adults_field()
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

    def __init__(self, *args: Any, user: User, family: FamilyChoice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localities = user.team_memberships.filter(team__locality__isnull=False).values(
            "team__locality_id"
        )
        locality_field = self.fields["locality"]
        assert isinstance(locality_field, forms.ModelChoiceField)
        locality_field.queryset = Locality.objects.filter(pk__in=localities)
        only = list(locality_field.queryset.values_list("pk", flat=True)[:2])
        if len(only) == 1:
            self.initial.setdefault("locality", only[0])
        self.set_family(family)


class TakeUpForm(FamilyMembersMixin, GovukForm):
    children = _children_field()
    adults = _adults_field()
    reason = forms.CharField(
        label="Why the family needs early help (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty to use the worry the front door received.",
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, family: FamilyChoice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_family(family)


class RequestJoinForm(GovukForm):
    episode = EpisodeChoiceField(
        label="Which early help should the request join?",
        queryset=Episode.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the early help the request joins"},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, episodes: list[Episode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["episode"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Episode.objects.filter(pk__in=[e.pk for e in episodes]).select_related(
            "locality"
        )
        if len(episodes) == 1:
            self.initial.setdefault("episode", episodes[0].pk)


class RequestCloseForm(GovukForm):
    reason = forms.CharField(
        label="Why are you closing this request?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say why the request is being closed"},
        help_text="For example: the family already has early help in another locality, and "
        "its lead practitioner knows of this request. Everyone who works with the family can "
        "read this on each child's chronology.",
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)


class NewcomerForm(PersonDetailsForm, GovukForm):
    """Someone who has joined the family: who they are (searched for before a record is made)
    and how they are part of the family."""

    kind = forms.ChoiceField(
        label="Who has joined the family?",
        choices=[
            (PersonKind.UNBORN, "An unborn baby"),
            (PersonKind.CHILD, "A child or young person (a new baby, a child moving in)"),
            (PersonKind.ADULT, "An adult (a new partner, a relative moving in)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a child, adult or unborn baby"},
    )
    involvement_role = forms.ChoiceField(
        label="Your role with this person",
        choices=ProfessionalRole.choices,
        initial=ProfessionalRole.OTHER,
        error_messages={"required": "Select your role with this person"},
        help_text="If a new record is made, this lets you see it.",
    )
    household = HouseholdChoiceField(
        label="Where do they live?",
        queryset=Household.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        blank=True,
        empty_label="Not with the family",
    )
    parents = AdultsChoiceField(
        label="Whose child are they? (for a child or unborn baby)",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partner = AdultChoiceField(
        label="Whose partner are they? (for an adult)",
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        blank=True,
        empty_label="Nobody in the family",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = [
        "kind",
        "given_name",
        "family_name",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "nhs_number",
        "household",
        "parents",
        "partner",
        "involvement_role",
    ]

    def __init__(self, *args: Any, choices: NewcomerChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        household = self.fields["household"]
        assert isinstance(household, forms.ModelChoiceField)
        household.queryset = Household.objects.filter(
            pk__in=[h.pk for h in choices.households]
        ).select_related("address")
        if len(choices.households) == 1:
            self.initial.setdefault("household", choices.households[0].pk)
        for name in ("parents", "partner"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
            field.queryset = Person.objects.filter(pk__in=[p.pk for p in choices.adults])
        # Only what a search needs and a new record must have; the rest is added on the record.
        for name in ("middle_names", "gender", "ethnicity", "first_language", "disability"):
            del self.fields[name]
        del self.fields["disability_details"]
        del self.fields["upn"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == PersonKind.UNBORN:
            if not data.get("expected_date_of_birth"):
                self.add_error("expected_date_of_birth", "Enter the expected date of birth")
            if data.get("date_of_birth"):
                self.add_error(
                    "date_of_birth",
                    "An unborn baby has an expected date of birth, not a date of birth",
                )
        if kind == PersonKind.ADULT and data.get("parents"):
            self.add_error("parents", "Only a child or unborn baby is recorded as someone's child")
        if kind in (PersonKind.CHILD, PersonKind.UNBORN) and data.get("partner"):
            self.add_error(
                "partner",
                "Partner is for two adults. For a child or young person in a relationship, "
                "record it on their record as Other, and think about whether it is a "
                "safeguarding concern",
            )
        if kind and not (data.get("household") or data.get("parents") or data.get("partner")):
            self.add_error(
                self._tie_field(),
                "Say how they are part of the family: that they live with the family, or whose "
                "child or partner they are",
            )
        return data

    def _tie_field(self) -> str | None:
        """Where "how they are part of the family" is asked (None: nowhere to ask it yet)."""
        if self.choices.households:
            return "household"
        return "parents" if self.choices.adults else None

    def details(self, kind: str = "") -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            kind=kind or data["kind"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            sex=data["sex"],
            nhs_number=data["nhs_number"],
        )

    def match_query(self) -> MatchQuery:
        data = self.cleaned_data
        return MatchQuery(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"],
            sex=data["sex"],
            nhs_number=data["nhs_number"],
        )


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
        early_help: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
        for index, area in enumerate(early_help["outcome_areas"]):
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
