from django.urls import path

from righthelp.thresholds import views

app_name = "thresholds"
urlpatterns = [
    path("thresholds/", views.index, name="index"),
    path("thresholds/upload/", views.upload, name="upload"),
    path("thresholds/<slug:slug>/", views.guide, name="guide"),
    path("thresholds/<slug:slug>/summary/", views.summary, name="summary"),
    path("api/v1/thresholds/evaluate", views.api_evaluate, name="api-evaluate"),
]
