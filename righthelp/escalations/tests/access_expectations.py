"""Who may reach the disagreement pages (see ``righthelp/core/tests/access.py``).

A disagreement is about a child, so its pages follow the child's record: the people around
``cast.child``. The managers' list is for managers (front door and team managers); the report
(counts only) also for analysts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import AROUND_THE_CHILD, Row
from righthelp.escalations import services
from righthelp.escalations.models import DisagreementKind

if TYPE_CHECKING:
    from conftest import Cast

MANAGERS = ["team_manager", "other_manager", "front_door_manager"]


def rows(cast: Cast) -> dict[str, Row]:
    disagreement = services.disagreement_raise(
        actor=cast.involved,
        child=cast.child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="The plan says no worries about home",
        reason="He comes to school hungry",
        risk="Neglect",
        high_risk=False,
        wanted="A home visit this week",
    )
    return {
        "escalations:list": Row(reverse("escalations:list"), MANAGERS),
        "escalations:report": Row(reverse("escalations:report"), [*MANAGERS, "analyst"]),
        "escalations:raise": Row(
            reverse("escalations:raise", kwargs={"person_id": cast.child.pk}), AROUND_THE_CHILD
        ),
        "escalations:detail": Row(
            reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk}),
            AROUND_THE_CHILD,
        ),
    }
