"""Signing in and out, each recorded as an event."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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
    """The active token matching ``raw``, or None. Compares hashes, never the token itself.

    Stamps when the token was last used, at most once per ``RIGHTHELP_API_TOKEN_LAST_USED_SECONDS``
    (``api_token_used``), so concurrent calls with one token do not queue on its row.
    """
    if not raw or not raw.startswith("rh_"):
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=_token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        api_token_used(token=token)
    return token


def api_token_used(*, token: ApiToken, now: datetime | None = None) -> bool:
    """Move ``token``'s last-used time to now if it is older than the configured interval.

    Returns whether it moved. A token stamped within ``RIGHTHELP_API_TOKEN_LAST_USED_SECONDS``
    (as read with the token) is left alone without a query, so most calls write nothing.
    Otherwise the row is claimed with ``SELECT ... FOR NO KEY UPDATE SKIP LOCKED`` and
    updated only while its stamp is still older than the interval: a concurrent call that is
    stamping the same token makes this one skip the row instead of waiting for it, and the
    lock taken does not stop rows that refer to the token being written (foreign-key checks
    take a key-share lock, which a no-key update lock lets through). So calls with one token
    never queue on its row, and its last-used time still moves, at most once per interval.
    (SQLite has no row locks; there the update is a plain one in the request's transaction.)
    """
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.RIGHTHELP_API_TOKEN_LAST_USED_SECONDS)
    if token.last_used_at is not None and token.last_used_at > since:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=since)
    with transaction.atomic():
        claimed = list(
            ApiToken.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(stale, pk=token.pk)
            .values_list("pk", flat=True)
        )
        moved = 0
        if claimed:
            moved = ApiToken.objects.filter(stale, pk__in=claimed).update(last_used_at=now)
    if moved:
        token.last_used_at = now
    return bool(moved)
