"""The front door's pages: the queue, a contact, the actions on it (assign, prioritise, link a
named person to a record, decide, sign off, send feedback), and anonymous consultations.

Thin views: reads through ``frontdoor.selectors`` (each logs what it shows), writes through
``frontdoor.services``; a refusal (``ValidationError``, ``StaleEdit``) is shown on the form with
what was typed, and a ``PermissionError`` from a service is a 404 like any other refusal.
Post/redirect/get with a notification banner after every change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from righthelp.accounts.models import Locality, OrganisationKind, Role, User
from righthelp.consent.models import ALL_AGENCIES
from righthelp.core.checkpoint import access, any_role
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import StaleEdit, new_submission_key
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactStatus,
    ContactSubject,
    Decision,
    Feedback,
    SubjectRole,
    ThinkFamilyNotice,
)
from righthelp.frontdoor.permissions import (
    DECIDED_VISIBLE_FOR,
    FRONT_DOOR_ROLES,
    can_open_handover,
    can_view_contact,
    is_childrens_social_care,
    is_front_door_manager,
)
from righthelp.frontdoor.referrer_messages import (
    PUBLIC_KINDS,
    Reach,
    decision_in_effect,
    referrer_message,
    referrer_reach,
)
from righthelp.frontdoor.selectors import ContactRecord, QueueFilter
from righthelp.frontdoor.triage_forms import (
    DEFAULT_LEVEL_NAMES,
    AdviceForm,
    AssignForm,
    DecisionForm,
    FeedbackForm,
    LinkExistingForm,
    PersonFromContactForm,
    PriorityForm,
    QueueFilterForm,
    SignOffForm,
    TelephoneContactForm,
)
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.permissions import is_triage_ground
from righthelp.matching.search_first import (
    MatchQuery,
    NoneOfThese,
    Replay,
    SearchFirstOutcome,
    found_any,
    person_create_searched,
    search_first_resolve,
)
from righthelp.matching.selectors import SearchResult
from righthelp.people import selectors as people_selectors
from righthelp.people import services as people_services
from righthelp.people.models import Person, ProfessionalRole
from righthelp.thresholds import selectors as threshold_selectors
from righthelp.thresholds.forms import ThresholdSelectionForm
from righthelp.thresholds.framework import Framework

front_door = any_role(Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER)
front_door_manager = any_role(Role.FRONT_DOOR_MANAGER)

# The involvement a front-door worker holds on a record they create from a contact. Not
# "allocated worker" or "lead practitioner": the known check would then tell other agencies
# the child is open to a service when the front door has only created the record.
CREATED_RECORD_ROLE = ProfessionalRole.OTHER
CONSULTATIONS_PER_PAGE = 25


# --- Shared reads --------------------------------------------------------------------------


def _localities() -> list[Locality]:
    return list(Locality.objects.order_by("name"))


def _front_door_users() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role_assignments__role__in=FRONT_DOOR_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _active_framework() -> Framework | None:
    try:
        return threshold_selectors.framework_active()
    except Http404:  # a setting naming no framework must not stop the front door deciding
        return None


def _level_names() -> dict[int, str]:
    framework = _active_framework()
    if framework is None or framework.is_vocabulary:
        return dict(DEFAULT_LEVEL_NAMES)
    return {level.scale: level.name for level in framework.levels}


def _level_text(scale: int | None, names: dict[int, str]) -> str:
    if scale is None:
        return ""
    name = names.get(scale, "")
    return f"Level {scale}: {name}" if name else f"Level {scale}"


def _handled_contact(user: User, contact_id: int) -> Contact:
    """A contact the front door is handling, for an action that shows nothing (not logged)."""
    contact = Contact.objects.exclude(status=ContactStatus.DRAFT).filter(pk=contact_id).first()
    if contact is None or not can_view_contact(user, contact):
        raise Http404
    return contact


def _record(request: HttpRequest, contact_id: int) -> ContactRecord:
    """A contact for a front-door page, logged as one read; drafts are the referrer's alone."""
    record = selectors.contact_record(
        user=request_user(request), contact_id=contact_id, path=request.path
    )
    if record.contact.status == ContactStatus.DRAFT:
        raise Http404
    return record


