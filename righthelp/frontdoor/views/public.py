"""Forms anyone can send without signing in: "Report a concern about a child" and "Ask for help
for your family". What is sent lands in the front-door queue; the sender sees a reference number
once, on the confirmation page.

Bad input saves nothing: a filled honeypot pretends to succeed, the rate limit
(``services.public_contact_submit`` raising ``RateLimited``) and invalid or oversized input are
refused, and the form keeps what was typed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from righthelp.core.checkpoint import access, public
from righthelp.core.formtools import add_service_errors
from righthelp.frontdoor import services
from righthelp.frontdoor.forms import PublicContactForm
from righthelp.frontdoor.models import ContactKind, SubjectRole
from righthelp.frontdoor.services import RateLimited, SubjectDetails

# The field a person never sees or fills in; software that fills every field does.
HONEYPOT = "website"
SENT_SESSION_KEY = "frontdoor_public_sent"

PAGES = {
    ContactKind.PUBLIC_CONCERN: {
        "title": "Report a concern about a child",
        "button": "Send your concern",
    },
    ContactKind.SELF_REFERRAL: {
        "title": "Ask for help for your family",
        "button": "Send your request for help",
    },
}


def _public_form(request: HttpRequest, kind: str) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = PublicContactForm(request.POST, kind=kind)
        if request.POST.get(HONEYPOT, "").strip():
            # Pretend it worked, save nothing, and show no reference that could belong to a
            # real contact.
            request.session[SENT_SESSION_KEY] = {"kind": kind, "reference": ""}
            return redirect("frontdoor:public-sent")
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact = services.public_contact_submit(
                    kind=kind,
                    sender_address=request.META.get("REMOTE_ADDR", ""),
                    referrer_name=data["referrer_name"],
                    referrer_email=data["referrer_email"],
                    referrer_phone=data["referrer_phone"],
                    referrer_relationship=data["referrer_relationship"],
                    child=SubjectDetails(
                        role=SubjectRole.CHILD,
                        given_name=data["child_given_name"],
                        family_name=data["child_family_name"],
                        date_of_birth=data["child_date_of_birth"],
                        address=data["address"],
                        postcode=data["postcode"],
                    ),
                    worry=form.worry_text(),
                )
            except RateLimited as limited:
                form.add_error(None, str(limited))
                status = 429
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[SENT_SESSION_KEY] = {"kind": kind, "reference": contact.reference}
                return redirect("frontdoor:public-sent")
    else:
        form = PublicContactForm(kind=kind)
    return render(
        request,
        "frontdoor/public_form.html",
        {
            "form": form,
            "kind": kind,
            "self_referral": kind == ContactKind.SELF_REFERRAL,
            "honeypot": HONEYPOT,
            **PAGES[ContactKind(kind)],
        },
        status=status,
    )


@access(public)
def report_concern(request: HttpRequest) -> HttpResponse:
    return _public_form(request, ContactKind.PUBLIC_CONCERN)


@access(public)
def ask_for_help(request: HttpRequest) -> HttpResponse:
    return _public_form(request, ContactKind.SELF_REFERRAL)


@access(public)
def public_sent(request: HttpRequest) -> HttpResponse:
    """The confirmation: the reference is shown once, then forgotten by the session."""
    sent = request.session.pop(SENT_SESSION_KEY, None)
    return render(
        request,
        "frontdoor/public_sent.html",
        {
            "sent": sent,
            "self_referral": bool(sent) and sent.get("kind") == ContactKind.SELF_REFERRAL,
        },
    )


urlpatterns = [
    path("report-a-concern/", report_concern, name="report-concern"),
    path("report-a-concern/sent/", public_sent, name="public-sent"),
    path("ask-for-help/", ask_for_help, name="ask-for-help"),
]
