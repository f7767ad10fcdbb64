"""Included at ``people/<int:person_id>/consent/``: every view receives ``person_id``."""

from django.urls import path

from righthelp.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.overview, name="list"),
    path("record/", views.record, name="record"),
    path("<int:consent_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lawful-basis/", views.lawful_basis, name="lawful-basis"),
]