def _given_name(subject: ContactSubject) -> str:
    """The name the referrer gave (or, for a person named by their record, the record's)."""
    given = " ".join(p for p in [subject.given_name, subject.family_name] if p)
    if not given and subject.person is not None:
        return subject.person.full_name
    return given


def _given_address(subject: ContactSubject) -> str:
    return ", ".join(p for p in [subject.address, subject.postcode] if p)


def _share_with(kinds: list[str]) -> str:
    labels = dict(OrganisationKind.choices)
    return ", ".join(
        "all agencies" if kind == ALL_AGENCIES else str(labels.get(kind, kind)) for kind in kinds
    )


def _is_overdue(due: datetime | None, status: str, now: datetime) -> bool:
    return due is not None and due < now and status in OPEN_STATUSES


# --- The queue -----------------------------------------------------------------------------


@dataclass
class QueueRow:
    contact: Contact
    children: list[str]
    age: str
    overdue: bool
    due_today: bool
    confirmation_overdue: bool


def _confirmation_overdue(contact: Contact, now: datetime) -> bool:
    due = contact.written_confirmation_due_at
    return due is not None and due < now and contact.written_confirmation_received_at is None


def _queue_rows(contacts: list[Contact], now: datetime) -> list[QueueRow]:
    end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    rows = []
    for contact in contacts:
        children = [str(s) for s in contact.subjects.all() if s.role == SubjectRole.CHILD]
        received = contact.received_at or contact.created_at
        due = contact.decision_due_at
        overdue = _is_overdue(due, contact.status, now)
        rows.append(
            QueueRow(
                contact=contact,
                children=children or ["Not named"],
                age=f"{timesince(received, now, depth=1)} ago",
                overdue=overdue,
                due_today=bool(
                    due and not overdue and due <= end_of_today and contact.status in OPEN_STATUSES
                ),
                confirmation_overdue=_confirmation_overdue(contact, now),
            )
        )
    return rows


@access(front_door)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    localities = _localities()
    form = QueueFilterForm(request.GET or None, localities=localities)
    filters: QueueFilter | None = QueueFilter()
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = QueueFilter(
                status=data["status"],
                locality=data["locality"],
                priority=data["priority"],
                overdue=data["overdue"],
                mine=data["mine"],
                confirmation_overdue=data["confirmation_overdue"],
            )
        else:
            filters = None
    page = None
    rows: list[QueueRow] = []
    if filters is not None:
        page = selectors.contact_queue(
            user=user,
            filters=filters,
            page_number=page_number(request.GET.get("page")),
            path=request.get_full_path(),
        )
        rows = _queue_rows(list(page.object_list), timezone.now())
    return render(
        request,
        "frontdoor/triage_queue.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "selected": form.selected(),
            "tab": "contacts",
        },
    )


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


# --- Linking a named person to a record ----------------------------------------------------


class _Refused(Exception):
    """A step inside a savepoint was refused; its errors are already on a form."""


def _subject_query(subject: ContactSubject) -> MatchQuery:
    """What the referrer said about the person, as the matcher searches by."""
    given = PersonFromContactForm.initial_for(subject, "")
    return MatchQuery(
        given_name=given["given_name"] or "",
        family_name=given["family_name"] or "",
        date_of_birth=given["date_of_birth"],
        postcode=subject.postcode,
        nhs_number=subject.nhs_number,
    )


def _create_query(form: PersonFromContactForm, subject: ContactSubject) -> MatchQuery:
    """The details of a record about to be made, with the identifiers the referrer gave."""
    data = form.cleaned_data
    return MatchQuery(
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"],
        postcode=subject.postcode,
        nhs_number=subject.nhs_number,
    )


