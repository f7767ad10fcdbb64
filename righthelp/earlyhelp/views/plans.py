"""Early help pages (plans)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
