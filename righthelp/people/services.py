"""Every write to people, names, addresses, relationships, households and involvements.

Each service is atomic, validates what it is given (identifiers, dates), and records one typed
event in the same transaction. Names and involvements are added and ended, never overwritten.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Organisation, Team, User
from righthelp.audit.selectors import events_about
from righthelp.core.services import StaleEdit, submission_claim, submission_complete
from righthelp.matching.services import duplicates_find, match_keys_refresh
from righthelp.people import identifiers
from righthelp.people.events import (
    household_joined_event,
    person_address_added_event,
    person_created_event,
    person_name_added_event,
    person_updated_event,
    professional_added_event,
    professional_ended_event,
    relationship_added_event,
    relationship_ended_event,
)
from righthelp.people.models import (
    ADULTS_ONLY_RELATIONSHIPS,
    SYMMETRIC_RELATIONSHIPS,
    Address,
    Household,
    HouseholdMember,
    InvolvedProfessional,
    NameKind,
    Person,
    PersonAddress,
    PersonKind,
    PersonName,
    ProfessionalRole,
    Relationship,
    RelationshipKind,
    normalise_name,
)


@dataclass(frozen=True)
class PersonDetails:
    kind: str
    family_name: str
    given_name: str = ""
    middle_names: str = ""
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    sex: str = "unknown"
    gender: str = ""
    ethnicity: str = "NOBT"
    first_language: str = ""
    disability: bool = False
    disability_details: str = ""
    nhs_number: str = ""
    upn: str = ""


@dataclass(frozen=True)
class AddressDetails:
    line1: str
    town: str
    postcode: str
    line2: str = ""
    start_date: date | None = None


@dataclass(frozen=True)
class Involvement:
    """The creating user's own involvement, so the record they make is one they can see."""

    role: str
    team: Team | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _clean_details(details: PersonDetails) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    data = asdict(details)
    data["given_name"] = data["given_name"].strip()
    data["family_name"] = data["family_name"].strip()
    if not data["family_name"]:
        errors.setdefault("family_name", []).append("Enter a family name")
    if details.kind not in PersonKind.values:
        errors.setdefault("kind", []).append("Select whether this is a child, adult or unborn baby")
    today = timezone.localdate()
    if details.kind == PersonKind.UNBORN:
        if details.date_of_birth is not None:
            errors.setdefault("date_of_birth", []).append(
                "An unborn baby has an expected date of birth, not a date of birth"
            )
        if details.expected_date_of_birth is None:
            errors.setdefault("expected_date_of_birth", []).append(
                "Enter the expected date of birth"
            )
    elif details.date_of_birth is not None and details.date_of_birth > today:
        errors.setdefault("date_of_birth", []).append("Date of birth must be today or in the past")
    for name, normalise, validate in (
        ("nhs_number", identifiers.normalise_nhs_number, identifiers.validate_nhs_number),
        ("upn", identifiers.normalise_upn, identifiers.validate_upn),
    ):
        raw = (data[name] or "").strip()
        if not raw:
            data[name] = None
            continue
        try:
            validate(raw)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
        else:
            data[name] = normalise(raw)
    if errors:
        raise ValidationError(errors)
    data["given_name_normalised"] = normalise_name(data["given_name"])
    data["family_name_normalised"] = normalise_name(data["family_name"])
    return data


