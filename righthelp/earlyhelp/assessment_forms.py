"""Forms for the parts of the early help assessment and the outcome scales (input only: every
rule about what may be saved is in ``assessment_services``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.earlyhelp.assessment_services import ScalingAnswerDetails
from righthelp.earlyhelp.models import TRIANGLE_DIMENSIONS, ScoreOccasion, StepUpChoice
from righthelp.people.models import Person, PersonKind

SCALING_ROWS = 6


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...]  # the text parts (``TEXT_FIELDS``) this section edits


SECTIONS: tuple[Section, ...] = (
    Section("dimensions", "Strengths and needs (the Assessment Triangle)", ()),
    Section("factors", "Protective and risk factors", ("protective_factors", "risk_factors")),
    Section("child", "Each child's voice and lived experience", ("lived_experience",)),
    Section("parents", "Parents' and carers' views", ("parents_views",)),
    Section("history", "History", ("history",)),
    Section(
        "safety",
        "Signs of Safety conversation",
        ("working_well", "worried_about", "needs_to_happen"),
    ),
    Section("analysis", "Analysis and recommended level", ("analysis",)),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}

FIELD_TEXT: dict[str, tuple[str, str]] = {
    "protective_factors": (
        "Protective factors",
        "What keeps the child safe and well: people, routines, strengths in the family.",
    ),
    "risk_factors": ("Risk factors", "What makes things harder or could cause harm."),
    "lived_experience": (
        "The child's lived experience",
        "What a day is like for this child: what they see, hear and feel at home and at school.",
    ),
    "parents_views": (
        "Parents' and carers' views",
        "What they think is going well and what is not.",
    ),
    "history": ("History", "Relevant history: past support, moves, significant events."),
    "working_well": ("What is working well?", "Strengths and safety already in place."),
    "worried_about": (
        "What are we worried about?",
        "Past harm, future danger, complicating factors.",
    ),
    "needs_to_happen": ("What needs to happen?", "Next steps, and who will do them."),
    "analysis": (
        "Analysis",
        "What the information means for the child, and why you recommend the level below.",
    ),
}


class VersionedForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TextSectionForm(VersionedForm):
    """The free-text parts of one section."""

    def __init__(self, *args: Any, section: Section, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        for name in section.fields:
            label, hint = FIELD_TEXT[name]
            self.fields[name] = forms.CharField(
                required=False,
                label=label,
                help_text=hint,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.section.fields]

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.section.fields}


class ChildSectionForm(TextSectionForm):
    """Each child's own voice (a box per child in the episode) and their lived experience."""

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            hint = (
                "What they said, in their own words. Say how and where you heard it."
                if child.kind != PersonKind.UNBORN
                else "Not needed before birth: what is known of the baby's world, if anything."
            )
            self.fields[f"voice_{child.pk}"] = forms.CharField(
                required=False,
                label=f"{child.full_name}'s voice",
                help_text=hint,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def voice_fields(self) -> list[forms.BoundField]:
        return [self[f"voice_{child.pk}"] for child in self.children]

    def voices(self) -> dict[int, str]:
        return {child.pk: self.cleaned_data[f"voice_{child.pk}"] for child in self.children}


class AnalysisForm(TextSectionForm):
    significant_harm_suspected = forms.BooleanField(
        required=False,
        label="I think a child may be suffering, or likely to suffer, significant harm",
    )


class DimensionsForm(VersionedForm):
    """Strengths and needs under each Assessment Triangle dimension."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in TRIANGLE_DIMENSIONS:
            self.fields[f"{code}_strengths"] = forms.CharField(
                required=False,
                label=f"{label}: strengths",
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"{code}_needs"] = forms.CharField(
                required=False,
                label=f"{label}: needs",
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def groups(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        return [
            (code, label, self[f"{code}_strengths"], self[f"{code}_needs"])
            for code, label in TRIANGLE_DIMENSIONS
        ]

    def dimensions(self) -> dict[str, dict[str, str]]:
        return {
            code: {
                "strengths": self.cleaned_data[f"{code}_strengths"],
                "needs": self.cleaned_data[f"{code}_needs"],
            }
            for code, _label in TRIANGLE_DIMENSIONS
        }

    @staticmethod
    def initial_from(dimensions: dict[str, Any]) -> dict[str, str]:
        initial = {}
        for code, _label in TRIANGLE_DIMENSIONS:
            value = dimensions.get(code) or {}
            initial[f"{code}_strengths"] = value.get("strengths", "")
            initial[f"{code}_needs"] = value.get("needs", "")
        return initial


SCORE_CHOICES = [("", "Not asked")] + [(str(n), str(n)) for n in range(11)]


class SafetyForm(TextSectionForm):
    """The Signs of Safety questions and "how worried are we?" (0-10) per person asked."""

    def __init__(self, *args: Any, rows: int = SCALING_ROWS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Always room for everyone already asked plus one more, so no answer is ever dropped.
        self.rows = max(SCALING_ROWS, rows)
        for n in range(self.rows):
            self.fields[f"asked_{n}"] = forms.CharField(
                required=False, max_length=200, label=f"Person {n + 1}: who was asked"
            )
            self.fields[f"score_{n}"] = forms.TypedChoiceField(
                required=False,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                label=f"Person {n + 1}: score from 0 to 10",
            )
            self.fields[f"why_{n}"] = forms.CharField(
                required=False,
                max_length=2000,
                label=f"Person {n + 1}: why that number",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scaling_rows(
        self,
    ) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (n + 1, self[f"asked_{n}"], self[f"score_{n}"], self[f"why_{n}"])
            for n in range(self.rows)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        for n in range(self.rows):
            asked = (data.get(f"asked_{n}") or "").strip()
            score = data.get(f"score_{n}")
            if asked and score is None:
                self.add_error(f"score_{n}", "Select the score they gave, from 0 to 10")
            elif score is not None and not asked:
                self.add_error(f"asked_{n}", "Say who gave this score")
        return data

    def answers(self) -> list[ScalingAnswerDetails]:
        out = []
        for n in range(self.rows):
            asked = (self.cleaned_data.get(f"asked_{n}") or "").strip()
            score = self.cleaned_data.get(f"score_{n}")
            if asked and score is not None:
                out.append(ScalingAnswerDetails(asked, score, self.cleaned_data[f"why_{n}"]))
        return out

    @staticmethod
    def initial_from(answers: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for n, answer in enumerate(answers):
            initial[f"asked_{n}"] = answer.asked
            initial[f"score_{n}"] = str(answer.score)
            initial[f"why_{n}"] = answer.why
        return initial


class CompleteForm(VersionedForm):
    """Sign-off (or sending it for sign-off): the version the practitioner checked."""


class StepUpPromptForm(GovukForm):
    """What the worker chose when a worry score of 0 or 1 prompted them to consider stepping
    up."""

    choice = forms.ChoiceField(
        choices=StepUpChoice.choices,
        widget=forms.RadioSelect,
        label="Do you need to step up now?",
        required=False,
    )
    reason = forms.CharField(
        required=False,
        label="Why not now?",
        help_text="For example, what keeps the child safe today and what would change your mind.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


SCALE_CHOICES = [("", "Not scored")] + [(str(n), str(n)) for n in range(1, 11)]


class OutcomeScalesForm(GovukForm):
    occasion = forms.ChoiceField(
        choices=ScoreOccasion.choices,
        widget=forms.RadioSelect,
        label="When are you scoring?",
        error_messages={"required": "Select when the scales were scored"},
    )
    measured_on = GovukDateField(
        label="Date scored with the family",
        help_text="For example, 27 3 2026. Today, unless you are recording scores from earlier.",
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("measured_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.areas = areas
        for n, area in enumerate(areas):
            self.fields[f"area_{n}"] = forms.TypedChoiceField(
                required=False,
                choices=SCALE_CHOICES,
                coerce=int,
                empty_value=None,
                label=area,
                help_text="1 is the hardest, 10 is where the family wants to be.",
            )

    def area_fields(self) -> list[forms.BoundField]:
        return [self[f"area_{n}"] for n in range(len(self.areas))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not self.errors and not any(
            data.get(f"area_{n}") is not None for n in range(len(self.areas))
        ):
            self.add_error(None, "Score at least one area with the family")
        return data

    def scores(self) -> dict[str, int]:
        return {
            area: self.cleaned_data[f"area_{n}"]
            for n, area in enumerate(self.areas)
            if self.cleaned_data.get(f"area_{n}") is not None
        }
