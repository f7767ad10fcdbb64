"""Forms for the plan and the meetings pages. They only collect what was typed; every rule is
in ``plan_services`` and ``meeting_services``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.earlyhelp.models import (
    ActionStatus,
    Attendance,
    CaseReason,
    MeetingKind,
    Progress,
)


class PlanForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    contingency = forms.CharField(
        label="Contingency plan",
        help_text="What will happen if things do not improve or get worse.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal_notes = forms.CharField(
        label="Internal notes (not shared with the family)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label="What will be different for the child",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measure = forms.CharField(label="How we will know", required=False)
    measured_by = forms.CharField(label="Who will measure it", required=False)


class ActionForm(forms.Form):
    what = forms.CharField(
        label="What will be done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.TypedChoiceField(
        label="Who will do it (a practitioner)", required=False, coerce=int, empty_value=None
    )
    owner_name = forms.CharField(
        label="Or their name (family member or someone else)", required=False
    )
    due_on = forms.DateField(
        label="Due by (dd/mm/yyyy)", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED
    )
    outcome = forms.TypedChoiceField(
        label="For outcome", required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        owners: Sequence[tuple[int, str]] = (),
        outcome_count: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner, outcome = self.fields["owner"], self.fields["outcome"]
        assert isinstance(owner, forms.ChoiceField) and isinstance(outcome, forms.ChoiceField)
        owner.choices = [("", "Not a practitioner")] + list(owners)
        outcome.choices = [("", "None")] + [(i, f"Outcome {i + 1}") for i in range(outcome_count)]


OutcomeFormSet = formset_factory(OutcomeForm, extra=2)
ActionFormSet = formset_factory(ActionForm, extra=2)


FAMILY_ROWS = 4


class PlanAgreeForm(GovukForm):
    """Who in the family agreed the plan (name and relationship, a row each) and the day."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    agreed_on = GovukDateField(
        label="Date the family agreed the plan",
        help_text="For example, 27 3 2026. Usually the day of the meeting where it was agreed.",
    )

    def __init__(self, *args: Any, rows: int = FAMILY_ROWS, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("agreed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.rows = rows
        for n in range(rows):
            self.fields[f"family_name_{n}"] = forms.CharField(
                label=f"Person {n + 1}: name", required=False, max_length=200
            )
            self.fields[f"family_relationship_{n}"] = forms.CharField(
                label=f"Person {n + 1}: relationship to the child",
                required=False,
                max_length=100,
            )

    def family_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (n + 1, self[f"family_name_{n}"], self[f"family_relationship_{n}"])
            for n in range(self.rows)
        ]

    def family(self) -> list[tuple[str, str]]:
        return [
            (
                self.cleaned_data.get(f"family_name_{n}", ""),
                self.cleaned_data.get(f"family_relationship_{n}", ""),
            )
            for n in range(self.rows)
        ]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)


class ReviewForm(forms.Form):
    progress = forms.ChoiceField(
        label="How much progress has been made?",
        choices=Progress.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    progress_summary = forms.CharField(
        label="What has changed for the child",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    progress_measured_by = forms.CharField(label="Who measured the progress", required=False)


class MeetingPlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    scheduled_for = forms.DateTimeField(
        label="Date and time (dd/mm/yyyy hh:mm)",
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
    )
    location = forms.CharField(label="Where", required=False)
    practitioners = forms.TypedMultipleChoiceField(
        label="Practitioners to invite",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_members = forms.TypedMultipleChoiceField(
        label="Family members to invite",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    held_already = forms.BooleanField(
        label="The meeting has already been held: I am recording it afterwards",
        help_text="Nobody is sent an invitation to a meeting recorded afterwards.",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        practitioners: Sequence[tuple[int, str]] = (),
        members: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        invited, family_members = self.fields["practitioners"], self.fields["family_members"]
        assert isinstance(invited, forms.ChoiceField)
        assert isinstance(family_members, forms.ChoiceField)
        invited.choices = list(practitioners)
        family_members.choices = list(members)

    def asks_held_already(self) -> bool:
        """Whether to ask if the meeting was held already: its date has passed, or it was
        asked before."""
        return self.has_error("scheduled_for", "past") or bool(
            self.is_bound and self.data.get("held_already")
        )


class MeetingRescheduleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    scheduled_for = forms.DateTimeField(
        label="New date and time (dd/mm/yyyy hh:mm)",
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
        error_messages={
            "required": "Enter the new date and time",
            "invalid": "Enter the new date and time as dd/mm/yyyy hh:mm, like 15/12/2026 10:00",
        },
    )
    location = forms.CharField(label="Where", required=False, max_length=300)
    reason = forms.CharField(
        label="Why is the meeting moving?",
        help_text="The people invited are told the new date and this reason.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeetingCancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="The people invited are told it is cancelled, and why.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UpdateForm(forms.Form):
    text = forms.CharField(
        label="Your agency's update", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class MeetingRecordForm(ReviewForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    discussion = forms.CharField(
        label="What was discussed", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decisions = forms.CharField(
        label="What was decided", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, invitees: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.invitee_fields = []
        choices = [(a, label) for a, label in Attendance.choices if a != Attendance.INVITED]
        for pk, name in invitees:
            key = f"attendance_{pk}"
            self.fields[key] = forms.ChoiceField(
                label=f"Did {name} come?", choices=[("", "Choose")] + choices, required=False
            )
            self.invitee_fields.append(key)

    def attendance(self) -> dict[int, str]:
        return {int(k.split("_")[1]): self.cleaned_data.get(k, "") for k in self.invitee_fields}

    def attendance_fields(self) -> list[forms.BoundField]:
        """Each person's attendance field, marked ``aria-invalid`` when it is in error."""
        bound = []
        for key in self.invitee_fields:
            field = self[key]
            if field.errors:
                field.field.widget.attrs["aria-invalid"] = "true"
            bound.append(field)
        return bound


class LocalityMeetingForm(forms.Form):
    meets_on = forms.DateField(label="Date (dd/mm/yyyy)", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    location = forms.CharField(label="Where", required=False)
    attendees = forms.TypedMultipleChoiceField(
        label="Who is expected (from the agencies)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(people)


class LocalityCaseForm(forms.Form):
    episode = forms.TypedChoiceField(label="Family", coerce=int, empty_value=None, required=False)
    reason = forms.ChoiceField(
        label="Why", choices=CaseReason.choices, widget=forms.RadioSelect, required=False
    )
    summary = forms.CharField(
        label="What the meeting needs to know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, episodes: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["episode"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a family")] + list(episodes)


class LocalityDecideForm(forms.Form):
    outcome = forms.CharField(
        label="What the meeting decided", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = forms.CharField(
        label="Actions", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_lead = forms.TypedChoiceField(
        label="New lead practitioner (if the family has none)",
        coerce=int,
        empty_value=None,
        required=False,
    )
    step_up = forms.BooleanField(label="Step up to children's social care", required=False)

    def __init__(self, *args: Any, leads: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_lead"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "No new lead")] + list(leads)
