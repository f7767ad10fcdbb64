"""Validation and normalisation of the identifiers a children's services record holds.

Pure Python: no models, no database, no settings. Each ``validate_*`` function
normalises its input first (so "485 777 3456" and "4857773456" are treated the same),
returns ``None`` when the value is valid, and raises
:class:`django.core.exceptions.ValidationError` with a plain-English message (GOV.UK
error-message style) and a ``code`` that tests and forms can rely on.

Covered:

* NHS numbers (10 digits, modulus 11 check digit).
* Unique Pupil Numbers (UPN, DfE): permanent ``Annnnnnnnnnnn`` and temporary
  ``AnnnnnnnnnnnA``, modulus 23 check letter.
* UK postcodes (BS 7666 shapes, including ``GIR 0AA``), with sector and district.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

__all__ = [
    "NHS_NUMBER_EXAMPLE",
    "POSTCODE_EXAMPLE",
    "UPN_EXAMPLE",
    "UPN_LETTERS",
    "format_nhs_number",
    "is_valid_nhs_number",
    "is_valid_postcode",
    "is_valid_upn",
    "nhs_check_digit",
    "normalise_nhs_number",
    "normalise_postcode",
    "normalise_upn",
    "postcode_district",
    "postcode_sector",
    "upn_check_letter",
    "validate_nhs_number",
    "validate_postcode",
    "validate_upn",
]

# Characters people type between groups of an identifier: spaces of any kind and dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


# --------------------------------------------------------------------------------------
# NHS number
# --------------------------------------------------------------------------------------

#: The hint shown in error messages. It is the GOV.UK / NHS service manual's format
#: example and is *not* itself a valid NHS number (its check digit does not match).
NHS_NUMBER_EXAMPLE = "943 476 5919"

_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise_nhs_number(value: object) -> str:
    """Strip spaces and hyphens: ``" 943-476-5919 "`` -> ``"9434765919"``."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", str(value))


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for the first nine digits of an NHS number.

    Multiply the digits by the weights 10, 9, ..., 2, add them up, and take the
    remainder on dividing by 11; the check digit is 11 minus that remainder, with 11
    meaning 0. A result of 10 means no valid NHS number starts with these nine
    digits, and ``None`` is returned.

    Raises ``ValueError`` if ``first_nine`` is not exactly nine ASCII digits.
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError(f"expected nine digits, got {first_nine!r}")
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: object) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid NHS number.

    Codes: ``required``, ``invalid_format`` (not digits), ``invalid_length``,
    ``invalid_check_digit``.
    """
    number = normalise_nhs_number(value)
    if not number:
        raise ValidationError("Enter an NHS number", code="required")
    if not (number.isascii() and number.isdigit()):
        raise ValidationError(
            f"Enter an NHS number in the correct format, like {NHS_NUMBER_EXAMPLE}",
            code="invalid_format",
        )
    if len(number) != 10:
        raise ValidationError(
            "NHS number must be 10 digits long – you entered "
            f"{len(number)} digit{'s' if len(number) != 1 else ''}",
            code="invalid_length",
        )
    if nhs_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            "The NHS number is not valid: its check digit does not match. "
            "Check it has been copied correctly",
            code="invalid_check_digit",
        )


def is_valid_nhs_number(value: object) -> bool:
    try:
        validate_nhs_number(value)
    except ValidationError:
        return False
    return True


def format_nhs_number(value: object) -> str:
    """Show an NHS number in its 3-3-4 groups: ``"4857773456"`` -> ``"485 777 3456"``.

    Does not validate: a value that is not 10 digits after normalising is returned
    normalised but otherwise unchanged, so that bad data stays visible.
    """
    number = normalise_nhs_number(value)
    if len(number) == 10 and number.isascii() and number.isdigit():
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


# --------------------------------------------------------------------------------------
# Unique Pupil Number (UPN)
# --------------------------------------------------------------------------------------
#
# DfE / GovTalk "Unique Pupil Number" data standard (v2.0, 2004), as repeated in the
# DfE's UPN guidance and the CIN census validation rule 1510:
#
#   * 13 characters: a check letter, then a 3-digit LA number, a 4-digit establishment
#     number, the last 2 digits of the year of allocation and a 3-digit serial.
#     A temporary UPN has a 2-digit serial followed by a letter.
#   * The check letter is found from characters 2-13: multiply each by its position
#     (character 2 by 2, ..., character 13 by 13), add up, and take the remainder on
#     dividing by 23. The remainder 0-22 maps to A B C D E F G H J K L M N P Q R T U V
#     W X Y Z (the alphabet without I, O and S).
#   * For a temporary UPN the final letter counts in that sum as its value in the same
#     table (A = 0, B = 1, ..., Z = 22). I, O and S are never used.
#
# Public worked examples: H801200001001 and the temporary G80120000101A (DfE's UPN
# guidance), B801200005001 (python-stdnum's doctests).
#
# Because 23 is prime and every weight is below 23, changing any one digit, or the
# final letter of a temporary UPN to another letter, always changes the check letter.
# The one change the scheme cannot see is swapping a final digit for the letter of the
# same value (5 <-> F): both forms are then valid, one permanent and one temporary.

#: The 23 letters used for check letters and temporary-UPN final letters, in value order.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_LETTER_VALUE = {letter: value for value, letter in enumerate(UPN_LETTERS)}
_UPN_DIGIT_VALUE = {str(d): d for d in range(10)}

#: A valid permanent UPN for messages: the worked example in DfE's UPN guidance.
UPN_EXAMPLE = "H801200001001"


def normalise_upn(value: object) -> str:
    """Upper-case and strip spaces and hyphens: ``"h801 2000 01001"`` -> ``"H801200001001"``."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", str(value)).upper()


