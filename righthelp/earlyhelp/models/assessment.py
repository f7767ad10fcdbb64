"""The early help assessment, children's voices, the step-up prompt and outcome scores."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from righthelp.earlyhelp.models.episodes import Episode


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed and signed off"


class Assessment(models.Model):
    """The early help assessment, done with the family.

    ``dimensions`` holds strengths and needs per Assessment Triangle dimension:
    ``{"<dimension code>": {"strengths": "...", "needs": "..."}}`` with the codes in
    ``TRIANGLE_DIMENSIONS``. A new episode's assessment starts as a copy of the last one
    (``based_on``), never a blank form.
    """

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    dimensions = models.JSONField(default=dict)
    protective_factors = models.TextField(blank=True)
    risk_factors = models.TextField(blank=True)
    # Every child's voice as one text ("Name: what they said"), written from ``ChildVoice`` by
    # the assessment services for readers that carry it elsewhere (the step-up contact). Before
    # voices were kept per child, this was the one box for all the children.
    child_voice = models.TextField(blank=True, help_text="The child's views, in their own words.")
    lived_experience = models.TextField(blank=True)
    parents_views = models.TextField(blank=True)
    history = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    threshold_evaluation = models.ForeignKey(
        "thresholds.ThresholdEvaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommended_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    significant_harm_suspected = models.BooleanField(default=False)
    # Signs of Safety conversation.
    working_well = models.TextField(blank=True)
    worried_about = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Sent to a manager for sign-off (when a manager other than its authors must sign it off).
    sign_off_requested_at = models.DateTimeField(null=True, blank=True)
    sign_off_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-id"]
        # Drafts by due date (My work): a council's finished assessments are never read.
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(status="draft"), name="assessment_draft_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"


class ChildVoice(models.Model):
    """One child's voice in an assessment: what they said, in their own words (or, for a baby
    or a child who cannot say, what was seen of them). One per child in the episode."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="child_voices"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    voice = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="child_voice_one_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"Voice of {self.person_id} in assessment {self.assessment_id}"


class StepUpChoice(models.TextChoices):
    STEP_UP = "step_up", "Step up now: talk to the locality social worker"
    NOT_NOW = "not_now", "Not now"


class StepUpPrompt(models.Model):
    """A Signs of Safety scaling score at or below
    ``RIGHTHELP_EARLY_HELP["step_up_prompt_at_or_below"]`` (0 or 1), from anyone, prompts the
    worker to consider stepping up; this is the prompt and what the worker chose."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="step_up_prompts"
    )
    # The answers that raised it: [{"asked": "Mum", "score": 1}, ...].
    scores = models.JSONField(default=list)
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(max_length=10, choices=StepUpChoice.choices, blank=True)
    reason = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Step-up prompt {self.pk}"


TRIANGLE_DIMENSIONS = (
    ("health", "Health"),
    ("education", "Education and learning"),
    ("emotional_development", "Emotional and behavioural development"),
    ("identity", "Identity, self-esteem and self-image"),
    ("relationships", "Family and social relationships"),
    ("self_care", "Self-care skills and independence"),
    ("basic_care", "Basic care, safety and protection"),
    ("emotional_warmth", "Emotional warmth and stability"),
    ("guidance", "Guidance, boundaries and stimulation"),
    ("family_history", "Family history, functioning and wellbeing"),
    ("wider_family", "Wider family"),
    ("housing_income", "Housing, employment and financial considerations"),
    ("community", "Social and community elements and resources"),
)


class ScalingAnswer(models.Model):
    """Signs of Safety "how worried are we?": 0 (so worried the child cannot stay) to 10
    (safe enough to close), one per person asked."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scaling_answers"
    )
    asked = models.CharField(max_length=200, help_text="Who was asked, e.g. 'Mum', 'School'.")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    why = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.asked}: {self.score}"


class ScoreOccasion(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    REVIEW = "review", "Review"
    CLOSURE = "closure", "Closure"


class OutcomeScore(models.Model):
    """One area of the outcome scales (``RIGHTHELP_EARLY_HELP["outcome_areas"]``), 1–10,
    scored with the family on an occasion; repeated at reviews so progress can be drawn."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="outcome_scores")
    occasion = models.CharField(max_length=12, choices=ScoreOccasion.choices)
    area = models.CharField(max_length=100)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # When the family and worker scored it (may be earlier than it was typed in: scored_at).
    measured_on = models.DateField(default=timezone.localdate)
    scored_at = models.DateTimeField()
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["measured_on", "scored_at", "id"]

    def __str__(self) -> str:
        return f"{self.area}: {self.score}"
