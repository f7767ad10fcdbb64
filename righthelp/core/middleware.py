"""The service's own "Page not found" in debug mode.

With ``DEBUG`` on (``make run``), Django answers every 404 with its technical page, which lists
every URL of the service (and says which page refused access). This middleware shows the
service's own page instead, and leaves the rest of debug mode (the technical 500 page, static
files, template errors) as it is. Without ``DEBUG``, ``handler404`` already shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from righthelp.core.views import SERVICE_PAGE, page_not_found


class PageNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, SERVICE_PAGE, False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response
