"""Who is in a family, for choosing the people of an episode.

A family, seen from some of its people (the child a worker starts from, the people a front-door
request names, the members of an open episode), is those people, everyone who lives with them
now (a current household), and everyone with a current relationship to them (a parent living
elsewhere, a partner). Records merged into another are left out: the record they were merged
into stands for them.

Which early help episodes are open for some people is asked of the one answer to what is open
for a child (``core.open_work``), never of the episodes table directly.

Ids only, nothing shown: the selectors that show the family log the read; the services use the
same answer to refuse people from outside it.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from righthelp.core.open_work import open_work_for
from righthelp.earlyhelp.models import Episode, EpisodeMember
from righthelp.earlyhelp.open_work import KIND as OPEN_EPISODE
from righthelp.people.models import Household, HouseholdMember, Person, PersonKind, Relationship


def family_ids(person_ids: Collection[int]) -> set[int]:
    """``person_ids`` and their current households and relationships (three queries)."""
    anchors = set(person_ids)
    if not anchors:
        return set()
    households = HouseholdMember.objects.filter(
        person_id__in=anchors, end_date__isnull=True
    ).values("household_id")
    found = set(
        HouseholdMember.objects.filter(
            household_id__in=households, end_date__isnull=True
        ).values_list("person_id", flat=True)
    )
    for from_id, to_id in Relationship.objects.filter(
        Q(from_person_id__in=anchors) | Q(to_person_id__in=anchors), end_date__isnull=True
    ).values_list("from_person_id", "to_person_id"):
        found.update((from_id, to_id))
    found |= anchors
    return set(
        Person.objects.filter(pk__in=found, merged_into__isnull=True).values_list("pk", flat=True)
    )


def open_episode_ids(person_ids: Collection[int]) -> list[int]:
    """The early help episodes open for any of ``person_ids`` (oldest first: ids grow), from
    the one registry of open work."""
    return sorted(
        {
            work.object_id
            for found in open_work_for(sorted(set(person_ids))).values()
            for work in found
            if work.kind == OPEN_EPISODE
        }
    )


def member_households(episode: Episode) -> list[Household]:
    """The current households of the episode's members, oldest first."""
    members = EpisodeMember.objects.filter(episode=episode).values("person_id")
    ids = HouseholdMember.objects.filter(person_id__in=members, end_date__isnull=True).values(
        "household_id"
    )
    return list(Household.objects.filter(pk__in=ids).select_related("address").order_by("pk"))


def member_adults(episode: Episode) -> list[Person]:
    """The adults in the episode, in the order they were added."""
    return [
        m.person
        for m in EpisodeMember.objects.filter(episode=episode, person__kind=PersonKind.ADULT)
        .select_related("person")
        .order_by("id")
    ]
