"""Threshold pages: the framework list, the threshold guide, its printable summary, the upload
page for administrators, and the evaluation API.

The guide, the summary and the API take no personal data: nothing typed there is stored, and
no person is read, so they write no access log. Thin views: reads through ``selectors``, the one
write (an upload) through ``services``.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from righthelp.core.checkpoint import access, administrator, signed_in
from righthelp.core.templatetags.govuk import error_summary_items
from righthelp.thresholds import selectors, services
from righthelp.thresholds.engine import Evaluation, EvaluationInputError, evaluate
from righthelp.thresholds.forms import FrameworkUploadForm, ThresholdSelectionForm
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.permissions import can_upload_framework

PROMPT = "The suggested level is a prompt for your professional judgement, not a decision."
# The query-string parameters of the guide that are not part of the selection.
_NOT_SELECTION = {"q", "search"}


def _framework_links(current: Framework | None) -> list[dict[str, Any]]:
    try:
        active: str | None = selectors.framework_active().slug
    except Http404:  # a setting naming no framework must not take the list down with it
        active = None
    return [
        {
            "framework": fw,
            "url": reverse("thresholds:guide", kwargs={"slug": fw.slug}),
            "active": fw.slug == active,
            "current": current is not None and fw.slug == current.slug,
        }
        for fw in selectors.frameworks_current()
    ]


def _reasons(form: ThresholdSelectionForm, evaluation: Evaluation | None) -> list[dict[str, Any]]:
    if evaluation is None:
        return []
    return [
        {"reason": reason, "indicators": form.indicators(reason.indicator_ids)}
        for reason in evaluation.reasons
    ]


def _selection_query(request: HttpRequest) -> str:
    """The current selection as a query string (for the summary link), without the search."""
    query = request.GET.copy()
    for key in _NOT_SELECTION:
        query.pop(key, None)
    return query.urlencode()


def _selection(
    request: HttpRequest, framework: Framework, *, always_bound: bool = False
) -> dict[str, Any]:
    """The guide's form bound to the query string, and the suggestion when it is valid. The
    guide's form is unbound until something is selected (no suggestion for an empty page)."""
    bound = always_bound or any(key not in _NOT_SELECTION for key in request.GET)
    form = ThresholdSelectionForm(
        framework,
        request.GET if bound else None,
        with_decision=False,
        query=request.GET.get("q", ""),
    )
    evaluation = form.evaluation if bound and form.is_valid() else None
    query = _selection_query(request)
    return {
        "framework": framework,
        "form": form,
        "evaluation": evaluation,
        "reasons": _reasons(form, evaluation),
        "error_items": error_summary_items([form]) if bound else [],
        "bound": bound,
        "prompt": PROMPT,
        "guide_url": reverse("thresholds:guide", kwargs={"slug": framework.slug}),
        "summary_url": reverse("thresholds:summary", kwargs={"slug": framework.slug})
        + (f"?{query}" if query else ""),
        "selection_query": query,
    }


@access(signed_in)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "thresholds/index.html",
        {
            "frameworks": _framework_links(None),
            "can_upload": can_upload_framework(request.user),  # type: ignore[arg-type]
        },
    )


@access(signed_in)
@require_GET
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.framework_current(slug)
    context = _selection(request, framework)
    htmx = getattr(request, "htmx", None)
    if htmx:
        # The search box swaps the indicator lists; every other change swaps the result panel
        # (and, out of band, the list of ticked needs that may be marked severe).
        if htmx.target == "rh-indicators":
            return render(request, "thresholds/_indicators.html", context)
        return render(request, "thresholds/_result_swap.html", context)
    context["frameworks"] = _framework_links(framework)
    return render(request, "thresholds/guide.html", context)


@access(signed_in)
@require_GET
def summary(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.framework_current(slug)
    context = _selection(request, framework, always_bound=True)
    form = context["form"]
    context["needs"] = form.indicators(form.raw_ids("needs"))
    context["strengths"] = form.indicators(form.raw_ids("strengths"))
    context["severe"] = form.indicators(form.raw_ids("severe"))
    context["guide_back_url"] = context["guide_url"] + (
        f"?{context['selection_query']}" if context["selection_query"] else ""
    )
    return render(request, "thresholds/summary.html", context)


@access(administrator)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FrameworkUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                uploaded = services.framework_upload(
                    actor=request.user,  # type: ignore[arg-type]
                    text=form.cleaned_data["source_text"],
                )
            except ValidationError as error:
                form.show_upload_errors(error)
            else:
                messages.success(
                    request, f"{uploaded.name} version {uploaded.version} is now in use"
                )
                return redirect("thresholds:index")
    else:
        form = FrameworkUploadForm()
    return render(request, "thresholds/upload.html", {"form": form})


# --------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------

_API_FIELDS = {
    "framework",
    "needs",
    "strengths",
    "severe",
    "age_years",
    "unborn",
    "disabled",
    "key_answers",
}


def _api_errors(payload: Any) -> list[str]:
    """Type errors in an API request body, every one of them."""
    if not isinstance(payload, dict):
        return ["The request body must be a JSON object"]
    errors = [f"{key}: unknown field" for key in sorted(set(payload) - _API_FIELDS)]
    framework = payload.get("framework")
    if framework is not None and not isinstance(framework, str):
        errors.append("framework: must be a framework slug (a string) or null")
    if "needs" not in payload:
        errors.append("needs: required (a list of indicator ids, which may be empty)")
    for key in ("needs", "strengths", "severe"):
        value = payload.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(f"{key}: must be a list of indicator ids (strings)")
    age = payload.get("age_years")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        errors.append("age_years: must be a whole number of years or null")
    for key in ("unborn", "disabled"):
        if not isinstance(payload.get(key, False), bool):
            errors.append(f"{key}: must be true or false")
    answers = payload.get("key_answers", {})
    if answers is None:
        answers = {}
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        errors.append("key_answers: must be an object of question id to answer text")
    return errors


def _api_error(status: int, *errors: str) -> JsonResponse:
    return JsonResponse({"errors": list(errors)}, status=status)


# The API evaluates indicator ids and returns a suggestion: it takes no personal data, stores
# nothing and changes nothing, so a forged cross-site request can do no harm (and cannot read
# the answer: there is no CORS). It is therefore exempt from CSRF, which lets other systems and
# scripts call it with a session; it still requires a signed-in user (the checkpoint sends
# anonymous callers to sign in). For the same reason there is no access log: no person is read.
@access(signed_in)
@csrf_exempt
@require_POST
def api_evaluate(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _api_error(400, f"The request body must be JSON: {error}")
    errors = _api_errors(payload)
    if errors:
        return _api_error(400, *errors)
    slug = payload.get("framework")
    try:
        framework = (
            selectors.framework_current(slug) if slug is not None else selectors.framework_active()
        )
    except Http404:
        known = ", ".join(selectors.framework_slugs())
        return _api_error(404, f"framework: no framework {slug!r}; known: {known}")
    try:
        evaluation = evaluate(
            framework,
            needs=payload["needs"],
            strengths=payload.get("strengths", []),
            severe=payload.get("severe", []),
            age_years=payload.get("age_years"),
            unborn=payload.get("unborn", False),
            disabled=payload.get("disabled", False),
            key_answers=payload.get("key_answers") or {},
        )
    except EvaluationInputError as error:
        return _api_error(400, str(error))
    body = evaluation.as_dict()
    body["framework"]["name"] = framework.name
    body["level"] = evaluation.suggested_scale
    body["level_name"] = evaluation.suggested_level_name
    body["next_step"] = evaluation.next_step
    body["notice"] = PROMPT
    return JsonResponse(body)
