from collections.abc import Sequence
from typing import Any

from django import forms


class MergeForm(forms.Form):
    surviving = forms.ChoiceField(
        label="Which record should remain?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the record that should remain"},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why these records are the same person"},
    )

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        surviving = self.fields["surviving"]
        assert isinstance(surviving, forms.ChoiceField)
        surviving.choices = choices


class NotSameForm(forms.Form):
    reason = forms.CharField(
        label="Why are they different people? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label="Why is the merge being undone?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the merge is being undone"},
    )


class NoneOfTheseForm(forms.Form):
    """Why a new record is being added although the search found a likely match. The pages
    that add a person after a search bind it with the prefix ``none``; the service
    (``services.match_none_record``) decides whether it is required and stores it."""

    prefix = "none"

    reason = forms.CharField(
        label="Why is the person you are adding none of these records?",
        help_text="For example: a different date of birth, family or address. Whoever reviews "
        "possible duplicate records will read this.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
