"""Framework versions and recorded threshold evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FrameworkVersion(models.Model):
    """One version of a framework file as uploaded by an administrator.

    Shipped frameworks are read from ``frameworks/<slug>.json``; an upload with a higher version
    number supersedes the shipped one. Versions are never edited or removed, so every recorded
    evaluation can be read against exactly the framework it used.
    """

    slug = models.SlugField(max_length=100)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    text = models.TextField(help_text="The framework file exactly as uploaded.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class ThresholdEvaluation(models.Model):
    """What a practitioner ticked, what the framework suggested, what they decided, and why."""

    framework_slug = models.SlugField(max_length=100)
    framework_version = models.PositiveIntegerField()
    needs = models.JSONField(default=list)
    strengths = models.JSONField(default=list)
    severe = models.JSONField(default=list)
    inputs = models.JSONField(default=dict, help_text="Age, unborn, disability, key answers.")
    suggested_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    immediate_referral = models.BooleanField(default=False)
    act_now = models.TextField(
        blank=True,
        help_text="What to do now if significant harm is suspected, as the framework said it "
        "with this (top-level) suggestion; blank below the top level.",
    )
    reasons = models.JSONField(default=list)
    decided_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_reason = models.TextField(blank=True)
    person_ids = models.JSONField(default=list, help_text="The children it is about, if any.")
    context = models.CharField(
        max_length=100, blank=True, help_text="What it informs, e.g. request-for-support:12."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.framework_slug} v{self.framework_version}: {self.suggested_scale}"

    @property
    def differs(self) -> bool:
        return self.decided_scale is not None and self.decided_scale != self.suggested_scale
