"""Who may see and change people. Registered with the one checkpoint in ``righthelp.core``.

Beside what a user may see, what is theirs: the people they work with themselves (a live
involvement as the named professional, a contact they handle, an episode they lead), as
opposed to those they see because a team they belong to holds the work. The people list shows
these first. Each capability registers where "its own" comes from (``register_own_people``),
as it registers visibility; "own" only orders what ``checkpoint.visible_people`` already
allows, it never lets anyone see more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.core import checkpoint
from righthelp.people.models import InvolvedProfessional, Person


def live_involvements(on: object | None = None) -> Q:
    today = on or timezone.localdate()
    return Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


def _holders(user: User) -> list[Q]:
    """Who holds an involvement that lets ``user`` see its person: the user by name, or a
    team they belong to. Read once a request (``checkpoint.memoised``, forgotten when a team
    membership is written): the list of people asks for it twice, for the rule and to read
    it from the involvements' side."""
    return checkpoint.memoised("people.holders", user, lambda: _read_holders(user))


def _read_holders(user: User) -> list[Q]:
    team_ids = [team_id for (team_id,) in user.team_memberships.values_list("team_id")]
    holders = [Q(user_id=user.pk)]
    if team_ids:
        holders.append(Q(team_id__in=team_ids))
    return holders


def involvement_visibility(user: User) -> Q:
    """A live involvement as the named professional, or held by a team the user belongs to
    (team managers see their teams' work the same way)."""
    # Correlated EXISTS rather than "pk IN (every live involvement)": a search or a page asks
    # about a few candidates, and each is one indexed lookup on the involvement's person, instead
    # of reading every involvement of a million-person population first.
    live = InvolvedProfessional.objects.filter(live_involvements()).values("person_id")
    by_name, *by_team = _holders(user)
    visible = Q(checkpoint.exists_for_each(live.filter(by_name), "person_id"))
    for holder in by_team:
        visible |= Q(checkpoint.exists_for_each(live.filter(holder), "person_id"))
    return visible


def involved_people(user: User) -> list[QuerySet[InvolvedProfessional, Any]]:
    """The same rule as ``involvement_visibility``, read from the involvements' side: the ids
    of the people it lets ``user`` see, one indexed lookup per holder (the user's own
    involvements, their teams'). A list of everyone a user sees starts from these
    (``people.selectors``), where the EXISTS form would test every person in turn."""
    live = InvolvedProfessional.objects.filter(live_involvements()).order_by()
    return [live.filter(holder).values("person_id") for holder in _holders(user)]


def own_involvement(user: User) -> Q:
    """People with a live involvement naming this user as the professional."""
    # The ids, read once, rather than an EXISTS per person: this orders a whole list.
    return Q(
        pk__in=InvolvedProfessional.objects.filter(live_involvements(), user_id=user.pk)
        .order_by()
        .values("person_id")
    )


OwnPeopleSource = Callable[[User], Q]
_own_people_sources: list[OwnPeopleSource] = []


def register_own_people(source: OwnPeopleSource) -> None:
    """Add where a user's own people come from: ``source(user)`` is a Q over ``Person``."""
    if source not in _own_people_sources:
        _own_people_sources.append(source)


def own_people_q(user: User) -> Q:
    """The people a user works with themselves (the union of the registered sources), a Q
    over ``Person``; only ever used within what the user may see."""
    combined = Q(pk__in=[])
    if not user.is_authenticated:
        return combined
    for source in _own_people_sources:
        combined |= source(user)
    return combined


def can_view_person(user: User, person: Person) -> bool:
    return checkpoint.visible_people(user).filter(pk=person.pk).exists()


def can_edit_person(user: User, person: Person) -> bool:
    # Anyone with a live involvement may correct and add to the record; every change is an event.
    return can_view_person(user, person)


def can_create_person(user: User) -> bool:
    return user.is_authenticated and user.has_role(*checkpoint.CASEWORK_ROLES)
