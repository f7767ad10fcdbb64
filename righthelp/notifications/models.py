"""Notifications: what a user has been told, in the app and by e-mail, at most once each for a
recipient and key. Any capability sends them (``services.notification_send``); this app knows
nothing of what they are about."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    ALLOCATION = "allocation", "New allocation"
    SIGN_OFF_NEEDED = "sign_off_needed", "Sign-off needed"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    FEEDBACK_ARRIVED = "feedback_arrived", "Feedback arrived"
    ESCALATION_RAISED = "escalation_raised", "Escalation raised against you"
    THINK_FAMILY = "think_family", "A concern in the household of a child you work with"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    LEAD_PROPOSED = "lead_proposed", "Proposed as lead practitioner"
    MEETING_INVITATION = "meeting_invitation", "Invited to a meeting"
    MEETING_CHANGED = "meeting_changed", "Meeting moved or cancelled"
    ACTION_OWNER = "action_owner", "Plan action for you"
    EPISODE_CLOSED = "episode_closed", "Early help closed"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    # What makes this notice unique for its recipient, e.g. "overdue:contact-decision:12:<due>":
    # the unique constraint below is what makes every notice go out at most once.
    key = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table it has had since it lived in ``workdue``: moving the model moved no data.
        db_table = "workdue_notification"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.subject}"
