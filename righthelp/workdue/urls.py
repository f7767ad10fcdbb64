"""workdue URLs."""

from django.urls import URLPattern

app_name = "workdue"
urlpatterns: list[URLPattern] = []
