"""Reading consent. ``consents_in_force`` is the one definition of the decision in force, which
the sharing rule (``services.sharing_allowed``) and the consent page both read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentRecord, LawfulBasisRecord
from righthelp.people.models import InvolvedProfessional, Person
from righthelp.people.permissions import live_involvements


def consents_in_force(
    person_ids: Iterable[int], purposes: Iterable[str], *, at: datetime | None = None
) -> dict[tuple[int, str], ConsentRecord]:
    """The decision in force for each (person id, purpose) that has one, as at ``at`` (now):
    the latest record recorded by then (a withdrawal is a record too, so a withdrawn consent's
    decision in force is its withdrawal). One query however many people; the person comes
    with each record (the sharing rule needs a child's age)."""
    records = ConsentRecord.objects.filter(
        person_id__in=list(person_ids), purpose__in=list(purposes)
    )
    if at is not None:
        records = records.filter(recorded_at__lte=at)
    latest: dict[tuple[int, str], ConsentRecord] = {}
    for record in records.select_related("person").order_by("-recorded_at", "-id"):
        latest.setdefault((record.person_id, record.purpose), record)
    return latest


def consent_current(person: Person, purpose: str) -> ConsentRecord | None:
    """The decision in force now for one person and purpose (``consents_in_force``)."""
    return consents_in_force([person.pk], [purpose]).get((person.pk, purpose))


def consent_history(person: Person) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(person=person).select_related("recorded_by", "withdraws")


def lawful_bases(person: Person) -> QuerySet[LawfulBasisRecord]:
    return LawfulBasisRecord.objects.filter(person=person).select_related("decided_by")


def involved_users(person: Person) -> list[User]:
    """RightHelp users with a live involvement with the person, directly or through a team."""
    live = InvolvedProfessional.objects.filter(live_involvements(), person=person)
    direct = User.objects.filter(pk__in=live.filter(user__isnull=False).values("user_id"))
    teams = User.objects.filter(
        team_memberships__team_id__in=live.filter(team__isnull=False).values("team_id")
    )
    return list((direct | teams).filter(is_active=True).distinct())
