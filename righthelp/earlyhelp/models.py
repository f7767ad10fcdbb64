"""Early help: the family's journey below the statutory threshold.

An ``Episode`` belongs to the family (every child and adult it concerns, ``EpisodeMember``). It
starts from a front-door decision (``frontdoor.EarlyHelpRequest``), directly when a practitioner
and the family agree, or by stepping down from social care, and ends with a reason and measured
outcomes. A front-door request the locality cannot take up with a new episode is joined to the
family's open one or closed with a reason (``RequestResolution``). Around it: the lead
practitioner (``LeadPractitioner``, active only once everyone has agreed), the early help
assessment (``Assessment``, with Signs of Safety scaling and outcome scales), Team Around the
Family meetings (``TafMeeting``), the multi-agency plan (``Plan``, one row per version), the
locality early help action meetings (``LocalityMeeting``) and step-up consultations
(``StepUpConsultation``).

Models hold data and invariants only; every write is in ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EpisodeOrigin(models.TextChoices):
    FRONT_DOOR = "front_door", "Front-door decision"
    DIRECT = "direct", "Agreed directly with the family"
    STEP_DOWN = "step_down", "Stepped down from children's social care"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class EpisodeLevel(models.TextChoices):
    ADDITIONAL = "additional", "Additional support (level 2)"
    TARGETED = "targeted", "Targeted early help (level 3)"


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    STEPPED_DOWN_UNIVERSAL = "stepped_down_universal", "Stepped down to universal services"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    MOVED_OUT = "moved_out", "Moved out of the area"
    REACHED_ADULTHOOD = "reached_adulthood", "Reached adulthood"
    OTHER = "other", "Other"


class Episode(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    locality = models.ForeignKey("accounts.Locality", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField(max_length=20, choices=EpisodeOrigin.choices)
    early_help_request = models.OneToOneField(
        "frontdoor.EarlyHelpRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="episode",
    )
    stepped_down_from = models.ForeignKey(
        "frontdoor.SocialCareReferral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step_downs",
    )
    # The episode a new one carries on from (the last assessment and plan are its starting point).
    previous_episode = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(max_length=20, choices=EpisodeLevel.choices)
    reason = models.TextField(help_text="Why early help: the worry in plain words.")
    status = models.CharField(
        max_length=10, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN, db_index=True
    )
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When the episode last had no active lead (null while a lead is active): flagged for the
    # locality once older than RIGHTHELP_EARLY_HELP["no_lead_flag_days"].
    without_lead_since = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    closure_reason_other = models.CharField(max_length=300, blank=True)
    closure_summary = models.TextField(blank=True, help_text="The closing summary for the family.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Early help {self.reference}"

    def member_ids(self) -> list[int]:
        """The people in the episode: the subjects of every event about it."""
        return list(self.members.values_list("person_id", flat=True))


class MemberRole(models.TextChoices):
    CHILD = "child", "Child or young person"
    ADULT = "adult", "Parent, carer or other adult"


class EpisodeMember(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="early_help_memberships"
    )
    role = models.CharField(max_length=10, choices=MemberRole.choices)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "person"], name="episode_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.episode_id}"


class RequestResolutionKind(models.TextChoices):
    JOINED = "joined", "Joined to the family's open early help"
    CLOSED = "closed", "Closed with a reason"


class RequestResolution(models.Model):
    """What a locality did with a front-door early help request other than start an episode for
    it: joined it to the episode already open for the family (the request is then taken up by
    that episode), or closed it with a reason. Either way it no longer waits."""

    early_help_request = models.OneToOneField(
        "frontdoor.EarlyHelpRequest", on_delete=models.PROTECT, related_name="resolution"
    )
    kind = models.CharField(max_length=10, choices=RequestResolutionKind.choices)
    episode = models.ForeignKey(
        Episode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined_requests",
        help_text="The open episode a joined request was taken up by.",
    )
    reason = models.TextField(blank=True, help_text="Why a closed request was closed.")
    resolved_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="joined") & Q(episode__isnull=False))
                | (Q(kind="closed") & Q(episode__isnull=True) & ~Q(reason="")),
                name="request_resolution_joined_has_episode_closed_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: request {self.early_help_request_id}"


class LeadStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed: waiting for agreement"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Not agreed"


class LeadPractitioner(models.Model):
    """One row per lead in the episode's history; at most one proposed-or-active at a time."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="leads")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="early_help_leads"
    )
    # The agency the lead is accountable to (their own), kept as it was at the time.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=LeadStatus.choices, db_index=True)
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    practitioner_agreed_at = models.DateTimeField(null=True, blank=True)
    family_agreed_at = models.DateTimeField(null=True, blank=True)
    family_agreed_by = models.CharField(max_length=200, blank=True)
    # Whether the child is of an age and understanding to agree; if so, their agreement counts.
    child_agreement_needed = models.BooleanField(default=True)
    child_agreed_at = models.DateTimeField(null=True, blank=True)
    child_agreed_by = models.CharField(max_length=200, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(status__in=["proposed", "active"]),
                name="lead_one_current_per_episode",
            )
        ]

    def __str__(self) -> str:
        return f"Lead {self.practitioner_id} for {self.episode_id}"


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


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    SUPERSEDED = "superseded", "Replaced by a later version"


class Progress(models.TextChoices):
    MADE = "made", "Progress made"
    SOME = "some", "Some progress"
    NONE = "none", "No progress"


class Plan(models.Model):
    """One version of the family's multi-agency plan. Each review makes a new version; earlier
    versions stay as they were. ``internal_notes`` never appears on the family's copy."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    contingency = models.TextField(
        blank=True, help_text="What will happen if things do not improve or get worse."
    )
    internal_notes = models.TextField(blank=True)
    review_meeting = models.ForeignKey(
        TafMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    progress = models.CharField(max_length=10, choices=Progress.choices, blank=True)
    progress_summary = models.TextField(blank=True)
    progress_measured_by = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The day the family agreed it (agreed_at is when it was recorded); who agreed is in
    # ``family_agreements``.
    agreed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Edit counter for stale saves.")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"Plan version {self.number}"


class PlanFamilyAgreement(models.Model):
    """Someone in the family who agreed a version of the plan, and how they are related."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="family_agreements")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, help_text="For example: mum, Kayden himself.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class PlanOutcome(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(help_text="What will be different for the child, in plain words.")
    measure = models.CharField(max_length=500, blank=True, help_text="How progress is measured.")
    measured_by = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(
        PlanOutcome, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    what = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="When the owner is a family member or not a user."
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(db_index=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.what[:60]


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
