"""Early help's answer to "what is open for a child": every member of an open episode.

Registered with ``core.open_work`` in ``EarlyhelpConfig.ready``. Every member counts, child or
adult, whichever child the lead was first agreed for. Whom to contact: the active lead
practitioner, named with their agency, or, while no lead is active, the locality's early help
team. Early help rests on consent: a withdrawal sets a review for the current lead (proposed or
active), or, with none, the worker who started the episode, and tells them both. Two queries,
whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.urls import reverse

from righthelp.core.open_work import OpenWork, Service
from righthelp.earlyhelp.models import EpisodeMember, EpisodeStatus, LeadPractitioner, LeadStatus

KIND = "early_help_episode"


def open_memberships(person_ids: Sequence[int]) -> QuerySet[EpisodeMember]:
    """Who of ``person_ids`` is in which open episode: what ``open_episodes`` answers, as rows
    (for a list that needs only the ids, without the rest of the answer)."""
    return EpisodeMember.objects.filter(
        person_id__in=person_ids, episode__status=EpisodeStatus.OPEN
    )


def open_episodes(person_ids: Sequence[int]) -> list[OpenWork]:
    members = list(
        open_memberships(person_ids)
        .select_related("episode__locality")
        .order_by("episode__opened_at", "episode_id", "person_id")
    )
    if not members:
        return []
    leads: dict[int, LeadPractitioner] = {}
    current: dict[int, LeadPractitioner] = {}  # proposed or active: who reviews the work
    for each in LeadPractitioner.objects.filter(
        episode_id__in={m.episode_id for m in members},
        status__in=(LeadStatus.PROPOSED, LeadStatus.ACTIVE),
        practitioner__is_active=True,
    ).select_related("practitioner", "organisation"):
        if each.status == LeadStatus.ACTIVE:
            leads[each.episode_id] = each
        current.setdefault(each.episode_id, each)
        if each.status == LeadStatus.ACTIVE:
            current[each.episode_id] = each
    found = []
    for member in members:
        episode = member.episode
        locality = episode.locality.name
        lead = leads.get(episode.pk)
        reviewer = current.get(episode.pk)
        told = [(episode.opened_by_id, f"early help worker for {episode.reference}")]
        if reviewer is not None:
            told.insert(0, (reviewer.practitioner_id, f"lead practitioner for {episode.reference}"))
        if lead is not None:
            name = lead.practitioner.display_name
            contact = f"contact the lead practitioner, {name} ({lead.organisation.name})"
            summary = f"Open to early help in {locality} locality"
        else:
            name = ""
            contact = f"contact the early help team for {locality} locality"
            summary = (
                f"Open to early help in {locality} locality, while a lead practitioner is agreed"
            )
        found.append(
            OpenWork(
                person_id=member.person_id,
                kind=KIND,
                object_id=episode.pk,
                service=Service.EARLY_HELP,
                summary=summary,
                contact=contact,
                reference=episode.reference,
                lead=name,
                locality=locality,
                open_to_service=True,
                since=episode.opened_at,
                label=f"early help {episode.reference}",
                link=reverse("earlyhelp:episode", args=[episode.pk]),
                owner_id=reviewer.practitioner_id if reviewer else episode.opened_by_id,
                told=tuple(told),
            )
        )
    return found
