"""Early help's answer to "what is open for a child": every member of an open episode.

Registered with ``core.open_work`` in ``EarlyhelpConfig.ready``. Every member counts, child or
adult, whichever child the lead was first agreed for. Whom to contact: the active lead
practitioner, named with their agency, or, while no lead is active, the locality's early help
team. Two queries, whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Sequence

from righthelp.core.open_work import OpenWork, Service
from righthelp.earlyhelp.models import EpisodeMember, EpisodeStatus, LeadPractitioner, LeadStatus

KIND = "early_help_episode"


def open_episodes(person_ids: Sequence[int]) -> list[OpenWork]:
    members = list(
        EpisodeMember.objects.filter(person_id__in=person_ids, episode__status=EpisodeStatus.OPEN)
        .select_related("episode__locality")
        .order_by("episode__opened_at", "episode_id", "person_id")
    )
    if not members:
        return []
    leads = {
        lead.episode_id: lead
        for lead in LeadPractitioner.objects.filter(
            episode_id__in={m.episode_id for m in members},
            status=LeadStatus.ACTIVE,
            practitioner__is_active=True,
        ).select_related("practitioner", "organisation")
    }
    found = []
    for member in members:
        episode = member.episode
        locality = episode.locality.name
        lead = leads.get(episode.pk)
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
            )
        )
    return found
