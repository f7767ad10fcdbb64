"""Forms for the threshold pages, and the reusable threshold selection component.

:class:`ThresholdSelectionForm` is the component later forms embed (request for support,
front-door decision, assessment): the needs and strengths a practitioner ticks, which needs are
severe, the child's age, unborn and disability, the framework's key questions, and, when the
form records a decision, the level the practitioner judges right and why. Render it with
``{% include "thresholds/_selection.html" with form=threshold_form %}`` and store it with
:meth:`ThresholdSelectionForm.record`, which calls ``services.evaluation_record``.

The form knows nothing of people: whoever embeds it checks that the user may see the children
it records against before calling ``record``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from righthelp.accounts.models import User
from righthelp.core.forms import GovukForm
from righthelp.core.formtools import add_service_errors
from righthelp.thresholds import services
from righthelp.thresholds.engine import (
    Evaluation,
    EvaluationInputError,
    UnknownIndicator,
    UnknownKeyQuestion,
    evaluate,
)
from righthelp.thresholds.framework import Framework, Indicator, Kind
from righthelp.thresholds.models import ThresholdEvaluation

MAX_AGE_YEARS = 25  # children's services work with care leavers and SEND up to 25
MAX_ANSWER_LENGTH = 1000
KEY_PREFIX = "key_"

KIND_WORDS: dict[str, str] = {"need": "need", "strength": "strength or protective factor"}
KIND_SECTIONS: dict[str, str] = {"need": "Needs", "strength": "Strengths and protective factors"}


# --------------------------------------------------------------------------------------------
# The layout of a framework's indicators (computed once per framework version)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutItem:
    indicator: Indicator
    index: int  # position among the framework's indicators of this kind (the choice index)
    level_label: str  # "Level 3: Targeted early help", "" in a vocabulary
    words: str  # lower-cased text the search box matches against


@dataclass(frozen=True)
class LayoutGroup:
    key: str  # for html ids: "child-dev--health"
    domain_name: str
    dimension_name: str | None
    first_in_domain: bool
    items: tuple[LayoutItem, ...]

    @property
    def legend(self) -> str:
        return self.dimension_name or self.domain_name


@dataclass(frozen=True)
class Layout:
    needs: tuple[LayoutGroup, ...]
    strengths: tuple[LayoutGroup, ...]
    need_items: Mapping[str, LayoutItem]
    strength_items: Mapping[str, LayoutItem]


def _groups(fw: Framework, kind: Kind) -> tuple[tuple[LayoutGroup, ...], dict[str, LayoutItem]]:
    of_kind = [i for i in fw.indicators if i.kind == kind]
    items: dict[str, LayoutItem] = {}
    for index, indicator in enumerate(of_kind):
        level = ""
        if indicator.scale is not None:
            level = f"Level {indicator.scale}: {fw.level(indicator.scale).name}"
        if indicator.immediate_referral:
            level = f"{level}. Immediate referral" if level else "Immediate referral"
        items[indicator.id] = LayoutItem(indicator, index, level, indicator.text.lower())
    groups: list[LayoutGroup] = []
    for domain in fw.domains:
        in_domain = [items[i.id] for i in of_kind if i.domain == domain.id]
        if not in_domain:
            continue
        parts: list[tuple[str, str | None, list[LayoutItem]]] = []
        undimensioned = [it for it in in_domain if it.indicator.dimension is None]
        if undimensioned:
            parts.append((domain.id, None, undimensioned))
        for dimension in domain.dimensions:
            found = [it for it in in_domain if it.indicator.dimension == dimension.id]
            if found:
                parts.append((f"{domain.id}--{dimension.id}", dimension.name, found))
        for n, (key, dimension_name, found) in enumerate(parts):
            groups.append(LayoutGroup(key, domain.name, dimension_name, n == 0, tuple(found)))
    return tuple(groups), items


_layouts: dict[tuple[str, int], tuple[Framework, Layout]] = {}
_layouts_lock = threading.Lock()


def layout_for(fw: Framework) -> Layout:
    """How the guide groups a framework's indicators (domain, then dimension), built once per
    framework version. Keyed on slug and version, and on the very framework object, so a
    different file with the same slug and version (a test database rolled back) is rebuilt."""
    key = (fw.slug, fw.version)
    cached = _layouts.get(key)
    if cached is not None and cached[0] is fw:
        return cached[1]
    need_groups, need_items = _groups(fw, "need")
    strength_groups, strength_items = _groups(fw, "strength")
    layout = Layout(need_groups, strength_groups, need_items, strength_items)
    with _layouts_lock:
        if len(_layouts) > 64:
            _layouts.clear()
        _layouts[key] = (fw, layout)
    return layout


# --------------------------------------------------------------------------------------------
# What the selection template renders for one request
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownItem:
    id: str
    html_id: str
    text: str
    level_label: str
    checked: bool


@dataclass(frozen=True)
class ShownGroup:
    key: str
    domain_name: str
    legend: str
    heading: bool  # show the domain heading before this group
    items: tuple[ShownItem, ...]


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    name: str  # the input name (with the form's prefix)
    groups: tuple[ShownGroup, ...]
    hidden: tuple[str, ...]  # ticked ids the search hides: kept as hidden inputs
    shown_count: int
    total: int

    @property
    def hidden_note(self) -> str:
        """'2 ticked indicators are hidden by the search and stay ticked'."""
        n = len(self.hidden)
        if not n:
            return ""
        if n == 1:
            return "1 ticked indicator is hidden by the search and stays ticked"
        return f"{n} ticked indicators are hidden by the search and stay ticked"


def _matches(words: str, terms: Sequence[str]) -> bool:
    return all(term in words for term in terms)


# --------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------


class IndicatorsField(forms.MultipleChoiceField):
    """Indicator ids of one kind (needs or strengths) from one framework.

    Unknown ids and ids of the other kind are refused with a message that says which and what
    to do, rather than Django's "Select a valid choice".
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, framework: Framework, kind: Kind, **kwargs: Any) -> None:
        self.framework = framework
        self.kind = kind
        kwargs.setdefault("required", False)
        choices = [(i.id, i.text) for i in framework.indicators if i.kind == kind]
        super().__init__(choices=choices, **kwargs)

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # "required" only
        fw = self.framework
        unknown = [v for v in value if not fw.has_indicator(v)]
        wrong = [fw.indicator(v) for v in value if fw.has_indicator(v)]
        wrong = [i for i in wrong if i.kind != self.kind]
        errors: list[ValidationError] = []
        if unknown:
            listed = ", ".join(f"'{v}'" for v in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            errors.append(
                ValidationError(
                    f"{listed}{more} {'is' if len(unknown) == 1 else 'are'} not "
                    f"{'an indicator' if len(unknown) == 1 else 'indicators'} in {fw.name} "
                    f"version {fw.version}: tick {KIND_SECTIONS[self.kind].lower()} from the list",
                    code="unknown",
                )
            )
        for indicator in wrong:
            errors.append(
                ValidationError(
                    f"'{indicator.text}' is a {KIND_WORDS[indicator.kind]}, not a "
                    f"{KIND_WORDS[self.kind]}: tick it under "
                    f"{KIND_SECTIONS[indicator.kind].lower()}",
                    code="wrong_kind",
                )
            )
        if errors:
            raise ValidationError(errors)


class AgeField(forms.CharField):
    """A child's age as a whole number of years, typed; cleans to an int or None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(
                "Enter the child's age as a whole number of years, like 7", code="invalid"
            )
        age = int(text)
        if age > MAX_AGE_YEARS:
            raise ValidationError(
                f"The child's age must be {MAX_AGE_YEARS} or under", code="too_old"
            )
        return age


# --------------------------------------------------------------------------------------------
# The reusable component
# --------------------------------------------------------------------------------------------


class ThresholdSelectionForm(GovukForm):
    """The threshold selection for one framework, with the level decided and why.

    ``ThresholdSelectionForm(framework, data=request.POST)``; ``with_decision=False`` leaves
    out the decided level and reason (the threshold guide records nothing). After
    ``is_valid()``, ``form.evaluation`` is the engine's suggestion for the selection.
    """

    def __init__(
        self,
        framework: Framework,
        data: Mapping[str, Any] | None = None,
        *,
        with_decision: bool = True,
        query: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.framework = framework
        self.with_decision = with_decision and not framework.is_vocabulary
        self.query = " ".join(query.split())[:200]
        self.evaluation: Evaluation | None = None
        self.layout = layout_for(framework)
        vocabulary = framework.is_vocabulary
        self.fields["needs"] = IndicatorsField(
            framework,
            "need",
            label="Concerns" if vocabulary else "Needs",
            help_text="Select every indicator you see.",
        )
        self.fields["severe"] = IndicatorsField(
            framework,
            "need",
            label=f"Which of the ticked {'concerns' if vocabulary else 'needs'} are severe?",
            help_text=(
                "The summary marks them as severe."
                if vocabulary
                else "Protective factors never take the suggestion below a severe need's level."
            ),
        )
        self.fields["strengths"] = IndicatorsField(
            framework, "strength", label="Strengths and protective factors"
        )
        self.fields["age_years"] = AgeField(
            label="Child's age in years",
            help_text="Optional. For example, 7. Leave it blank for an unborn baby.",
        )
        self.fields["unborn"] = forms.BooleanField(
            required=False, label="The baby is not born yet (unborn)"
        )
        self.fields["disabled"] = forms.BooleanField(required=False, label="The child is disabled")
        for question in framework.key_questions:
            self.fields[f"{KEY_PREFIX}{question.id}"] = forms.CharField(
                required=False,
                label=question.text,
                max_length=MAX_ANSWER_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if self.with_decision:
            self.fields["decided_scale"] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                label="The level you judge right",
                help_text="The suggested level is a prompt for your judgement, not a decision.",
                choices=[(lv.scale, f"Level {lv.scale}: {lv.name}") for lv in framework.levels],
            )
            self.fields["decided_reason"] = forms.CharField(
                required=False,
                label="Why, if it differs from the suggested level",
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    # -- reading what was ticked (also when the form has errors) --------------------------------

    def raw_ids(self, name: str) -> list[str]:
        """The ids submitted for ``name`` as they came, so a page with errors keeps them."""
        if not self.is_bound:
            return []
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return list(self.cleaned_data[name])
        field = self.fields[name]
        raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return [str(v) for v in raw or [] if isinstance(v, str)]

    def key_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(KEY_PREFIX)]

    def key_answers(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            q.id: data.get(f"{KEY_PREFIX}{q.id}", "").strip()
            for q in self.framework.key_questions
            if data.get(f"{KEY_PREFIX}{q.id}", "").strip()
        }

    # -- validation ----------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data
        needs = data.get("needs")
        if needs is not None and "severe" in data:
            # Only a ticked need can be severe: a need unticked since is simply no longer severe.
            data["severe"] = [s for s in data["severe"] if s in needs]
        if data.get("unborn") and data.get("age_years") is not None:
            self.add_error(
                "age_years",
                "An unborn baby has no age: leave the age blank, or untick 'not born yet'",
            )
        if self.errors:
            return data
        try:
            self.evaluation = evaluate(
                self.framework,
                needs=data["needs"],
                strengths=data["strengths"],
                severe=data["severe"],
                age_years=data["age_years"],
                unborn=data["unborn"],
                disabled=data["disabled"],
                key_answers=self.key_answers(),
            )
        except UnknownIndicator as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
        except UnknownKeyQuestion as error:  # pragma: no cover - fields come from the framework
            self.add_error(None, str(error))
        except EvaluationInputError as error:
            self.add_error(None, str(error))
        return data

    # -- rendering -----------------------------------------------------------------------------

    def sections(self) -> list[Section]:
        """The needs and the strengths, grouped, each item ticked or not and filtered by the
        search (ticked items the search hides are carried as hidden inputs)."""
        terms = self.query.lower().split()
        out = []
        for kind, groups in (("need", self.layout.needs), ("strength", self.layout.strengths)):
            name = "needs" if kind == "need" else "strengths"
            ticked = set(self.raw_ids(name))
            html_name = self.add_prefix(name)
            id_base = self[name].auto_id or f"id_{html_name}"
            shown_groups: list[ShownGroup] = []
            hidden: list[str] = []
            shown_count = total = 0
            for group in groups:
                items: list[ShownItem] = []
                for item in group.items:
                    total += 1
                    checked = item.indicator.id in ticked
                    if terms and not _matches(item.words, terms):
                        if checked:
                            hidden.append(item.indicator.id)
                        continue
                    items.append(
                        ShownItem(
                            item.indicator.id,
                            f"{id_base}_{item.index}",
                            item.indicator.text,
                            item.level_label,
                            checked,
                        )
                    )
                if items:
                    shown_count += len(items)
                    heading = (
                        group.first_in_domain
                        or not shown_groups
                        or (shown_groups[-1].domain_name != group.domain_name)
                    )
                    shown_groups.append(
                        ShownGroup(
                            group.key, group.domain_name, group.legend, heading, tuple(items)
                        )
                    )
            if total:
                out.append(
                    Section(
                        kind,
                        "Concerns" if self.framework.is_vocabulary else KIND_SECTIONS[kind],
                        html_name,
                        tuple(shown_groups),
                        tuple(hidden),
                        shown_count,
                        total,
                    )
                )
        return out

    def severe_items(self) -> list[ShownItem]:
        """A checkbox for each ticked need (known to the framework), in framework order."""
        items = self.layout.need_items
        ticked = [items[i] for i in set(self.raw_ids("needs")) if i in items]
        ticked.sort(key=lambda it: it.index)
        severe = set(self.raw_ids("severe"))
        id_base = self["severe"].auto_id or f"id_{self.add_prefix('severe')}"
        return [
            ShownItem(
                it.indicator.id,
                f"{id_base}_{it.index}",
                it.indicator.text,
                it.level_label,
                it.indicator.id in severe,
            )
            for it in ticked
        ]

    def indicators(self, ids: Iterable[str]) -> list[Indicator]:
        """The framework's indicators for ``ids`` (unknown ids left out), in framework order."""
        fw = self.framework
        found = [fw.indicator(i) for i in set(ids) if fw.has_indicator(i)]
        return sorted(found, key=lambda i: fw.position(i.id))

    # -- storing -------------------------------------------------------------------------------

    def record(
        self, actor: User, person_ids: Iterable[int] = (), context: str = ""
    ) -> ThresholdEvaluation:
        """Store the selection as an evaluation record (``services.evaluation_record``).

        Call after ``is_valid()``. When the service refuses (a level that differs from the
        suggestion with no reason, say), its messages are put on the form's fields and the
        :class:`ValidationError` is raised again for the caller to re-show the form.
        """
        if not self.is_valid():
            raise ValueError("record() needs a valid form: call is_valid() first")
        data = self.cleaned_data
        try:
            return services.evaluation_record(
                actor=actor,
                framework=self.framework,
                needs=data["needs"],
                strengths=data["strengths"],
                severe=data["severe"],
                age_years=data["age_years"],
                unborn=data["unborn"],
                disabled=data["disabled"],
                key_answers=self.key_answers(),
                decided_scale=data.get("decided_scale"),
                decided_reason=data.get("decided_reason", ""),
                person_ids=person_ids,
                context=context,
            )
        except ValidationError as error:
            add_service_errors(self, error)
            raise


# --------------------------------------------------------------------------------------------
# Uploading a framework file
# --------------------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class FrameworkUploadForm(GovukForm):
    unlimited_text_fields = ("text",)  # a whole framework file, checked by its schema
    file = forms.FileField(
        required=False,
        label="Upload a framework file",
        help_text="A .json file of up to 2 MB, written to the framework schema.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the framework file",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if not str(upload.name).lower().endswith(".json"):
            raise ValidationError("The selected file must be a .json file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The selected file must be smaller than 2 MB")
        if upload.size == 0:
            raise ValidationError("The selected file is empty")
        return upload

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text", "")
        if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise ValidationError("The pasted framework must be smaller than 2 MB")
        return text

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data
        if self.errors:
            return data
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload and text:
            self.add_error("file", "Upload a file or paste the framework, not both")
        elif not upload and not text:
            self.add_error("file", "Select a framework file, or paste the framework")
        elif upload:
            raw = upload.read()
            try:
                data["source_text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The selected file must be UTF-8 text")
            data["source_field"] = "file"
        else:
            data["source_text"] = data["text"]
            data["source_field"] = "text"
        return data

    def show_upload_errors(self, error: ValidationError) -> None:
        """Put the service's problems (every one, with line and field) on the field that
        supplied the framework."""
        target = self.cleaned_data.get("source_field", "file")
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(target if field in {"file", "text"} else None, message)
