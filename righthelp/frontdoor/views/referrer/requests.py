"""Writing, sending and following a request for support, and the known check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from righthelp.consent import services as consent_services
from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import (
    StaleEdit,
)
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.forms import (
    KnownCheckForm,
    RequestForm,
    SendForm,
)
from righthelp.frontdoor.models import (
    ContactStatus,
    ContactSubject,
    SubjectRole,
    Urgency,
)
from righthelp.frontdoor.services import SubjectDetails
from righthelp.frontdoor.views.referrer.common import (
    _as_details,
    _described,
    _evaluation,
    _evaluation_summary,
    _level_label,
    _network,
    _network_role,
    _show_request_errors,
    _subjects,
    _threshold_form,
    _threshold_ticked,
)
from righthelp.thresholds import selectors as threshold_selectors

# --- Request for support: the draft ----------------------------------------------------------


@access(casework)
def request_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    contact = selectors.draft_for_change(user=user, contact_id=contact_id)
    subjects = _subjects(contact)
    children = [s for s in subjects if s.role == SubjectRole.CHILD]
    removing: ContactSubject | None = None
    if request.method == "POST" and request.POST.get("remove_child"):
        removing = next((s for s in children if str(s.pk) == request.POST["remove_child"]), None)
        children = [s for s in children if s is not removing]
    network = _network(request, children)
    framework = threshold_selectors.framework_active()
    if request.method == "POST":
        form = RequestForm(request.POST, network=network, framework=framework)
        threshold_form = _threshold_form(framework, request.POST)
        forms_valid = form.is_valid()
        forms_valid = threshold_form.is_valid() and forms_valid
        if forms_valid:
            data = form.cleaned_data
            applies = set(data["concern_applies"])
            details = [_as_details(s) for s in children] + [
                SubjectDetails(
                    role=_network_role(m.person),
                    person=m.person,
                    concern_applies=m.person.pk in applies,
                )
                for m in network
            ]
            try:
                with transaction.atomic():
                    evaluation = _evaluation(
                        user,
                        contact,
                        framework,
                        threshold_form,
                        form,
                        [s.person_id for s in children if s.person_id],
                    )
                    services.request_save(
                        actor=user,
                        contact=contact,
                        expected_version=data["version"],
                        subjects=details,
                        worry=data["worry"],
                        what_tried=data["what_tried"],
                        child_views=data["child_views"],
                        urgency=data["urgency"],
                        referrer_view_scale=data["referrer_view_scale"],
                        family_knows=data["family_knows"],
                        threshold_evaluation=evaluation,
                    )
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                _show_request_errors(error, form, threshold_form)
            else:
                if removing is not None:
                    messages.success(request, f"{removing} has been removed from the request")
                    return redirect("frontdoor:request-edit", contact_id=contact.pk)
                if "add_child" in request.POST:
                    return redirect("frontdoor:request-children", contact_id=contact.pk)
                if request.POST.get("action") == "continue":
                    return redirect("frontdoor:request-submit", contact_id=contact.pk)
                messages.success(request, "Your draft request has been saved")
                return redirect("frontdoor:request-edit", contact_id=contact.pk)
    else:
        form = RequestForm(
            initial={
                "version": contact.version,
                "concern_applies": [
                    str(s.person_id)
                    for s in subjects
                    if s.role != SubjectRole.CHILD and s.concern_applies and s.person_id
                ],
                "worry": contact.worry,
                "what_tried": contact.what_tried,
                "child_views": contact.child_views,
                "urgency": contact.urgency,
                "referrer_view_scale": contact.referrer_view_scale,
                "level_reason": (
                    contact.threshold_evaluation.decided_reason
                    if contact.threshold_evaluation
                    else ""
                ),
                "family_knows": {True: "yes", False: "no"}.get(contact.family_knows),  # type: ignore[arg-type]
            },
            network=network,
            framework=framework,
        )
        threshold_form = _threshold_form(framework, None, contact.threshold_evaluation)
    return render(
        request,
        "frontdoor/referrer_request_edit.html",
        {
            "contact": contact,
            "children": children,
            "form": form,
            "threshold_form": threshold_form,
            "threshold_open": threshold_form.is_bound
            and (bool(threshold_form.errors) or _threshold_ticked(threshold_form)),
            "framework": framework,
            "significant_harm": Urgency.SIGNIFICANT_HARM,
        },
    )


def _show_send_errors(error: ValidationError, form: SendForm) -> None:
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    to_form = {"lawful_basis": "reasons", "basis": "reasons"}
    for field, messages_ in error.message_dict.items():
        target = to_form.get(field, field)
        for message in messages_:
            form.add_error(target if target in form.fields else None, message)


@access(casework)
def request_submit(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        contact = selectors.draft_for_change(user=user, contact_id=contact_id)
    except Http404:
        # Sent already (a second click, or the back button): show where it went.
        sent = selectors.contact_record(user=user, contact_id=contact_id, path=request.path)
        if sent.contact.referrer_id != user.pk:
            raise
        return redirect("frontdoor:request-sent", contact_id=sent.contact.pk)
    subjects = _subjects(contact)
    children = [s.person for s in subjects if s.role == SubjectRole.CHILD and s.person]
    child_too = consent_services.child_consent_asked()
    if request.method == "POST":
        form = SendForm(request.POST, children=children, child_too=child_too)
        if form.is_valid():
            try:
                services.request_submit(
                    actor=user,
                    contact=contact,
                    expected_version=form.cleaned_data["version"],
                    consent=form.consent_details(),
                    lawful_basis=form.lawful_basis_details(),
                )
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                _show_send_errors(error, form)
            else:
                return redirect("frontdoor:request-sent", contact_id=contact.pk)
    else:
        form = SendForm(
            initial={"version": contact.version}, children=children, child_too=child_too
        )
    others = [s for s in subjects if s.role != SubjectRole.CHILD]
    return render(
        request,
        "frontdoor/referrer_request_check.html",
        {
            "contact": contact,
            "children": [_described(s) for s in subjects if s.role == SubjectRole.CHILD],
            "touched": [
                f"{s} ({s.get_role_display().lower()})" for s in others if s.concern_applies
            ],
            "untouched": [str(s) for s in others if not s.concern_applies],
            "level_label": _level_label(contact.referrer_view_scale),
            "threshold": _evaluation_summary(contact.threshold_evaluation),
            "form": form,
            "significant_harm": contact.urgency == Urgency.SIGNIFICANT_HARM,
            "competence_age": consent_services.competence_age(),
        },
    )


@access(casework)
def request_sent(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    record = selectors.contact_record(user=user, contact_id=contact_id, path=request.path)
    contact = record.contact
    if contact.referrer_id != user.pk:
        raise Http404
    if contact.status == ContactStatus.DRAFT:
        return redirect("frontdoor:request-edit", contact_id=contact.pk)
    return render(
        request,
        "frontdoor/referrer_request_sent.html",
        {"contact": contact, "significant_harm": contact.urgency == Urgency.SIGNIFICANT_HARM},
    )


# --- My requests -----------------------------------------------------------------------------


@access(casework)
def my_requests(request: HttpRequest) -> HttpResponse:
    page = selectors.my_requests(
        user=request_user(request),
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    return render(
        request,
        "frontdoor/referrer_my_requests.html",
        {"page_obj": page, "now": timezone.now()},
    )


# --- Is this child known? --------------------------------------------------------------------


@access(casework)
def known_check(request: HttpRequest) -> HttpResponse:
    # A post, not a query string: names and dates of birth stay out of addresses and logs.
    form = KnownCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer = selectors.known_check(
                user=request_user(request),
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                expected_date_of_birth=data["expected_date_of_birth"],
                nhs_number=data["nhs_number"],
                path=request.path,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            return render(request, "frontdoor/referrer_known_answer.html", {"answer": answer})
    return render(request, "frontdoor/referrer_known_check.html", {"form": form})
