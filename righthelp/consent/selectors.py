"""Reading consent. ``consent_current`` is what the sharing rule in services asks."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentDecision, ConsentRecord, LawfulBasisRecord
from righthelp.people.models import InvolvedProfessional, Person
from righthelp.people.permissions import live_involvements


def consent_current(person: Person, purpose: str) -> ConsentRecord | None:
    """The decision in force for this purpose: the latest given or refused record, unless a
    withdrawal of it exists, in which case the withdrawal."""
    latest = (
        ConsentRecord.objects.filter(person=person, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .first()
    )
    if latest is None:
        return None
    if latest.decision == ConsentDecision.GIVEN and latest.withdrawals.exists():
        return latest.withdrawals.order_by("-recorded_at").first()
    return latest


def consents_current(
    person_ids: Iterable[int], purposes: Iterable[str]
) -> dict[tuple[int, str], ConsentRecord]:
    """``consent_current`` for many people and purposes, in two queries whatever their number:
    keyed by (person id, purpose), only where a record exists."""
    latest: dict[tuple[int, str], ConsentRecord] = {}
    records = ConsentRecord.objects.filter(
        person_id__in=list(person_ids), purpose__in=list(purposes)
    ).order_by("-recorded_at", "-id")
    for record in records:
        latest.setdefault((record.person_id, record.purpose), record)
    given = [r.pk for r in latest.values() if r.decision == ConsentDecision.GIVEN]
    withdrawn: dict[int, ConsentRecord] = {}
    for withdrawal in ConsentRecord.objects.filter(withdraws_id__in=given).order_by("-recorded_at"):
        withdrawn.setdefault(withdrawal.withdraws_id, withdrawal)  # type: ignore[arg-type]
    return {key: withdrawn.get(record.pk, record) for key, record in latest.items()}


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
