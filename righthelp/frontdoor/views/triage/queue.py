"""The front door's queues: contacts in order of urgency, and anonymous consultations waiting for
advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from righthelp.core.checkpoint import access
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactKind,
    ContactStatus,
)
from righthelp.frontdoor.selectors import QueueFilter
from righthelp.frontdoor.triage_forms import (
    AdviceForm,
    QueueFilterForm,
)
from righthelp.frontdoor.views.triage.common import (
    CONSULTATIONS_PER_PAGE,
    _is_overdue,
    _level_names,
    _localities,
    front_door,
)

# --- The queue -----------------------------------------------------------------------------


@dataclass
class QueueRow:
    contact: Contact
    children: list[str]
    age: str
    overdue: bool
    due_today: bool
    confirmation_overdue: bool
    # What the row shows of the contact, made once here rather than looked up per row in the
    # template (a URL reversed, choices' labels found, the worker's name).
    url: str = ""
    kind: str = ""
    worker: str = ""
    priority_tag: str = ""  # the markup of triage_priority_tag.html for this contact
    status_tag: str = ""  # the markup of triage_status_tag.html for this contact
    due: str = ""  # when the decision is due, as the date filter "j M Y, g:ia" writes it


# triage_priority_tag.html and triage_status_tag.html as data: (modifier class, text).
PRIORITY_TAGS = {
    "red": ("govuk-tag--red", "Red"),
    "amber": ("govuk-tag--orange", "Amber"),
    "green": ("govuk-tag--green", "Green"),
}
PRIORITY_TAG_NOT_SET = ("govuk-tag--grey", "Not set")
STATUS_TAG_CLASSES: dict[str, str] = {
    ContactStatus.RECEIVED: "",
    ContactStatus.IN_TRIAGE: "govuk-tag--turquoise",
    ContactStatus.AWAITING_SIGN_OFF: "govuk-tag--purple",
}


def _tag(modifier: str, text: str) -> str:
    classes = f"govuk-tag {modifier}" if modifier else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', classes, text)


def _due_text(moment: datetime | None) -> str:
    """``moment|date:"j M Y, g:ia"`` ("3 Dec 2026, 8:54p.m.") in local time, written directly:
    the filter costs more than the rest of a queue row, and every row shows one."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    noon = _("p.m.") if local.hour > 11 else _("a.m.")
    month = MONTHS_3[local.month].title()
    return f"{local.day} {month} {local.year}, {hour}:{local.minute:02d}{noon}"


def _confirmation_overdue(contact: Contact, now: datetime) -> bool:
    due = contact.written_confirmation_due_at
    return due is not None and due < now and contact.written_confirmation_received_at is None


def _queue_rows(
    contacts: list[Contact], children_named: dict[int, list[str]], now: datetime
) -> list[QueueRow]:
    end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    # Reversed once with a stand-in id, each row's id put in its place.
    stand_in = 987_654_321
    url_pattern = reverse("frontdoor:contact", args=[stand_in])
    kinds = dict(ContactKind.choices)
    statuses = dict(ContactStatus.choices)
    rows = []
    for contact in contacts:
        children = children_named.get(contact.pk, [])
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
                url=url_pattern.replace(str(stand_in), str(contact.pk)),
                due=_due_text(due),
                kind=str(kinds.get(contact.kind, contact.kind)),
                worker=contact.assigned_to.display_name if contact.assigned_to else "",
                priority_tag=_tag(*PRIORITY_TAGS.get(contact.priority, PRIORITY_TAG_NOT_SET)),
                status_tag=_tag(
                    STATUS_TAG_CLASSES.get(contact.status, "govuk-tag--grey"),
                    str(statuses.get(contact.status, contact.status)),
                ),
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
        rows = _queue_rows(list(page.object_list), page.children_named, timezone.now())
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
