"""Team Around the Family meetings and their invitees, and locality meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from righthelp.earlyhelp.models.episodes import Episode, LeadPractitioner


class MeetingKind(models.TextChoices):
    INITIAL = "initial", "First Team Around the Family meeting"
    REVIEW = "review", "Review"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class TafMeeting(models.Model):
    """A Team Around the Family (or Young Person) meeting."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=10, choices=MeetingKind.choices)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    due_on = models.DateField(help_text="When the timescale says it must be held by.")
    scheduled_for = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    discussion = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Entered after it was held (a date already past, confirmed by the worker): nobody is
    # invited to it.
    recorded_afterwards = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["scheduled_for", "id"]
        # Planned meetings by due date (My work): held and cancelled ones are never read.
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(status="planned"), name="meeting_planned_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.scheduled_for:%d %B %Y}"


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class TafInvitee(models.Model):
    """A practitioner (``user``) or family member (``person``) invited to a meeting."""

    meeting = models.ForeignKey(TafMeeting, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="taf_invitations",
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )
    agency_update = models.TextField(blank=True)
    update_added_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(person__isnull=False),
                name="taf_invitee_is_someone",
            )
        ]

    def __str__(self) -> str:
        return f"Invitee {self.pk}"


class LocalityMeeting(models.Model):
    """A locality early help action meeting: cases that are stuck, rising or have no lead."""

    locality = models.ForeignKey("accounts.Locality", on_delete=models.PROTECT, related_name="+")
    meets_on = models.DateField(db_index=True)
    location = models.CharField(max_length=300, blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-meets_on", "-id"]

    def __str__(self) -> str:
        return f"Early help action meeting {self.meets_on:%d %B %Y}"


class CaseReason(models.TextChoices):
    STUCK = "stuck", "Stuck: the plan is not making a difference"
    RISING = "rising", "Concern is rising"
    NO_LEAD = "no_lead", "No lead practitioner can be found"
    STEP_DOWN = "step_down", "Stepping down from social care: a lead is needed"


class LocalityCase(models.Model):
    meeting = models.ForeignKey(LocalityMeeting, on_delete=models.PROTECT, related_name="cases")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="locality_cases")
    reason = models.CharField(max_length=12, choices=CaseReason.choices)
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    new_lead = models.ForeignKey(
        LeadPractitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_up = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "episode"], name="locality_case_unique")
        ]

    def __str__(self) -> str:
        return f"{self.episode} at {self.meeting}"
