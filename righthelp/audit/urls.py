from django.urls import path

from righthelp.audit import views

app_name = "audit"
urlpatterns = [
    path("access-alerts/", views.alerts, name="alerts"),
    path("access-alerts/<int:alert_id>/", views.alert, name="alert"),
]
