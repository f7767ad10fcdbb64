"""Forms for raising a disagreement and recording a stage. Validation of meaning is in the
services; these only shape what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from righthelp.core.forms import GovukForm
from righthelp.escalations.ladder import CouldNotReach
from righthelp.escalations.models import DisagreementKind, StageOutcome
from righthelp.escalations.services import MAX_TEXT
from righthelp.people.models import Person


def _could_not_reach_text(route: CouldNotReach) -> str:
    """ "the social worker or team manager", from the levels of the route."""
    return " or ".join(level.lower() for level in route.from_levels)


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
    could_not_reach = forms.BooleanField(required=False)
    could_not_reach_reason = _text(
        "Who did you try to reach, how, and why could it not wait?",
        "Say who you tried to reach, how, and why it could not wait",
        required=False,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, route: CouldNotReach | None = None, **kwargs: Any) -> None:
        """``route``: the ladder's way straight to a higher level (Nottingham's), offered as
        "could not reach"; without one the fields are not on the form."""
        super().__init__(*args, **kwargs)
        self.route = route
        if route is None:
            del self.fields["could_not_reach"]
            del self.fields["could_not_reach_reason"]
        else:
            who = _could_not_reach_text(route)
            self.fields[
                "could_not_reach"
            ].label = (
                f"I could not reach the {who} in time: go straight to the {route.to_level.lower()}"
            )
            self.fields[
                "could_not_reach"
            ].help_text = f"Only when the {who} cannot be contacted in a time that fits the risk."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("could_not_reach") and not (data.get("could_not_reach_reason") or "").strip():
            self.add_error(
                "could_not_reach_reason",
                "Say who you tried to reach, how, and why it could not wait",
            )
        return data


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
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome of this stage",
            "invalid_choice": "Select the outcome of this stage",
        },
    )
    resolution = _text(
        "What was agreed?",
        "Enter what was agreed",
        help_text="Only if resolved. If upheld, say what changes.",
        required=False,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, route: CouldNotReach | None = None, **kwargs: Any) -> None:
        """``route``: offered as "could not reach" when the current stage is one it starts
        from."""
        super().__init__(*args, **kwargs)
        choices = [
            (
                StageOutcome.UPHELD.value,
                "Resolved: the disagreement is upheld, the decision changes",
            ),
            (StageOutcome.RESOLVED.value, "Resolved: agreed that the decision stands"),
            (StageOutcome.ESCALATE.value, StageOutcome.ESCALATE.label),
        ]
        if route is not None:
            choices.append(
                (
                    StageOutcome.COULD_NOT_REACH.value,
                    f"Could not reach the {_could_not_reach_text(route)} in time: go straight "
                    f"to the {route.to_level.lower()} (say why under what was discussed)",
                )
            )
        self.fields["outcome"].choices = choices  # type: ignore[attr-defined]


class ResponseForm(GovukForm):
    """The first response to a stage, by whoever holds it."""

    prefix = "response"
    response = _text(
        "Your first response",
        "Enter your first response",
        help_text="What you have done or will do, and when: for example, who you will speak to.",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class ListFilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="About", choices=[("", "Any")] + list(DisagreementKind.choices), required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    high_risk = forms.BooleanField(label="High risk only", required=False)