@access(front_door)
@require_http_methods(["GET", "POST"])
def contact_link(request: HttpRequest, contact_id: int, subject_id: int) -> HttpResponse:
    """Link a person named in a contact to a record, or to a new record made from the
    referrer's details.

    While the contact is open, a user whose job is triage (``matching.permissions``) searches
    all records for it: every likely match is shown and can be opened and linked, and each
    search and each record opened is logged with the contact. Otherwise the search covers the
    records the user may already see, and likely matches elsewhere are only counted.

    With a date of birth or an NHS number from the referrer, the page opens on the matcher's
    likely matches, scored and explained; searching by a name lists the records whose names
    start so. Creating a record asks the matcher first; if it finds likely matches they are
    shown, and creating anyway is "none of these", recorded with the new record (with a
    reason, and the pairs queued for duplicate review, when a match is very likely).
    """
    user = request_user(request)
    record = _record(request, contact_id)
    subject = next((s for s in record.subjects if s.pk == subject_id), None)
    if subject is None:
        raise Http404
    # All records, logged with the contact, or only those the user sees (matching.permissions).
    for_contact = record.contact if is_triage_ground(user, record.contact) else None
    found = _link_search(request, subject, for_contact)
    posted = request.method == "POST"
    action = request.POST.get("action") if posted else None
    link_form = LinkExistingForm(
        request.POST if action == "link" else None, candidates=found.offered, prefix="link"
    )
    create_form = PersonFromContactForm(
        request.POST if action == "create" else None,
        prefix="new",
        initial=PersonFromContactForm.initial_for(subject, new_submission_key()),
    )
    none_form = NoneOfTheseForm(request.POST if action == "create" else None)
    none_form.is_valid()
    if action == "link" and link_form.is_valid():
        person = next(p for p in found.offered if p.pk == link_form.cleaned_data["person"])
        if _link_existing(user, subject, person, link_form):
            messages.success(request, f"{subject} is linked to the record of {person.full_name}")
            return redirect("frontdoor:contact", contact_id=record.contact.pk)
    if action == "create" and create_form.is_valid():
        outcome = _create_and_link(request, subject, create_form, none_form, for_contact)
        if outcome.made is not None:
            messages.success(
                request, f"A record for {outcome.made.full_name} has been created and linked"
            )
            return redirect("frontdoor:contact", contact_id=record.contact.pk)
        if outcome.confirm_first and outcome.matches is not None:
            # Likely matches: show them (to link one) before a record is made.
            found = _LinkSearch(likely=outcome.matches, checked=_create_query(create_form, subject))
            link_form = LinkExistingForm(None, candidates=found.offered, prefix="link")
            none_form = NoneOfTheseForm()
        _refusal_shown(outcome, create_form, none_form)
    return render(
        request,
        "frontdoor/triage_link.html",
        {
            "contact": record.contact,
            "subject": subject,
            "query": found.query,
            "candidates": found.candidates,
            "likely": found.likely,
            "checked": found.checked if found.likely is not None else None,
            # Creating from a page that showed likely matches is choosing "none of these".
            "offer_none": found_any(found.likely),
            "link_form": link_form,
            "create_form": create_form,
            "none_form": none_form,
            "searched": bool(found.query),
            "default_query": _given_name(subject),
            "given_name": _given_name(subject),
            "given_address": _given_address(subject),
            # Searching all records for this contact: candidates can be opened, logged with it.
            "for_contact": for_contact,
            "record_query": f"?contact={record.contact.pk}&subject={subject.pk}",
        },
    )


@dataclass(frozen=True)
class _LinkSearch:
    """What the link page shows: the matcher's likely matches for the details it checked, or
    the records whose names start as ``query``."""

    likely: SearchResult | None = None
    checked: MatchQuery | None = None
    query: str = ""
    candidates: tuple[Any, ...] = ()

    @property
    def offered(self) -> list[Any]:
        """The records that may be linked."""
        if self.likely is not None:
            return [c.person for c in self.likely.candidates]
        return list(self.candidates)


def _link_search(
    request: HttpRequest, subject: ContactSubject, for_contact: Contact | None
) -> _LinkSearch:
    """The matcher's likely matches for the details the page checked (or, first, what the
    referrer said), else the name search typed (or the given name)."""
    user = request_user(request)
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    checked = MatchQuery.from_post(request.POST) if posted else None
    if checked is None and "q" not in source:
        checked = _subject_query(subject)
    if checked is not None and checked.enough:
        likely = checked.search(user=user, path=request.get_full_path(), for_contact=for_contact)
        return _LinkSearch(likely=likely, checked=checked)
    query = (source.get("q", "") if "q" in source else _given_name(subject)).strip()
    if not query:
        return _LinkSearch()
    found = people_selectors.people_search(
        user=user,
        search=people_selectors.PeopleSearch(name=query),
        per_page=20,
        path=request.get_full_path(),
        for_contact=for_contact,
    )
    return _LinkSearch(query=query, candidates=tuple(found.object_list))


