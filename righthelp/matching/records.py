"""Turning people in the database into the matcher's records, and their blocking keys."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from righthelp.matching.blocking import blocking_keys
from righthelp.matching.normalise import MatchRecord, normalise_record
from righthelp.people.models import NameKind, Person


def record_for(
    *,
    record_id: str,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    sex: str = "",
    postcode: str = "",
    nhs_number: str = "",
    upn: str = "",
    other_surnames: Iterable[str] = (),
    restricted: bool = False,
) -> MatchRecord:
    raw = {
        "given_name": given_name,
        "surname": family_name,
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
        "sex": sex if sex in ("female", "male") else "",
        "postcode": postcode,
        "nhs_number": nhs_number,
        "upn": upn,
    }
    record, _problems = normalise_record(
        raw, record_id=record_id, other_surnames=list(other_surnames), restricted=restricted
    )
    return record


def person_record(person: Person) -> MatchRecord:
    """The person as the matcher sees them: every surname they have had, their current
    postcode, identifiers. Uses prefetched ``names`` and ``current_addresses`` when present."""
    addresses = getattr(person, "current_addresses", None)
    if addresses is None:
        addresses = list(person.addresses.filter(end_date__isnull=True).select_related("address"))
    return stored_record(
        person_id=person.pk,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth or person.expected_date_of_birth,
        sex=person.sex,
        nhs_number=person.nhs_number or "",
        upn=person.upn or "",
        restricted=person.restricted,
        names=[(n.kind, n.family_name) for n in person.names.all()],
        postcode=addresses[0].address.postcode if addresses else "",
    )


def stored_record(
    *,
    person_id: int,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    sex: str,
    nhs_number: str,
    upn: str,
    restricted: bool,
    names: Iterable[tuple[str, str]],
    postcode: str,
) -> MatchRecord:
    """A stored person's match record from plain values: ``names`` are (kind, family name)
    of every name they are known by; any surname other than the current one is kept."""
    others = [
        family
        for kind, family in names
        if kind != NameKind.CURRENT and family and family != family_name
    ]
    return record_for(
        record_id=str(person_id),
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        postcode=postcode,
        nhs_number=nhs_number,
        upn=upn,
        other_surnames=others,
        restricted=restricted,
    )


def person_keys(person: Person) -> set[str]:
    """Blocking keys for a person, including one set per alias given name."""
    keys = blocking_keys(person_record(person))
    for name in person.names.all():
        if name.kind == NameKind.ALIAS and name.given_name:
            alias = record_for(
                record_id=str(person.pk),
                given_name=name.given_name,
                family_name=name.family_name or person.family_name,
                date_of_birth=person.date_of_birth,
            )
            keys |= blocking_keys(alias)
    return {k[:100] for k in keys}
