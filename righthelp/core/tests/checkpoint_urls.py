"""A URLconf for the checkpoint's run-time tests: pages with each kind of rule, and pages with
none, beside the service's own URLs (so sign-in and the 404 page resolve as usual)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views import View

from righthelp.core.checkpoint import access, administrator, any_role, casework, public, signed_in
from righthelp.urls import urlpatterns as service_urlpatterns


def _page() -> Callable[[HttpRequest], HttpResponse]:
    """A new view each time, so each path declares its own rule."""

    def page(request: HttpRequest) -> HttpResponse:
        return HttpResponse("the page")

    return page


def no_rule(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the page")


class RuledView(View):
    access_rule = staticmethod(casework)

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("the page")


class UnruledView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("the page")


admin_patterns: list[URLPattern | URLResolver] = [
    path("undecorated/", no_rule, name="undecorated"),
    path("inner/", include(([path("deeper/", no_rule, name="deeper")], "inner"))),
    path("public/", access(public)(_page()), name="public"),
]
admin_like = (admin_patterns, "admin")
other_patterns: list[URLPattern | URLResolver] = [
    path("undecorated/", no_rule, name="undecorated"),
    path("casework/", access(casework)(_page()), name="casework"),
]
other_namespace = (other_patterns, "elsewhere")

urlpatterns = [
    path("t/no-rule/", no_rule),
    path("t/public/", access(public)(_page())),
    path("t/signed-in/", access(signed_in)(_page())),
    path("t/casework/", access(casework)(_page())),
    path("t/administrator/", access(administrator)(_page())),
    path("t/analyst/", access(any_role("performance_analyst"))(_page())),
    path("t/class-with-rule/", RuledView.as_view()),
    path("t/class-without-rule/", UnruledView.as_view()),
    path("t/admin-like/", include(admin_like)),
    path("t/elsewhere/", include(other_namespace)),
    *service_urlpatterns,
]
