"""The information governance lead's review of an access alert."""

from __future__ import annotations

from django import forms

from righthelp.core.forms import GovukForm

MAX_NOTE = 5000


class AlertReviewForm(GovukForm):
    note = forms.CharField(
        label="What did you find?",
        max_length=MAX_NOTE,
        help_text="For example: whom you spoke to, why they made so many checks, and whether any "
        "action is needed. Your review is kept with the alert and cannot be changed later; you "
        "can add another.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what you found and what you did about it",
            "max_length": f"What you found must be {MAX_NOTE:,} characters or fewer",
        },
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
