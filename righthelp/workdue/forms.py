"""My work's forms: they collect what was typed; the services decide."""

from __future__ import annotations

from django import forms

from righthelp.core.forms import GovukForm


class TaskCompleteForm(GovukForm):
    note = forms.CharField(
        label="What did you do or decide?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, what you checked, who you spoke to and what happens next",
        error_messages={"required": "Say what you did, or decided, about it"},
    )
