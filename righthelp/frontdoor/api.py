"""The contacts API for other agencies' systems: JSON in and out, authenticated by a token.

* ``POST /api/v1/contacts`` (``api:contacts``): send a request for support.
* ``GET /api/v1/contacts/<id>`` (``api:contact``): its status and outcome, for the sender.
* ``GET /api/v1/openapi.json`` (``api:openapi``): the OpenAPI description.

Access. The checkpoint's page rules are about signed-in sessions, which the API does not use:
a caller with no token must get a 401 JSON answer, not a redirect to a sign-in page. So every
API view declares ``@access(public)`` at the page layer, and the two contact views are wrapped
in ``token_required``, the one place the token is checked (``Authorization: Bearer rh_…``,
through ``accounts.services.api_token_authenticate``). The views never read ``request.user`` or
the session, so a signed-in browser gets no further than anyone else without a token.
CSRF protection is for cookies a browser sends by itself; these views are authenticated only by
a header a browser never adds on its own, so they are exempt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt

from righthelp.accounts.models import ApiToken
from righthelp.accounts.services import api_token_authenticate
from righthelp.core.checkpoint import access, public
from righthelp.frontdoor import api_services
from righthelp.frontdoor.api_schema import openapi_document
from righthelp.frontdoor.models import Contact

TokenView = Callable[..., HttpResponse]


def _errors(
    status: int,
    errors: list[str],
    *,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {"errors": errors}
    if fields is not None:
        body["fields"] = fields
    response = JsonResponse(body, status=status, headers=headers)
    response["Cache-Control"] = "no-store"
    return response


def _unauthorised(message: str, *, invalid: bool) -> JsonResponse:
    challenge = 'Bearer realm="RightHelp"'
    if invalid:
        challenge += ', error="invalid_token"'
    return _errors(401, [message], headers={"WWW-Authenticate": challenge})


def token_required(view: TokenView) -> Callable[..., HttpResponse]:
    """Check the bearer token before the view runs; pass the ``ApiToken`` as ``token``.

    This is where the API is guarded (the checkpoint's page rule for the API is ``public``, so
    that callers without a token get this 401 JSON instead of a sign-in page).
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scheme, _, raw = request.headers.get("Authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return _unauthorised(
                "Send your organisation's API token in the Authorization header: "
                "'Authorization: Bearer rh_…'",
                invalid=False,
            )
        token = api_token_authenticate(raw.strip())
        if token is None:
            return _unauthorised(
                "The API token is not valid or has been revoked. Ask the RightHelp "
                "administrators for a new one",
                invalid=True,
            )
        return view(request, *args, token=token, **kwargs)

    return guarded


def _allow(request: HttpRequest, *methods: str) -> JsonResponse | None:
    if request.method in methods:
        return None
    return _errors(
        405,
        [f"Use {' or '.join(methods)} here"],
        headers={"Allow": ", ".join(methods)},
    )


def _field_errors(error: ValidationError) -> tuple[list[str], dict[str, list[str]]]:
    if not hasattr(error, "error_dict"):
        return list(error.messages), {}
    fields = {
        field: [str(message) for message in messages]
        for field, messages in error.message_dict.items()
    }
    flat = [f"{field}: {message}" for field, messages in fields.items() for message in messages]
    return flat, fields


def _contact_response(status: api_services.ApiContactStatus, code: int) -> JsonResponse:
    response = JsonResponse(status.as_dict(), status=code)
    response["Cache-Control"] = "no-store"
    response["Location"] = reverse("api:contact", kwargs={"contact_id": status.id})
    return response


@access(public)  # the token is checked by token_required (see the module docstring)
@csrf_exempt
def contacts(request: HttpRequest) -> HttpResponse:
    refused = _allow(request, "POST")
    if refused is not None:
        return refused
    return _contacts_post(request)


@token_required
def _contacts_post(request: HttpRequest, *, token: ApiToken) -> HttpResponse:
    key = request.headers.get("Idempotency-Key", "").strip()
    problem = api_services.idempotency_key_problem(key)
    if problem:
        return _errors(400, [f"Idempotency-Key: {problem}"], fields={"Idempotency-Key": [problem]})
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except RequestDataTooBig:
        return _errors(413, ["The request body is too large"])
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _errors(400, [f"body: the request body must be JSON ({error})"])
    try:
        contact, created = api_services.api_contact_submit(
            token=token, idempotency_key=key, payload=payload
        )
    except ValidationError as error:
        flat, fields = _field_errors(error)
        return _errors(400, flat, fields=fields)
    response = _contact_response(api_services.api_contact_view(contact), 201 if created else 200)
    if not created:
        response["Idempotent-Replayed"] = "true"
    return response


@access(public)  # the token is checked by token_required (see the module docstring)
@csrf_exempt
def contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    refused = _allow(request, "GET", "HEAD")
    if refused is not None:
        return refused
    return _contact_get(request, contact_id)


@token_required
def _contact_get(request: HttpRequest, contact_id: int, *, token: ApiToken) -> HttpResponse:
    try:
        status = api_services.api_contact_status(
            token=token, contact_id=contact_id, path=request.path
        )
    except Contact.DoesNotExist:
        # Missing, sent by another organisation, or not sent through the API: one answer.
        return _errors(404, [f"No contact {contact_id} was sent by your organisation"])
    return _contact_response(status, 200)


@access(public)
def openapi(request: HttpRequest) -> HttpResponse:
    refused = _allow(request, "GET", "HEAD")
    if refused is not None:
        return refused
    base = reverse("api:openapi").removesuffix("openapi.json").rstrip("/")
    document = openapi_document(server_url=request.build_absolute_uri(base))
    return JsonResponse(document, json_dumps_params={"indent": 2})


urlpatterns = [
    path("contacts", contacts, name="contacts"),
    path("contacts/<int:contact_id>", contact, name="contact"),
    path("openapi.json", openapi, name="openapi"),
]
