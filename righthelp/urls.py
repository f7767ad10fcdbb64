from django.contrib import admin
from django.urls import include, path
from django.views.generic.base import RedirectView

from righthelp.core.checkpoint import access, administrator

# The admin has no sign-in page of its own: RightHelp's sign-in is the only way in.
admin.site.login = access(administrator)(  # type: ignore[method-assign,assignment]
    RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True)
)

# The service's own error pages (and, in debug mode, core.middleware.PageNotFoundMiddleware).
handler404 = "righthelp.core.views.page_not_found"
handler500 = "righthelp.core.views.server_error"

urlpatterns = [
    path("", include("righthelp.core.urls")),
    path("", include("righthelp.accounts.urls")),
    path("people/", include("righthelp.people.urls")),
    path("", include("righthelp.thresholds.urls")),
    path("", include("righthelp.frontdoor.urls")),
    path("people/<int:person_id>/consent/", include("righthelp.consent.urls")),
    path("api/v1/", include("righthelp.frontdoor.api_urls")),
    path("", include("righthelp.matching.urls")),
    path("early-help/", include("righthelp.earlyhelp.urls")),
    path("chronology/", include("righthelp.chronology.urls")),
    path("disagreements/", include("righthelp.escalations.urls")),
    path("my-work/", include("righthelp.workdue.urls")),
    path("", include("righthelp.audit.urls")),
    path("admin/", admin.site.urls),
]
