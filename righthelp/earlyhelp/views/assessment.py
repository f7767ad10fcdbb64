"""Early help pages (assessment)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
