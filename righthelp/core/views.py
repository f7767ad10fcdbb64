from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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
