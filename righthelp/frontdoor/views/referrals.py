"""Children's social care's pages for its referrals: the referrals not yet stepped down, and
recording that social care's work with a family is ending so that early help takes over.

Only children's social care (``permissions.is_childrens_social_care``) sees them; anyone else
gets the same 404 as a page that does not exist. Thin views: reads through
``frontdoor.selectors`` (each logged), the write through ``services.step_down_request``;
post/redirect/get with a notification banner.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.permissions import is_front_door
from righthelp.frontdoor.triage_forms import StepDownRequestForm


@access(casework)
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page = selectors.social_care_referrals(
        user=user,
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    return render(
        request,
        "frontdoor/referrals.html",
        {
            "page_obj": page,
            "referrals": page.object_list,
            "tab": "referrals",
            "front_door": is_front_door(user),
        },
    )


@access(casework)
@require_http_methods(["GET", "POST"])
def referral_work_ending(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.referral_for_social_care(
        user=user, referral_id=referral_id, path=request.path
    )
    if referral.step_downs.exists():
        raise Http404  # stepped down already: nothing left for social care to say here
    contact = referral.decision.contact
    initial_locality = referral.decision.locality_id or contact.locality_id
    if request.method == "POST":
        form = StepDownRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.step_down_request(
                    actor=user,
                    referral=referral,
                    work_ends_on=data["work_ends_on"],
                    locality=data["locality"],
                    why=data["why"],
                    support_needed=data["support_needed"],
                    submission_key=str(data["submission_key"] or "") or None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(
                    request,
                    f"Recorded: children's social care's work from {contact.reference} is "
                    f"ending. Early help in {data['locality'].name} has been asked to take over",
                )
                return redirect("frontdoor:referrals")
    else:
        form = StepDownRequestForm(
            initial={"locality": initial_locality, "submission_key": new_submission_key()}
        )
    return render(
        request,
        "frontdoor/referral_work_ending.html",
        {"form": form, "referral": referral, "contact": contact, "tab": "referrals"},
    )


urlpatterns: list[URLPattern] = [
    path("front-door/referrals/", referrals, name="referrals"),
    path(
        "front-door/referrals/<int:referral_id>/work-ending/",
        referral_work_ending,
        name="referral-work-ending",
    ),
]
