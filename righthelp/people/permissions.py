"""Who may see and change people. Registered with the one checkpoint in ``righthelp.core``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
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
    # Correlated EXISTS rather than "pk IN (every live involvement)": a search or a page asks
    # about a few candidates, and each is one indexed lookup on the involvement's person, instead
    # of reading every involvement of a million-person population first.
    live = InvolvedProfessional.objects.filter(live_involvements(), person_id=OuterRef("pk"))
    team_ids = [team_id for (team_id,) in user.team_memberships.values_list("team_id")]
    visible = Q(Exists(live.filter(user_id=user.pk)))
    if team_ids:
        visible |= Q(Exists(live.filter(team_id__in=team_ids)))
    return visible


def can_view_person(user: User, person: Person) -> bool:
    return checkpoint.visible_people(user).filter(pk=person.pk).exists()


def can_edit_person(user: User, person: Person) -> bool:
    # Anyone with a live involvement may correct and add to the record; every change is an event.
    return can_view_person(user, person)


def can_create_person(user: User) -> bool:
    return user.is_authenticated and user.has_role(*checkpoint.CASEWORK_ROLES)
