"""Forms for raising a disagreement and recording a stage. Validation of meaning is in the
services; these only shape what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from righthelp.core.forms import GovukForm
from righthelp.escalations.models import DisagreementKind, StageOutcome
from righthelp.escalations.services import MAX_TEXT
from righthelp.people.models import Person


def _text(label: str, message: str, help_text: str = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": message,
            "max_length": f"Must be {MAX_TEXT} characters or fewer",
        },
    )


class RaiseForm(GovukForm):
    kind = forms.ChoiceField(
        label="What is the disagreement about?",
        choices=DisagreementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the disagreement is about"},
    )
    disagree_with = _text("What do you disagree with?", "Enter what you disagree with")
    reason = _text("Why do you disagree?", "Enter why you disagree")
    risk = _text("What risk do you see for the child?", "Enter the risk you see for the child")
    high_risk = forms.BooleanField(
        label="The risk to the child is high",
        required=False,
        help_text="High risk shortens every timescale on the ladder.",
    )
    wanted = _text("What do you want to happen?", "Enter what you want to happen")
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class RaiseFromContactForm(RaiseForm):
    """Raising from a front-door contact. When the contact names several children linked to
    records, the raiser picks the one the disagreement is about."""

    def __init__(self, *args: Any, children: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = list(children)
        if len(self.children) > 1:
            self.fields["child"] = forms.TypedChoiceField(
                label="Which child is the disagreement about?",
                choices=[(str(child.pk), child.full_name) for child in self.children],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Select which child the disagreement is about",
                    "invalid_choice": "Select which child the disagreement is about",
                },
            )
            # The child comes first on the page and in the error summary.
            self.order_fields(["child"])

    def chosen_child(self) -> Person:
        if len(self.children) == 1:
            return self.children[0]
        chosen = self.cleaned_data["child"]
        return next(child for child in self.children if child.pk == chosen)


class StageForm(GovukForm):
    conversation = _text(
        "What was discussed?",
        "Enter what was discussed",
        help_text="Who spoke, what each agency said and what was agreed or not.",
    )
    outcome = forms.ChoiceField(
        label="Outcome of this stage",
        choices=StageOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of this stage"},
    )
    resolution = _text(
        "What was agreed?",
        "Enter what was agreed",
        help_text="Only if resolved.",
        required=False,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class ListFilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="About", choices=[("", "Any")] + list(DisagreementKind.choices), required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    high_risk = forms.BooleanField(label="High risk only", required=False)
