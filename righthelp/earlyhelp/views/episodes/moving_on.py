"""Stepping up, stepping down and closing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from righthelp.core.checkpoint import access, casework
from righthelp.core.requests import request_user
from righthelp.earlyhelp import selectors, services
from righthelp.earlyhelp.forms import (
    CloseForm,
    StepDownForm,
    StepUpForm,
)
from righthelp.earlyhelp.views.episodes.common import _post, _run, _work, early_help_worker

# --- Step up, step down, close ------------------------------------------------------------


@access(casework)
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    form = StepUpForm(_post(request), candidates=selectors.social_worker_candidates())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation = _run(
            form,
            lambda: services.step_up_consult(
                actor=user,
                episode=current,
                worry=data["worry"],
                outcome=data["outcome"],
                social_worker=data["social_worker"],
                advice=data["advice"],
                joint_visit_on=data["joint_visit_on"],
                urgency=data["urgency"] or "routine",
            ),
        )
        if consultation is not None:
            if consultation.contact is not None:
                messages.success(
                    request,
                    f"Stepped up: contact {consultation.contact.reference} is at the front door",
                )
            elif consultation.locality_case is not None:
                messages.success(
                    request,
                    "Added to the early help action meeting on "
                    f"{consultation.locality_case.meeting.meets_on:%d %B %Y}",
                )
            else:
                messages.success(request, "Step-up consultation recorded")
            return redirect("earlyhelp:episode", episode_id=current.pk)
    return render(
        request, "earlyhelp/step_up.html", {"form": form, "episode": current, "active": "step_up"}
    )


@access(early_help_worker)
@require_http_methods(["GET", "POST"])
def step_down(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.step_down_waiting_or_404(
        user=user, referral_id=referral_id, path=request.path
    )
    asked = referral.step_down_request
    form = StepDownForm(
        _post(request),
        user=user,
        candidates=selectors.lead_candidates(),
        initial={"locality": asked.locality_id, "reason": asked.support_needed},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        episode = _run(
            form,
            lambda: services.episode_step_down(
                actor=user,
                referral=referral,
                locality=data["locality"],
                level=data["level"],
                reason=data["reason"],
                lead=data["lead"] if data["route"] == "lead" else None,
                to_locality_meeting=data["route"] == "meeting",
            ),
        )
        if episode is not None:
            messages.success(request, f"Stepped down to early help {episode.reference}")
            return redirect("earlyhelp:episode", episode_id=episode.pk)
    return render(
        request,
        "earlyhelp/step_down.html",
        {
            "form": form,
            "referral": referral,
            "contact": referral.decision.contact,
            "asked": asked,
        },
    )


@access(casework)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    form = CloseForm(_post(request), initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        closed = _run(
            form,
            lambda: services.episode_close(
                actor=user,
                episode=current,
                reason=form.cleaned_data["reason"],
                reason_other=form.cleaned_data["reason_other"],
                summary=form.cleaned_data["summary"],
                outcome_scores=form.outcome_scores(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if closed is not None:
            messages.success(request, f"Early help {closed.reference} closed")
            return redirect("earlyhelp:episode", episode_id=closed.pk)
    return render(request, "earlyhelp/close.html", {"form": form, "episode": current, "active": ""})
