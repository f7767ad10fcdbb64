from django.urls import path

from righthelp.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("add/", views.create, name="create"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/network/", views.network, name="network"),
    path("<int:person_id>/professionals/", views.professionals, name="professionals"),
    path("<int:person_id>/chronology/", views.chronology, name="chronology"),
    path("<int:person_id>/change/", views.edit, name="edit"),
    path("<int:person_id>/names/add/", views.add_name, name="add-name"),
    path("<int:person_id>/addresses/add/", views.add_address, name="add-address"),
    path("<int:person_id>/relationships/add/", views.add_relationship, name="add-relationship"),
    path("<int:person_id>/professionals/add/", views.add_professional, name="add-professional"),
]
