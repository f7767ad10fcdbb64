"""Consent pages on a person's record: the decisions in force and their history, recording
consent given or refused, withdrawing it, and recording sharing without consent.

Thin views: the person comes through ``checkpoint.person_or_404`` (missing and forbidden look
the same), reads of consent are written to the access log, and every write is a service call
whose refusals are shown on the form's fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.consent import selectors, services
from righthelp.consent.forms import (
    ConsentRecordForm,
    ConsentWithdrawForm,
    LawfulBasisForm,
    agency_label,
)
from righthelp.consent.models import (
    ConsentDecision,
    ConsentPurpose,
    ConsentRecord,
    Explained,
    LawfulBasisRecord,
    ValiditySource,
)
from righthelp.core.checkpoint import access, casework, person_or_404
from righthelp.core.forms import format_govuk_date
from righthelp.core.formtools import add_service_errors
from righthelp.people.models import Person


def _person(request: HttpRequest, person_id: int) -> Person:
    user: User = request.user  # type: ignore[assignment]
    return person_or_404(user, person_id)


def _log_read(request: HttpRequest, person: Person, **detail: object) -> None:
    access_record(
        user=request.user,  # type: ignore[arg-type]
        action=AccessAction.VIEW_PERSON,
        person_ids=[person.pk],
        path=request.get_full_path(),
        detail={"page": "consent", **detail},
    )


def _when(moment: datetime) -> str:
    return format_govuk_date(timezone.localtime(moment).date())


@dataclass(frozen=True)
class ConsentLine:
    """A consent record with the words its page shows."""

    record: ConsentRecord

    @property
    def by(self) -> str:
        return f"{self.record.given_by_name} ({self.record.get_given_by_display().lower()})"

    @property
    def covers(self) -> list[str]:
        return [agency_label(kind) for kind in self.record.share_with]

    @property
    def withdraws(self) -> str:
        given = self.record.withdraws
        if given is None:
            return ""
        return f"Consent given by {given.given_by_name} on {format_govuk_date(given.decided_on)}"

    @property
    def recorded(self) -> str:
        return f"{self.record.recorded_by.display_name}, {_when(self.record.recorded_at)}"

    @property
    def validity(self) -> list[str]:
        """Whether it was valid consent, as recorded (only for consent given)."""
        record = self.record
        if record.decision != ConsentDecision.GIVEN:
            return []
        if record.validity_source == ValiditySource.BEFORE_VALIDITY_QUESTIONS:
            return [
                "Recorded before RightHelp asked whether consent was voluntary and informed: "
                "check with the family when you next speak with them"
            ]
        if record.validity_source == ValiditySource.STATED_BY_SENDER:
            return [
                "Stated by the agency that sent the request: it did not say how it was "
                "explained or whether it was freely given"
            ]
        explained = dict(Explained.choices)
        return [
            "Agreed freely" if record.voluntary else "Not recorded as freely given",
            *[f"Explained: {explained[e].lower()}" for e in record.explained if e in explained],
            "Could understand and decide"
            if record.giver_has_capacity
            else "Not recorded as able to decide",
        ]

    @property
    def competence(self) -> str:
        record = self.record
        if record.competence_assessed_on is None:
            return ""
        return (
            f"By {record.competence_assessed_by} on "
            f"{format_govuk_date(record.competence_assessed_on)}: "
            f"{record.competence_assessed_how}"
        )


@dataclass(frozen=True)
class CurrentDecision:
    purpose: str
    label: str
    line: ConsentLine | None
    review_passed: bool
    can_withdraw: bool


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    consent: ConsentLine | None = None
    lawful_basis: LawfulBasisRecord | None = None

    @property
    def decided(self) -> str:
        basis = self.lawful_basis
        if basis is None:
            return ""
        return f"{basis.decided_by.display_name}, {_when(basis.recorded_at)}"

    @property
    def agencies(self) -> list[str]:
        basis = self.lawful_basis
        return [agency_label(kind) for kind in basis.share_with] if basis else []


@access(casework)
def overview(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    today = timezone.localdate()
    current = []
    for purpose in ConsentPurpose:
        record = selectors.consent_current(person, purpose)
        given = record is not None and record.decision == ConsentDecision.GIVEN
        current.append(
            CurrentDecision(
                purpose=purpose.value,
                label=purpose.label,
                line=ConsentLine(record) if record is not None else None,
                review_passed=bool(
                    given and record is not None and record.review_on and record.review_on < today
                ),
                can_withdraw=given,
            )
        )
    history = [
        HistoryEntry(at=r.recorded_at, consent=ConsentLine(r))
        for r in selectors.consent_history(person)
    ] + [HistoryEntry(at=b.recorded_at, lawful_basis=b) for b in selectors.lawful_bases(person)]
    history.sort(key=lambda entry: entry.at, reverse=True)
    _log_read(request, person)
    return render(
        request,
        "consent/overview.html",
        {"person": person, "tab": "consent", "current": current, "history": history},
    )


@access(casework)
def record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    if request.method == "POST":
        form = ConsentRecordForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.consent_record(
                    actor=request.user,  # type: ignore[arg-type]
                    person=person,
                    purpose=data["purpose"],
                    decision=data["decision"],
                    given_by=data["given_by"],
                    given_by_name=data["given_by_name"],
                    share_with=data["share_with"],
                    method=data["method"],
                    decided_on=data["decided_on"],
                    review_on=data["review_on"],
                    notes=data["notes"],
                    validity=form.validity(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Consent {saved.get_decision_display().lower()} for "
                    f"{saved.get_purpose_display().lower()} has been recorded",
                )
                return redirect("consent:list", person_id=person.pk)
    else:
        purpose = request.GET.get("purpose", "")
        form = ConsentRecordForm(
            initial={
                "decided_on": timezone.localdate(),
                "purpose": purpose if purpose in ConsentPurpose.values else None,
            }
        )
    return render(
        request,
        "consent/record.html",
        {"form": form, "person": person, "competence_age": services.competence_age()},
    )


def _withdrawn_banner(withdrawal: services.Withdrawal) -> str:
    """What the withdrawal did, in words: who was told and which reviews were set."""
    purpose = withdrawal.record.get_purpose_display().lower()
    told = withdrawal.told_names
    words = [f"Consent for {purpose} has been withdrawn and sharing for it has stopped."]
    if told:
        words.append("Told in RightHelp and by e-mail: " + "; ".join(told) + ".")
    else:
        words.append("Nobody else works with them in RightHelp, so nobody else was told.")
    if withdrawal.reviews:
        words.append(
            "Review set in My work for: "
            + "; ".join(
                task.title.removeprefix("Consent withdrawn: review ")
                + f" ({task.owner.display_name if task.owner else task.get_queue_display()})"
                for task in withdrawal.reviews
            )
            + "."
        )
    return " ".join(words)


@access(casework)
def withdraw(request: HttpRequest, person_id: int, consent_id: int) -> HttpResponse:
    person = _person(request, person_id)
    consent = (
        selectors.consent_history(person).filter(pk=consent_id).first()
    )  # only this person's records: another person's id is a 404 here
    if consent is None:
        raise Http404
    if consent.decision != ConsentDecision.GIVEN or consent.withdrawals.exists():
        messages.info(request, "That consent is not in force, so there is nothing to withdraw")
        return redirect("consent:list", person_id=person.pk)
    form = ConsentWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            withdrawal = services.consent_withdraw(
                actor=request.user,  # type: ignore[arg-type]
                consent=consent,
                withdrawn_by_name=data["given_by_name"],
                method=data["method"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _withdrawn_banner(withdrawal))
            return redirect("consent:list", person_id=person.pk)
    _log_read(request, person, consent=consent.pk)
    return render(
        request,
        "consent/withdraw.html",
        {
            "form": form,
            "person": person,
            "consent": ConsentLine(consent),
        },
    )


@access(casework)
def lawful_basis(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = LawfulBasisForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lawful_basis_record(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                basis=data["basis"],
                reasons=data["reasons"],
                parents_told=data["parents_told"],
                not_told_reason=data["not_told_reason"],
                share_with=data["share_with"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Sharing without consent has been recorded")
            return redirect("consent:list", person_id=person.pk)
    return render(request, "consent/lawful_basis.html", {"form": form, "person": person})
