"""chronology URLs."""

from django.urls import URLPattern

app_name = "chronology"
urlpatterns: list[URLPattern] = []