def _link_existing(user: User, subject: ContactSubject, person: Any, form: Form) -> bool:
    """Link the subject to an existing record; a refusal is shown on ``form``."""
    try:
        with transaction.atomic():
            services.contact_link_person(actor=user, subject=subject, person=person)
    except PermissionError:
        raise Http404 from None
    except ValidationError as error:
        # The consent the sending system stated cannot be recorded for this person.
        add_service_errors(form, error)
        return False
    return True


def _create_and_link(
    request: HttpRequest,
    subject: ContactSubject,
    form: PersonFromContactForm,
    none_form: NoneOfTheseForm,
    for_contact: Contact | None,
) -> SearchFirstOutcome[Person]:
    """Search first, then create a record from the valid ``form`` and link the subject to it,
    in one transaction (``search_first_resolve``)."""
    user = request_user(request)
    key = form.cleaned_data.get("submission_key")

    def create(none_of_these: NoneOfThese | None) -> Person:
        person = person_create_searched(
            actor=user,
            details=form.details(),
            involvement=people_services.Involvement(role=CREATED_RECORD_ROLE),
            none_of_these=none_of_these,
            submission_key=key,
        )
        services.contact_link_person(actor=user, subject=subject, person=person)
        return person

    try:
        return search_first_resolve(
            actor=user,
            query=_create_query(form, subject),
            answer=request.POST,
            reason=none_form.cleaned_data.get("reason", ""),
            path=request.path,
            replay=Replay(submission_key=key, purpose="person_create"),
            create=create,
            none_of_these_key=uuid.uuid5(key, "match-none") if key else None,
            for_contact=for_contact,
        )
    except PermissionError:
        raise Http404 from None


def _refusal_shown(outcome: SearchFirstOutcome[Any], form: Form, none_form: Form) -> None:
    """A refused "search first, then create" on the form it belongs to: the reason "none of
    these" needs on its own form, anything else on the page's."""
    if outcome.refused is not None:
        add_service_errors(form, outcome.refused)
    if outcome.reason_refused is not None:
        add_service_errors(none_form, outcome.reason_refused)


# --- Deciding ------------------------------------------------------------------------------


