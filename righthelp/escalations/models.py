"""Professional disagreements between agencies about a child, and the stages they climb."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DisagreementKind(models.TextChoices):
    FRONT_DOOR_DECISION = (
        "front_door_decision",
        "A front-door decision not to accept a referral",
    )
    WORRY_NOT_SHARED = "worry_not_shared", "A worry not shared by the allocated worker"
    OTHER = "other", "Another professional disagreement"


class DisagreementStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class StageOutcome(models.TextChoices):
    UPHELD = "upheld", "Resolved: the disagreement is upheld and the decision changes"
    RESOLVED = "resolved", "Resolved"
    ESCALATE = "escalate", "Not resolved: escalate to the next level"
    COULD_NOT_REACH = "could_not_reach", "Could not be reached: gone straight to a higher level"


# Outcomes that end a disagreement.
RESOLVING_OUTCOMES = (StageOutcome.UPHELD, StageOutcome.RESOLVED)


class Disagreement(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    about_contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about_decision = models.ForeignKey(
        "frontdoor.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=DisagreementKind.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disagree_with = models.TextField()
    reason = models.TextField()
    high_risk = models.BooleanField(default=False)
    risk = models.TextField()
    wanted = models.TextField()
    status = models.CharField(
        max_length=20,
        choices=DisagreementStatus.choices,
        default=DisagreementStatus.OPEN,
        db_index=True,
    )
    # The partnership whose ladder it climbs (a key of ``ladders.json``), and the ladder itself,
    # as they were when it was raised.
    partnership = models.CharField(max_length=60, default="default")
    ladder = models.JSONField(default=list)
    current_stage_number = models.PositiveSmallIntegerField(default=1)
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    # Whether the resolution upheld the disagreement (the disputed decision changes); None while
    # open, and for disagreements resolved before this was asked.
    upheld = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            # Managers' list of open disagreements, oldest first.
            models.Index(fields=["status", "raised_at", "id"], name="disagreement_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="open", resolved_at__isnull=True)
                    | models.Q(status="resolved", resolved_at__isnull=False)
                ),
                name="disagreement_resolved_at_matches_status",
            ),
            models.CheckConstraint(
                condition=models.Q(upheld__isnull=True) | models.Q(status="resolved"),
                name="disagreement_upheld_only_when_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"Disagreement {self.pk}"


class Stage(models.Model):
    disagreement = models.ForeignKey(Disagreement, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=100)
    opened_at = models.DateTimeField()
    respond_by = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    conversation = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=StageOutcome.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The holder's first response (due by ``respond_by``), before the stage is decided.
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # Why this stage opened above the levels below it ("could not reach" them), if it did.
    reached_directly_because = models.TextField(blank=True)
    # Who holds this stage, and who holds the level above (told if the stage runs late), as they
    # were when the stage opened: see ``selectors.level_holders``.
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="escalation_stages_held"
    )
    next_level_holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    # Who is told and involved on the raiser's side at this level (a ladder with the referrer's
    # side, such as Nottingham's): see ``selectors.referrer_side_holders``.
    referrer_side = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["disagreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["disagreement", "number"], name="stage_number_unique")
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.level}"


class LadderHolder(models.Model):
    """A user who holds a level of the escalation ladder (say, "Service manager") for their
    agency. Worker and team manager levels need no rows: they follow from who holds the work.
    On the raiser's side of a ladder that has one, an agency's holders are its equivalents at
    each level, and its "Safeguarding lead"."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="ladder_holders"
    )
    level = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ladder_levels"
    )

    class Meta:
        ordering = ["organisation__name", "level", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "level", "user"], name="ladder_holder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} for {self.organisation_id}: {self.user_id}"
