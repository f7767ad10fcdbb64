"""The events the accounts app records (signing in and out, API tokens): one function per kind,
payload built here, and beside each the shape of its payload and a reader. They are about users,
never on a child's chronology.

Summaries and payload keys are what the stored history already holds: change neither.
"""

from __future__ import annotations

from typing import TypedDict, cast

from righthelp.accounts.models import ApiToken, Organisation, User
from righthelp.audit.events import Verb, payload_read
from righthelp.audit.models import Event
from righthelp.audit.services import event_record


class SignInFailedPayload(TypedDict):
    username: str


def user_sign_in_failed_event(*, username: str) -> Event:
    """A refused sign-in: the username typed (cut to a username's length), never the password."""
    payload: SignInFailedPayload = {"username": username[:150]}
    return event_record(
        actor=None, verb=Verb.USER_SIGN_IN_FAILED, summary="Sign-in refused", payload=payload
    )


def user_sign_in_failed_payload(event: Event) -> SignInFailedPayload:
    return cast(SignInFailedPayload, payload_read(event, Verb.USER_SIGN_IN_FAILED))


def user_signed_in_event(*, user: User) -> Event:
    return event_record(actor=user, verb=Verb.USER_SIGNED_IN, summary="Signed in")


def user_signed_out_event(*, user: User) -> Event:
    return event_record(actor=user, verb=Verb.USER_SIGNED_OUT, summary="Signed out")


class ApiTokenIssuedPayload(TypedDict):
    token: int
    organisation: int
    prefix: str


def api_token_issued_event(
    *, actor: User | None, token: ApiToken, organisation: Organisation
) -> Event:
    payload: ApiTokenIssuedPayload = {
        "token": token.pk,
        "organisation": organisation.pk,
        "prefix": token.prefix,
    }
    return event_record(
        actor=actor,
        verb=Verb.API_TOKEN_ISSUED,
        summary=f"API token issued to {organisation.name} for {token.name}",
        payload=payload,
    )


def api_token_issued_payload(event: Event) -> ApiTokenIssuedPayload:
    return cast(ApiTokenIssuedPayload, payload_read(event, Verb.API_TOKEN_ISSUED))


class ApiTokenRevokedPayload(TypedDict):
    token: int


def api_token_revoked_event(*, actor: User | None, token: ApiToken) -> Event:
    payload: ApiTokenRevokedPayload = {"token": token.pk}
    return event_record(
        actor=actor,
        verb=Verb.API_TOKEN_REVOKED,
        summary=f"API token {token.prefix}… of {token.organisation.name} revoked",
        payload=payload,
    )


def api_token_revoked_payload(event: Event) -> ApiTokenRevokedPayload:
    return cast(ApiTokenRevokedPayload, payload_read(event, Verb.API_TOKEN_REVOKED))
