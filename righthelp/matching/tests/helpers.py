"""Small helpers for the matching tests."""

from __future__ import annotations

from righthelp.matching.normalise import MatchRecord, normalise_record


def record(
    record_id: str = "1",
    given_name: str = "Amelia",
    surname: str = "Thornbury",
    date_of_birth: str = "2015-03-04",
    sex: str = "F",
    postcode: str = "HU1 2AA",
    nhs_number: str = "",
    upn: str = "",
    *,
    other_surnames: tuple[str, ...] = (),
    restricted: bool = False,
) -> MatchRecord:
    result, _ = normalise_record(
        {
            "id": record_id,
            "given_name": given_name,
            "surname": surname,
            "date_of_birth": date_of_birth,
            "sex": sex,
            "postcode": postcode,
            "nhs_number": nhs_number,
            "upn": upn,
        },
        other_surnames=other_surnames,
        restricted=restricted,
    )
    return result
