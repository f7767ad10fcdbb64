"""Who may reach the early help assessment pages (see ``righthelp/core/tests/access.py``).

The rows use an episode in the cast's locality about a child of its own (not ``cast.child``:
an episode makes its members visible to the people working on it, which would change other
apps' rows), led by ``cast.team_member``. So those who may work on it are the early help
workers of the locality (``team_member``, ``early_help_worker``) and the lead's manager
(``team_manager``). The episode has a draft assessment, so posting "start" again is refused
with a message on the assessment page (a redirect) and nothing changes between roles. Mum's
worry score of 1 raised a step-up prompt; the draft is not ready, so sending it for sign-off is
refused with a redirect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import Row
from righthelp.earlyhelp import assessment_services
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

WORKERS = ["team_member", "team_manager", "early_help_worker"]


def rows(cast: Cast) -> dict[str, Row]:
    child = PersonFactory(given_name="Isla", family_name="Assessment-Matrix")
    episode = make_episode(
        locality=cast.holding_team.organisation.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
    )
    draft = assessment_services.assessment_start(actor=cast.team_member, episode=episode)
    # Mum scored the worry at 1: the worker is asked whether to step up.
    assessment_services.assessment_save(
        actor=cast.team_member,
        assessment=draft,
        expected_version=draft.version,
        scaling_answers=[assessment_services.ScalingAnswerDetails("Mum", 1)],
    )
    prompt = draft.step_up_prompts.get()
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
        "earlyhelp:assessment-sign-off-request": Row(
            reverse("earlyhelp:assessment-sign-off-request", kwargs=on),
            WORKERS,
            method="post",
            ok=frozenset({302}),  # not ready: sent back to the sign-off page with why
        ),
        "earlyhelp:assessment-step-up-prompt": Row(
            reverse("earlyhelp:assessment-step-up-prompt", kwargs={**on, "prompt_pk": prompt.pk}),
            WORKERS,
        ),
        "earlyhelp:outcome-scales": Row(reverse("earlyhelp:outcome-scales", kwargs=on), WORKERS),
    }
