"""Signing in and out and API tokens record their events (about users, on no chronology), with
the payload ``accounts.events`` builds; the readers there read back what was written."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import Cast
from righthelp.accounts import services
from righthelp.accounts.events import (
    api_token_issued_payload,
    api_token_revoked_payload,
    user_sign_in_failed_event,
    user_sign_in_failed_payload,
)
from righthelp.accounts.models import Organisation
from righthelp.audit.events import Verb
from righthelp.audit.models import Event

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def test_a_refused_sign_in_keeps_the_username_cut_to_length(cast: Cast) -> None:
    # Recorded directly: ``session_sign_in`` raises after recording it, inside its own
    # transaction, so the service's refusal event does not outlive the refusal.
    with transaction.atomic():
        user_sign_in_failed_event(username="n" * 200)
    refused = only(Verb.USER_SIGN_IN_FAILED)
    assert refused.actor is None and refused.summary == "Sign-in refused"
    assert user_sign_in_failed_payload(refused) == {"username": "n" * 150}


def test_signing_in_and_out_are_recorded(cast: Cast, client: Client, password: str) -> None:
    client.post(
        reverse("accounts:sign-in"), {"username": cast.involved.username, "password": password}
    )
    signed_in = only(Verb.USER_SIGNED_IN)
    assert signed_in.actor == cast.involved and signed_in.summary == "Signed in"
    client.post(reverse("accounts:sign-out"))
    signed_out = only(Verb.USER_SIGNED_OUT)
    assert signed_out.actor == cast.involved and signed_out.summary == "Signed out"


def test_issuing_and_revoking_a_token_read_back_the_token(cast: Cast) -> None:
    organisation = cast.involved.organisation
    assert isinstance(organisation, Organisation)
    token, _raw = services.api_token_issue(
        actor=cast.administrator, organisation=organisation, name="MIS"
    )
    issued = only(Verb.API_TOKEN_ISSUED)
    assert issued.summary == f"API token issued to {organisation.name} for MIS"
    assert api_token_issued_payload(issued) == {
        "token": token.pk,
        "organisation": organisation.pk,
        "prefix": token.prefix,
    }
    services.api_token_revoke(actor=cast.administrator, token=token)
    revoked = only(Verb.API_TOKEN_REVOKED)
    assert revoked.actor == cast.administrator
    assert api_token_revoked_payload(revoked) == {"token": token.pk}
