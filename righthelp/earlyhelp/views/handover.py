"""Early help pages (step-up handover): what a formal step-up handed to the front door, opened
read-only from its contact by the front door and, once it is a referral, by children's social
care: the assessment, the agreed plan version and the family's chronology.

Thin views over ``handover_selectors``, which check the reasoned path
(``frontdoor.permissions.can_open_handover``) and log each read with the contact as its
reason; anything else is the same 404 as a page that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import page_number
from righthelp.core.requests import request_user
from righthelp.earlyhelp import handover_selectors
from righthelp.earlyhelp.handover_selectors import Handover
from righthelp.frontdoor.permissions import can_view_contact


def _context(request: HttpRequest, found: Handover, active: str) -> dict[str, Any]:
    """What every handover page shows around its content: the episode, the contact, and the way
    back (the contact's page for the front door; the referrals list for social care)."""
    user = request_user(request)
    if can_view_contact(user, found.contact):
        back_url, back_text = reverse("frontdoor:contact", args=[found.contact.pk]), "contact"
    else:
        back_url, back_text = reverse("frontdoor:referrals"), "referrals"
    return {
        "found": found,
        "handover": found.handover,
        "episode": found.episode,
        "contact": found.contact,
        "active": active,
        "back_url": back_url,
        "back_to": back_text,
    }


@access(casework)
@require_GET
def handover_assessment(request: HttpRequest, episode_pk: int, contact_pk: int) -> HttpResponse:
    found, view = handover_selectors.handover_assessment(
        user=request_user(request), episode_id=episode_pk, contact_id=contact_pk, path=request.path
    )
    return render(
        request,
        "earlyhelp/handover_assessment.html",
        {**_context(request, found, "assessment"), "view": view, "assessment": view.assessment},
    )


@access(casework)
@require_GET
def handover_plan(request: HttpRequest, episode_pk: int, contact_pk: int) -> HttpResponse:
    found, plan = handover_selectors.handover_plan(
        user=request_user(request), episode_id=episode_pk, contact_id=contact_pk, path=request.path
    )
    return render(
        request,
        "earlyhelp/handover_plan.html",
        {**_context(request, found, "plan"), "plan": plan, "today": timezone.localdate()},
    )


@access(casework)
@require_GET
def handover_chronology(request: HttpRequest, episode_pk: int, contact_pk: int) -> HttpResponse:
    found, page = handover_selectors.handover_chronology(
        user=request_user(request),
        episode_id=episode_pk,
        contact_id=contact_pk,
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    return render(
        request,
        "earlyhelp/handover_chronology.html",
        {**_context(request, found, "chronology"), "page_obj": page},
    )


urlpatterns: list[URLPattern] = [
    path(
        "episodes/<int:episode_pk>/handover/<int:contact_pk>/assessment/",
        handover_assessment,
        name="handover-assessment",
    ),
    path(
        "episodes/<int:episode_pk>/handover/<int:contact_pk>/plan/",
        handover_plan,
        name="handover-plan",
    ),
    path(
        "episodes/<int:episode_pk>/handover/<int:contact_pk>/chronology/",
        handover_chronology,
        name="handover-chronology",
    ),
]
