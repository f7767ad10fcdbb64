"""Step-up consultations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from righthelp.earlyhelp.models.episodes import Episode
from righthelp.earlyhelp.models.meetings import LocalityCase


class StepUpOutcome(models.TextChoices):
    ADVICE = "advice", "Advice, or a joint visit with the locality social worker"
    ACTION_MEETING = "action_meeting", "Discuss at the next early help action meeting"
    FRONT_DOOR = "front_door", "Formal contact to the front door"


class StepUpConsultation(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="step_ups")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worry = models.TextField()
    outcome = models.CharField(max_length=20, choices=StepUpOutcome.choices)
    advice = models.TextField(blank=True)
    joint_visit_on = models.DateField(null=True, blank=True)
    locality_case = models.ForeignKey(
        LocalityCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consulted_at = models.DateTimeField()

    class Meta:
        ordering = ["-consulted_at", "-id"]

    def __str__(self) -> str:
        return f"Step-up consultation {self.pk}"
