"""Recording consent and lawful basis, and the one rule every sharing service asks.

Other capabilities never read consent tables themselves: they call ``sharing_check`` (or
``sharing_require``) before anything about a person leaves the agency that holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.services import event_record
from righthelp.consent.models import (
    ALL_AGENCIES,
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    ConsentRecord,
    LawfulBasisKind,
    LawfulBasisRecord,
)
from righthelp.consent.selectors import consent_current, involved_users
from righthelp.people.models import Person


class SharingRefused(Exception):
    """Nothing may be shared: no consent and no recorded lawful basis."""


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


def _agency_kinds(values: Iterable[str]) -> list[str]:
    from righthelp.accounts.models import OrganisationKind

    allowed = set(OrganisationKind.values) | {ALL_AGENCIES}
    kinds = sorted(set(values))
    unknown = [k for k in kinds if k not in allowed]
    if unknown or not kinds:
        raise ValidationError({"share_with": ["Select who the information may be shared with"]})
    return kinds


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
) -> ConsentRecord:
    """Record consent given or refused for one purpose. Withdrawal uses ``consent_withdraw``.

    Refuses a decision dated in the future, a review date before the decision, and a child
    giving consent for an unborn baby.
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
    if given_by == ConsentGiver.CHILD and person.kind == "unborn":
        errors["given_by"] = ["An unborn baby's parent or carer decides"]
    try:
        kinds = _agency_kinds(share_with)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    record = ConsentRecord.objects.create(
        person=person,
        purpose=purpose,
        decision=decision,
        given_by=given_by,
        given_by_name=given_by_name.strip(),
        share_with=kinds,
        method=method,
        decided_on=decided,
        review_on=review_on,
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb=Verb.CONSENT_RECORDED,
        subject_ids=[person.pk],
        summary=f"Consent {record.get_decision_display().lower()} for "
        f"{record.get_purpose_display().lower()} by {record.given_by_name}",
        payload={
            "consent": record.pk,
            "purpose": purpose,
            "decision": decision,
            "given_by": given_by,
            "share_with": kinds,
            "method": method,
        },
    )
    return record


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: ConsentRecord, withdrawn_by_name: str, method: str, notes: str = ""
) -> ConsentRecord:
    """Withdraw consent from this moment. A new record points at the one withdrawn; sharing
    stops at once, and every RightHelp user involved with the person is told by e-mail after
    the transaction commits."""
    if consent.decision != ConsentDecision.GIVEN:
        raise ValidationError("Only consent that was given can be withdrawn")
    if consent.withdrawals.exists():
        raise ValidationError("This consent has already been withdrawn")
    if method not in ConsentMethod.values:
        raise ValidationError({"method": ["Select how consent was withdrawn"]})
    if not withdrawn_by_name.strip():
        raise ValidationError({"given_by_name": ["Enter the name of the person withdrawing"]})
    withdrawal = ConsentRecord.objects.create(
        person=consent.person,
        purpose=consent.purpose,
        decision=ConsentDecision.WITHDRAWN,
        given_by=consent.given_by,
        given_by_name=withdrawn_by_name.strip(),
        share_with=consent.share_with,
        method=method,
        decided_on=timezone.localdate(),
        notes=notes.strip(),
        withdraws=consent,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    told = [u for u in involved_users(consent.person) if u.pk != actor.pk and u.email]
    event_record(
        actor=actor,
        verb=Verb.CONSENT_WITHDRAWN,
        subject_ids=[consent.person_id],
        summary=f"Consent for {consent.get_purpose_display().lower()} withdrawn by "
        f"{withdrawal.given_by_name}",
        payload={
            "consent": consent.pk,
            "withdrawal": withdrawal.pk,
            "told": [u.pk for u in told],
        },
    )
    recipients = [u.email for u in told]
    if recipients:
        subject = "Consent withdrawn: stop sharing information"
        body = (
            f"Consent for {consent.get_purpose_display().lower()} has been withdrawn for a "
            "child or adult you work with. From now on, do not share information about them "
            "for that purpose without a lawful basis. Sign in to RightHelp to see the record."
        )
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )
    return withdrawal


@transaction.atomic
def lawful_basis_record(
    *,
    actor: User,
    person: Person,
    basis: str,
    reasons: str,
    parents_told: bool,
    not_told_reason: str = "",
    context: str = "",
) -> LawfulBasisRecord:
    """Record a decision to share without consent, with who decided and why.

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
        recorded_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb=Verb.LAWFUL_BASIS_RECORDED,
        subject_ids=[person.pk],
        summary=f"Information shared without consent: {record.get_basis_display()}",
        payload={"lawful_basis": record.pk, "basis": basis, "parents_told": parents_told},
    )
    return record


def sharing_check(
    *,
    person: Person,
    purpose: str,
    agency_kind: str,
    lawful_basis: LawfulBasisRecord | None = None,
) -> SharingBasis | None:
    """The basis on which information about ``person`` may be shared now, or None.

    Current consent (given, not withdrawn, not past its review date, covering the receiving kind
    of agency) is a basis; so is a lawful basis recorded for this person.
    """
    consent = consent_current(person, purpose)
    if (
        consent is not None
        and consent.decision == ConsentDecision.GIVEN
        and consent.covers(agency_kind)
        and (consent.review_on is None or consent.review_on >= timezone.localdate())
    ):
        return SharingBasis(kind="consent", consent=consent)
    if lawful_basis is not None and lawful_basis.person_id == person.pk:
        return SharingBasis(kind="lawful_basis", lawful_basis=lawful_basis)
    return None


def sharing_require(
    *,
    person: Person,
    purpose: str,
    agency_kind: str,
    lawful_basis: LawfulBasisRecord | None = None,
) -> SharingBasis:
    basis = sharing_check(
        person=person, purpose=purpose, agency_kind=agency_kind, lawful_basis=lawful_basis
    )
    if basis is None:
        raise SharingRefused(
            f"There is no current consent from {person.full_name}'s family to share for "
            f"{ConsentPurpose(purpose).label.lower()}, and no lawful basis is recorded. Ask the "
            "family for consent, or, if you think the child may be suffering significant harm, "
            "record why you are sharing without it."
        )
    return basis