def _decision_errors(form: DecisionForm, threshold_form: Any, error: ValidationError) -> None:
    """Put a decision service's refusal on whichever form holds the field it names."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, errors in error.message_dict.items():
        target: Form = form
        if (
            field not in form.fields
            and threshold_form is not None
            and field in threshold_form.fields
        ):
            target = threshold_form
        name = field if field in target.fields else None
        for message in errors:
            target.add_error(name, message)


@access(front_door)
@require_http_methods(["GET", "POST"])
def contact_decide(request: HttpRequest, contact_id: int) -> HttpResponse:
    record = _record(request, contact_id)
    found = record.contact
    if request.method == "GET" and found.status not in (
        ContactStatus.RECEIVED,
        ContactStatus.IN_TRIAGE,
    ):
        messages.info(
            request,
            "This contact is waiting for a manager's sign-off"
            if found.status == ContactStatus.AWAITING_SIGN_OFF
            else "This contact has already been decided",
        )
        return redirect("frontdoor:contact", contact_id=found.pk)
    names = _level_names()
    framework = _active_framework()
    data = request.POST if request.method == "POST" else None
    threshold_form = (
        ThresholdSelectionForm(framework, data, prefix="threshold") if framework else None
    )
    with_scale = threshold_form is None or not threshold_form.with_decision
    form = DecisionForm(
        data,
        initial={"version": found.version},
        localities=_localities(),
        with_scale=with_scale,
        level_names=names,
        referrer_level=_level_text(found.referrer_view_scale, names),
    )
    if request.method == "POST":
        valid = form.is_valid()
        valid = (threshold_form.is_valid() if threshold_form is not None else True) and valid
        scale_form: Form = form if with_scale else threshold_form  # type: ignore[assignment]
        decided_scale = scale_form.cleaned_data.get("decided_scale")
        if decided_scale is None and "decided_scale" not in scale_form.errors:
            # Required here (the threshold selection leaves it optional): every problem at once.
            scale_form.add_error("decided_scale", "Select the level of need you decided")
            valid = False
        if valid:
            decision = _decide(request, form, threshold_form, found, decided_scale)
            if decision is not None:
                messages.success(
                    request,
                    "Decision sent to a manager for sign-off"
                    if decision.needs_sign_off
                    else "Decision recorded",
                )
                return redirect("frontdoor:contact", contact_id=found.pk)
    context = _contact_context(request, record)
    context.update(
        {
            "form": form,
            "threshold_form": threshold_form,
            "framework": framework,
            "forms": [form, threshold_form],
        }
    )
    return render(request, "frontdoor/triage_decide.html", context)


def _decide(
    request: HttpRequest,
    form: DecisionForm,
    threshold_form: ThresholdSelectionForm | None,
    found: Contact,
    decided_scale: int | None,
) -> Decision | None:
    """Store the threshold evaluation (when anything is ticked) and the decision together, or
    neither: a refusal rolls both back and leaves its messages on the forms."""
    user = request_user(request)
    data = form.cleaned_data
    children = [
        s.person_id
        for s in found.subjects.all()
        if s.role == SubjectRole.CHILD and s.person_id is not None
    ]
    try:
        with transaction.atomic():
            evaluation = None
            if threshold_form is not None and (
                threshold_form.cleaned_data.get("needs")
                or threshold_form.cleaned_data.get("strengths")
            ):
                try:
                    evaluation = threshold_form.record(
                        user, person_ids=children, context=f"contact:{found.pk}"
                    )
                except ValidationError:
                    raise _Refused from None
            try:
                return services.decision_record(
                    actor=user,
                    contact=found,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    locality=data["locality"],
                    decided_scale=decided_scale,
                    threshold_evaluation=evaluation,
                    differs_reason=data["differs_reason"],
                    expected_version=data["version"],
                )
            except ValidationError as error:
                _decision_errors(form, threshold_form, error)
                raise _Refused from None
            except StaleEdit as stale:
                form.add_error(None, str(stale))
                # The page now shows the contact as it is: a second try is checked against that.
                fresh = request.POST.copy()
                fresh["version"] = str(found.version)
                form.data = fresh
                raise _Refused from None
    except _Refused:
        return None
    except PermissionError:
        raise Http404 from None


@access(front_door_manager)
@require_http_methods(["GET", "POST"])
def decision_sign_off(request: HttpRequest, contact_id: int, decision_id: int) -> HttpResponse:
    user = request_user(request)
    record = _record(request, contact_id)
    decision = next((d for d in record.decisions if d.pk == decision_id), None)
    if decision is None:
        raise Http404
    pending = decision.needs_sign_off and decision.sign_off_agreed is None
    if request.method == "GET" and not pending:
        messages.info(
            request,
            "This decision has already been signed off"
            if decision.needs_sign_off
            else "This decision did not need sign-off",
        )
        return redirect("frontdoor:contact", contact_id=record.contact.pk)
    form = SignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        agreed = form.cleaned_data["agreed"]
        try:
            services.decision_sign_off(
                actor=user, decision=decision, agreed=agreed, note=form.cleaned_data["note"]
            )
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Sign-off recorded: the decision takes effect and the referrer has been told"
                if agreed
                else "Sign-off recorded: the contact is back in triage with your note",
            )
            return redirect("frontdoor:contact", contact_id=record.contact.pk)
    context = _contact_context(request, record)
    context.update(
        {"form": form, "decision": decision, "own_decision": decision.decided_by_id == user.pk}
    )
    return render(request, "frontdoor/triage_sign_off.html", context)


@access(front_door)
@require_http_methods(["GET", "POST"])
def contact_feedback(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Tell the referrer: send the message (in the app or by e-mail), or, for a referrer who
    gave only a telephone number, telephone them and record that you did. A member of the
    public is told only the standard wording."""
    user = request_user(request)
    record = _record(request, contact_id)
    contact = record.contact
    decision = decision_in_effect(record.decisions)
    suggested = referrer_message(contact, decision)
    reach = referrer_reach(contact)
    public = contact.kind in PUBLIC_KINDS
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        initial={"message": suggested},
        fixed=public,
    )
    if request.method == "POST" and reach != Reach.NONE and form.is_valid():
        message = form.cleaned_data["message"]
        try:
            if reach == Reach.TELEPHONE:
                services.feedback_telephoned(actor=user, contact=contact, message=message)
            else:
                services.feedback_send(actor=user, contact=contact, message=message)
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Recorded that you telephoned the referrer"
                if reach == Reach.TELEPHONE
                else "Feedback sent to the referrer",
            )
            return redirect("frontdoor:contact", contact_id=contact.pk)
    context = _contact_context(request, record)
    context.update(
        {
            "form": form,
            "decided": decision is not None,
            "reach": reach,
            "by_telephone": reach == Reach.TELEPHONE,
            "public": public,
            "suggested": suggested,
        }
    )
    return render(request, "frontdoor/triage_feedback.html", context)


