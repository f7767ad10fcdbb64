"""The multi-agency plan in versions, its outcomes and actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from righthelp.earlyhelp.models.episodes import Episode
from righthelp.earlyhelp.models.meetings import TafMeeting


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    SUPERSEDED = "superseded", "Replaced by a later version"


class Progress(models.TextChoices):
    MADE = "made", "Progress made"
    SOME = "some", "Some progress"
    NONE = "none", "No progress"


class Plan(models.Model):
    """One version of the family's multi-agency plan. Each review makes a new version; earlier
    versions stay as they were. ``internal_notes`` never appears on the family's copy."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    contingency = models.TextField(
        blank=True, help_text="What will happen if things do not improve or get worse."
    )
    internal_notes = models.TextField(blank=True)
    review_meeting = models.ForeignKey(
        TafMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    progress = models.CharField(max_length=10, choices=Progress.choices, blank=True)
    progress_summary = models.TextField(blank=True)
    progress_measured_by = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The day the family agreed it (agreed_at is when it was recorded); who agreed is in
    # ``family_agreements``.
    agreed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Edit counter for stale saves.")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"Plan version {self.number}"


class PlanFamilyAgreement(models.Model):
    """Someone in the family who agreed a version of the plan, and how they are related."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="family_agreements")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, help_text="For example: mum, Kayden himself.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class PlanOutcome(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(help_text="What will be different for the child, in plain words.")
    measure = models.CharField(max_length=500, blank=True, help_text="How progress is measured.")
    measured_by = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(
        PlanOutcome, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    what = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="When the owner is a family member or not a user."
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(db_index=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        # Outstanding actions by due date (My work, overdue actions).
        indexes = [
            models.Index(
                fields=["due_on"], condition=~Q(status="done"), name="action_outstanding_due_idx"
            ),
            # An owner's outstanding actions by due date, read from the index alone (My work
            # and the navigation's count for a user or a team manager's team).
            models.Index(
                fields=["owner", "due_on", "id"],
                condition=~Q(status="done"),
                name="action_outstanding_owner_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:60]
