"""chronology URLs."""

from django.urls import URLPattern, path

from righthelp.chronology import views

app_name = "chronology"
urlpatterns: list[URLPattern] = [
    path("person/<int:person_id>/", views.person, name="person"),
    path("person/<int:person_id>/add/", views.entry_add, name="entry-add"),
    path("entry/<int:entry_id>/correct/", views.entry_amend, name="entry-amend"),
    path("person/<int:person_id>/family/", views.family, name="family"),
    path("person/<int:person_id>/export.csv", views.export_csv, name="export-csv"),
    path("person/<int:person_id>/export.pdf", views.export_pdf, name="export-pdf"),
]
