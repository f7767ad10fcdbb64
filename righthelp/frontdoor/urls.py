"""Front-door URLs, gathered from the view modules that own them."""

from righthelp.frontdoor.views import public, referrals, referrer, triage

app_name = "frontdoor"
urlpatterns = [
    *public.urlpatterns,
    *referrer.urlpatterns,
    *triage.urlpatterns,
    *referrals.urlpatterns,
]
