"""The events the people app records: one function per kind, payload built here, and beside
each the shape of its payload and a reader.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict, cast

from righthelp.accounts.models import Organisation, User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record
from righthelp.people.models import (
    Household,
    InvolvedProfessional,
    Person,
    PersonAddress,
    PersonName,
    Relationship,
)


class PersonCreatedPayload(TypedDict):
    kind: str
    involvement_role: str


def person_created_event(*, actor: User, person: Person, involvement_role: str) -> Event:
    """A record made, with the role in which its maker is involved (which gives them access)."""
    payload: PersonCreatedPayload = {"kind": person.kind, "involvement_role": involvement_role}
    return event_record(
        actor=actor,
        verb=Verb.PERSON_CREATED,
        subject_ids=[person.pk],
        summary=f"{person.get_kind_display()} record created",
        payload=payload,
    )


def person_created_payload(event: Event) -> PersonCreatedPayload:
    return cast(PersonCreatedPayload, payload_read(event, Verb.PERSON_CREATED))


class OldAndNew(TypedDict):
    old: Any
    new: Any


class PersonUpdatedPayload(TypedDict):
    changes: dict[str, OldAndNew]


def person_updated_event(
    *, actor: User, person: Person, changes: Mapping[str, Mapping[str, Any]]
) -> Event:
    """``changes``: each changed field's ``old`` and ``new`` value (as JSON), by field name."""
    payload: PersonUpdatedPayload = {
        "changes": {name: {"old": c["old"], "new": c["new"]} for name, c in changes.items()}
    }
    return event_record(
        actor=actor,
        verb=Verb.PERSON_UPDATED,
        subject_ids=[person.pk],
        summary="Changed " + ", ".join(n.replace("_", " ") for n in changes),
        payload=payload,
    )


def person_updated_payload(event: Event) -> PersonUpdatedPayload:
    return cast(PersonUpdatedPayload, payload_read(event, Verb.PERSON_UPDATED))


class PersonNameAddedPayload(TypedDict):
    kind: str
    given_name: str
    family_name: str


def person_name_added_event(*, actor: User, person: Person, name: PersonName) -> Event:
    payload: PersonNameAddedPayload = {
        "kind": name.kind,
        "given_name": name.given_name,
        "family_name": name.family_name,
    }
    return event_record(
        actor=actor,
        verb=Verb.PERSON_NAME_ADDED,
        subject_ids=[person.pk],
        summary=f"{name.get_kind_display()}: {name}",
        payload=payload,
    )


def person_name_added_payload(event: Event) -> PersonNameAddedPayload:
    return cast(PersonNameAddedPayload, payload_read(event, Verb.PERSON_NAME_ADDED))


class PersonAddressAddedPayload(TypedDict):
    postcode: str
    start_date: str


def person_address_added_event(
    *, actor: User, person: Person, link: PersonAddress, start_date: date
) -> Event:
    postcode = link.address.postcode
    payload: PersonAddressAddedPayload = {
        "postcode": postcode,
        "start_date": start_date.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.PERSON_ADDRESS_ADDED,
        subject_ids=[person.pk],
        summary=f"Address recorded: {postcode}",
        payload=payload,
    )


def person_address_added_payload(event: Event) -> PersonAddressAddedPayload:
    return cast(PersonAddressAddedPayload, payload_read(event, Verb.PERSON_ADDRESS_ADDED))


class RelationshipAddedPayload(TypedDict):
    kind: str
    from_person: int
    to_person: int


def relationship_added_event(
    *, actor: User, relationship: Relationship, from_person: Person, to_person: Person
) -> Event:
    payload: RelationshipAddedPayload = {
        "kind": relationship.kind,
        "from_person": from_person.pk,
        "to_person": to_person.pk,
    }
    return event_record(
        actor=actor,
        verb=Verb.RELATIONSHIP_ADDED,
        subject_ids=[from_person.pk, to_person.pk],
        summary=f"{from_person.full_name} recorded as {relationship.get_kind_display().lower()} "
        f"of {to_person.full_name}",
        payload=payload,
    )


def relationship_added_payload(event: Event) -> RelationshipAddedPayload:
    return cast(RelationshipAddedPayload, payload_read(event, Verb.RELATIONSHIP_ADDED))


class RelationshipEndedPayload(TypedDict):
    relationship: int
    end_date: str


def relationship_ended_event(*, actor: User, relationship: Relationship, end_date: date) -> Event:
    payload: RelationshipEndedPayload = {
        "relationship": relationship.pk,
        "end_date": end_date.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.RELATIONSHIP_ENDED,
        subject_ids=[relationship.from_person_id, relationship.to_person_id],
        summary=f"{relationship.get_kind_display()} relationship ended",
        payload=payload,
    )


def relationship_ended_payload(event: Event) -> RelationshipEndedPayload:
    return cast(RelationshipEndedPayload, payload_read(event, Verb.RELATIONSHIP_ENDED))


class HouseholdJoinedPayload(TypedDict):
    household: int


def household_joined_event(*, actor: User, person: Person, household: Household) -> Event:
    payload: HouseholdJoinedPayload = {"household": household.pk}
    return event_record(
        actor=actor,
        verb=Verb.HOUSEHOLD_JOINED,
        subject_ids=[person.pk],
        summary=f"Joined household at {household.address.postcode}",
        payload=payload,
    )


def household_joined_payload(event: Event) -> HouseholdJoinedPayload:
    return cast(HouseholdJoinedPayload, payload_read(event, Verb.HOUSEHOLD_JOINED))


class ProfessionalAddedPayload(TypedDict):
    involvement: int
    role: str
    organisation: int
    user: int | None
    team: int | None


def professional_added_event(
    *, actor: User, involvement: InvolvedProfessional, organisation: Organisation
) -> Event:
    payload: ProfessionalAddedPayload = {
        "involvement": involvement.pk,
        "role": involvement.role,
        "organisation": organisation.pk,
        "user": involvement.user_id,
        "team": involvement.team_id,
    }
    return event_record(
        actor=actor,
        verb=Verb.PROFESSIONAL_ADDED,
        subject_ids=[involvement.person_id],
        summary=f"{involvement.get_role_display()}: {involvement.name} ({organisation.name})",
        payload=payload,
    )


def professional_added_payload(event: Event) -> ProfessionalAddedPayload:
    return cast(ProfessionalAddedPayload, payload_read(event, Verb.PROFESSIONAL_ADDED))


class ProfessionalEndedPayload(TypedDict):
    involvement: int
    end_date: str


def professional_ended_event(
    *, actor: User, involvement: InvolvedProfessional, end_date: date
) -> Event:
    payload: ProfessionalEndedPayload = {
        "involvement": involvement.pk,
        "end_date": end_date.isoformat(),
    }
    return event_record(
        actor=actor,
        verb=Verb.PROFESSIONAL_ENDED,
        subject_ids=[involvement.person_id],
        summary=f"{involvement.get_role_display()} involvement ended: {involvement.name}",
        payload=payload,
    )


def professional_ended_payload(event: Event) -> ProfessionalEndedPayload:
    return cast(ProfessionalEndedPayload, payload_read(event, Verb.PROFESSIONAL_ENDED))
