from django.urls import path

from righthelp.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
