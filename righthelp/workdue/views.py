"""My work and my notifications: thin views over ``workdue``'s and ``notifications``' selectors
and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from righthelp.core.checkpoint import access, casework, signed_in
from righthelp.core.formtools import add_service_errors
from righthelp.notifications.selectors import notifications_for
from righthelp.notifications.services import notification_mark_read
from righthelp.workdue.forms import TaskCompleteForm
from righthelp.workdue.selectors import STATES, task_in_work, work_for
from righthelp.workdue.services import task_complete


@require_GET
@access(casework)
def my_work(request: HttpRequest) -> HttpResponse:
    """My work, each group paged on its own (``?overdue=2`` is the second page of overdue)."""
    pages = {state: _page_number(request.GET.get(state)) for state in STATES}
    work = work_for(request.user, path=request.get_full_path(), pages=pages)  # type: ignore[arg-type]
    return render(request, "workdue/my_work.html", {"work": work, "counts": work.counts})


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1


@require_GET
@access(signed_in)
def notifications(request: HttpRequest) -> HttpResponse:
    items = notifications_for(request.user)[:200]  # type: ignore[arg-type]
    return render(request, "workdue/notifications.html", {"notifications": items})


@require_POST
@access(signed_in)
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification_mark_read(actor=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    messages.success(request, "Notification marked as read")
    return redirect("workdue:notifications")


@access(casework)
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    """Complete a task from My work with a note of what was done."""
    user = request.user
    try:
        task = task_in_work(user, task_id, path=request.path)  # type: ignore[arg-type]
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    form = TaskCompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = task_complete(
                actor=user,  # type: ignore[arg-type]
                task_id=task.pk,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Marked as done: {done.title}")
            return redirect("workdue:my-work")
    return render(request, "workdue/task_complete.html", {"task": task, "form": form})
