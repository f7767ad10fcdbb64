"""Recording consent and lawful bases, withdrawing consent, and the one sharing rule.

The one rule: :func:`sharing_allowed` decides, for many people at once, whether information
about each may be shared with a kind of agency now (or at a given moment). Other capabilities
never read the consent tables themselves: the chronology, early help (episode start, members,
assessment, Team Around the Family), the front door's request for support and anything added
later ask it (or :func:`sharing_require`, which raises :class:`SharingRefused` with words that
name the children and what to do).

Sharing is allowed for a person when either

* consent is in force for one of the purposes asked about: the latest decision for that purpose
  is consent given, not withdrawn, covering the kind of agency (or all agencies), and not past
  its review date (the review date itself still counts; from the day after, it does not), and,
  if the child gave it themselves below ``RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE``, with a
  recorded competence assessment; or
* a lawful basis for sharing without consent is recorded for the person and names that kind of
  agency. A lawful basis counts only for the agencies it was recorded for (and, when the caller
  asks, only the one recorded in a given context, such as the request it was sent with).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Locality, OrganisationKind, User
from righthelp.consent.events import (
    consent_recorded_event,
    consent_withdrawn_event,
    lawful_basis_recorded_event,
)
from righthelp.consent.models import (
    ALL_AGENCIES,
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    ConsentRecord,
    Explained,
    LawfulBasisKind,
    LawfulBasisRecord,
    ValiditySource,
)
from righthelp.consent.selectors import consents_in_force, involved_users
from righthelp.core.forms import format_govuk_date
from righthelp.core.open_work import open_work_for
from righthelp.notifications.models import NotificationKind
from righthelp.notifications.services import notification_send
from righthelp.people.models import Person, PersonKind
from righthelp.workdue.models import Task
from righthelp.workdue.services import task_create

# Consent for either of these lets other agencies see what is recorded about a person.
SHARING_PURPOSES: tuple[str, ...] = (
    ConsentPurpose.EARLY_HELP,
    ConsentPurpose.INFORMATION_SHARING,
)
REVIEW_TASK_KIND = "consent-withdrawn"


class SharingRefused(Exception):
    """Nothing may be shared: no consent in force and no lawful basis that applies."""


# --- The one rule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharingBasis:
    kind: str  # "consent" or "lawful_basis"
    consent: ConsentRecord | None = None
    lawful_basis: LawfulBasisRecord | None = None

    @property
    def description(self) -> str:
        if self.consent is not None:
            return (
                f"Consent given by {self.consent.given_by_name} "
                f"({self.consent.get_given_by_display().lower()}) on "
                f"{self.consent.decided_on:%d %B %Y}"
            )
        assert self.lawful_basis is not None
        return f"Without consent: {self.lawful_basis.get_basis_display()}"


@dataclass(frozen=True)
class SharingDecision:
    """Whether information about one person may be shared, on what basis, or why not.

    ``why_not`` is in plain words for a sentence about the person ("consent was withdrawn on
    3 May 2026"); ``stopped`` names the purposes whose decision in force is a refusal or a
    withdrawal (a caller may refuse on those even when another purpose allows sharing).
    """

    person_id: int
    basis: SharingBasis | None
    why_not: str = ""
    stopped: frozenset[str] = frozenset()

    @property
    def allowed(self) -> bool:
        return self.basis is not None


def agency_label(kind: str) -> str:
    if kind == ALL_AGENCIES:
        return "all agencies"
    try:
        return OrganisationKind(kind).label[0].lower() + OrganisationKind(kind).label[1:]
    except ValueError:
        return kind or "an agency of no known kind"


def competence_age() -> int:
    return int(settings.RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE)


def _needs_competence_assessment(person: Person, on: date) -> bool:
    """A child deciding for themselves below the competence age (or of unknown age)."""
    age = person.age_on(on)
    return age is None or age < competence_age()


# The order in which reasons are told, most telling first.
_WITHDRAWN, _REFUSED, _REVIEW, _COMPETENCE, _COVER, _NONE = range(6)


def _consent_problem(record: ConsentRecord, agency_kind: str, day: date) -> tuple[int, str] | None:
    if record.decision == ConsentDecision.WITHDRAWN:
        return _WITHDRAWN, f"consent was withdrawn on {format_govuk_date(record.decided_on)}"
    if record.decision == ConsentDecision.REFUSED:
        return _REFUSED, f"consent was refused on {format_govuk_date(record.decided_on)}"
    if record.review_on is not None and record.review_on < day:
        return _REVIEW, (
            f"the consent's review date ({format_govuk_date(record.review_on)}) has passed"
        )
    if (
        record.given_by == ConsentGiver.CHILD
        and record.competence_assessed_on is None
        and _needs_competence_assessment(record.person, record.decided_on)
    ):
        return _COMPETENCE, (
            f"the child's own consent counts only from the age of {competence_age()} or with "
            "a recorded assessment of their competence"
        )
    if not record.covers(agency_kind):
        return _COVER, f"the consent does not cover sharing with {agency_label(agency_kind)}"
    return None


def sharing_allowed(
    *,
    people: Iterable[Person | int],
    agency_kind: str,
    purposes: Iterable[str] = SHARING_PURPOSES,
    at: datetime | None = None,
    lawful_basis_context: str | None = None,
) -> dict[int, SharingDecision]:
    """The one consent rule: may information about each of ``people`` be shared with
    ``agency_kind`` (an ``accounts.OrganisationKind`` value) at ``at`` (now by default)?

    Returns a decision for every person id given. Consent counts for ``purposes`` (any one of
    them in force is enough); a lawful basis counts only if it names ``agency_kind``, and, when
    ``lawful_basis_context`` is given, only if it was recorded in that context (a request counts
    only the lawful basis sent with it). Only what was recorded by ``at`` counts. Three queries
    however many people.
    """
    ids = sorted({p if isinstance(p, int) else p.pk for p in people})
    if not ids:
        return {}
    if not agency_kind:
        # Someone of no agency is shared nothing, not even under consent for "all agencies".
        return {
            pid: SharingDecision(person_id=pid, basis=None, why_not="they belong to no agency")
            for pid in ids
        }
    moment = at or timezone.now()
    day = timezone.localdate(moment)
    purposes = tuple(purposes)
    in_force = consents_in_force(ids, purposes, at=moment)
    lawful: dict[int, LawfulBasisRecord] = {}
    bases = LawfulBasisRecord.objects.filter(person_id__in=ids, recorded_at__lte=moment)
    if lawful_basis_context is not None:
        bases = bases.filter(context=lawful_basis_context)
    for lawful_basis in bases.order_by("-recorded_at", "-id"):
        if agency_kind and lawful_basis.covers(agency_kind):
            lawful.setdefault(lawful_basis.person_id, lawful_basis)
    decisions: dict[int, SharingDecision] = {}
    for person_id in ids:
        basis: SharingBasis | None = None
        problems: list[tuple[int, str]] = []
        stopped: set[str] = set()
        for purpose in purposes:
            record = in_force.get((person_id, purpose))
            if record is None:
                continue
            if record.decision != ConsentDecision.GIVEN:
                stopped.add(purpose)
            problem = _consent_problem(record, agency_kind, day)
            if problem is None:
                basis = basis or SharingBasis(kind="consent", consent=record)
            else:
                problems.append(problem)
        if basis is None and person_id in lawful:
            basis = SharingBasis(kind="lawful_basis", lawful_basis=lawful[person_id])
        why_not = ""
        if basis is None:
            why_not = min(problems)[1] if problems else "no consent is recorded"
        decisions[person_id] = SharingDecision(
            person_id=person_id, basis=basis, why_not=why_not, stopped=frozenset(stopped)
        )
    return decisions


def sharing_refusal(
    people: Sequence[Person], decisions: Mapping[int, SharingDecision], *, what: str
) -> str:
    """Plain words for a refusal: ``what`` cannot go ahead, for whom and why, and what to do.
    ``what`` is the start of the sentence ("Early help cannot start")."""
    refused = [p for p in people if not decisions[p.pk].allowed]
    reasons = "; ".join(f"for {p.full_name}, {decisions[p.pk].why_not}" for p in refused)
    return (
        f"{what}: {reasons}. Ask the family for their consent and record it on "
        f"{'each child' if len(refused) > 1 else refused[0].full_name}'s consent page, or, if "
        "you think a child may be suffering significant harm, record the lawful basis for "
        "sharing without it."
    )


def sharing_require(
    *,
    people: Sequence[Person],
    agency_kind: str,
    purposes: Iterable[str] = SHARING_PURPOSES,
    what: str = "Information cannot be shared",
    lawful_basis_context: str | None = None,
) -> dict[int, SharingBasis]:
    """:func:`sharing_allowed` now, for callers that must stop when any person is refused:
    the basis for each person, or :class:`SharingRefused` naming each refused person, why,
    and what to do."""
    decisions = sharing_allowed(
        people=people,
        agency_kind=agency_kind,
        purposes=purposes,
        lawful_basis_context=lawful_basis_context,
    )
    if any(not d.allowed for d in decisions.values()):
        raise SharingRefused(sharing_refusal(people, decisions, what=what))
    return {pid: d.basis for pid, d in decisions.items() if d.basis is not None}


# --- Valid consent ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentValidity:
    """What makes consent valid (seed 002: voluntary, informed, given with capacity), as the
    practitioner records it. ``explained`` holds ``Explained`` values; all four are needed.
    A child deciding for themselves needs ``capacity_judged`` (how their understanding was
    judged) and, below the competence age, the competence assessment: who, how and when."""

    voluntary: bool | None
    explained: Collection[str]
    giver_has_capacity: bool | None
    capacity_judged: str = ""
    competence_assessed_by: str = ""
    competence_assessed_how: str = ""
    competence_assessed_on: date | None = None


def _validity_problems(
    validity: ConsentValidity | None, *, given_by: str, person: Person, decided: date
) -> dict[str, list[str]]:
    """Why consent given cannot be recorded as valid (empty when it can)."""
    if validity is None:
        return {
            "voluntary": ["Say whether they agreed freely"],
            "explained": ["Tick what you explained before they agreed"],
            "giver_has_capacity": ["Say whether they could understand and decide"],
        }
    errors: dict[str, list[str]] = {}
    if validity.voluntary is None:
        errors["voluntary"] = ["Say whether they agreed freely"]
    elif not validity.voluntary:
        errors["voluntary"] = [
            "Consent must be freely given. If they felt they had no choice, it is not consent: "
            "record that consent was refused or not given"
        ]
    missing = [choice.label.lower() for choice in Explained if choice not in validity.explained]
    if missing:
        errors["explained"] = [
            "Consent counts only if they knew what they agreed to: explain, and tick, "
            + "; ".join(missing)
        ]
    if validity.giver_has_capacity is None:
        errors["giver_has_capacity"] = ["Say whether they could understand and decide"]
    elif not validity.giver_has_capacity:
        errors["giver_has_capacity"] = [
            "Someone who cannot understand and decide cannot give consent: ask whoever can "
            "decide for them (for a child, a parent or carer)"
        ]
    if given_by == ConsentGiver.CHILD:
        if not validity.capacity_judged.strip():
            errors["capacity_judged"] = [
                f"Say how you judged that {person.full_name} understood what they agreed to"
            ]
        if _needs_competence_assessment(person, decided):
            age = person.age_on(decided)
            under = f"is {age}" if age is not None else "has no date of birth on their record"
            if not validity.competence_assessed_by.strip():
                errors["competence_assessed_by"] = [
                    f"{person.full_name} {under}: a child under {competence_age()} can consent "
                    "for themselves only with a competence assessment. Enter who assessed it, "
                    "or ask a parent or carer for consent"
                ]
            if not validity.competence_assessed_how.strip():
                errors["competence_assessed_how"] = ["Say how their competence was assessed"]
            assessed = validity.competence_assessed_on
            if assessed is None:
                errors["competence_assessed_on"] = ["Enter when their competence was assessed"]
            elif assessed > decided:
                errors["competence_assessed_on"] = [
                    "The competence assessment must be on or before the date of the decision"
                ]
    return errors


def _agency_kinds(values: Iterable[str], *, allow_all: bool = True) -> list[str]:
    allowed = set(OrganisationKind.values) | ({ALL_AGENCIES} if allow_all else set())
    kinds = sorted(set(values))
    unknown = [k for k in kinds if k not in allowed]
    if unknown or not kinds:
        raise ValidationError({"share_with": ["Select who the information may be shared with"]})
    return kinds


# --- Recording -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: User,
    person: Person,
    purpose: str,
    decision: str,
    given_by: str,
    given_by_name: str,
    share_with: Iterable[str],
    method: str,
    decided_on: date | None = None,
    review_on: date | None = None,
    notes: str = "",
    validity: ConsentValidity | None = None,
    child_not_asked_reason: str = "",
) -> ConsentRecord:
    """Record consent given or refused for one purpose. Withdrawal uses ``consent_withdraw``.

    Consent given must be valid: ``validity`` says it was voluntary, that what is shared, with
    whom, why and what happens next were all explained, and that the giver could understand and
    decide. A child deciding for themselves needs how their understanding was judged and, below
    ``RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE`` (or with no date of birth), a competence
    assessment (who, how, when). Also refuses a decision dated in the future, a review date on
    or before the decision, and a child deciding for an unborn baby. Records CONSENT_RECORDED.
    """
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = ["Select what the consent is for"]
    if decision not in (ConsentDecision.GIVEN, ConsentDecision.REFUSED):
        errors["decision"] = ["Select whether consent was given or refused"]
    if given_by not in ConsentGiver.values:
        errors["given_by"] = ["Select who gave or refused consent"]
    if not given_by_name.strip():
        errors["given_by_name"] = ["Enter the name of the person who decided"]
    if method not in ConsentMethod.values:
        errors["method"] = ["Select how consent was given or refused"]
    today = timezone.localdate()
    decided = decided_on or today
    if decided > today:
        errors["decided_on"] = ["The date of the decision must be today or in the past"]
    if review_on is not None and review_on <= decided:
        errors["review_on"] = ["The review date must be after the date of the decision"]
    if person.kind == PersonKind.UNBORN and given_by != ConsentGiver.PARENT_OR_CARER:
        errors["given_by"] = ["An unborn baby's parent or carer decides"]
    elif decision == ConsentDecision.GIVEN:
        for key, messages in _validity_problems(
            validity, given_by=given_by, person=person, decided=decided
        ).items():
            errors.setdefault(key, messages)
    try:
        kinds = _agency_kinds(share_with)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return _consent_create(
        actor=actor,
        person=person,
        purpose=purpose,
        decision=decision,
        given_by=given_by,
        given_by_name=given_by_name,
        share_with=kinds,
        method=method,
        decided_on=decided,
        review_on=review_on,
        notes=notes,
        validity=validity,
        validity_source=ValiditySource.RECORDED,
        child_not_asked_reason=child_not_asked_reason,
    )


@transaction.atomic
def consent_statement_record(
    *,
    actor: User,
    person: Person,
    purpose: str,
    given_by: str,
    given_by_name: str,
    share_with: Iterable[str],
    method: str,
    notes: str,
) -> ConsentRecord:
    """Record consent another agency's system stated it was given (the contacts API), as it
    stated it, when the front door links the child to their record. The sender did not say how
    it knew the consent was voluntary and informed, so those answers stay empty
    (``ValiditySource.STATED_BY_SENDER``); the sharing rule still applies to it in full (a
    child's own consent below the competence age does not count). Records CONSENT_RECORDED."""
    if given_by not in ConsentGiver.values or method not in ConsentMethod.values:
        raise ValidationError("The consent the sender stated is not complete")
    if given_by == ConsentGiver.CHILD and person.kind == PersonKind.UNBORN:
        raise ValidationError({"given_by": ["An unborn baby's parent or carer decides"]})
    return _consent_create(
        actor=actor,
        person=person,
        purpose=purpose,
        decision=ConsentDecision.GIVEN,
        given_by=given_by,
        given_by_name=given_by_name,
        share_with=_agency_kinds(share_with),
        method=method,
        decided_on=timezone.localdate(),
        review_on=None,
        notes=notes,
        validity=None,
        validity_source=ValiditySource.STATED_BY_SENDER,
    )


def _consent_create(
    *,
    actor: User,
    person: Person,
    purpose: str,
    decision: str,
    given_by: str,
    given_by_name: str,
    share_with: list[str],
    method: str,
    decided_on: date,
    review_on: date | None,
    notes: str,
    validity: ConsentValidity | None,
    validity_source: str,
    child_not_asked_reason: str = "",
) -> ConsentRecord:
    # Only a child's own consent carries a competence assessment.
    competence = validity if given_by == ConsentGiver.CHILD else None
    record = ConsentRecord.objects.create(
        person=person,
        purpose=purpose,
        decision=decision,
        given_by=given_by,
        given_by_name=given_by_name.strip(),
        share_with=share_with,
        method=method,
        decided_on=decided_on,
        review_on=review_on,
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
        validity_source=validity_source,
        voluntary=validity.voluntary if validity else None,
        explained=[c.value for c in Explained if validity and c in validity.explained],
        giver_has_capacity=validity.giver_has_capacity if validity else None,
        capacity_judged=validity.capacity_judged.strip() if validity else "",
        competence_assessed_by=competence.competence_assessed_by.strip() if competence else "",
        competence_assessed_how=competence.competence_assessed_how.strip() if competence else "",
        competence_assessed_on=competence.competence_assessed_on if competence else None,
        child_not_asked_reason=child_not_asked_reason.strip(),
    )
    consent_recorded_event(actor=actor, person=person, record=record)
    return record


# --- Consent on a request for support ---------------------------------------------------------


CHILD_AGREED = "agreed"
CHILD_NOT_APPROPRIATE = "not_appropriate"
CHILD_REFUSED = "refused"


@dataclass(frozen=True)
class ChildOwnConsent:
    """A child's own answer on a request for support, where the framework asks for the child's
    consent as well as the parent's: they agreed themselves (``validity`` as for any child
    giving consent), asking them was not appropriate (``reason``: their age or understanding,
    say), or they were asked and did not agree."""

    answer: str
    validity: ConsentValidity | None = None
    reason: str = ""


@dataclass(frozen=True)
class ConsentDetails:
    """The family's consent, as the referrer records it on a request for support.

    ``children`` holds each child's own answer, by person id; ``child_not_asked_reason``, if
    given, stands for every child not in ``children``.
    """

    given_by: str
    given_by_name: str
    method: str
    share_with: Sequence[str] = ("early_help", "childrens_social_care")
    validity: ConsentValidity | None = None
    children: Mapping[int, ChildOwnConsent] = field(default_factory=dict)
    child_not_asked_reason: str = ""


def child_consent_asked() -> bool:
    """Whether the framework this deployment works to asks for the child's consent as well as
    the parent's or carer's (its optional top-level ``consent`` key)."""
    from righthelp.thresholds.selectors import framework_active

    rule = framework_active().consent
    return rule is not None and rule.child_too


def child_field(person: Person, name: str) -> str:
    """The field a refusal about ``person``'s own consent is shown on (``child_<id>_<name>``)."""
    return f"child_{person.pk}_{name}"


@transaction.atomic
def consent_for_request_record(
    *, actor: User, person: Person, details: ConsentDetails
) -> ConsentRecord:
    """Record the consent a referrer gives with a request for support for one child: the
    parent's or carer's, and, where the framework asks for the child's too
    (:func:`child_consent_asked`), the child's own consent or why asking them was not
    appropriate. Both must be valid consent (``consent_record``); every problem is refused at
    once. A young person agreeing for themselves (``given_by`` child) gives their own consent
    only. Returns the record in force (the child's own, when recorded). Refusals about the
    child's own consent name its fields by ``child_field``."""
    own = details.children.get(person.pk)
    if details.given_by == ConsentGiver.CHILD:
        return _young_person_consent_record(actor=actor, person=person, details=details, own=own)
    child_too = child_consent_asked() and person.kind == PersonKind.CHILD
    errors: dict[str, list[str]] = {}
    reason = ""
    if child_too:
        if own is None and details.child_not_asked_reason.strip():
            own = ChildOwnConsent(
                answer=CHILD_NOT_APPROPRIATE, reason=details.child_not_asked_reason
            )
        if own is None or own.answer not in (CHILD_AGREED, CHILD_NOT_APPROPRIATE, CHILD_REFUSED):
            errors[child_field(person, "answer")] = [
                f"Say whether {person.full_name} agreed themselves, or why it is not "
                "appropriate to ask them"
            ]
        elif own.answer == CHILD_REFUSED:
            errors[child_field(person, "answer")] = [
                f"{person.full_name} did not agree. Early help needs the child's agreement "
                "where they can give it: talk with them and the family before sending"
            ]
        elif own.answer == CHILD_NOT_APPROPRIATE:
            reason = own.reason.strip()
            if not reason:
                errors[child_field(person, "reason")] = [
                    f"Say why it is not appropriate to ask {person.full_name} (for example, "
                    "their age or understanding)"
                ]
    # Every problem at once: the parent's consent, then the child's own (nothing is kept
    # unless both can be: the transaction is rolled back on refusal).
    record: ConsentRecord | None = None
    try:
        record = consent_record(
            actor=actor,
            person=person,
            purpose=ConsentPurpose.EARLY_HELP,
            decision=ConsentDecision.GIVEN,
            given_by=details.given_by,
            given_by_name=details.given_by_name,
            share_with=details.share_with,
            method=details.method,
            validity=details.validity,
            child_not_asked_reason=reason,
        )
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if child_too and own is not None and own.answer == CHILD_AGREED:
        try:
            record = consent_record(
                actor=actor,
                person=person,
                purpose=ConsentPurpose.EARLY_HELP,
                decision=ConsentDecision.GIVEN,
                given_by=ConsentGiver.CHILD,
                given_by_name=person.full_name or "The child",
                share_with=details.share_with,
                method=details.method,
                validity=own.validity,
            )
        except ValidationError as error:
            errors.update(_rekeyed(error, person, error.message_dict).message_dict)
    if errors or record is None:
        raise ValidationError(errors)
    return record


def _rekeyed(error: ValidationError, person: Person, keys: Collection[str]) -> ValidationError:
    """A refusal about a child's own consent, on that child's fields (``child_field``)."""
    return ValidationError(
        {
            child_field(person, key) if key in keys else key: value
            for key, value in error.message_dict.items()
        }
    )


_CHILD_KEYS = (
    "capacity_judged",
    "competence_assessed_by",
    "competence_assessed_how",
    "competence_assessed_on",
)


def _young_person_consent_record(
    *, actor: User, person: Person, details: ConsentDetails, own: ChildOwnConsent | None
) -> ConsentRecord:
    """The young person agreed for themselves (``given_by`` child): the request's answers on
    whether it was free and informed, and the child's own section's on how their understanding
    was judged and their competence."""
    base = details.validity
    child = own.validity if own is not None and own.validity is not None else None
    validity = None
    if base is not None:
        validity = ConsentValidity(
            voluntary=base.voluntary,
            explained=base.explained,
            giver_has_capacity=base.giver_has_capacity,
            capacity_judged=child.capacity_judged if child else "",
            competence_assessed_by=child.competence_assessed_by if child else "",
            competence_assessed_how=child.competence_assessed_how if child else "",
            competence_assessed_on=child.competence_assessed_on if child else None,
        )
    try:
        return consent_record(
            actor=actor,
            person=person,
            purpose=ConsentPurpose.EARLY_HELP,
            decision=ConsentDecision.GIVEN,
            given_by=ConsentGiver.CHILD,
            given_by_name=details.given_by_name,
            share_with=details.share_with,
            method=details.method,
            validity=validity,
        )
    except ValidationError as error:
        raise _rekeyed(error, person, _CHILD_KEYS) from error


@transaction.atomic
def lawful_basis_record(
    *,
    actor: User,
    person: Person,
    basis: str,
    reasons: str,
    parents_told: bool,
    share_with: Iterable[str],
    not_told_reason: str = "",
    context: str = "",
) -> LawfulBasisRecord:
    """Record a decision to share without consent: the basis, why, who decided, whether the
    parents were told and which kinds of agency it is for (``share_with``: it lets those, and
    no others, see what would otherwise need consent; "all agencies" is refused, as sharing
    without consent shares no more than needed).

    If the parents were not told, the reason telling them would increase the risk is required.
    """
    errors: dict[str, list[str]] = {}
    if basis not in LawfulBasisKind.values:
        errors["basis"] = ["Select the lawful basis for sharing without consent"]
    if not reasons.strip():
        errors["reasons"] = ["Explain why you are sharing without consent"]
    if not parents_told and not not_told_reason.strip():
        errors["not_told_reason"] = [
            "Explain why telling the parents would increase the risk to the child"
        ]
    try:
        kinds = _agency_kinds(share_with, allow_all=False)
    except ValidationError:
        errors["share_with"] = ["Select each kind of agency you are sharing with"]
    if errors:
        raise ValidationError(errors)
    record = LawfulBasisRecord.objects.create(
        person=person,
        basis=basis,
        reasons=reasons.strip(),
        decided_by=actor,
        parents_told=parents_told,
        not_told_reason=not_told_reason.strip(),
        context=context,
        share_with=kinds,
        recorded_at=timezone.now(),
    )
    lawful_basis_recorded_event(actor=actor, person=person, record=record)
    return record


# --- Withdrawal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Told:
    user: User
    why: str  # their part, in plain words: "lead practitioner for EH-26-000012"


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal did: the new record, who was told and the reviews it set."""

    record: ConsentRecord
    told: tuple[Told, ...]
    reviews: tuple[Task, ...]

    @property
    def told_names(self) -> list[str]:
        return [f"{t.user.display_name} ({t.why})" for t in self.told]


def _review_due() -> date:
    from righthelp.core.selectors import working_calendar

    return working_calendar().add_working_days(
        timezone.localdate(), int(settings.RIGHTHELP_CONSENT_WITHDRAWN_REVIEW_WORKING_DAYS)
    )


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: ConsentRecord, withdrawn_by_name: str, method: str, notes: str = ""
) -> Withdrawal:
    """Withdraw consent from this moment. A new record points at the one withdrawn (which is
    never changed); from then on the sharing rule no longer counts it.

    Refuses consent that was never given (a refusal, or a withdrawal itself), consent already
    withdrawn, consent a later decision replaced, and a withdrawal without the name of who
    withdrew it or how. Then:

    * every open piece of work about the person that rests on consent (``core.open_work``, the
      one answer to "what is open for a child": open early help episodes, front-door contacts
      not yet decided, early help requests not taken up, and whatever else registers) gets a
      task for whoever works on it, "Consent withdrawn: review ...", due in
      ``RIGHTHELP_CONSENT_WITHDRAWN_REVIEW_WORKING_DAYS`` working days, in their My work;
    * everyone working on that work, and every RightHelp user involved with the person, is told
      once, in the app and by e-mail after the transaction commits (not the actor).

    Records CONSENT_WITHDRAWN naming who was told and the reviews set.
    """
    locked = ConsentRecord.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if locked.decision != ConsentDecision.GIVEN:
        raise ValidationError(
            "Only consent that was given can be withdrawn: this record is "
            + ("a refusal" if locked.decision == ConsentDecision.REFUSED else "itself a withdrawal")
        )
    if locked.withdrawals.exists():
        raise ValidationError("This consent has already been withdrawn")
    current = consents_in_force([locked.person_id], [locked.purpose]).get(
        (locked.person_id, locked.purpose)
    )
    if current is not None and current.pk != locked.pk:
        raise ValidationError(
            "A later decision replaced this consent: withdraw the decision in force instead"
        )
    errors: dict[str, list[str]] = {}
    if method not in ConsentMethod.values:
        errors["method"] = ["Select how consent was withdrawn"]
    if not withdrawn_by_name.strip():
        errors["given_by_name"] = ["Enter the name of the person withdrawing"]
    if errors:
        raise ValidationError(errors)
    person = locked.person
    withdrawal = ConsentRecord.objects.create(
        person=person,
        purpose=locked.purpose,
        decision=ConsentDecision.WITHDRAWN,
        given_by=locked.given_by,
        given_by_name=withdrawn_by_name.strip(),
        share_with=locked.share_with,
        method=method,
        decided_on=timezone.localdate(),
        notes=notes.strip(),
        withdraws=locked,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    purpose = locked.get_purpose_display().lower()
    due_on = _review_due()
    reviews = []
    told: dict[int, str] = {}
    for work in open_work_for([person.pk])[person.pk]:
        if not work.rests_on_consent:
            continue
        owner = None
        if work.owner_id is not None:
            owner = User.objects.filter(pk=work.owner_id, is_active=True).first()
        locality = None
        if owner is None and work.locality_id is not None:
            locality = Locality.objects.get(pk=work.locality_id)
        task, _ = task_create(
            actor=actor,
            key=f"{REVIEW_TASK_KIND}:{withdrawal.pk}:{work.key}",
            kind=REVIEW_TASK_KIND,
            title=f"Consent withdrawn: review {work.label or work.reference}",
            due_on=due_on,
            link=work.link,
            owner=owner,
            queue=work.queue if owner is None else "",
            locality=locality,
            person_ids=[person.pk],
        )
        reviews.append(task)
        for user_id, why in work.told:
            told.setdefault(user_id, why)
    for user in involved_users(person):
        told.setdefault(user.pk, "involved with them")
    told.pop(actor.pk, None)
    users = {u.pk: u for u in User.objects.filter(pk__in=told, is_active=True)}
    told_list = tuple(Told(users[pk], why) for pk, why in told.items() if pk in users)
    link = reverse("consent:list", args=[person.pk])
    for each in told_list:
        notification_send(
            recipient=each.user,
            kind=NotificationKind.CONSENT_WITHDRAWN,
            key=f"consent-withdrawn:{withdrawal.pk}",
            subject=f"Consent withdrawn: stop sharing for {purpose}",
            body=(
                f"Consent for {purpose} has been withdrawn for a child or adult you work with "
                f"(you are told as {each.why}). From now on, do not share information about them "
                "for that purpose without a lawful basis. Open work about them has a review "
                "task in My work. Sign in to RightHelp to see the record."
            ),
            link=link,
        )
    consent_withdrawn_event(
        actor=actor,
        person=person,
        consent=locked,
        withdrawal=withdrawal,
        told=[t.user for t in told_list],
        reviews=[t.pk for t in reviews],
    )
    return Withdrawal(record=withdrawal, told=told_list, reviews=tuple(reviews))
