"""A contact's page at the front door, and assigning, prioritising and recording contacts taken by
telephone or letter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from righthelp.accounts.models import OrganisationKind
from righthelp.core.checkpoint import access
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    ContactSubject,
    Decision,
    Feedback,
    ThinkFamilyNotice,
)
from righthelp.frontdoor.permissions import (
    DECIDED_VISIBLE_FOR,
    can_open_handover,
    is_childrens_social_care,
    is_front_door_manager,
)
from righthelp.frontdoor.referrer_messages import (
    Reach,
    referrer_reach,
)
from righthelp.frontdoor.selectors import ContactRecord
from righthelp.frontdoor.triage_forms import (
    AssignForm,
    PriorityForm,
    TelephoneContactForm,
)
from righthelp.frontdoor.views.triage.common import (
    _front_door_users,
    _given_address,
    _handled_contact,
    _is_overdue,
    _level_names,
    _level_text,
    _record,
    _share_with,
    front_door,
)
from righthelp.frontdoor.views.triage.queue import _confirmation_overdue

# --- The contact page ----------------------------------------------------------------------


@dataclass
class SubjectView:
    subject: ContactSubject
    known: tuple[str, ...]  # what is open for them and whom to contact, with references
    address: str


@dataclass
class TimelineItem:
    title: str
    at: datetime
    by: str
    text: str


def _timeline(contact: Contact, decisions: list[Decision], feedback: list[Feedback]) -> list[Any]:
    items: list[TimelineItem] = []
    if contact.received_at:
        items.append(
            TimelineItem(
                "Contact received",
                contact.received_at,
                contact.referrer_name or "the referrer",
                contact.get_kind_display(),
            )
        )
    for decision in decisions:
        items.append(
            TimelineItem(
                "Decision made" + (" (needs sign-off)" if decision.needs_sign_off else ""),
                decision.decided_at,
                decision.decided_by.display_name,
                decision.get_outcome_display(),
            )
        )
        if decision.signed_off_at and decision.signed_off_by:
            agreed = "Agreed" if decision.sign_off_agreed else "Did not agree"
            note = f": {decision.sign_off_note}" if decision.sign_off_note else ""
            items.append(
                TimelineItem(
                    "Manager sign-off",
                    decision.signed_off_at,
                    decision.signed_off_by.display_name,
                    f"{agreed}{note}",
                )
            )
    for sent in feedback:
        items.append(
            TimelineItem(
                "Referrer told the outcome",
                sent.sent_at,
                sent.sent_by.display_name if sent.sent_by else "RightHelp",
                sent.message,
            )
        )
    return sorted(items, key=lambda item: item.at, reverse=True)


def _contact_context(request: HttpRequest, record: ContactRecord) -> dict[str, Any]:
    user = request_user(request)
    contact = record.contact
    now = timezone.now()
    names = _level_names()
    feedback = list(contact.feedback.select_related("sent_by"))
    subjects = [
        SubjectView(
            subject=s,
            known=record.known[s.person_id].contacts_with_references
            if s.person_id in record.known
            else (),
            address=_given_address(s),
        )
        for s in record.subjects
    ]
    recent = now - DECIDED_VISIBLE_FOR
    previous = [
        {
            "contact": c,
            "openable": c.status in OPEN_STATUSES
            or (c.received_at is not None and c.received_at >= recent)
            or c.assigned_to_id == user.pk,
        }
        for c in record.previous_contacts
    ]
    awaiting = next(
        (d for d in record.decisions if d.needs_sign_off and d.sign_off_agreed is None), None
    )
    for decision in record.decisions:
        decision.level_text = _level_text(decision.decided_scale, names)  # type: ignore[attr-defined]
    evaluation = contact.threshold_evaluation
    return {
        "record": record,
        "contact": contact,
        "subjects": subjects,
        "previous": previous,
        "decisions": record.decisions,
        "awaiting": awaiting,
        "can_sign_off": awaiting is not None
        and is_front_door_manager(user)
        and awaiting.decided_by_id != user.pk,
        "feedback": feedback,
        "timeline": _timeline(contact, record.decisions, feedback),
        "is_open": contact.status in OPEN_STATUSES,
        "can_decide": contact.status in (ContactStatus.RECEIVED, ContactStatus.IN_TRIAGE),
        "overdue": _is_overdue(contact.decision_due_at, contact.status, now),
        "feedback_overdue": bool(
            contact.feedback_due_at
            and contact.feedback_due_at < now
            and not feedback
            and referrer_reach(contact) != Reach.NONE
        ),
        "reach": referrer_reach(contact),
        "referrer_level": _level_text(contact.referrer_view_scale, names),
        "evaluation": evaluation,
        "evaluation_reasons": [
            r.get("text", "") for r in (evaluation.reasons if evaluation else [])
        ],
        "level_names": names,
        "age": timesince(contact.received_at or contact.created_at, now, depth=2),
        "share_with": _share_with(contact.consent.share_with) if contact.consent else "",
        "confirmation_overdue": _confirmation_overdue(contact, now),
        "statement": _statement_view(contact, record.subjects),
        "think_family": _think_family_view(
            selectors.think_family_notices(user=user, contact=contact, path=request.path)
        ),
        "handover": record.handover,
        "handover_openable": record.handover is not None
        and can_open_handover(user, record.handover),
        "referral": record.referral,
        "can_record_work_ending": record.referral is not None
        and not hasattr(record.referral, "step_down_request")
        and not record.referral.step_downs.all()
        and is_childrens_social_care(user),
    }


@dataclass
class ThinkFamilyRow:
    notice: ThinkFamilyNotice
    who: str


def _think_family_view(notices: list[ThinkFamilyNotice]) -> dict[str, list[ThinkFamilyRow]]:
    labels = dict(OrganisationKind.choices)
    rows = [
        ThinkFamilyRow(
            notice=n,
            who=f"{n.recipient.display_name} "
            f"({n.role}, {labels.get(n.agency_kind, n.agency_kind)})",
        )
        for n in notices
    ]
    return {
        "told": [r for r in rows if r.notice.told_at is not None],
        "not_told": [r for r in rows if r.notice.told_at is None],
    }


def _statement_view(contact: Contact, subjects: list[ContactSubject]) -> dict[str, Any] | None:
    """The consent or lawful basis a sending system stated, and for whom it is recorded."""
    statement = contact.sharing_statement or {}
    if not statement:
        return None
    names = {s.pk: str(s) for s in subjects}
    recorded = {r.get("subject") for r in statement.get("recorded", [])}
    consent = statement.get("consent")
    covers = [
        {
            "name": names.get(c.get("subject"), "A child no longer on the contact"),
            "recorded": c.get("subject") in recorded,
        }
        for c in statement.get("covers", [])
    ]
    return {
        "consent": consent,
        "share_with": _share_with(list(consent.get("share_with", []))) if consent else "",
        "lawful_basis": statement.get("lawful_basis"),
        "stated_at": statement.get("stated_at", ""),
        "covers": covers,
    }


def _contact_page(
    request: HttpRequest,
    contact_id: int,
    *,
    assign_form: AssignForm | None = None,
    priority_form: PriorityForm | None = None,
) -> HttpResponse:
    user = request_user(request)
    record = _record(request, contact_id)
    context = _contact_context(request, record)
    context["assign_form"] = assign_form or AssignForm(user=user, workers=_front_door_users())
    context["priority_form"] = priority_form or PriorityForm(
        initial={"priority": record.contact.priority}
    )
    context["forms"] = [f for f in (assign_form, priority_form) if f is not None]
    return render(request, "frontdoor/triage_contact.html", context)


@access(front_door)
@require_GET
def contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _contact_page(request, contact_id)


@access(front_door)
@require_POST
def contact_assign(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    found = _handled_contact(user, contact_id)
    form = AssignForm(request.POST, user=user, workers=_front_door_users())
    if form.is_valid():
        worker = form.chosen()
        try:
            services.contact_assign(actor=user, contact=found, worker=worker)
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            who = "you" if worker.pk == user.pk else worker.display_name
            messages.success(request, f"{found.reference} is assigned to {who}")
            return redirect("frontdoor:contact", contact_id=found.pk)
    return _contact_page(request, contact_id, assign_form=form)


@access(front_door)
@require_POST
def contact_priority(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    found = _handled_contact(user, contact_id)
    form = PriorityForm(request.POST)
    if form.is_valid():
        try:
            if found.status not in OPEN_STATUSES:
                raise ValidationError("This contact has been decided: its priority is final")
            updated = services.contact_prioritise(
                actor=user, contact=found, priority=form.cleaned_data["priority"]
            )
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{updated.reference} priority is {updated.get_priority_display().lower()}",
            )
            return redirect("frontdoor:contact", contact_id=found.pk)
    return _contact_page(request, contact_id, priority_form=form)


# --- Telephone contacts and their written confirmation --------------------------------------


@access(front_door)
@require_http_methods(["GET", "POST"])
def telephone_contact(request: HttpRequest) -> HttpResponse:
    """Record a telephone contact from a professional."""
    user = request_user(request)
    form = TelephoneContactForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_key": new_submission_key(), "urgency": "routine"},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.telephone_contact_record(
                actor=user,
                referrer_name=data["referrer_name"],
                referrer_agency=data["referrer_agency"],
                referrer_phone=data["referrer_phone"],
                referrer_email=data["referrer_email"],
                children=form.children(),
                worry=data["worry"],
                urgency=data["urgency"],
                family_knows=data["family_knows"],
                submission_key=data.get("submission_key"),
            )
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = f"Telephone contact {created.reference} recorded"
            if created.written_confirmation_due_at:
                due = timezone.localtime(created.written_confirmation_due_at)
                text += f": the caller must confirm it in writing by {due.day} {due:%B %Y, %H:%M}"
            messages.success(request, text)
            return redirect("frontdoor:contact", contact_id=created.pk)
    return render(
        request,
        "frontdoor/triage_telephone.html",
        {"form": form, "children": form.child_slots(), "tab": "contacts"},
    )


@access(front_door)
@require_POST
def written_confirmation(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Record that the caller's written confirmation of a telephone contact has arrived."""
    user = request_user(request)
    found = _handled_contact(user, contact_id)
    try:
        services.written_confirmation_record(actor=user, contact=found)
    except PermissionError:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Written confirmation of {found.reference} recorded")
    return redirect("frontdoor:contact", contact_id=found.pk)
