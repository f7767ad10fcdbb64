"""The episode pages' addresses."""

from __future__ import annotations

from django.urls import URLPattern, path

from righthelp.earlyhelp.views.episodes.caseload import (
    caseload,
    request_close,
    request_join,
    requests_waiting,
    start_direct,
    take_up,
)
from righthelp.earlyhelp.views.episodes.episode import (
    episode,
    lead_agree,
    lead_end,
    lead_propose,
    member_add,
    member_new,
)
from righthelp.earlyhelp.views.episodes.moving_on import close, step_down, step_up

urlpatterns: list[URLPattern] = [
    path("", caseload, name="caseload"),
    path("start/", start_direct, name="start"),
    path("requests/", requests_waiting, name="requests"),
    path("requests/<int:request_id>/take-up/", take_up, name="take-up"),
    path("requests/<int:request_id>/join/", request_join, name="request-join"),
    path("requests/<int:request_id>/close/", request_close, name="request-close"),
    path("episodes/<int:episode_id>/", episode, name="episode"),
    path("episodes/<int:episode_id>/family/new/", member_new, name="member-new"),
    path("episodes/<int:episode_id>/family/<int:person_id>/add/", member_add, name="member-add"),
    path("episodes/<int:episode_id>/lead/propose/", lead_propose, name="lead-propose"),
    path("episodes/<int:episode_id>/lead/<int:lead_id>/agree/", lead_agree, name="lead-agree"),
    path("episodes/<int:episode_id>/lead/<int:lead_id>/end/", lead_end, name="lead-end"),
    path("episodes/<int:episode_id>/step-up/", step_up, name="step-up"),
    path("episodes/<int:episode_id>/close/", close, name="close"),
    path("step-down/<int:referral_id>/", step_down, name="step-down"),
]
