"""Who may do what with professional disagreements."""

from __future__ import annotations

from django.db.models import Q

from righthelp.accounts.models import Role, User

MANAGER_ROLES = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER)
REPORT_ROLES = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER, Role.PERFORMANCE_ANALYST)


def is_disagreement_manager(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*MANAGER_ROLES))


def can_see_disagreement_report(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*REPORT_ROLES))


def held_disagreements_q(user: User) -> Q:
    """Disagreements ``user`` raised, or holds a stage of, or the level above a stage of (they
    are told when it is overdue), or is on the raiser's side of a stage of. They may open and
    record it even when they cannot see the child's whole record (a referrer following up a
    declined referral); the child's record stays closed to them."""
    from righthelp.escalations.models import Stage

    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    held = Stage.objects.filter(
        Q(owners=user) | Q(next_level_holders=user) | Q(referrer_side=user)
    ).values("disagreement_id")
    return Q(raised_by=user) | Q(pk__in=held)
