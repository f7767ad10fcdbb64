"""The duplicates queue for administrators: review pairs side by side, merge, or record that
they are different people; see merges and undo them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from righthelp.core.checkpoint import access, administrator
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.matching import selectors, services
from righthelp.matching.forms import MergeForm, NotSameForm, UndoForm
from righthelp.matching.models import CandidateStatus, DuplicateCandidate, PersonMerge


@access(administrator)
def queue(request: HttpRequest) -> HttpResponse:
    page = selectors.duplicates_queue(
        user=request.user,  # type: ignore[arg-type]
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    return render(request, "matching/queue.html", {"page_obj": page})


def _merge_form(candidate: DuplicateCandidate, data: QueryDict | None = None) -> MergeForm:
    choices = [
        (str(p.pk), f"{p.full_name} ({p.local_person_id})")
        for p in (candidate.person_a, candidate.person_b)
    ]
    return MergeForm(data, choices=choices)


@access(administrator)
def pair(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.duplicate_pair(
        user=request.user,  # type: ignore[arg-type]
        candidate_id=candidate_id,
        path=request.path,
    )
    return render(
        request,
        "matching/pair.html",
        {
            "candidate": candidate,
            "merge_form": _merge_form(candidate),
            "not_same_form": NotSameForm(),
            "people": selectors.load_people([candidate.person_a_id, candidate.person_b_id]),
        },
    )


@access(administrator)
@require_POST
def merge(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user = request.user
    candidate = selectors.duplicate_pair(user=user, candidate_id=candidate_id, path=request.path)  # type: ignore[arg-type]
    form = _merge_form(candidate, request.POST)
    if candidate.status == CandidateStatus.OPEN and form.is_valid():
        surviving_id = int(form.cleaned_data["surviving"])
        people = {
            candidate.person_a_id: candidate.person_a,
            candidate.person_b_id: candidate.person_b,
        }
        surviving = people[surviving_id]
        merged = next(p for pk, p in people.items() if pk != surviving_id)
        try:
            services.person_merge(
                actor=user,  # type: ignore[arg-type]
                surviving=surviving,
                merged=merged,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{merged.local_person_id} has been merged into {surviving.local_person_id}",
            )
            return redirect("matching:queue")
    elif candidate.status != CandidateStatus.OPEN:
        form.add_error(None, "This pair has already been decided")
    return render(
        request,
        "matching/pair.html",
        {
            "candidate": candidate,
            "merge_form": form,
            "not_same_form": NotSameForm(),
            "people": selectors.load_people([candidate.person_a_id, candidate.person_b_id]),
        },
    )


@access(administrator)
@require_POST
def not_same(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user = request.user
    candidate = selectors.duplicate_pair(user=user, candidate_id=candidate_id, path=request.path)  # type: ignore[arg-type]
    form = NotSameForm(request.POST)
    form.is_valid()
    services.not_same_record(
        actor=user,  # type: ignore[arg-type]
        candidate=candidate,
        reason=form.cleaned_data.get("reason", ""),
    )
    messages.success(request, "Recorded as different people. This pair will not be suggested again")
    return redirect("matching:queue")


@access(administrator)
def merges(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matching/merges.html",
        {"merges": selectors.merges(user=request.user)},  # type: ignore[arg-type]
    )


@access(administrator)
def undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge_record = (
        PersonMerge.objects.select_related("surviving", "merged").filter(pk=merge_id).first()
    )
    if merge_record is None:
        raise Http404
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.merge_undo(
                actor=request.user,  # type: ignore[arg-type]
                merge=merge_record,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The merge has been undone: both records stand again")
            return redirect("matching:merges")
    return render(request, "matching/undo.html", {"merge": merge_record, "form": form})


app_name = "matching"
urlpatterns = [
    path("duplicates/", queue, name="queue"),
    path("duplicates/<int:candidate_id>/", pair, name="pair"),
    path("duplicates/<int:candidate_id>/merge/", merge, name="merge"),
    path("duplicates/<int:candidate_id>/not-same/", not_same, name="not-same"),
    path("duplicates/merges/", merges, name="merges"),
    path("duplicates/merges/<int:merge_id>/undo/", undo, name="undo"),
]
