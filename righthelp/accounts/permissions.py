"""Account-level predicates."""

from __future__ import annotations

from righthelp.accounts.models import Role, User


def is_administrator(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR)
