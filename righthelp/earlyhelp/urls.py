"""Early help URLs, gathered from the view modules that own them."""

from righthelp.earlyhelp.views import assessment, episodes, handover, meetings, plans

app_name = "earlyhelp"
urlpatterns = [
    *episodes.urlpatterns,
    *assessment.urlpatterns,
    *meetings.urlpatterns,
    *plans.urlpatterns,
    *handover.urlpatterns,
]
