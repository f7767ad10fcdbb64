"""Signing in and out, each recorded as an event."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from righthelp.accounts.events import (
    api_token_issued_event,
    api_token_revoked_event,
    user_sign_in_failed_event,
    user_signed_in_event,
    user_signed_out_event,
)
from righthelp.accounts.models import (
    ApiToken,
    Organisation,
    Role,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)


class SignInRefused(Exception):
    pass


@transaction.atomic
def session_sign_in(*, request: HttpRequest, username: str, password: str) -> User:
    """Authenticate and start a session. A refusal is recorded too, with no password kept."""
    user = authenticate(request, username=username, password=password)
    if user is None or not isinstance(user, User):
        user_sign_in_failed_event(username=username)
        raise SignInRefused("Enter a correct username and password")
    login(request, user)
    user_signed_in_event(user=user)
    return user


@transaction.atomic
def session_sign_out(*, request: HttpRequest) -> None:
    user = request.user
    if isinstance(user, User):
        user_signed_out_event(user=user)
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
    api_token_issued_event(actor=actor, token=token, organisation=organisation)
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        api_token_revoked_event(actor=actor, token=token)
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
