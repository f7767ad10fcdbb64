"""The contacts API for other agencies' systems (namespace ``api``)."""

from righthelp.frontdoor import api

app_name = "api"
urlpatterns = [*api.urlpatterns]
