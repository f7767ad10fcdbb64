"""Forms for the front door's own pages: the queue filter, assignment, priority, linking a named
person to a record, the decision, manager sign-off, feedback and consultation advice.

Forms check what was typed; the services decide (and refuse with reasons the views show on the
form). The threshold selection on the decision page is the reusable
:class:`righthelp.thresholds.forms.ThresholdSelectionForm`, embedded beside
:class:`DecisionForm`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings

from righthelp.accounts.models import Locality, User
from righthelp.core.forms import GovukDateField, GovukForm, PlainSelect
from righthelp.frontdoor.models import ContactStatus, Outcome, Priority, SubjectRole, Urgency
from righthelp.frontdoor.services import SubjectDetails
from righthelp.people import identifiers
from righthelp.people.models import PersonKind
from righthelp.people.services import PersonDetails

# What each outcome means, shown as the hint under its radio.
OUTCOME_HINTS: dict[str, str] = {
    Outcome.ADVICE: "The needs do not call for a service from us. A worker gives the referrer "
    "or the family advice.",
    Outcome.SIGNPOST: "Services every child uses (school, GP, health visitor, children's centre) "
    "can meet the needs. A worker tells the family which.",
    Outcome.EARLY_HELP_ADDITIONAL: "Emerging needs that one agency or a few can meet. Goes to "
    "the locality you choose.",
    Outcome.EARLY_HELP_TARGETED: "Several needs: a multi-agency plan with a lead practitioner, "
    "with the family's consent. Goes to the locality you choose.",
    Outcome.CSC_ASSESSMENT: "Children's social care assesses whether the child is in need "
    "(section 17).",
    Outcome.CSC_STRATEGY: "There is reasonable cause to suspect the child is suffering, or is "
    "likely to suffer, significant harm: a strategy discussion (section 47).",
    Outcome.ALLOCATED_WORKER: "The child already has an allocated worker, who takes this on.",
}

QUEUE_STATUSES = [
    ("", "All open contacts"),
    (ContactStatus.RECEIVED, ContactStatus.RECEIVED.label),
    (ContactStatus.IN_TRIAGE, ContactStatus.IN_TRIAGE.label),
    (ContactStatus.AWAITING_SIGN_OFF, ContactStatus.AWAITING_SIGN_OFF.label),
    (ContactStatus.DECIDED, "Decided in the last 30 days"),
]


class QueueFilterForm(GovukForm):
    """The queue's filters: a plain GET form (no JavaScript needed)."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=QUEUE_STATUSES, widget=forms.RadioSelect
    )
    priority = forms.ChoiceField(
        label="Priority",
        required=False,
        choices=[("", "Any priority"), *Priority.choices],
        widget=forms.RadioSelect,
    )
    locality = forms.ChoiceField(label="Locality", required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    mine = forms.BooleanField(label="Assigned to me", required=False)
    confirmation_overdue = forms.BooleanField(
        label="Written confirmation overdue",
        required=False,
        help_text="Telephone contacts about significant harm not yet confirmed in writing "
        "(open and recently decided)",
    )

    def __init__(self, *args: Any, localities: Sequence[Locality] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.localities = list(localities)
        self.fields["locality"].choices = [("", "Any locality")] + [  # type: ignore[attr-defined]
            (loc.slug, loc.name) for loc in self.localities
        ]

    def selected(self) -> list[dict[str, Any]]:
        """The filters in use, each with the query string that removes it (MoJ filter tags)."""
        if not self.is_bound or not self.is_valid():
            return []
        data = self.cleaned_data
        shown: list[dict[str, Any]] = []
        for name in ("status", "priority", "locality", "overdue", "mine", "confirmation_overdue"):
            value = data.get(name)
            if not value:
                continue
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                text = str(field.label)
            else:
                text = str(dict(field.choices).get(value, value))  # type: ignore[attr-defined]
            query = self.data.copy()  # type: ignore[attr-defined]
            query.pop(name, None)
            query.pop("page", None)
            shown.append({"heading": str(field.label), "text": text, "query": query.urlencode()})
        return shown


class AssignForm(GovukForm):
    worker = forms.ChoiceField(
        label="Assign to",
        # Every front-door worker is an option on every open contact's page: written in Python,
        # not an include per option.
        widget=PlainSelect,
        error_messages={
            "required": "Select who to assign the contact to",
            "invalid_choice": "Select someone who works at the front door",
        },
    )

    def __init__(self, *args: Any, user: User, workers: Sequence[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.workers = {str(w.pk): w for w in workers}
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a worker"),
            ("me", "Me"),
            *((pk, w.display_name) for pk, w in self.workers.items()),
        ]

    def chosen(self) -> User:
        value = self.cleaned_data["worker"]
        return self.user if value == "me" else self.workers[value]


class PriorityForm(GovukForm):
    priority = forms.ChoiceField(
        label="Priority (RAG rating)",
        choices=Priority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select red, amber or green"},
    )


def _person_kind_for(role: str) -> str:
    return PersonKind.ADULT if role == SubjectRole.ADULT else PersonKind.CHILD


class LinkExistingForm(GovukForm):
    """Choose one of the records the user may see that could be this person."""

    person = forms.TypedChoiceField(
        label="Which record is this person?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the record to link, or create a new record"},
    )

    def __init__(self, *args: Any, candidates: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (p.pk, p.full_name) for p in candidates
        ]


class PersonFromContactForm(GovukForm):
    """A new record from the details the referrer gave, which the worker may correct."""

    kind = forms.ChoiceField(
        label="Who is this?",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a child, adult or unborn baby"},
    )
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter a family name"},
        help_text="If the referrer did not know it, ask them, or enter 'Not known'.",
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, allow_future=False)
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth", required=False, help_text="For an unborn baby only"
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, subject: Any, submission_key: str) -> dict[str, Any]:
        named = subject.given_name or subject.family_name or subject.person is None
        return {
            "kind": _person_kind_for(subject.role),
            "given_name": subject.given_name if named else subject.person.given_name,
            "family_name": subject.family_name if named else subject.person.family_name,
            "date_of_birth": subject.date_of_birth,
            "submission_key": submission_key,
        }

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            kind=data["kind"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
        )


