"""escalations URLs (mounted at /disagreements/)."""

from django.urls import URLPattern, path

from righthelp.escalations import views

app_name = "escalations"
urlpatterns: list[URLPattern] = [
    path("", views.open_list, name="list"),
    path("report/", views.report, name="report"),
    path("raise/<int:person_id>/", views.raise_disagreement, name="raise"),
    path(
        "raise/contact/<int:contact_id>/",
        views.raise_from_contact,
        name="raise-from-contact",
    ),
    path("<int:disagreement_id>/", views.detail, name="detail"),
]
