"""Professional disagreements' due work, for My work and the due notifications: each open stage
is due at its first response until that is recorded, then at its resolution
(``selectors.stages_due``). It is its owners', and once overdue the next level's holders' too,
so the scheduled command tells them. Registered with ``workdue`` in the app's ``ready()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from righthelp.escalations.selectors import stages_due, stages_due_queryset
from righthelp.workdue.sources import DueItem, DueSource, Scope, Window, timed


def due_queries(scope: Scope, window: Window) -> Mapping[str, QuerySet[Any]]:
    return {
        "escalation-stage": stages_due_queryset(
            before=window.horizon, now=window.now, user_ids=scope.user_ids()
        )
    }


def due_items(scope: Scope, window: Window) -> list[DueItem]:
    items: list[DueItem] = []
    for due in stages_due(before=window.horizon, now=window.now, user_ids=scope.user_ids()):
        stage = due.stage
        note = ""
        if due.next_level:
            note = (
                f"When a stage is overdue, whoever holds the next level ({due.next_level}) is "
                "told as well as whoever holds this one."
            )
        what = "first response due" if due.awaiting_response else "resolution due"
        items.append(
            timed(
                "escalation-stage",
                stage.pk,
                f"Professional disagreement {due.disagreement.pk}: "
                f"stage {stage.number} ({stage.level}) {what}",
                due.due_at,
                reverse("escalations:detail", args=[due.disagreement.pk]),
                owner_ids=due.owner_ids,
                person_ids=(due.disagreement.child_id,),
                note=note,
                what=f"Professional disagreement: stage {stage.number} ({stage.level}) {what}",
                reference=f"Disagreement {due.disagreement.pk}",
            )
        )
    return items


DUE_SOURCE = DueSource(name="escalations", queries=due_queries, items=due_items)
