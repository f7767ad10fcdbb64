"""What early help's forms share: choice fields for people and users."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from righthelp.earlyhelp.selectors import FamilyChoice
from righthelp.people.models import Person, PersonKind

YES_NO = [("yes", "Yes"), ("no", "No")]


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        organisation = f" ({obj.organisation.name})" if obj.organisation_id else ""
        return f"{obj.display_name}{organisation}"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def person_label(person: Person) -> str:
    """A person as the family lists show them: name, and when born (or due)."""
    if person.kind == PersonKind.UNBORN:
        due = person.expected_date_of_birth
        return f"{person.full_name} (unborn baby{f', due {_day(due)}' if due else ''})"
    born = f", born {_day(person.date_of_birth)}" if person.date_of_birth else ""
    return f"{person.full_name}{born}"


class PersonChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class FamilyMembersMixin:
    """Two boxes of the family's people, grouped by kind (``selectors.FamilyChoice``): the
    children and unborn babies the early help is for, and the parents, carers and other adults.
    Each person is offered only in the role of their kind; the services check roles and
    consent again, whatever is posted."""

    fields: dict[str, forms.Field]

    def set_family(self, family: FamilyChoice) -> None:
        for name, people in (("children", family.children), ("adults", family.adults)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])
            # Oldest first, unborn babies last, as the family is listed.
            field.choices = [(p.pk, person_label(p)) for p in people]


def _children_field() -> PersonChoiceField:
    return PersonChoiceField(
        label="Children and unborn babies the early help is for",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the children the early help is for",
            "invalid_choice": "Choose the children from the family listed. An adult is "
            "included as a parent, carer or other adult, not as a child",
            "invalid_pk_value": "Choose the children from the family listed",
        },
        help_text="Each needs the family's consent to early help, or a recorded lawful basis.",
    )


def _adults_field() -> PersonChoiceField:
    return PersonChoiceField(
        label="Parents, carers and other adults",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Choose the adults from the family listed. A child or unborn "
            "baby is included with the children",
            "invalid_pk_value": "Choose the adults from the family listed",
        },
        help_text="The adults the early help is with. A parent or carer who is still a child "
        "is listed with the children: tick them there.",
    )


class EpisodeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Early help {obj.reference} ({obj.locality.name} locality)"


class AdultChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class AdultsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class HouseholdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Lives with the family at {obj.address}"


class PickForm(forms.Form):
    """One of the records a search before creating found: the person who joined the family."""

    prefix = "pick"

    person = forms.TypedChoiceField(
        label="Is it one of these people?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person who joined the family, or add a new record",
            "invalid_choice": "Select the person from the records found",
        },
    )

    def __init__(self, *args: Any, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(p.pk, p.full_name) for p in candidates]


def outcome_field_name(index: int) -> str:
    return f"score_{index}"
