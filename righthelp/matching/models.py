"""What the matcher keeps in the database: blocking keys per person, candidate duplicate pairs,
"not the same person" decisions, and merges (which can be undone)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class MatchKey(models.Model):
    """One blocking key of one person ("dob:2015-03-04", "sx:SANTH:2015", ...): an ordinary
    indexed column, so candidate search runs the same on SQLite and PostgreSQL."""

    # No separate index on person: the (person, key) unique constraint's index serves lookups
    # by person, and a third index on eight million rows slowed loading for nothing.
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="match_key_unique")]
        # (key, person): candidate search reads only this index (an index-only scan), where a
        # key-only index had to visit a table row per person sharing a key.
        indexes = [models.Index(fields=["key", "person"], name="match_key_key_person_idx")]


class CandidateStatus(models.TextChoices):
    OPEN = "open", "To review"
    MERGED = "merged", "Merged"
    NOT_SAME = "not_same", "Not the same person"


class DuplicateCandidate(models.Model):
    """A pair of records that may be the same person, for an administrator to review.
    Nothing is ever merged automatically.

    Found by the nightly search (``services.duplicates_find``), or at once when someone adds a
    new record although a likely match was found ("none of these"): then who said so, when,
    and their reason are kept here for the reviewer."""

    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(db_index=True)
    levels = models.JSONField(default=dict)
    explanation = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN, db_index=True
    )
    found_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    none_of_these_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    none_of_these_at = models.DateTimeField(null=True, blank=True)
    none_of_these_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_unique"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="candidate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.probability:.2f})"


class NotSamePerson(models.Model):
    """A recorded decision that two records are different people: never suggested again."""

    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="not_same_pair_unique"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="not_same_pair_ordered"
            ),
        ]


class PersonMerge(models.Model):
    """``merged`` was folded into ``surviving``. ``moved`` lists every row that was re-pointed
    (and every name whose kind changed) so the merge can be undone exactly."""

    surviving = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} merged into {self.surviving_id}"