# The one ordered scale every framework names its own way (used when a framework has no levels).
DEFAULT_LEVEL_NAMES: dict[int, str] = {
    1: "Universal services",
    2: "Additional support",
    3: "Targeted early help",
    4: "Specialist support",
}


def level_choices(level_names: dict[int, str]) -> list[tuple[int, str]]:
    names = {**DEFAULT_LEVEL_NAMES, **level_names}
    return [(scale, f"Level {scale}: {names[scale]}") for scale in (1, 2, 3, 4)]


DEPARTURE_HINT = (
    "Required when the level you decided differs from the referrer's view or from the level "
    "the framework suggested, and when you refer to children's social care at level 1 or 2."
)


class DecisionForm(GovukForm):
    """The front door's decision. The decided level comes from the threshold selection's
    "level you judge right" when the framework has levels; otherwise (a vocabulary such as
    GIRFEC) this form asks for it itself (``with_scale=True``)."""

    outcome = forms.ChoiceField(
        label="Decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    locality = forms.ModelChoiceField(
        label="Locality",
        queryset=Locality.objects.none(),
        required=False,
        empty_label="Choose a locality",
        help_text="For early help: the locality hub that finds a lead practitioner.",
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Explain the reasons for the decision"},
        help_text="What you considered: the needs, the risks, what is working well, the "
        "family's and the child's views, and the history.",
    )
    differs_reason = forms.CharField(
        label="Why your decision departs from the referrer's view or the framework",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DEPARTURE_HINT,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        localities: Sequence[Locality] = (),
        with_scale: bool = False,
        level_names: dict[int, str] | None = None,
        referrer_level: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        locality_field = self.fields["locality"]
        assert isinstance(locality_field, forms.ModelChoiceField)
        locality_field.queryset = Locality.objects.filter(pk__in=[loc.pk for loc in localities])
        self.with_scale = with_scale
        if with_scale:
            self.fields["decided_scale"] = forms.TypedChoiceField(
                label="The level of need you decided",
                coerce=int,
                widget=forms.RadioSelect,
                choices=level_choices(level_names or {}),
                error_messages={"required": "Select the level of need you decided"},
            )
        if referrer_level:
            self.fields[
                "differs_reason"
            ].help_text = f"The referrer's view: {referrer_level}. {DEPARTURE_HINT}"
        self.order_fields(["outcome", "locality", "decided_scale", "rationale", "differs_reason"])

    def outcome_items(self) -> list[dict[str, Any]]:
        """The outcome radios with a hint each, and whether the outcome needs sign-off."""
        bound = self["outcome"]
        sign_off = set(settings.RIGHTHELP_SIGN_OFF_OUTCOMES)
        items = []
        for subwidget in bound.subwidgets:
            value = subwidget.data["value"]
            hint = OUTCOME_HINTS.get(value, "")
            if value in sign_off:
                hint = f"{hint} Needs a front-door manager's sign-off.".strip()
            items.append(
                {
                    "id": subwidget.id_for_label,
                    "name": subwidget.data["name"],
                    "value": value,
                    "label": subwidget.data["label"],
                    "checked": bool(subwidget.data.get("selected")),
                    "hint": hint,
                }
            )
        return items


class SignOffForm(GovukForm):
    agreed = forms.TypedChoiceField(
        label="Do you agree with this decision?",
        coerce=lambda value: value == "yes",
        choices=[
            ("yes", "Yes, I agree: it takes effect now"),
            ("no", "No, send it back to triage"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree with the decision"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required if you do not agree: say what the worker should do.",
    )


class FeedbackForm(GovukForm):
    """The message for the referrer. For a member of the public it is the standard wording,
    carried as it is (``fixed``): they may be told only that their contact was received and
    what happens next."""

    message = forms.CharField(
        label="Message to the referrer",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the message for the referrer"},
        help_text="In words fit for the referrer: nothing they may not know about the family.",
    )

    def __init__(self, *args: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed:
            self.fields["message"].widget = forms.HiddenInput()


class AdviceForm(GovukForm):
    advice = forms.CharField(
        label="Your advice",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the advice given"},
    )


TELEPHONE_CHILD_SLOTS = 3


def _yes_no_unknown(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class TelephoneContactForm(GovukForm):
    """A telephone contact from a professional, as the front-door worker takes it down."""

    referrer_name = forms.CharField(
        label="Caller's name",
        max_length=200,
        error_messages={"required": "Enter the name of the professional who called"},
    )
    referrer_agency = forms.CharField(
        label="Agency",
        max_length=200,
        help_text="For example: Westfield Primary School, Hull Royal Infirmary, Humberside Police",
        error_messages={"required": "Enter the agency the caller works for"},
    )
    referrer_phone = forms.CharField(label="Phone", required=False, max_length=40)
    referrer_email = forms.EmailField(
        label="Email",
        required=False,
        help_text="The written confirmation and the outcome go to this address",
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    worry = forms.CharField(
        label="What the caller is worried about",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe what the caller is worried about"},
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        help_text="A concern that a child may be suffering significant harm must be confirmed "
        "in writing by the caller within 48 hours.",
        error_messages={"required": "Select how urgent this is"},
    )
    family_knows = forms.TypedChoiceField(
        label="Does the family know about the call?",
        required=False,
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        coerce=_yes_no_unknown,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, TELEPHONE_CHILD_SLOTS + 1):
            self.fields[f"child_{i}_given_name"] = forms.CharField(
                label="Given name", required=False, max_length=100
            )
            self.fields[f"child_{i}_family_name"] = forms.CharField(
                label="Family name", required=False, max_length=100
            )
            self.fields[f"child_{i}_date_of_birth"] = GovukDateField(
                label="Date of birth", required=False, allow_future=False
            )
            self.fields[f"child_{i}_nhs_number"] = forms.CharField(
                label="NHS number", required=False, max_length=20
            )

    def child_slots(self) -> list[dict[str, Any]]:
        """The bound fields for each child, for the template."""
        return [
            {
                "number": i,
                "given_name": self[f"child_{i}_given_name"],
                "family_name": self[f"child_{i}_family_name"],
                "date_of_birth": self[f"child_{i}_date_of_birth"],
                "nhs_number": self[f"child_{i}_nhs_number"],
            }
            for i in range(1, TELEPHONE_CHILD_SLOTS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = 0
        for i in range(1, TELEPHONE_CHILD_SLOTS + 1):
            name = (data.get(f"child_{i}_given_name") or "").strip() or (
                data.get(f"child_{i}_family_name") or ""
            ).strip()
            other = (
                data.get(f"child_{i}_date_of_birth")
                or (data.get(f"child_{i}_nhs_number") or "").strip()
            )
            if name:
                named += 1
            elif other:
                self.add_error(f"child_{i}_given_name", f"Enter the name of child {i}")
            nhs_number = (data.get(f"child_{i}_nhs_number") or "").strip()
            if nhs_number:
                try:
                    identifiers.validate_nhs_number(nhs_number)
                except forms.ValidationError as error:
                    for message in error.messages:
                        self.add_error(f"child_{i}_nhs_number", message)
        if not named and not self.has_error("child_1_given_name"):
            self.add_error("child_1_given_name", "Enter the name of the child the call is about")
        no_contact = not ((data.get("referrer_phone") or "").strip() or data.get("referrer_email"))
        if no_contact and not self.has_error("referrer_email"):
            self.add_error("referrer_phone", "Enter a phone number or email address for the caller")
        return data

    def children(self) -> list[SubjectDetails]:
        data = self.cleaned_data
        out = []
        for i in range(1, TELEPHONE_CHILD_SLOTS + 1):
            given = (data.get(f"child_{i}_given_name") or "").strip()
            family = (data.get(f"child_{i}_family_name") or "").strip()
            if not (given or family):
                continue
            out.append(
                SubjectDetails(
                    role=SubjectRole.CHILD,
                    given_name=given,
                    family_name=family,
                    date_of_birth=data.get(f"child_{i}_date_of_birth"),
                    nhs_number=data.get(f"child_{i}_nhs_number") or "",
                )
            )
        return out


class StepDownRequestForm(GovukForm):
    """Children's social care says its work with a family is ending and early help should take
    over (``services.step_down_request``)."""

    work_ends_on = GovukDateField(
        label="Date children's social care's work ends",
        help_text="The day the child in need or child protection plan ends, for example 18 12 "
        "2026.",
    )
    locality = forms.ModelChoiceField(
        label="Which locality's early help team should take over?",
        queryset=Locality.objects.none(),
        empty_label="Select a locality",
        error_messages={"required": "Select the locality whose early help team should take over"},
    )
    why = forms.CharField(
        label="Why is children's social care's work ending?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why children's social care's work is ending"},
    )
    support_needed = forms.CharField(
        label="What support does the family still need?",
        help_text="What early help should carry on with, in words the new lead can act on.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what support the family still needs"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["locality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Locality.objects.order_by("name")
