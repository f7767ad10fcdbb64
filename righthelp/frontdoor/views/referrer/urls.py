"""The referrer's pages' addresses."""

from __future__ import annotations

from django.urls import path

from righthelp.frontdoor.views.referrer.children import request_children, request_new
from righthelp.frontdoor.views.referrer.consultations import consultation_new, consultations
from righthelp.frontdoor.views.referrer.requests import (
    known_check,
    my_requests,
    request_edit,
    request_sent,
    request_submit,
)

urlpatterns = [
    path("requests/", my_requests, name="my-requests"),
    path("requests/new/", request_new, name="request-new"),
    path("requests/<int:contact_id>/", request_edit, name="request-edit"),
    path("requests/<int:contact_id>/children/", request_children, name="request-children"),
    path("requests/<int:contact_id>/send/", request_submit, name="request-submit"),
    path("requests/<int:contact_id>/sent/", request_sent, name="request-sent"),
    path("is-this-child-known/", known_check, name="known-check"),
    path("consultations/", consultations, name="consultations"),
    path("consultations/new/", consultation_new, name="consultation-new"),
]
