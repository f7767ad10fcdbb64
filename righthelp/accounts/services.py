"""Signing in and out, each recorded as an event."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from righthelp.accounts.models import (
    ApiToken,
    Organisation,
    Role,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)
from righthelp.audit.events import Verb
from righthelp.audit.services import event_record


class SignInRefused(Exception):
    pass


@transaction.atomic
def session_sign_in(*, request: HttpRequest, username: str, password: str) -> User:
    """Authenticate and start a session. A refusal is recorded too, with no password kept."""
    user = authenticate(request, username=username, password=password)
    if user is None or not isinstance(user, User):
        event_record(
            actor=None,
            verb=Verb.USER_SIGN_IN_FAILED,
            summary="Sign-in refused",
            payload={"username": username[:150]},
        )
        raise SignInRefused("Enter a correct username and password")
    login(request, user)
    event_record(actor=user, verb=Verb.USER_SIGNED_IN, summary="Signed in")
    return user


@transaction.atomic
def session_sign_out(*, request: HttpRequest) -> None:
    user = request.user
    if isinstance(user, User):
        event_record(actor=user, verb=Verb.USER_SIGNED_OUT, summary="Signed out")
    logout(request)


@transaction.atomic
def user_roles_grant(*, user: User, roles: list[str]) -> None:
    for role in roles:
        RoleAssignment.objects.get_or_create(user=user, role=Role(role))
    if hasattr(user, "_role_cache"):
        del user._role_cache


@transaction.atomic
def team_member_add(*, user: User, team: Team, manager: bool = False) -> TeamMembership:
    membership, _ = TeamMembership.objects.update_or_create(
        user=user,
        team=team,
        defaults={
            "position": TeamMembership.Position.MANAGER
            if manager
            else TeamMembership.Position.MEMBER
        },
    )
    return membership


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, actor: User | None, organisation: Organisation, name: str
) -> tuple[ApiToken, str]:
    """Issue a token for an organisation's system. Returns the token record and the token
    itself, which is shown once and never stored (only its hash is)."""
    if not name.strip():
        raise ValidationError({"name": ["Say which system will use the token"]})
    raw = "rh_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        prefix=raw[:10],
        token_hash=_token_hash(raw),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb=Verb.API_TOKEN_ISSUED,
        summary=f"API token issued to {organisation.name} for {token.name}",
        payload={"token": token.pk, "organisation": organisation.pk, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            actor=actor,
            verb=Verb.API_TOKEN_REVOKED,
            summary=f"API token {token.prefix}… of {token.organisation.name} revoked",
            payload={"token": token.pk},
        )
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token matching ``raw``, or None. Compares hashes, never the token itself."""
    if not raw or not raw.startswith("rh_"):
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=_token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
