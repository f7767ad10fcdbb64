"""Reading a contacts API request: the fields, their checks and the problems returned."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from righthelp.accounts.models import OrganisationKind
from righthelp.consent.models import (
    ALL_AGENCIES,
    ConsentGiver,
    ConsentMethod,
    LawfulBasisKind,
)
from righthelp.frontdoor.models import (
    Urgency,
)
from righthelp.frontdoor.services import (
    ConsentDetails,
    LawfulBasisDetails,
    significant_harm_ground,
)
from righthelp.people import identifiers

# The fields the API accepts; anything else is refused, so a misspelt field is never silently
# dropped. The OpenAPI description (api_schema.py) names the same fields; a test keeps them equal.
TOP_FIELDS = frozenset(
    {
        "children",
        "worry",
        "what_tried",
        "child_views",
        "urgency",
        "referrer_view_scale",
        "referrer",
        "consent",
        "lawful_basis",
    }
)


CHILD_FIELDS = frozenset({"given_name", "family_name", "date_of_birth", "postcode", "nhs_number"})


REFERRER_FIELDS = frozenset({"name", "email", "phone"})


CONSENT_FIELDS = frozenset({"given_by", "given_by_name", "method", "share_with"})


LAWFUL_BASIS_FIELDS = frozenset(
    {"basis", "reasons", "parents_told", "not_told_reason", "significant_harm_suspected"}
)


SIGNIFICANT_HARM_API = (
    "Sharing without consent on the safeguarding basis needs significant_harm_suspected: true, "
    "your statement that you have reasonable cause to suspect the child is suffering, or is "
    "likely to suffer, significant harm. The request then becomes a significant-harm contact "
    "(red priority, decided within 24 hours) whatever urgency you sent. Otherwise send the "
    "family's consent"
)


MAX_CHILDREN = 20


MAX_TEXT = 20_000


IDEMPOTENCY_KEY_MAX = 200  # Contact.api_idempotency_key


_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, no spaces


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Consent to a request for support must let the front door (children's social care) see it.
DEFAULT_SHARE_WITH = ("early_help", "childrens_social_care")


FRONT_DOOR_AGENCY = "childrens_social_care"


@dataclass(frozen=True)
class ApiChild:
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str
    nhs_number: str


@dataclass(frozen=True)
class ApiContactRequest:
    """A validated API request body."""

    children: tuple[ApiChild, ...]
    worry: str
    what_tried: str
    child_views: str
    urgency: str
    referrer_view_scale: int | None
    referrer_name: str
    referrer_email: str
    referrer_phone: str
    consent: ConsentDetails | None
    lawful_basis: LawfulBasisDetails | None


class _Errors:
    """Collects every problem in a body, each named by where it is (``children[0].postcode``)."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def unknown(self, where: str, value: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for key in sorted(set(value) - allowed):
            self.add(f"{where}{key}", "unknown field")

    def text(
        self,
        value: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: str = "",
        max_length: int = MAX_TEXT,
    ) -> str:
        raw = value.get(key)
        field = f"{where}{key}"
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            self.add(field, "must be a string")
            return ""
        text = raw.strip()
        if required and not text:
            self.add(field, required)
        if len(text) > max_length:
            self.add(field, f"must be at most {max_length} characters")
        return text

    def choice(
        self, value: Mapping[str, Any], key: str, where: str, choices: Sequence[str], message: str
    ) -> str:
        raw = value.get(key)
        if not isinstance(raw, str) or raw not in choices:
            self.add(f"{where}{key}", f"{message}: one of {', '.join(choices)}")
            return ""
        return raw

    def obj(self, value: Any, field: str) -> Mapping[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add(field, "must be an object")
            return None
        return value


def _child_date_of_birth(errors: _Errors, where: str, raw_date: Any) -> date | None:
    if raw_date in (None, ""):
        return None
    if not isinstance(raw_date, str) or not _ISO_DATE.match(raw_date):
        errors.add(f"{where}date_of_birth", "must be a date written YYYY-MM-DD")
        return None
    try:
        born = date.fromisoformat(raw_date)
    except ValueError:
        errors.add(f"{where}date_of_birth", "Date of birth must be a real date")
        return None
    if born > timezone.localdate():
        errors.add(f"{where}date_of_birth", "Date of birth must be today or in the past")
        return None
    return born


def _identifier(
    errors: _Errors,
    field: str,
    text: str,
    validate: Callable[[str], object],
    normalise: Callable[[str], str],
) -> str:
    """An identifier as written (when blank or refused, with the refusal on ``field``) or
    normalised."""
    if not text:
        return text
    try:
        validate(text)
    except ValidationError as error:
        for message in error.messages:
            errors.add(field, message)
        return text
    return normalise(text)


def _child(errors: _Errors, index: int, value: Any) -> ApiChild | None:
    where = f"children[{index}]."
    if not isinstance(value, dict):
        errors.add(f"children[{index}]", "must be an object")
        return None
    errors.unknown(where, value, CHILD_FIELDS)
    given = errors.text(value, "given_name", where, max_length=100)
    family = errors.text(value, "family_name", where, max_length=100)
    if not (given or family):
        errors.add(f"{where}family_name", "Enter the child's name, or as much of it as you know")
    born = _child_date_of_birth(errors, where, value.get("date_of_birth"))
    postcode = _identifier(
        errors,
        f"{where}postcode",
        errors.text(value, "postcode", where, max_length=20),
        identifiers.validate_postcode,
        identifiers.normalise_postcode,
    )
    nhs_number = _identifier(
        errors,
        f"{where}nhs_number",
        errors.text(value, "nhs_number", where, max_length=20),
        identifiers.validate_nhs_number,
        identifiers.normalise_nhs_number,
    )
    return ApiChild(given, family, born, postcode, nhs_number)


def _consent(errors: _Errors, value: Any) -> ConsentDetails | None:
    consent = errors.obj(value, "consent")
    if consent is None:
        return None
    errors.unknown("consent.", consent, CONSENT_FIELDS)
    given_by = errors.choice(
        consent, "given_by", "consent.", ConsentGiver.values, "Say who gave consent"
    )
    name = errors.text(
        consent,
        "given_by_name",
        "consent.",
        required="Enter the name of the person who gave consent",
        max_length=200,
    )
    method = errors.choice(
        consent, "method", "consent.", ConsentMethod.values, "Say how consent was given"
    )
    share_with: tuple[str, ...] = DEFAULT_SHARE_WITH
    raw_share = consent.get("share_with")
    if raw_share is not None:
        allowed = {*OrganisationKind.values, ALL_AGENCIES}
        if (
            not isinstance(raw_share, list)
            or not raw_share
            or not all(isinstance(k, str) and k in allowed for k in raw_share)
        ):
            errors.add(
                "consent.share_with",
                f"must be a list of kinds of agency: {', '.join(sorted(allowed))}",
            )
        elif FRONT_DOOR_AGENCY not in raw_share and ALL_AGENCIES not in raw_share:
            errors.add(
                "consent.share_with",
                "The consent must cover sharing with children's social care (the front door): "
                "include childrens_social_care or all",
            )
        else:
            share_with = tuple(sorted(set(raw_share)))
    return ConsentDetails(
        given_by=given_by, given_by_name=name, method=method, share_with=share_with
    )


def _lawful_basis(errors: _Errors, value: Any) -> LawfulBasisDetails | None:
    basis = errors.obj(value, "lawful_basis")
    if basis is None:
        return None
    errors.unknown("lawful_basis.", basis, LAWFUL_BASIS_FIELDS)
    kind = LawfulBasisKind.SAFEGUARDING.value
    if basis.get("basis") is not None:
        kind = errors.choice(
            basis,
            "basis",
            "lawful_basis.",
            LawfulBasisKind.values,
            "Say the lawful basis for sharing without consent",
        )
    reasons = errors.text(
        basis, "reasons", "lawful_basis.", required="Explain why you are sharing without consent"
    )
    told = basis.get("parents_told")
    if not isinstance(told, bool):
        errors.add("lawful_basis.parents_told", "must be true or false: were the parents told?")
    not_told = errors.text(basis, "not_told_reason", "lawful_basis.")
    if told is False and not not_told:
        errors.add(
            "lawful_basis.not_told_reason",
            "Explain why telling the parents would increase the risk to the child",
        )
    suspected = basis.get("significant_harm_suspected", False)
    if not isinstance(suspected, bool):
        errors.add("lawful_basis.significant_harm_suspected", "must be true or false")
        suspected = False
    details = LawfulBasisDetails(
        reasons=reasons,
        parents_told=bool(told),
        not_told_reason=not_told,
        basis=kind,
        significant_harm_suspected=suspected,
    )
    try:
        significant_harm_ground(details)
    except ValidationError:
        errors.add("lawful_basis.significant_harm_suspected", SIGNIFICANT_HARM_API)
    return details


def _children(errors: _Errors, raw_children: Any) -> list[ApiChild]:
    children: list[ApiChild] = []
    if not isinstance(raw_children, list) or not raw_children:
        errors.add("children", "Add the child the request is about (a list of at least one)")
    elif len(raw_children) > MAX_CHILDREN:
        errors.add("children", f"at most {MAX_CHILDREN} children in one request")
    else:
        for index, raw in enumerate(raw_children):
            child = _child(errors, index, raw)
            if child is not None:
                children.append(child)
    return children


def _referrer(errors: _Errors, value: Any) -> tuple[str, str, str]:
    """The referrer's name, email and phone."""
    referrer = errors.obj(value, "referrer")
    if referrer is None:
        if "referrer" not in errors.by_field:
            errors.add("referrer", "Say who is making the request, so the front door can reply")
        return "", "", ""
    errors.unknown("referrer.", referrer, REFERRER_FIELDS)
    name = errors.text(
        referrer, "name", "referrer.", required="Enter the referrer's name", max_length=200
    )
    email = errors.text(referrer, "email", "referrer.", max_length=254)
    phone = errors.text(referrer, "phone", "referrer.", max_length=40)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("referrer.email", "Enter an email address like name@example.org")
    if not (email or phone):
        errors.add("referrer.email", "Enter an email address or phone number for the referrer")
    return name, email, phone


def _neither_consent_nor_basis(errors: _Errors, urgency: str) -> None:
    """The consent rule, as services.request_submit applies it to the form, for a body with
    neither consent nor a lawful basis (unless one was given but refused)."""
    if "consent" in errors.by_field:
        return
    if urgency == Urgency.SIGNIFICANT_HARM:
        errors.add(
            "lawful_basis",
            "You can send a concern about significant harm without consent, but say why "
            "you are sharing without it and whether the parents know",
        )
    elif "lawful_basis" not in errors.by_field:
        errors.add(
            "consent",
            "A request for early help needs the family's consent, or a lawful basis for "
            "sharing without it",
        )


def api_request_parse(payload: Any) -> ApiContactRequest:
    """Validate a whole request body; raise ``ValidationError`` naming every problem."""
    errors = _Errors()
    if not isinstance(payload, dict):
        raise ValidationError({"body": ["The request body must be a JSON object"]})
    errors.unknown("", payload, TOP_FIELDS)
    children = _children(errors, payload.get("children"))
    worry = errors.text(payload, "worry", "", required="Describe what you are worried about")
    what_tried = errors.text(payload, "what_tried", "")
    child_views = errors.text(payload, "child_views", "")
    urgency = Urgency.ROUTINE.value
    if payload.get("urgency") is not None:
        urgency = errors.choice(payload, "urgency", "", Urgency.values, "Say how urgent this is")
    scale = payload.get("referrer_view_scale")
    if scale is not None and (isinstance(scale, bool) or scale not in (1, 2, 3, 4)):
        errors.add("referrer_view_scale", "must be the level you think is right: 1, 2, 3 or 4")
        scale = None
    name, email, phone = _referrer(errors, payload.get("referrer"))
    consent = _consent(errors, payload.get("consent"))
    lawful_basis = _lawful_basis(errors, payload.get("lawful_basis"))
    if consent is None and lawful_basis is None:
        _neither_consent_nor_basis(errors, urgency)
    if errors.by_field:
        raise ValidationError(errors.by_field)
    if significant_harm_ground(lawful_basis):
        urgency = Urgency.SIGNIFICANT_HARM.value
    return ApiContactRequest(
        children=tuple(children),
        worry=worry,
        what_tried=what_tried,
        child_views=child_views,
        urgency=urgency,
        referrer_view_scale=scale,
        referrer_name=name,
        referrer_email=email,
        referrer_phone=phone,
        consent=consent,
        lawful_basis=lawful_basis,
    )


def idempotency_key_problem(key: str | None) -> str:
    """Why an Idempotency-Key header is unusable, or "" if it is fine."""
    if not key:
        return (
            "Send an Idempotency-Key header: a value unique to this request (a UUID), the same "
            "on every retry of it"
        )
    if not _IDEMPOTENCY_KEY.match(key):
        return (
            f"The Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} visible ASCII characters "
            "(a UUID is ideal)"
        )
    return ""
