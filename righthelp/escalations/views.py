"""Pages for professional disagreements: raise, detail with the ladder and the stage form,
managers' list and the report. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core.checkpoint import access, any_role, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.services import new_submission_key, submission_claim, submission_complete
from righthelp.escalations import selectors, services
from righthelp.escalations.forms import ListFilterForm, RaiseForm, StageForm
from righthelp.escalations.models import DisagreementKind, DisagreementStatus
from righthelp.escalations.permissions import MANAGER_ROLES, REPORT_ROLES


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access(casework)
def raise_disagreement(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    child = selectors.child_for_raising(user=user, person_id=person_id)
    # Raised from a front-door contact: about that contact and its latest decision.
    contact_id = request.GET.get("contact")
    contact = (
        selectors.contact_for_raising(user=user, contact_id=contact_id, child=child)
        if contact_id
        else None
    )
    decision = selectors.latest_decision(contact) if contact else None
    if request.method == "POST":
        form = RaiseForm(request.POST)
        if form.is_valid():
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
                        )
                        submission_complete(key=key, result_id=disagreement.pk)
                        result_id = disagreement.pk
                    else:
                        result_id = int(claimed)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your disagreement has been raised")
                return redirect("escalations:detail", disagreement_id=result_id)
    else:
        initial = {"submission_key": new_submission_key()}
        if decision is not None:
            initial["kind"] = DisagreementKind.FRONT_DOOR_DECISION
        form = RaiseForm(initial=initial)
    return render(
        request,
        "escalations/raise.html",
        {"form": form, "person": child, "contact": contact, "decision": decision},
    )


@access(casework)
def detail(request: HttpRequest, disagreement_id: int) -> HttpResponse:
    user = _user(request)
    disagreement = selectors.disagreement_detail(
        user=user, disagreement_id=disagreement_id, path=request.get_full_path()
    )
    form = None
    if disagreement.status == DisagreementStatus.OPEN:
        if request.method == "POST":
            form = StageForm(request.POST)
            if form.is_valid():
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
                    add_service_errors(form, error)
                else:
                    messages.success(request, "The stage has been recorded")
                    return redirect("escalations:detail", disagreement_id=disagreement.pk)
        else:
            form = StageForm(initial={"submission_key": new_submission_key()})
    elif request.method == "POST":
        raise Http404
    stages = list(disagreement.stages.all())
    return render(
        request,
        "escalations/detail.html",
        {
            "disagreement": disagreement,
            "stages": stages,
            "current": selectors.current_stage(disagreement),
            "levels_ahead": disagreement.ladder[disagreement.current_stage_number :],
            "form": form,
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
        user=_user(request),
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
        {"report": selectors.disagreement_report(user=_user(request))},
    )
