"""A URL whose view fails, for the error page tests (with the service's error handlers)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from righthelp.core.checkpoint import access, public
from righthelp.urls import handler404, handler500

__all__ = ["handler404", "handler500", "urlpatterns"]


@access(public)
def fails(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a fault in a view")


urlpatterns = [path("fails/", fails, name="fails")]
