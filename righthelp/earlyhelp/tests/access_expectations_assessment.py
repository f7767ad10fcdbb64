"""Who may reach the early help assessment pages (see ``righthelp/core/tests/access.py``).

The rows use an episode in the cast's locality about a child of its own (not ``cast.child``:
an episode makes its members visible to the people working on it, which would change other
apps' rows), led by ``cast.team_member``. So those who may work on it are the early help
workers of the locality (``team_member``, ``early_help_worker``) and the lead's manager
(``team_manager``). The episode has a draft assessment, so posting "start" again is refused
with a message on the assessment page (a redirect) and nothing changes between roles.
"""

from __future__ import annotations

from django.urls import reverse

from righthelp.core.tests.access import Row
from righthelp.earlyhelp import assessment_services
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

WORKERS = ["team_member", "team_manager", "early_help_worker"]


def rows(cast) -> dict[str, Row]:  # type: ignore[no-untyped-def]
    child = PersonFactory(given_name="Isla", family_name="Assessment-Matrix")
    episode = make_episode(
        locality=cast.holding_team.organisation.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
    )
    assessment_services.assessment_start(actor=cast.team_member, episode=episode)
    on = {"episode_pk": episode.pk}
    return {
        "earlyhelp:assessment": Row(reverse("earlyhelp:assessment", kwargs=on), WORKERS),
        "earlyhelp:assessment-start": Row(
            reverse("earlyhelp:assessment-start", kwargs=on),
            WORKERS,
            method="post",
            ok=frozenset({302}),
        ),
        "earlyhelp:assessment-section": Row(
            reverse("earlyhelp:assessment-section", kwargs={**on, "section": "history"}), WORKERS
        ),
        "earlyhelp:assessment-complete": Row(
            reverse("earlyhelp:assessment-complete", kwargs=on), WORKERS
        ),
        "earlyhelp:outcome-scales": Row(reverse("earlyhelp:outcome-scales", kwargs=on), WORKERS),
    }
