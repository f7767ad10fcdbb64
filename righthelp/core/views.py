from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from righthelp.core.checkpoint import access, public, signed_in


@access(signed_in)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@access(public)
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@access(public)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


# --- Error pages (handler404 and handler500 in righthelp/urls.py) -----------------------------

# Marks the service's own "Page not found", so that in debug mode core.middleware does not
# replace it with itself.
SERVICE_PAGE = "righthelp_service_page"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The service's "Page not found": the same for a page that does not exist and one the
    user may not open (the checkpoint answers both with 404)."""
    response = render(request, "404.html", status=404)
    setattr(response, SERVICE_PAGE, True)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """ "Sorry, there is a problem with the service", with the front door's number. Rendered
    without the request's context processors (the database they read may be what failed)."""
    context = {
        "service_name": settings.RIGHTHELP_SERVICE_NAME,
        "organisation_name": settings.RIGHTHELP_ORGANISATION_NAME,
        "front_door_phone": settings.RIGHTHELP_FRONT_DOOR_PHONE,
    }
    return HttpResponseServerError(render_to_string("500.html", context))
