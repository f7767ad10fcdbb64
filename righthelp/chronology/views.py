"""Chronology pages: thin views over ``selectors`` (reads) and ``services`` (writes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from righthelp.accounts.models import User
from righthelp.chronology import export, selectors, services
from righthelp.chronology.forms import ChronologyEntryForm, ChronologyFilterForm
from righthelp.chronology.models import ChronologyEntry
from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.services import new_submission_key, submission_claim, submission_complete

# An id no entry has, replaced by each entry's own in the reversed URL.
_PLACEHOLDER_ID = 987654321987


def _filter_form(request: HttpRequest) -> ChronologyFilterForm:
    # The filter is a GET form: bound only once something was submitted, so a first visit
    # shows no errors and the whole chronology.
    keys = {"agency", "significance", "kind", "significant_only"}
    submitted = any(k in request.GET for k in keys) or any(
        k.startswith("date_") for k in request.GET
    )
    return ChronologyFilterForm(request.GET if submitted else None)


@access(casework)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    form = _filter_form(request)
    person, page = selectors.person_chronology(
        user=request.user,  # type: ignore[arg-type]
        person_id=person_id,
        chronology_filter=form.chronology_filter(),
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    # One reverse for the page, not one per entry.
    amend_url = reverse("chronology:entry-amend", args=[_PLACEHOLDER_ID])
    for item in page.object_list:
        if item.entry is not None:
            item.amend_url = amend_url.replace(str(_PLACEHOLDER_ID), str(item.entry.pk))
    context: dict[str, Any] = {
        "person": person,
        "page_obj": page,
        "form": form,
        "tab": "chronology",
        "query": request.GET.urlencode(),
    }
    return render(request, "chronology/person.html", context)


@access(casework)
def family(request: HttpRequest, person_id: int) -> HttpResponse:
    form = _filter_form(request)
    person, children, page = selectors.family_chronology(
        user=request.user,  # type: ignore[arg-type]
        person_id=person_id,
        chronology_filter=form.chronology_filter(),
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    context: dict[str, Any] = {
        "person": person,
        "children": children,
        "page_obj": page,
        "form": form,
        "family": True,
        "query": request.GET.urlencode(),
    }
    return render(request, "chronology/family.html", context)


def _saved_once(
    form: ChronologyEntryForm, user: User, purpose: str, save: Callable[[], ChronologyEntry]
) -> int | None:
    """Run ``save`` once per submission key: a repeated post of the same form returns the
    first one's entry id instead of making another. ``None`` when the service refused."""
    key = form.cleaned_data.get("submission_key")
    try:
        with transaction.atomic():
            claimed = submission_claim(key=key, user=user, purpose=purpose)
            if claimed is not None:
                return claimed
            entry = save()
            submission_complete(key=key, result_id=entry.pk)
            return entry.pk
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@access(casework)
def entry_add(request: HttpRequest, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = selectors.person_for_change(user=user, person_id=person_id)
    form = ChronologyEntryForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_key": new_submission_key()},
    )
    if request.method == "POST" and form.is_valid():
        saved = _saved_once(
            form,
            user,
            "chronology_entry_add",
            lambda: services.chronology_entry_add(
                actor=user,
                person=person,
                **form.entry_details(),
            ),
        )
        if saved is not None:
            messages.success(request, "The entry has been added to the chronology")
            return redirect("chronology:person", person_id=person.pk)
    return render(
        request, "chronology/entry_form.html", {"form": form, "person": person, "entry": None}
    )


@access(casework)
def entry_amend(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entry = selectors.entry_for_amend(user=user, entry_id=entry_id)
    initial = {
        "occurred_on": entry.occurred_on,
        "what_happened": entry.what_happened,
        "source_agency": entry.source_agency_id,
        "significance": entry.significance,
        "impact_on_child": entry.impact_on_child,
        "submission_key": new_submission_key(),
    }
    form = ChronologyEntryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _saved_once(
            form,
            user,
            "chronology_entry_amend",
            lambda: services.chronology_entry_amend(
                actor=user,
                entry=entry,
                **form.entry_details(),
            ),
        )
        if saved is not None:
            messages.success(request, "The correction has been added; the original entry stays")
            return redirect("chronology:person", person_id=entry.person_id)
    return render(
        request,
        "chronology/entry_form.html",
        {"form": form, "person": entry.person, "entry": entry},
    )


def _export(request: HttpRequest, person_id: int, export_format: str) -> Any:
    form = _filter_form(request)
    return selectors.chronology_for_export(
        user=request.user,  # type: ignore[arg-type]
        person_id=person_id,
        chronology_filter=form.chronology_filter(),
        family=request.GET.get("family") == "1",
        export_format=export_format,
        path=request.get_full_path(),
    )


@access(casework)
def export_csv(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _people, items = _export(request, person_id, "csv")
    response = HttpResponse(export.as_csv(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chronology-{person.pk}.csv"'
    return response


@access(casework)
def export_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    person, people, items = _export(request, person_id, "pdf")
    title = "Chronology: " + ", ".join(p.full_name for p in people)
    body = export.as_pdf(title, request.user.display_name, items)  # type: ignore[union-attr]
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{person.pk}.pdf"'
    return response
