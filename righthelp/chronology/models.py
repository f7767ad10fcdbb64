"""Chronology entries that practitioners add by hand, beside the typed events of every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Significance(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SIGNIFICANT = "significant", "Significant"
    CRITICAL = "critical", "Critical"


class ChronologyEntry(models.Model):
    """Something that happened to a child, as an agency recorded it.

    Entries are never edited: a correction is a new entry whose ``amends`` points at the entry
    it corrects, and both stay on the chronology.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="chronology_entries"
    )
    occurred_on = models.DateField()
    what_happened = models.TextField()
    source_agency = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="chronology_entries"
    )
    significance = models.CharField(max_length=20, choices=Significance.choices)
    impact_on_child = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-id"]
        indexes = [
            models.Index(
                fields=["person", "-occurred_on", "-recorded_at"], name="chron_entry_person_date"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amends=models.F("id")), name="chron_entry_not_self_amend"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.what_happened[:40]}"
