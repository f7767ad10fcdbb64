"""What a page knows about the request it answers."""

from __future__ import annotations

from django.http import HttpRequest

from righthelp.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in user making the request. Pages that call it are never public: the
    checkpoint (``core.checkpoint``) has already sent anyone not signed in to sign in."""
    user = request.user
    assert isinstance(user, User)
    return user