def upn_check_letter(body12: str) -> str:
    """The check letter for characters 2-13 of a UPN.

    ``body12`` is 11 digits followed by a digit (permanent UPN) or by a letter other
    than I, O or S (temporary UPN). Raises ``ValueError`` for anything else.
    """
    if len(body12) != 12:
        raise ValueError(f"expected the 12 characters after the check letter, got {body12!r}")
    total = 0
    for weight, char in enumerate(body12[:11], start=2):
        digit = _UPN_DIGIT_VALUE.get(char)
        if digit is None:
            raise ValueError(f"characters 2 to 12 of a UPN must be digits, got {body12!r}")
        total += weight * digit
    last = body12[11]
    last_value = _UPN_DIGIT_VALUE.get(last)
    if last_value is None:
        last_value = _UPN_LETTER_VALUE.get(last.upper())
        if last_value is None:
            raise ValueError(
                f"character 13 of a UPN must be a digit or a letter other than I, O or S, "
                f"got {body12!r}"
            )
    total += 13 * last_value
    return UPN_LETTERS[total % 23]


def validate_upn(value: object) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid permanent or temporary UPN.

    Codes: ``required``, ``invalid_length``, ``invalid_format``, ``invalid_check_letter``.
    The LA number is not checked against the list of real LA codes.
    """
    upn = normalise_upn(value)
    if not upn:
        raise ValidationError("Enter a unique pupil number (UPN)", code="required")
    if len(upn) != 13:
        raise ValidationError(
            f"A UPN must be 13 characters long, like {UPN_EXAMPLE} – you entered "
            f"{len(upn)} character{'s' if len(upn) != 1 else ''}",
            code="invalid_length",
        )
    first, middle, last = upn[0], upn[1:12], upn[12]
    if first not in _UPN_LETTER_VALUE:
        raise ValidationError(
            "The first character of a UPN must be a letter (but not I, O or S), "
            f"like {UPN_EXAMPLE}",
            code="invalid_format",
        )
    if not all(c in _UPN_DIGIT_VALUE for c in middle):
        raise ValidationError(
            f"Characters 2 to 12 of a UPN must all be numbers, like {UPN_EXAMPLE}",
            code="invalid_format",
        )
    if last not in _UPN_DIGIT_VALUE and last not in _UPN_LETTER_VALUE:
        raise ValidationError(
            "The last character of a UPN must be a number, or for a temporary UPN a "
            "letter (but not I, O or S)",
            code="invalid_format",
        )
    if upn_check_letter(upn[1:]) != first:
        raise ValidationError(
            "The UPN is not valid: its check letter (the first character) does not match "
            "the rest of the number. Check it has been copied correctly",
            code="invalid_check_letter",
        )


def is_valid_upn(value: object) -> bool:
    try:
        validate_upn(value)
    except ValidationError:
        return False
    return True


# --------------------------------------------------------------------------------------
# UK postcodes
# --------------------------------------------------------------------------------------
#
# BS 7666 postcode shapes (A = letter, 9 = digit), outward code then inward code:
#   A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA, and the special GIR 0AA.
# Letter rules: the first letter is never Q, V or X; the second never I, J or Z; the
# letter in A9A is one of ABCDEFGHJKPSTUW; the letter in AA9A one of ABEHMNPRVWXY;
# the two inward letters never C, I, K, M, O or V.
# Not accepted: BFPO numbers and the non-geographic overseas-territory codes
# (e.g. ASCN 1ZZ).

POSTCODE_EXAMPLE = "HU1 2AA"

_OUTWARD = (
    r"(?:"
    r"[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"  # AA9A
    r")"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(rf"(?:{_OUTWARD} {_INWARD}|GIR 0AA)")
_WHITESPACE = re.compile(r"\s+")


def normalise_postcode(value: object) -> str:
    """Upper-case, and put exactly one space before the last three characters.

    ``"sw1a1aa"`` -> ``"SW1A 1AA"``; ``" hu1   2aa "`` -> ``"HU1 2AA"``. Does not
    validate: anything too short to split is returned upper-cased without spaces.
    """
    if value is None:
        return ""
    compact = _WHITESPACE.sub("", str(value)).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_postcode(value: object) -> None:
    """Raise ``ValidationError`` unless ``value`` is a UK postcode in a real format.

    Codes: ``required``, ``invalid``. Checks the shape and letter rules only, not
    whether the postcode is in use (that needs the ONS/Royal Mail postcode files).
    """
    postcode = normalise_postcode(value)
    if not postcode:
        raise ValidationError("Enter a postcode", code="required")
    if not _POSTCODE_RE.fullmatch(postcode):
        raise ValidationError(
            f"Enter a real postcode, like {POSTCODE_EXAMPLE}",
            code="invalid",
        )


def is_valid_postcode(value: object) -> bool:
    try:
        validate_postcode(value)
    except ValidationError:
        return False
    return True


def postcode_district(value: object) -> str:
    """The outward code (postcode district): ``"hu1 2aa"`` -> ``"HU1"``.

    Raises ``ValidationError`` if the value is not a valid postcode.
    """
    validate_postcode(value)
    return normalise_postcode(value).split(" ", 1)[0]


def postcode_sector(value: object) -> str:
    """The postcode sector: ``"HU1 2AA"`` -> ``"HU1 2"``.

    Raises ``ValidationError`` if the value is not a valid postcode.
    """
    validate_postcode(value)
    return normalise_postcode(value)[:-2]
