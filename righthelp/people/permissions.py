"""Who may see and change people. Registered with the one checkpoint in ``righthelp.core``."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core import checkpoint
from righthelp.people.models import InvolvedProfessional, Person


def live_involvements(on: object | None = None) -> Q:
    today = on or timezone.localdate()
    return Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


def involvement_visibility(user: User) -> Q:
    """A live involvement as the named professional, or held by a team the user belongs to
    (team managers see their teams' work the same way)."""
    live = InvolvedProfessional.objects.filter(live_involvements())
    mine = live.filter(user=user).values("person_id")
    team_ids = user.team_memberships.values("team_id")
    teams = live.filter(team_id__in=team_ids).values("person_id")
    return Q(pk__in=mine) | Q(pk__in=teams)


def can_view_person(user: User, person: Person) -> bool:
    return checkpoint.visible_people(user).filter(pk=person.pk).exists()


def can_edit_person(user: User, person: Person) -> bool:
    # Anyone with a live involvement may correct and add to the record; every change is an event.
    return can_view_person(user, person)


def can_create_person(user: User) -> bool:
    return user.is_authenticated and user.has_role(*checkpoint.CASEWORK_ROLES)