# --- Consultations -------------------------------------------------------------------------


@access(front_door)
@require_GET
def consultation_queue(request: HttpRequest) -> HttpResponse:
    """Anonymous consultations, unanswered first (longest waiting at the top), then answered
    ones, newest answer first. They hold no personal data, so nothing is logged."""
    consultations = (
        selectors.consultations_for(request_user(request))
        .select_related("asked_by__organisation")
        .order_by(F("advised_at").desc(nulls_first=True), "asked_at", "id")
    )
    page = Paginator(consultations, CONSULTATIONS_PER_PAGE).get_page(
        page_number(request.GET.get("page"))
    )
    waiting = (
        selectors.consultations_for(request_user(request)).filter(advised_at__isnull=True).count()
    )
    return render(
        request,
        "frontdoor/triage_consultations.html",
        {"page_obj": page, "waiting": waiting, "tab": "consultations"},
    )


@access(front_door)
@require_http_methods(["GET", "POST"])
def consultation_advise(request: HttpRequest, consultation_id: int) -> HttpResponse:
    user = request_user(request)
    consultation = get_object_or_404(
        selectors.consultations_for(user).select_related("asked_by__organisation"),
        pk=consultation_id,
    )
    form = AdviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if consultation.advised_at is not None:
            form.add_error(
                None,
                "This consultation has already been answered. Nothing has been saved: read "
                "the advice given below.",
            )
        else:
            try:
                services.consultation_advise(
                    actor=user, consultation=consultation, advice=form.cleaned_data["advice"]
                )
            except PermissionError:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Advice recorded: the practitioner has been told")
                return redirect("frontdoor:consultation-queue")
    evaluation = consultation.threshold_evaluation
    return render(
        request,
        "frontdoor/triage_consultation.html",
        {
            "consultation": consultation,
            "form": form,
            "evaluation": evaluation,
            "evaluation_reasons": [
                r.get("text", "") for r in (evaluation.reasons if evaluation else [])
            ],
            "level_names": _level_names(),
            "waiting_for": timesince(consultation.asked_at, timezone.now(), depth=1),
            "tab": "consultations",
        },
    )


urlpatterns = [
    path("front-door/", queue, name="queue"),
    path("front-door/telephone/", telephone_contact, name="telephone-contact"),
    path(
        "front-door/contacts/<int:contact_id>/written-confirmation/",
        written_confirmation,
        name="written-confirmation",
    ),
    path("front-door/contacts/<int:contact_id>/", contact, name="contact"),
    path("front-door/contacts/<int:contact_id>/assign/", contact_assign, name="contact-assign"),
    path(
        "front-door/contacts/<int:contact_id>/priority/", contact_priority, name="contact-priority"
    ),
    path(
        "front-door/contacts/<int:contact_id>/people/<int:subject_id>/link/",
        contact_link,
        name="contact-link",
    ),
    path("front-door/contacts/<int:contact_id>/decide/", contact_decide, name="contact-decide"),
    path(
        "front-door/contacts/<int:contact_id>/decisions/<int:decision_id>/sign-off/",
        decision_sign_off,
        name="decision-sign-off",
    ),
    path(
        "front-door/contacts/<int:contact_id>/feedback/", contact_feedback, name="contact-feedback"
    ),
    path("front-door/consultations/", consultation_queue, name="consultation-queue"),
    path(
        "front-door/consultations/<int:consultation_id>/",
        consultation_advise,
        name="consultation-advise",
    ),
]
