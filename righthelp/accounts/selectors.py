"""Reading accounts: organisations, teams and the user's own place in them."""

from __future__ import annotations

from django.db.models import QuerySet

from righthelp.accounts.models import Organisation, Team, User


def teams_of(user: User) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user).select_related("organisation", "locality")


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("locality").order_by("name")
