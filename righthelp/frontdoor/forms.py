"""Forms for the front door's referrer and public pages.

Forms check what a form can check (lengths, formats, which fields go together) so that every
problem shows at once; the services check again and have the last word (consent, lawful basis,
rate limits). Nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from righthelp.consent.forms import validity_fields, validity_from
from righthelp.consent.models import ConsentGiver, ConsentMethod
from righthelp.consent.services import (
    CHILD_AGREED,
    CHILD_NOT_APPROPRIATE,
    CHILD_REFUSED,
    ChildOwnConsent,
    competence_age,
)
from righthelp.core.forms import GovukDateField, GovukForm, format_govuk_date
from righthelp.frontdoor.models import ContactKind, Urgency
from righthelp.frontdoor.services import (
    SIGNIFICANT_HARM_CONFIRM,
    ConsentDetails,
    LawfulBasisDetails,
)
from righthelp.matching.search_first import MatchQuery
from righthelp.people import identifiers
from righthelp.people.models import Person, PersonKind, ProfessionalRole
from righthelp.people.selectors import NetworkMember
from righthelp.people.services import PersonDetails
from righthelp.thresholds.framework import Framework

# Practitioners write at length; the public forms take less, and refuse more rather than cut.
MAX_PRACTITIONER_TEXT = 10_000
MAX_PUBLIC_TEXT = 5_000
MAX_AGE_YEARS = 25

# The ordered scale every framework names in its own words (DOMAIN.md, "The continuum of need").
GENERIC_LEVELS = {
    1: "Universal services",
    2: "Additional needs",
    3: "Targeted early help: multiple needs",
    4: "Specialist or statutory support",
}

YES_NO = [("yes", "Yes"), ("no", "No")]
CHILD_ANSWERS = [
    (CHILD_AGREED, "Yes, they understood and agreed themselves"),
    (CHILD_NOT_APPROPRIATE, "It is not appropriate to ask them"),
    (CHILD_REFUSED, "They were asked and did not agree"),
]


def too_long(what: str, limit: int) -> str:
    """GOV.UK wording: "What you are worried about must be 5,000 characters or fewer"."""
    return f"{what} must be {limit:,} characters or fewer"


def _yes_no(value: str) -> bool:
    return value == "yes"


def _text(
    label: str,
    *,
    limit: int,
    what: str,
    required: bool = False,
    required_message: str = "",
    help_text: str = "",
    rows: int = 5,
) -> forms.CharField:
    messages = {"max_length": too_long(what, limit)}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
    )


def _short(label: str, *, limit: int, what: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        error_messages={"max_length": too_long(what, limit)},
    )


# --- Request for support: the child ---------------------------------------------------------


class ChildSearchForm(GovukForm):
    """Find the child: by name alone (a list of the children you work with whose names start
    so), or by name and date of birth (likely matches, scored, which still find a misspelt
    name, a nickname or a day and month swapped)."""

    q = forms.CharField(
        label="Search by the child's name",
        required=False,
        max_length=200,
        error_messages={"max_length": too_long("The name", 200)},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="Optional. With the date of birth, the search also finds the child if the name "
        "is spelt differently. For example, 27 3 2014",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_of_birth") and not (cleaned.get("q") or "").strip():
            self.add_error("q", "Enter the child's name as well as the date of birth")
        return cleaned


def _described(person: Person) -> str:
    """The name with the date of birth ("Kayden Fletcher, born 1 June 2015"), enough to tell
    two children with one name apart."""
    if person.date_of_birth:
        return f"{person.full_name}, born {format_govuk_date(person.date_of_birth)}"
    if person.expected_date_of_birth:
        return f"{person.full_name}, due {format_govuk_date(person.expected_date_of_birth)}"
    return person.full_name


class ChildPickForm(GovukForm):
    """Choose one of the children the search found (the search is repeated on post)."""

    person = forms.TypedChoiceField(
        label="Which child is the request about?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the child",
            "invalid_choice": "Select the child from the search results",
        },
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, candidates: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["person"].choices = [(p.pk, _described(p)) for p in self.candidates]  # type: ignore[attr-defined]

    def chosen(self) -> Person:
        pk = self.cleaned_data["person"]
        return next(p for p in self.candidates if p.pk == pk)


class ChildAddForm(GovukForm):
    """Add a child who has no record the practitioner can see (after searching)."""

    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={
            "required": "Enter the child's given name",
            "max_length": too_long("Given name", 100),
        },
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={
            "required": "Enter the child's family name",
            "max_length": too_long("Family name", 100),
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
    )
    involvement_role = forms.ChoiceField(
        label="Your role with this child",
        choices=[("", "Select your role"), *ProfessionalRole.choices],
        error_messages={"required": "Select your role with this child"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            kind=PersonKind.CHILD,
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
        )

    def match_query(self) -> MatchQuery:
        """The details to search for before the child is added."""
        data = self.cleaned_data
        return MatchQuery(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
        )


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


# --- Is this child known? -------------------------------------------------------------------


class KnownCheckForm(GovukForm):
    given_name = forms.CharField(
        label="Given name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("Given name", 100)},
    )
    family_name = forms.CharField(
        label="Family name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("Family name", 100)},
    )
    # A date of birth in the future is refused, not quietly left out of the match: an unborn
    # baby has an expected date of birth instead.
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
        error_messages={
            "future": "Date of birth must be today or in the past. For an unborn baby, give the "
            "expected date of birth instead"
        },
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn baby only)",
        required=False,
        help_text="Only for a baby not yet born, in the next 10 months",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=12,
        help_text="10 digits, like 943 476 5919",
        error_messages={"max_length": "Enter a valid NHS number, like 943 476 5919"},
    )

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data["nhs_number"].strip()
        if value:
            identifiers.validate_nhs_number(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error(
                "expected_date_of_birth",
                "Give either the date of birth or, for an unborn baby, the expected date of birth",
            )
            return data
        if data.get("nhs_number"):
            return data
        if not (data.get("family_name") or "").strip():
            self.add_error("family_name", "Enter the child's family name, or their NHS number")
        if data.get("date_of_birth") is None and data.get("expected_date_of_birth") is None:
            self.add_error("date_of_birth", "Enter the child's date of birth, or their NHS number")
        return data


# --- Anonymous consultation -----------------------------------------------------------------


class ConsultationForm(GovukForm):
    question = _text(
        "What would you like advice on?",
        limit=MAX_PUBLIC_TEXT,
        what="Your question",
        required=True,
        required_message="Describe the situation you want advice on",
        help_text="Describe the situation and what you want to know: for example, the child's "
        "age, what you have noticed and what you have tried. Do not include names with dates "
        "of birth, NHS numbers, postcodes or phone numbers: a question with any of them is not "
        "sent.",
        rows=8,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


# --- Public forms ---------------------------------------------------------------------------

_PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")


class PublicContactForm(GovukForm):
    """The two public forms: "Report a concern about a child" and "Ask for help for your family".

    The honeypot is not a field here: the view checks it before anything else, and what was
    typed in it is never shown again.
    """

    child_given_name = forms.CharField(
        label="Given name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("The child's given name", 100)},
    )
    child_family_name = forms.CharField(
        label="Family name",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("The child's family name", 100)},
    )
    child_age = forms.CharField(
        label="Age (optional)",
        required=False,
        max_length=3,
        help_text="If you do not know their date of birth. For example, 7",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"max_length": "Enter the child's age as a whole number, like 7"},
    )
    child_date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2014",
        # The messages name the date without "(optional)".
        error_messages={
            "incomplete": "Date of birth must include a {parts}",
            "invalid": "Date of birth must be a real date",
            "future": "Date of birth must be today or in the past",
        },
    )
    address = _short("Address (optional)", limit=300, what="The address")
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like SW1A 1AA"},
    )
    worry = _text(
        "What are you worried about?",
        limit=MAX_PUBLIC_TEXT,
        what="What you are worried about",
        required=True,
        required_message="Tell us what you are worried about",
        help_text="What you have seen or heard, and when. Write as much or as little as you can.",
        rows=8,
    )
    referrer_name = _short("Your name (optional)", limit=200, what="Your name")
    referrer_relationship = _short(
        "How do you know the child? (optional)",
        limit=200,
        what="How you know the child",
        help_text="For example, neighbour, grandparent, sports coach",
    )
    referrer_phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        help_text="For international numbers include the country code",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": too_long("Phone number", 40)},
    )
    referrer_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": too_long("Email address", 254),
        },
    )

    def __init__(self, *args: Any, kind: str = ContactKind.PUBLIC_CONCERN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == ContactKind.SELF_REFERRAL:
            fields = self.fields
            fields["worry"].label = "What help does your family need?"
            worry_help = "What is happening, what worries you, and what you would like help with."
            fields["worry"].help_text = worry_help
            fields["worry"].error_messages["required"] = "Tell us what help your family needs"
            fields["referrer_relationship"].label = "Your relationship to the child"
            fields["referrer_relationship"].help_text = "For example, mum, dad, grandparent, carer"
            fields["referrer_name"].label = "Your name"
            fields["referrer_phone"].label = "Phone number"
            fields["referrer_email"].label = "Email address"
            contact_help = "Give a phone number or an email address (or both) so we can contact you"
            fields["referrer_phone"].help_text = contact_help

    def clean_child_age(self) -> int | None:
        value: str = self.cleaned_data["child_age"].strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError("Enter the child's age as a whole number, like 7")
        if int(value) > MAX_AGE_YEARS:
            raise ValidationError(f"The child's age must be {MAX_AGE_YEARS} or under")
        return int(value)

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        if value:
            identifiers.validate_postcode(value)
        return value

    def clean_referrer_phone(self) -> str:
        value: str = self.cleaned_data["referrer_phone"].strip()
        if not value:
            return value
        digits = re.sub(r"\D", "", value)
        if not _PHONE_CHARACTERS.match(value) or not 10 <= len(digits) <= 15:
            raise ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            (data.get("child_given_name") or "").strip()
            or (data.get("child_family_name") or "").strip()
        ) and not self.has_error("child_given_name"):
            self.add_error(
                "child_given_name", "Enter the child's name, or as much of it as you know"
            )
        if (
            self.kind == ContactKind.SELF_REFERRAL
            and not (data.get("referrer_phone") or data.get("referrer_email"))
            and not self.has_error("referrer_phone")
            and not self.has_error("referrer_email")
        ):
            self.add_error(
                "referrer_phone", "Enter a phone number or email address so we can contact you"
            )
        return data

    def worry_text(self) -> str:
        """The worry as sent; an age given instead of a date of birth is kept with it."""
        data = self.cleaned_data
        worry: str = data["worry"].strip()
        if data.get("child_age") is not None and data.get("child_date_of_birth") is None:
            worry = f"{worry}\n\nThe child's age, as given: {data['child_age']}"
        return worry
