from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from righthelp.accounts.forms import SignInForm
from righthelp.accounts.models import ApiToken, Organisation
from righthelp.accounts.services import (
    SignInRefused,
    api_token_issue,
    api_token_revoke,
    session_sign_in,
    session_sign_out,
)
from righthelp.core.checkpoint import access, administrator, public, signed_in
from righthelp.core.forms import GovukForm
from righthelp.core.formtools import add_service_errors


@access(public)
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_sign_in(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except SignInRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(next_url or "core:home")
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@access(signed_in)
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session_sign_out(request=request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign-in")


# --- API tokens (administrators) -------------------------------------------------------------


class TokenIssueForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose the organisation",
        help_text="The agency whose system will send requests. It can read only what it sent.",
        error_messages={"required": "Choose the organisation the token is for"},
    )
    name = forms.CharField(
        label="Which system will use it",
        max_length=200,
        help_text="For example, 'SIMS at Westfield Primary' or 'Police case system'",
        error_messages={"required": "Say which system will use the token"},
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@access(administrator)
def tokens(request: HttpRequest) -> HttpResponse:
    # Reference data about systems, not personal data: read directly, nothing to log.
    rows = ApiToken.objects.select_related("organisation", "issued_by").order_by(
        "organisation__name", "-issued_at"
    )
    return render(request, "accounts/tokens.html", {"tokens": rows})


@access(administrator)
def token_issue(request: HttpRequest) -> HttpResponse:
    form = TokenIssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_token_issue(
                actor=request.user,  # type: ignore[arg-type]
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Not post/redirect/get on purpose: the token exists only in this response (only its
            # hash is stored), so it is shown here once and never again, and not cached.
            return _no_store(
                render(request, "accounts/tokens_issued.html", {"token": token, "raw": raw})
            )
    return render(request, "accounts/tokens_issue.html", {"form": form})


@access(administrator)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("organisation"), pk=token_id)
    if request.method == "POST":
        if token.revoked_at is None:
            api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
            messages.success(
                request,
                f"The token {token.prefix}… for {token.organisation.name} has been revoked. "
                "Requests using it are now refused",
            )
        else:
            messages.info(request, f"The token {token.prefix}… was already revoked")
        return redirect("accounts:tokens")
    return render(request, "accounts/tokens_revoke.html", {"token": token})
