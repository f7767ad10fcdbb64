"""Typed domain events and the access log. Both are append-only, enforced by the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from righthelp.audit.events import AccessAction, Verb


class Event(models.Model):
    """Something that happened, recorded by the service that made it happen."""

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the system itself (scheduled commands, imports).",
    )
    verb = models.CharField(max_length=60, choices=Verb.choices, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class EventSubject(models.Model):
    """A person an event is about. A plain id, so history survives any later merge."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="subjects")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person_id"], name="event_subject_unique")
        ]


class AccessRecord(models.Model):
    """One read of personal data: who, which people, what, when, and why where known."""

    accessed_at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    action = models.CharField(max_length=40, choices=AccessAction.choices)
    path = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-accessed_at", "-id"]


class AccessRecordPerson(models.Model):
    access_record = models.ForeignKey(AccessRecord, on_delete=models.PROTECT, related_name="people")
    person_id = models.BigIntegerField(db_index=True)
