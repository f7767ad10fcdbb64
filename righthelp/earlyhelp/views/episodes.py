"""Early help pages (episodes)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
