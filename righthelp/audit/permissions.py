"""Who may review the access log's alerts: information governance leads, and nobody else."""

from __future__ import annotations

from righthelp.accounts.models import Role, User


def is_information_governance_lead(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.INFORMATION_GOVERNANCE_LEAD))
