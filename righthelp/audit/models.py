"""Typed domain events, the access log, and alerts about unusual reads for the information
governance lead. All are append-only, enforced by the database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from righthelp.audit.events import AccessAction, Verb


class UnknownVerb(ValueError):
    """Raised when an event would be recorded with a verb ``Verb`` does not list."""


def verb_of(value: str) -> Verb:
    """The ``Verb`` a stored or given value names; refuses anything ``Verb`` does not list."""
    try:
        return Verb(value)
    except ValueError:
        raise UnknownVerb(f"{value!r} is not a kind of event RightHelp records.") from None


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
    # No ``choices``: the verb is checked against ``Verb`` in Python (``clean`` and ``save``), so
    # a capability adds a verb without a migration re-listing every one.
    verb = models.CharField(max_length=60, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        verb_of(self.verb)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        try:
            verb_of(self.verb)
        except UnknownVerb as error:
            raise ValidationError({"verb": str(error)}) from error

    def get_verb_display(self) -> str:
        """How the verb reads (``Verb``'s label), as a field with choices would say it."""
        return verb_of(self.verb).label


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
        # One user's reads of one kind over time: the burst watch counts them on every watched
        # read, and the access alerts list them.
        indexes = [
            models.Index(fields=["user", "action", "accessed_at"], name="accessrecord_user_idx")
        ]


class AccessRecordPerson(models.Model):
    access_record = models.ForeignKey(AccessRecord, on_delete=models.PROTECT, related_name="people")
    person_id = models.BigIntegerField(db_index=True)


class AccessAlert(models.Model):
    """Many reads of one kind by one user in a short time (more than ``read_limit`` within
    ``window_minutes``), raised once per burst for the information governance lead.

    The reads stay where they are, in the access log: those of the burst carry this alert's id
    in their ``detail["access_alert"]`` (the ones before it was raised are the ``reads_when_raised
    - 1`` reads of the same kind from ``window_start``). Append-only, like the log itself.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40, choices=AccessAction.choices)
    raised_at = models.DateTimeField(db_index=True)
    window_start = models.DateTimeField(help_text="When the first read counted was made.")
    reads_when_raised = models.PositiveIntegerField()
    read_limit = models.PositiveIntegerField()
    window_minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["user", "-raised_at"], name="accessalert_user_idx")]

    def __str__(self) -> str:
        return f"Access alert {self.pk}"


class AccessAlertReview(models.Model):
    """The information governance lead's review of an alert. Never edited: a later review of the
    same alert adds to it (the newest is the current one)."""

    alert = models.ForeignKey(AccessAlert, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Review of access alert {self.alert_id}"
