"""Deciding a contact, a manager's sign-off, and feedback to the referrer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from righthelp.core.checkpoint import access
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.services import StaleEdit
from righthelp.frontdoor import services
from righthelp.frontdoor.models import (
    Contact,
    ContactStatus,
    Decision,
    SubjectRole,
)
from righthelp.frontdoor.referrer_messages import (
    PUBLIC_KINDS,
    Reach,
    decision_in_effect,
    referrer_message,
    referrer_reach,
)
from righthelp.frontdoor.triage_forms import (
    DecisionForm,
    FeedbackForm,
    SignOffForm,
)
from righthelp.frontdoor.views.triage.common import (
    _active_framework,
    _level_names,
    _level_text,
    _localities,
    _record,
    front_door,
    front_door_manager,
)
from righthelp.frontdoor.views.triage.contact import _contact_context
from righthelp.frontdoor.views.triage.link import _Refused
from righthelp.thresholds.forms import ThresholdSelectionForm

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
