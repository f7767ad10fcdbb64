"""My work and my notifications: thin views over ``workdue.selectors`` and ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from righthelp.core.checkpoint import access, casework, signed_in
from righthelp.workdue.selectors import notifications_for, work_for
from righthelp.workdue.services import notification_mark_read


@require_GET
@access(casework)
def my_work(request: HttpRequest) -> HttpResponse:
    work = work_for(request.user, path=request.get_full_path())  # type: ignore[arg-type]
    return render(request, "workdue/my_work.html", {"work": work, "counts": work.counts})


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
