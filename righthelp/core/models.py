"""Cross-cutting records: submission keys that make a double-submitted form create one record."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ClosureDay(models.Model):
    """A local closure day (e.g. a council shutdown day) that is not a working day."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"


class SubmissionKey(models.Model):
    """A form's one-time key. The first submission claims it; a repeat finds the same result."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=60)
    result_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.purpose} {self.key}"
