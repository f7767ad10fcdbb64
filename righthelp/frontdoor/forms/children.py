"""Forms for finding, choosing and adding the children a request is about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.frontdoor.forms.common import _described, too_long
from righthelp.matching.search_first import MatchQuery
from righthelp.people.models import Person, PersonKind, ProfessionalRole
from righthelp.people.services import PersonDetails

# --- Request for support: the child ---------------------------------------------------------


class ChildSearchForm(GovukForm):
    """Find the child: by name alone (a list of the children you work with whose names start
    so), or by name and date of birth (likely matches, scored, which still find a misspelt
    name, a nickname or a day and month swapped)."""

    q = forms.CharField(
        label="Search by the child's name",
        required=False,
        max_length=200,
        error_messages={"max_length": too_long("The name", 200)},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="Optional. With the date of birth, the search also finds the child if the name "
        "is spelt differently. For example, 27 3 2014",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_of_birth") and not (cleaned.get("q") or "").strip():
            self.add_error("q", "Enter the child's name as well as the date of birth")
        return cleaned


class ChildPickForm(GovukForm):
    """Choose one of the children the search found (the search is repeated on post)."""

    person = forms.TypedChoiceField(
        label="Which child is the request about?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the child",
            "invalid_choice": "Select the child from the search results",
        },
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, candidates: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["person"].choices = [(p.pk, _described(p)) for p in self.candidates]  # type: ignore[attr-defined]

    def chosen(self) -> Person:
        pk = self.cleaned_data["person"]
        return next(p for p in self.candidates if p.pk == pk)


class ChildAddForm(GovukForm):
    """Add a child who has no record the practitioner can see (after searching)."""

    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={
            "required": "Enter the child's given name",
            "max_length": too_long("Given name", 100),
        },
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={
            "required": "Enter the child's family name",
            "max_length": too_long("Family name", 100),
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
    )
    involvement_role = forms.ChoiceField(
        label="Your role with this child",
        choices=[("", "Select your role"), *ProfessionalRole.choices],
        error_messages={"required": "Select your role with this child"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            kind=PersonKind.CHILD,
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
        )

    def match_query(self) -> MatchQuery:
        """The details to search for before the child is added."""
        data = self.cleaned_data
        return MatchQuery(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
        )
