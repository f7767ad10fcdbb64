"""Pages for professional disagreements: raise, detail with the ladder and the stage form,
managers' list and the report. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core.checkpoint import access, any_role, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key, submission_claim, submission_complete
from righthelp.escalations import selectors, services
from righthelp.escalations.forms import (
    ListFilterForm,
    RaiseForm,
    RaiseFromContactForm,
    ResponseForm,
    StageForm,
)
from righthelp.escalations.ladder import CouldNotReach, could_not_reach, partnership_for
from righthelp.escalations.models import Disagreement, DisagreementKind, DisagreementStatus
from righthelp.escalations.permissions import MANAGER_ROLES, REPORT_ROLES
from righthelp.frontdoor import selectors as frontdoor_selectors
from righthelp.frontdoor.models import Contact, ContactStatus, Decision, SubjectRole
from righthelp.frontdoor.permissions import can_view_contact
from righthelp.people.models import Person


def _raising_route() -> CouldNotReach | None:
    """The "could not reach" route of the ladder a disagreement raised now climbs."""
    return could_not_reach(partnership_for(settings.RIGHTHELP_ESCALATION_LADDER))


def _refused(form: forms.Form, user: User, error: ValidationError) -> None:
    """Show a service's refusal on the form; when nobody could hold the stage, tell the
    administrators too (outside the refused write, so the notice stays)."""
    add_service_errors(form, error)
    if isinstance(error, services.NoStageHolder):
        services.ladder_gap_report(actor=user, level=error.level, service_kind=error.service_kind)


def _raise(
    request: HttpRequest,
    form: RaiseForm | RaiseFromContactForm,
    child: Person,
    contact: Contact | None,
    decision: Decision | None,
) -> HttpResponse | None:
    """Raise the disagreement a valid form describes, once per submission key, and go to its
    page (whoever raised it may follow it there, even without sight of the child's record);
    ``None`` with the service's errors on the form when it is refused."""
    user = request_user(request)
    data = form.cleaned_data
    key = data["submission_key"]
    try:
        with transaction.atomic():
            claimed = submission_claim(key=key, user=user, purpose="disagreement_raise")
            if claimed is None:
                disagreement = services.disagreement_raise(
                    actor=user,
                    child=child,
                    kind=data["kind"],
                    disagree_with=data["disagree_with"],
                    reason=data["reason"],
                    risk=data["risk"],
                    high_risk=data["high_risk"],
                    wanted=data["wanted"],
                    about_contact=contact,
                    about_decision=decision,
                    could_not_reach=bool(data.get("could_not_reach")),
                    could_not_reach_reason=data.get("could_not_reach_reason") or "",
                )
                submission_complete(key=key, result_id=disagreement.pk)
                result_id = disagreement.pk
            else:
                result_id = int(claimed)
    except ValidationError as error:
        _refused(form, user, error)
        return None
    messages.success(request, "Your disagreement has been raised")
    return redirect("escalations:detail", disagreement_id=result_id)


@access(casework)
def raise_disagreement(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request_user(request)
    child = selectors.child_for_raising(user=user, person_id=person_id)
    # Raised from a front-door contact: about that contact and its latest decision.
    contact_id = request.GET.get("contact")
    contact = (
        selectors.contact_for_raising(user=user, contact_id=contact_id, child=child)
        if contact_id
        else None
    )
    decision = selectors.latest_decision(contact) if contact else None
    route = _raising_route()
    if request.method == "POST":
        form = RaiseForm(request.POST, route=route)
        if form.is_valid():
            raised = _raise(request, form, child, contact, decision)
            if raised is not None:
                return raised
    else:
        initial = {"submission_key": new_submission_key()}
        if decision is not None:
            initial["kind"] = DisagreementKind.FRONT_DOOR_DECISION
        form = RaiseForm(initial=initial, route=route)
    return render(
        request,
        "escalations/raise.html",
        {"form": form, "person": child, "contact": contact, "decision": decision},
    )


def _children_linked(subjects: list[Any]) -> list[Person]:
    """The children a contact is about that the front door has linked to a record, once each."""
    children: dict[int, Person] = {}
    for subject in subjects:
        if subject.role == SubjectRole.CHILD and subject.person is not None:
            children.setdefault(subject.person.pk, subject.person)
    return list(children.values())


@access(casework)
def raise_from_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Raise a disagreement from a front-door contact (usually its decision not to accept a
    referral) for whoever may see the contact, its referrer included, even when they cannot see
    the child's record. Missing, draft and someone else's contacts are the same 404."""
    user = request_user(request)
    record = frontdoor_selectors.contact_record(
        user=user, contact_id=contact_id, path=request.get_full_path()
    )
    contact = record.contact
    if contact.status == ContactStatus.DRAFT:
        raise Http404
    decision = record.decisions[0] if record.decisions else None
    children = _children_linked(record.subjects)
    is_referrer = contact.referrer_id == user.pk
    back_url = (
        reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk})
        if is_referrer
        else reverse("frontdoor:contact", kwargs={"contact_id": contact.pk})
    )
    context: dict[str, Any] = {
        "contact": contact,
        "decision": decision,
        "children": children,
        "named_children": sum(1 for s in record.subjects if s.role == SubjectRole.CHILD),
        "is_referrer": is_referrer,
        "back_url": back_url,
        "front_door_phone": settings.RIGHTHELP_FRONT_DOOR_PHONE,
    }
    if not children:
        # Nothing to raise against yet: a disagreement is recorded on a child's record.
        context["form"] = None
        return render(request, "escalations/raise_from_contact.html", context)
    route = _raising_route()
    if request.method == "POST":
        form = RaiseFromContactForm(request.POST, children=children, route=route)
        if form.is_valid():
            raised = _raise(request, form, form.chosen_child(), contact, decision)
            if raised is not None:
                return raised
    else:
        form = RaiseFromContactForm(
            initial={
                "submission_key": new_submission_key(),
                "kind": DisagreementKind.FRONT_DOOR_DECISION,
            },
            children=children,
            route=route,
        )
    context["form"] = form
    return render(request, "escalations/raise_from_contact.html", context)


def _stage_route(disagreement: Disagreement) -> CouldNotReach | None:
    """The disagreement's "could not reach" route, when its current stage is one it starts
    from."""
    route = could_not_reach(disagreement.partnership)
    level = disagreement.ladder[disagreement.current_stage_number - 1]
    return route if route is not None and level in route.from_levels else None


def _post_stage(
    request: HttpRequest, disagreement: Disagreement, form: StageForm
) -> HttpResponse | None:
    user = request_user(request)
    data = form.cleaned_data
    key = data["submission_key"]
    try:
        with transaction.atomic():
            if submission_claim(key=key, user=user, purpose="stage_record") is None:
                stage = services.stage_record(
                    actor=user,
                    disagreement=disagreement,
                    conversation=data["conversation"],
                    outcome=data["outcome"],
                    resolution=data["resolution"],
                )
                submission_complete(key=key, result_id=stage.pk)
    except ValidationError as error:
        _refused(form, user, error)
        return None
    messages.success(request, "The stage has been recorded")
    return redirect("escalations:detail", disagreement_id=disagreement.pk)


def _post_response(
    request: HttpRequest, disagreement: Disagreement, form: ResponseForm
) -> HttpResponse | None:
    user = request_user(request)
    data = form.cleaned_data
    key = data["submission_key"]
    try:
        with transaction.atomic():
            if submission_claim(key=key, user=user, purpose="stage_respond") is None:
                stage = services.stage_respond(
                    actor=user, disagreement=disagreement, response=data["response"]
                )
                submission_complete(key=key, result_id=stage.pk)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, "Your first response has been recorded")
    return redirect("escalations:detail", disagreement_id=disagreement.pk)


def _changed_decision_link(user: User, disagreement: Disagreement) -> str:
    """Where this user opens the contact of a changed front-door decision ('' if they may not)."""
    contact = disagreement.about_contact
    if contact is None or not can_view_contact(user, contact):
        return ""
    if contact.referrer_id == user.pk:
        return reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk})
    return reverse("frontdoor:contact", kwargs={"contact_id": contact.pk})


@access(casework)
def detail(request: HttpRequest, disagreement_id: int) -> HttpResponse:
    user = request_user(request)
    disagreement = selectors.disagreement_detail(
        user=user, disagreement_id=disagreement_id, path=request.get_full_path()
    )
    current = selectors.current_stage(disagreement)
    may_respond = (
        disagreement.status == DisagreementStatus.OPEN
        and current.responded_at is None
        and any(owner.pk == user.pk for owner in current.owners.all())
    )
    form: StageForm | None = None
    response_form: ResponseForm | None = None
    if disagreement.status == DisagreementStatus.OPEN:
        route = _stage_route(disagreement)
        form = StageForm(initial={"submission_key": new_submission_key()}, route=route)
        if may_respond:
            response_form = ResponseForm(initial={"submission_key": new_submission_key()})
        if request.method == "POST" and request.POST.get("action") == "respond":
            if response_form is None:
                raise Http404
            response_form = ResponseForm(request.POST)
            if response_form.is_valid():
                done = _post_response(request, disagreement, response_form)
                if done is not None:
                    return done
        elif request.method == "POST":
            form = StageForm(request.POST, route=route)
            if form.is_valid():
                done = _post_stage(request, disagreement, form)
                if done is not None:
                    return done
    elif request.method == "POST":
        raise Http404
    stages = list(disagreement.stages.all())
    # Back to the child's record, or, for a referrer without sight of it, to their request.
    if selectors.child_is_visible(user, disagreement):
        child = disagreement.child
        back = (reverse("people:detail", args=[child.pk]), child.full_name)
    elif disagreement.about_contact_id and disagreement.raised_by_id == user.pk:
        back = (
            reverse("frontdoor:request-sent", kwargs={"contact_id": disagreement.about_contact_id}),
            "your request",
        )
    else:
        back = (reverse("core:home"), "home")
    return render(
        request,
        "escalations/detail.html",
        {
            "back_url": back[0],
            "back_label": back[1],
            "disagreement": disagreement,
            "stages": stages,
            "current": current,
            "levels_ahead": disagreement.ladder[disagreement.current_stage_number :],
            "form": form,
            "response_form": response_form,
            "changed_decision": selectors.changed_decision(disagreement),
            # Shown only under an upheld disagreement about a contact: worked out only there.
            "changed_decision_link": _changed_decision_link(user, disagreement)
            if disagreement.upheld and disagreement.about_contact_id is not None
            else "",
            "now": timezone.now(),
        },
    )


@access(any_role(*MANAGER_ROLES))
def open_list(request: HttpRequest) -> HttpResponse:
    filter_form = ListFilterForm(request.GET or None)
    filters = selectors.OpenFilter()
    if filter_form.is_valid():
        filters = selectors.OpenFilter(
            kind=filter_form.cleaned_data["kind"],
            overdue=filter_form.cleaned_data["overdue"],
            high_risk=filter_form.cleaned_data["high_risk"],
        )
    page = selectors.open_disagreements(
        user=request_user(request),
        filters=filters,
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    return render(request, "escalations/list.html", {"page_obj": page, "filter_form": filter_form})


@access(any_role(*REPORT_ROLES))
def report(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "escalations/report.html",
        {"report": selectors.disagreement_report(user=request_user(request))},
    )