def _check_unique_identifiers(data: dict[str, Any], exclude_pk: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    for name, label in (("nhs_number", "NHS number"), ("upn", "Unique Pupil Number")):
        if data.get(name):
            clash = Person.objects.filter(**{name: data[name]})
            if exclude_pk is not None:
                clash = clash.exclude(pk=exclude_pk)
            if clash.exists():
                # Say that the number is in use without revealing whose record holds it.
                errors[name] = [
                    f"This {label} is already recorded for someone else. "
                    "Check the number, or ask the front door whether this person is known"
                ]
    if errors:
        raise ValidationError(errors)


def _address_create(details: AddressDetails) -> Address:
    errors: dict[str, list[str]] = {}
    if not details.line1.strip():
        errors["line1"] = ["Enter address line 1, typically the building and street"]
    if not details.town.strip():
        errors["town"] = ["Enter town or city"]
    try:
        identifiers.validate_postcode(details.postcode)
    except ValidationError as exc:
        errors["postcode"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return Address.objects.create(
        line1=details.line1.strip(),
        line2=details.line2.strip(),
        town=details.town.strip(),
        postcode=identifiers.normalise_postcode(details.postcode),
    )


@transaction.atomic
def person_create(
    *,
    actor: User,
    details: PersonDetails,
    involvement: Involvement,
    address: AddressDetails | None = None,
    submission_key: uuid.UUID | str | None = None,
) -> Person:
    """Create a person with their current name, optional address, and the actor's involvement.

    Refuses invalid identifiers, impossible or future dates, and identifiers already in use.
    A repeated submission (same key) returns the person the first one made.
    """
    existing_id = submission_claim(key=submission_key, user=actor, purpose="person_create")
    if existing_id is not None:
        return Person.objects.get(pk=existing_id)
    data = _clean_details(details)
    _check_unique_identifiers(data)
    if involvement.role not in ProfessionalRole.values:
        raise ValidationError({"involvement_role": ["Select your role with this person"]})
    if actor.organisation_id is None:
        raise ValidationError("Your account has no organisation; ask an administrator to set it")
    now = timezone.now()
    person = Person.objects.create(**data, local_person_id="", created_at=now, updated_at=now)
    person.local_person_id = f"RH{person.pk:08d}"
    person.save(update_fields=["local_person_id"])
    PersonName.objects.create(
        person=person,
        kind=NameKind.CURRENT,
        given_name=person.given_name,
        family_name=person.family_name,
        given_name_normalised=person.given_name_normalised,
        family_name_normalised=person.family_name_normalised,
        recorded_at=now,
    )
    if address is not None:
        PersonAddress.objects.create(
            person=person, address=_address_create(address), start_date=address.start_date
        )
    InvolvedProfessional.objects.create(
        person=person,
        role=involvement.role,
        user=actor,
        team=involvement.team,
        name=actor.display_name,
        organisation_id=actor.organisation_id,
        start_date=timezone.localdate(),
    )
    person_created_event(actor=actor, person=person, involvement_role=involvement.role)
    match_keys_refresh(person)
    duplicates_find([person.pk])
    submission_complete(key=submission_key, result_id=person.pk)
    return person


TRACKED_FIELDS = (
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "disability",
    "disability_details",
    "nhs_number",
    "upn",
)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def person_update(
    *, actor: User, person: Person, details: PersonDetails, expected_version: int
) -> Person:
    """Change a person's details, refusing a stale edit.

    The caller passes the version the form was opened on; if the record changed since, nothing is
    saved and ``StaleEdit`` says who changed it. A changed name keeps the old one as a previous
    name. The event records old and new values.
    """
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != expected_version:
        last = events_about([locked.pk]).first()
        who = f" by {last.actor.display_name}" if last and last.actor else ""
        raise StaleEdit(
            f"This record was changed{who} after you opened it. Your changes have not been "
            "saved: check the record as it is now and make your changes again."
        )
    data = _clean_details(PersonDetails(**{**asdict(details), "kind": locked.kind}))
    _check_unique_identifiers(data, exclude_pk=locked.pk)
    changes = {
        name: {"old": _json_value(getattr(locked, name)), "new": _json_value(data[name])}
        for name in TRACKED_FIELDS
        if getattr(locked, name) != data[name]
    }
    if not changes:
        return locked
    now = timezone.now()
    if "given_name" in changes or "family_name" in changes:
        PersonName.objects.filter(person=locked, kind=NameKind.CURRENT).update(
            kind=NameKind.PREVIOUS
        )
        PersonName.objects.create(
            person=locked,
            kind=NameKind.CURRENT,
            given_name=data["given_name"],
            family_name=data["family_name"],
            given_name_normalised=data["given_name_normalised"],
            family_name_normalised=data["family_name_normalised"],
            recorded_at=now,
        )
    for name in TRACKED_FIELDS + ("given_name_normalised", "family_name_normalised"):
        setattr(locked, name, data[name])
    locked.version += 1
    locked.updated_at = now
    locked.save()
    match_keys_refresh(locked)
    person_updated_event(actor=actor, person=locked, changes=changes)
    return locked


@transaction.atomic
def person_name_add(
    *, actor: User, person: Person, kind: str, given_name: str, family_name: str
) -> PersonName:
    """Record an alias or previous name. The current name changes only through person_update."""
    if kind not in (NameKind.ALIAS, NameKind.PREVIOUS):
        raise ValidationError({"kind": ["Select whether this is an alias or a previous name"]})
    if not (given_name.strip() or family_name.strip()):
        raise ValidationError({"given_name": ["Enter a given name or a family name"]})
    name = PersonName.objects.create(
        person=person,
        kind=kind,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        given_name_normalised=normalise_name(given_name),
        family_name_normalised=normalise_name(family_name),
        recorded_at=timezone.now(),
    )
    person_name_added_event(actor=actor, person=person, name=name)
    match_keys_refresh(person)
    return name


@transaction.atomic
def person_address_add(*, actor: User, person: Person, address: AddressDetails) -> PersonAddress:
    """Record a new address; the previous current address is ended the day before it starts."""
    new_address = _address_create(address)
    start = address.start_date or timezone.localdate()
    PersonAddress.objects.filter(person=person, end_date__isnull=True).update(end_date=start)
    link = PersonAddress.objects.create(person=person, address=new_address, start_date=start)
    person_address_added_event(actor=actor, person=person, link=link, start_date=start)
    match_keys_refresh(person)
    return link


@transaction.atomic
def relationship_add(
    *,
    actor: User,
    from_person: Person,
    to_person: Person,
    kind: str,
    description: str = "",
    start_date: date | None = None,
) -> Relationship:
    """Record that ``from_person`` is the ``kind`` of ``to_person`` (a parent of a child).

    A symmetric kind (siblings, partners) is recorded once, whichever way round: the same
    relationship already recorded the other way is refused as already recorded. A partner
    relationship is between two adults (a child's relationship is recorded as Other, described).
    """
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": ["Select the relationship"]})
    if from_person.pk == to_person.pk:
        raise ValidationError({"other_person": ["A person cannot be related to themselves"]})
    if kind in ADULTS_ONLY_RELATIONSHIPS and not (
        from_person.kind == PersonKind.ADULT and to_person.kind == PersonKind.ADULT
    ):
        raise ValidationError(
            {
                "kind": [
                    "Partner is for two adults. For a child or young person in a relationship, "
                    "choose Other and describe it, and think about whether it is a safeguarding "
                    "concern"
                ]
            }
        )
    current = Relationship.objects.filter(kind=kind, end_date__isnull=True)
    same_way = current.filter(from_person=from_person, to_person=to_person)
    other_way = current.filter(from_person=to_person, to_person=from_person)
    if same_way.exists() or (kind in SYMMETRIC_RELATIONSHIPS and other_way.exists()):
        raise ValidationError({"kind": ["This relationship is already recorded"]})
    relationship = Relationship.objects.create(
        from_person=from_person,
        to_person=to_person,
        kind=kind,
        description=description.strip(),
        start_date=start_date,
    )
    relationship_added_event(
        actor=actor, relationship=relationship, from_person=from_person, to_person=to_person
    )
    return relationship


@transaction.atomic
def relationship_end(
    *, actor: User, relationship: Relationship, end_date: date | None = None
) -> Relationship:
    relationship.end_date = end_date or timezone.localdate()
    relationship.save(update_fields=["end_date"])
    relationship_ended_event(actor=actor, relationship=relationship, end_date=relationship.end_date)
    return relationship


@transaction.atomic
def household_join(
    *, actor: User, person: Person, household: Household, start_date: date | None = None
) -> HouseholdMember:
    member, created = HouseholdMember.objects.get_or_create(
        household=household,
        person=person,
        end_date=None,
        defaults={"start_date": start_date or timezone.localdate()},
    )
    if created:
        household_joined_event(actor=actor, person=person, household=household)
    return member


@transaction.atomic
def professional_add(
    *,
    actor: User,
    person: Person,
    role: str,
    name: str,
    organisation: Organisation,
    user: User | None = None,
    team: Team | None = None,
    contact: str = "",
    start_date: date | None = None,
) -> InvolvedProfessional:
    """Record a professional around a person. With ``user`` or ``team`` set, it grants access."""
    if role not in ProfessionalRole.values:
        raise ValidationError({"role": ["Select the professional's role"]})
    if not (name.strip() or user):
        raise ValidationError({"name": ["Enter the professional's name"]})
    start = start_date or timezone.localdate()
    if start > timezone.localdate():
        raise ValidationError({"start_date": ["Start date must be today or in the past"]})
    involvement = InvolvedProfessional.objects.create(
        person=person,
        role=role,
        user=user,
        team=team,
        name=name.strip() or (user.display_name if user else ""),
        organisation=organisation,
        contact=contact.strip(),
        start_date=start,
    )
    professional_added_event(actor=actor, involvement=involvement, organisation=organisation)
    return involvement


@transaction.atomic
def professional_end(
    *, actor: User, involvement: InvolvedProfessional, end_date: date | None = None
) -> InvolvedProfessional:
    """End an involvement. From the day after ``end_date`` it no longer grants access."""
    end = end_date or timezone.localdate()
    if end < involvement.start_date:
        raise ValidationError({"end_date": ["End date must be on or after the start date"]})
    involvement.end_date = end
    involvement.save(update_fields=["end_date"])
    professional_ended_event(actor=actor, involvement=involvement, end_date=end)
    return involvement
