"""Forms for writing and sending a request for support."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django import forms
from django.utils import timezone

from righthelp.consent.forms import validity_fields, validity_from
from righthelp.consent.models import ConsentGiver, ConsentMethod
from righthelp.consent.services import (
    CHILD_AGREED,
    ChildOwnConsent,
    competence_age,
)
from righthelp.core.forms import GovukForm
from righthelp.frontdoor.forms.common import (
    CHILD_ANSWERS,
    GENERIC_LEVELS,
    MAX_PRACTITIONER_TEXT,
    YES_NO,
    _text,
    _yes_no,
    too_long,
)
from righthelp.frontdoor.models import Urgency
from righthelp.frontdoor.services import (
    SIGNIFICANT_HARM_CONFIRM,
    ConsentDetails,
    LawfulBasisDetails,
)
from righthelp.people.models import Person, PersonKind
from righthelp.people.selectors import NetworkMember
from righthelp.thresholds.framework import Framework

# --- Request for support: the draft ---------------------------------------------------------


class ConcernAppliesField(forms.MultipleChoiceField):
    """The people in the children's network the concern touches. A person no longer in the
    network (a child removed meanwhile) is dropped, not refused."""

    widget = forms.CheckboxSelectMultiple

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class RequestForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    concern_applies = ConcernAppliesField(
        label="Does the concern touch them too?",
        required=False,
        help_text="Select everyone the worry is also about.",
    )
    worry = _text(
        "What are you worried about?",
        limit=MAX_PRACTITIONER_TEXT,
        what="What you are worried about",
        help_text="What you have seen or been told, when, and how it affects the child. "
        "You can save a draft and finish it later.",
        rows=8,
    )
    what_tried = _text(
        "What has been tried so far?",
        limit=MAX_PRACTITIONER_TEXT,
        what="What has been tried",
        help_text="Support your agency or others have already given, and how it went.",
    )
    child_views = _text(
        "What does the child say?",
        limit=MAX_PRACTITIONER_TEXT,
        what="The child's views",
        help_text="The child's own views and wishes, in their words where you can.",
    )
    urgency = forms.ChoiceField(
        label="How urgent is this?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.ROUTINE,
        help_text="An urgent request is decided by the end of the working day it arrives (by "
        "the end of the next working day if it arrives after hours). If the child may be "
        "suffering significant harm, phone the front door now as well: it is decided within "
        "24 hours.",
        error_messages={"required": "Select how urgent this is"},
    )
    referrer_view_scale = forms.TypedChoiceField(
        label="What level of need do you think is right?",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text="Your professional view. The front door makes the decision.",
        error_messages={"invalid_choice": "Select the level you think is right"},
    )
    level_reason = _text(
        "If your view differs from the level the threshold guide suggests, say why",
        limit=2_000,
        what="Why your view differs",
        rows=3,
    )
    family_knows = forms.TypedChoiceField(
        label="Does the family know you are making this request?",
        required=False,
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        network: Sequence[NetworkMember] = (),
        framework: Framework | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.network = list(network)
        self.fields["concern_applies"].choices = [  # type: ignore[attr-defined]
            (str(m.person.pk), m.person.full_name) for m in self.network
        ]
        if framework is not None and not framework.is_vocabulary:
            levels = [(lv.scale, f"Level {lv.scale}: {lv.name}") for lv in framework.levels]
        else:
            levels = [(scale, f"Level {scale}: {name}") for scale, name in GENERIC_LEVELS.items()]
        self.fields["referrer_view_scale"].choices = levels  # type: ignore[attr-defined]

    def clean_concern_applies(self) -> list[int]:
        known = {m.person.pk for m in self.network}
        chosen = {int(v) for v in self.cleaned_data["concern_applies"] if str(v).isdigit()}
        return sorted(chosen & known)

    def network_items(self) -> list[dict[str, Any]]:
        """Each network member with whether the box is ticked (as posted, or as saved)."""
        if self.is_bound:
            raw = self.data.getlist(self.add_prefix("concern_applies"))  # type: ignore[attr-defined]
            ticked = {str(v) for v in raw}
        else:
            ticked = {str(v) for v in self.initial.get("concern_applies", [])}
        auto_id = self["concern_applies"].auto_id
        return [
            {
                "member": member,
                "value": str(member.person.pk),
                "id": f"{auto_id}_{index}",
                "checked": str(member.person.pk) in ticked,
            }
            for index, member in enumerate(self.network)
        ]


# --- Request for support: consent, on the check-answers page --------------------------------


class SendForm(GovukForm):
    """Consent, or the lawful basis for sharing without it, recorded when the request is sent.

    The service decides what is enough: consent for each child, or a lawful basis, and for a
    concern about significant harm the lawful-basis reasons.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    consent = forms.ChoiceField(
        label="Has the family agreed to this request?",
        choices=[
            ("yes", "Yes, the family has agreed"),
            ("no", "No, or they have not been asked"),
        ],
        widget=forms.RadioSelect,
        help_text="Early help needs the family's consent. Where a child may be suffering "
        "significant harm you can share without it, but must say why.",
        error_messages={"required": "Select whether the family has agreed to the request"},
    )
    given_by = forms.ChoiceField(
        label="Who agreed?", required=False, choices=ConsentGiver.choices, widget=forms.RadioSelect
    )
    given_by_name = forms.CharField(
        label="Their name",
        required=False,
        max_length=200,
        error_messages={"max_length": too_long("Their name", 200)},
    )
    method = forms.ChoiceField(
        label="How did they agree?",
        required=False,
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
    )
    reasons = _text(
        "Why are you sharing without consent?",
        limit=MAX_PRACTITIONER_TEXT,
        what="Why you are sharing without consent",
        help_text="What gives you reasonable cause to suspect the child is suffering, or is "
        "likely to suffer, significant harm.",
        rows=4,
    )
    significant_harm_suspected = forms.BooleanField(
        required=False,
        label="I have reasonable cause to suspect the child is suffering, or is likely to suffer, "
        "significant harm",
        help_text="Significant harm is ill-treatment, or harm to a child's health or development, "
        "serious enough that children's social care may need to act now: for example an injury "
        "that may not be accidental, sexual abuse or exploitation, or severe neglect. Your "
        "request then goes to the front door as a significant-harm contact: red priority, "
        "decided within 24 hours, whatever urgency you chose.",
    )
    parents_told = forms.TypedChoiceField(
        label="Have the parents or carers been told you are sharing this?",
        required=False,
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    not_told_reason = _text(
        "If not, why would telling them put the child at greater risk?",
        limit=MAX_PRACTITIONER_TEXT,
        what="Why the parents have not been told",
        rows=3,
    )

    def __init__(
        self,
        *args: Any,
        children: Sequence[Person] = (),
        child_too: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(validity_fields(child=False))
        self.child_too = child_too
        self.child_sections: list[dict[str, Any]] = []
        today = timezone.localdate()
        for person in children:
            if person.kind != PersonKind.CHILD:
                continue
            prefix = f"child_{person.pk}_"
            own = validity_fields(child=True)
            del own["giver_has_capacity"]  # they agreed themselves: the judgement is below
            age = person.age_on(today)
            if age is not None and age >= competence_age():
                for name in ("competence_assessed_by", "competence_assessed_how"):
                    del own[name]
                del own["competence_assessed_on"]
            fields: dict[str, forms.Field] = {
                "answer": forms.ChoiceField(
                    label=f"Did {person.full_name} agree themselves?",
                    required=False,
                    choices=CHILD_ANSWERS,
                    widget=forms.RadioSelect,
                    help_text="Ask the child too, where they are of an age and understanding "
                    "to decide" + (" (the framework asks for their consent)" if child_too else ""),
                ),
                "reason": forms.CharField(
                    label="If it is not appropriate to ask them, why not?",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text="For example, their age or understanding",
                ),
                **own,
            }
            for name, field in fields.items():
                self.fields[prefix + name] = field
            self.child_sections.append(
                {"person": person, "age": age, "fields": [self[prefix + n] for n in fields]}
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") == "no" and self._lawful_basis_started(data):
            if data.get("parents_told") is None:
                self.add_error("parents_told", "Select whether the parents have been told")
            elif data.get("parents_told") is False and not (
                (data.get("not_told_reason") or "").strip() or self.has_error("not_told_reason")
            ):
                self.add_error(
                    "not_told_reason",
                    "Explain why telling the parents would increase the risk to the child",
                )
            if not data.get("significant_harm_suspected"):
                self.add_error("significant_harm_suspected", SIGNIFICANT_HARM_CONFIRM)
        return data

    @staticmethod
    def _lawful_basis_started(data: dict[str, Any]) -> bool:
        return bool(
            (data.get("reasons") or "").strip()
            or (data.get("not_told_reason") or "").strip()
            or data.get("parents_told") is not None
            or data.get("significant_harm_suspected")
        )

    def consent_details(self) -> ConsentDetails | None:
        data = self.cleaned_data
        if data["consent"] != "yes":
            return None
        children = {}
        for section in self.child_sections:
            person = section["person"]
            prefix = f"child_{person.pk}_"
            answer = data.get(f"{prefix}answer") or ""
            if not answer and not self.child_too and data["given_by"] != ConsentGiver.CHILD:
                continue
            own = validity_from(data, prefix)
            children[person.pk] = ChildOwnConsent(
                answer=answer,
                validity=replace(own, giver_has_capacity=answer == CHILD_AGREED),
                reason=data.get(f"{prefix}reason") or "",
            )
        return ConsentDetails(
            given_by=data["given_by"],
            given_by_name=data["given_by_name"],
            method=data["method"],
            validity=validity_from(data),
            children=children,
        )

    def lawful_basis_details(self) -> LawfulBasisDetails | None:
        data = self.cleaned_data
        if data["consent"] != "no" or not self._lawful_basis_started(data):
            return None
        return LawfulBasisDetails(
            reasons=data["reasons"],
            parents_told=bool(data["parents_told"]),
            not_told_reason=data["not_told_reason"] if not data["parents_told"] else "",
            significant_harm_suspected=bool(data["significant_harm_suspected"]),
        )
