"""Who may do what with professional disagreements."""

from __future__ import annotations

from righthelp.accounts.models import Role, User

MANAGER_ROLES = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER)
REPORT_ROLES = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER, Role.PERFORMANCE_ANALYST)


def is_disagreement_manager(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*MANAGER_ROLES))


def can_see_disagreement_report(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*REPORT_ROLES))
