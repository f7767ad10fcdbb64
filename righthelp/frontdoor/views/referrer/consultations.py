"""Anonymous consultations: asking the front door without naming the family."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import (
    new_submission_key,
    submission_claim,
    submission_complete,
)
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.forms import (
    ConsultationForm,
)
from righthelp.frontdoor.paging import capped_page
from righthelp.frontdoor.views.referrer.common import THRESHOLD_PREFIX, _threshold_ticked
from righthelp.thresholds import selectors as threshold_selectors
from righthelp.thresholds.forms import ThresholdSelectionForm

# --- Anonymous consultations -----------------------------------------------------------------


@access(casework)
def consultations(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # The front door's own list is in views/triage.py; here, only what this user asked.
    asked = selectors.consultations_for(user).filter(asked_by=user).order_by("-asked_at", "-pk")
    page = capped_page(
        asked, page_number(request.GET.get("page")), selectors.CONSULTATIONS_PER_PAGE
    )
    return render(request, "frontdoor/referrer_consultations.html", {"page_obj": page})


def _show_consultation_errors(
    error: ValidationError, form: ConsultationForm, threshold_form: ThresholdSelectionForm
) -> None:
    """A refusal of the consultation service, on the field it is about: the question, or an
    answer in the threshold selection (which then opens, so the answer is seen)."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            if field in threshold_form.fields and field not in form.fields:
                threshold_form.add_error(field, message)
            else:
                form.add_error(field if field in form.fields else None, message)


@access(casework)
def consultation_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    framework = threshold_selectors.framework_active()
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        threshold_form = ThresholdSelectionForm(
            framework, request.POST, with_decision=False, prefix=THRESHOLD_PREFIX
        )
        forms_valid = form.is_valid()
        forms_valid = threshold_form.is_valid() and forms_valid
        if forms_valid:
            key = form.cleaned_data["submission_key"]
            try:
                with transaction.atomic():
                    if submission_claim(key=key, user=user, purpose="consultation_ask") is None:
                        evaluation = None
                        if _threshold_ticked(threshold_form):
                            evaluation = threshold_form.record(user, context="consultation")
                        consultation = services.consultation_ask(
                            actor=user,
                            question=form.cleaned_data["question"],
                            threshold_evaluation=evaluation,
                        )
                        submission_complete(key=key, result_id=consultation.pk)
            except ValidationError as error:
                if not threshold_form.errors:
                    _show_consultation_errors(error, form, threshold_form)
            else:
                messages.success(request, "Your question has been sent to the front door")
                return redirect("frontdoor:consultations")
    else:
        form = ConsultationForm(initial={"submission_key": new_submission_key()})
        threshold_form = ThresholdSelectionForm(
            framework, None, with_decision=False, prefix=THRESHOLD_PREFIX
        )
    return render(
        request,
        "frontdoor/referrer_consultation_new.html",
        {
            "form": form,
            "threshold_form": threshold_form,
            "threshold_open": threshold_form.is_bound
            and (bool(threshold_form.errors) or _threshold_ticked(threshold_form)),
        },
    )
