"""Tasks: work someone must do that no other record holds a due date for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class TaskQueue(models.TextChoices):
    """Whose task it is when it has no owner."""

    OWNER = "", "Its owner"
    FRONT_DOOR = "front_door", "The front door (every front-door worker)"
    LOCALITY = "locality", "The locality's early help workers and team managers"


class Task(models.Model):
    """Something someone must do by a date, that no capability's own record holds a due date
    for: reviewing an episode or a request after consent is withdrawn, for example. It is in its
    owner's (or its queue's) My work until it is completed, with a note of what was done.

    ``person_ids`` are the people it is about, as plain ids (as events keep them), for the access
    log of My work. ``key`` makes setting it idempotent: the same key sets one task.
    """

    key = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    link = models.CharField(max_length=500, blank=True)
    due_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    queue = models.CharField(max_length=20, choices=TaskQueue.choices, blank=True)
    locality = models.ForeignKey(
        "accounts.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["completed_at", "due_on"], name="task_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, queue="")
                | Q(owner__isnull=True, queue="front_door")
                | Q(owner__isnull=True, queue="locality", locality__isnull=False),
                name="task_has_one_owner_or_queue",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, completed_by__isnull=True)
                | Q(completed_at__isnull=False, completed_by__isnull=False),
                name="task_completed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.title
