"""Chronology forms: the filter (GET) and adding or correcting an entry (POST)."""

from __future__ import annotations

from typing import Any

from django import forms

from righthelp.accounts.models import Organisation
from righthelp.chronology.models import Significance
from righthelp.chronology.selectors import ChronologyFilter, event_kinds
from righthelp.core.forms import GovukDateField, GovukForm, PlainSelect, too_long

# The most an entry's text takes (the page shows it and counts as you type).
ENTRY_TEXT_LIMIT = 5000


class ChronologyFilterForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Any",
        widget=PlainSelect,
    )
    significance = forms.ChoiceField(
        label="Significance",
        choices=[("", "Any"), *Significance.choices],
        required=False,
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(label="Kind of event", required=False, widget=PlainSelect)
    date_from = GovukDateField(label="From", required=False, allow_future=True)
    date_to = GovukDateField(label="To", required=False, allow_future=True)
    significant_only = forms.BooleanField(label="Significant events only", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Any"), *event_kinds()]
        # The agencies' names in one plain query (a model choice field reads whole rows through
        # a server-side cursor: three more round trips); choosing one still checks the queryset.
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.choices = [
            ("", agency.empty_label),
            *Organisation.objects.values_list("pk", "name"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "To must be the same as or after From")
        return data

    def chronology_filter(self) -> ChronologyFilter:
        """The filter typed, or no filter while the form has errors."""
        if not self.is_bound or not self.is_valid():
            return ChronologyFilter()
        data = self.cleaned_data
        return ChronologyFilter(
            agency_id=data["agency"].pk if data.get("agency") else None,
            significance=data.get("significance") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind") or "",
            significant_only=bool(data.get("significant_only")),
        )


class ChronologyEntryForm(GovukForm):
    occurred_on = GovukDateField(label="When it happened", allow_future=False)
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea,
        max_length=ENTRY_TEXT_LIMIT,
        error_messages={
            "required": "Enter what happened",
            "max_length": too_long("What happened", ENTRY_TEXT_LIMIT),
        },
    )
    source_agency = forms.ModelChoiceField(
        label="Source agency",
        help_text="The agency the information came from. Leave as your own if it is yours.",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="My agency",
    )
    significance = forms.ChoiceField(
        label="Significance",
        choices=Significance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how significant it was"},
    )
    impact_on_child = forms.CharField(
        label="Impact on the child",
        widget=forms.Textarea,
        required=False,
        max_length=ENTRY_TEXT_LIMIT,
        error_messages={"max_length": too_long("Impact on the child", ENTRY_TEXT_LIMIT)},
    )
    # One entry however many times the form is sent (a double click, a resubmitted page).
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def entry_details(self) -> dict[str, Any]:
        """What the services take: the typed fields without the submission key."""
        return {k: v for k, v in self.cleaned_data.items() if k != "submission_key"}
