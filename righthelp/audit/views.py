"""The information governance lead's pages: access alerts, and one alert's reads and reviews.

Thin views: reads through ``alert_selectors``, the review through ``alert_services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from righthelp.accounts.models import Role
from righthelp.audit import alert_selectors, alert_services
from righthelp.audit.forms import AlertReviewForm
from righthelp.core.checkpoint import access, any_role
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key

information_governance = any_role(Role.INFORMATION_GOVERNANCE_LEAD)


@access(information_governance)
def alerts(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    page = alert_selectors.access_alerts(
        user=request_user(request),
        waiting_only=not show_all,
        page_number=page_number(request.GET.get("page")),
    )
    return render(
        request,
        "audit/alerts.html",
        {
            "page_obj": page,
            "show_all": show_all,
            "waiting": alert_selectors.access_alerts_waiting(user=request_user(request)),
        },
    )


@access(information_governance)
def alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        form = AlertReviewForm(request.POST)
        found = alert_selectors.access_alert_or_404(user=user, alert_id=alert_id)
        if form.is_valid():
            try:
                with transaction.atomic():
                    alert_services.access_alert_review(
                        actor=user,
                        alert=found,
                        note=form.cleaned_data["note"],
                        submission_key=form.cleaned_data["submission_key"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your review has been recorded")
                return redirect("audit:alert", alert_id=found.pk)
    else:
        form = AlertReviewForm(initial={"submission_key": new_submission_key()})
    detail = alert_selectors.access_alert(
        user=user,
        alert_id=alert_id,
        page_number=page_number(request.GET.get("page")),
        path=request.path,
    )
    return render(
        request,
        "audit/alert.html",
        {"detail": detail, "summary": detail.summary, "page_obj": detail.reads, "form": form},
    )
