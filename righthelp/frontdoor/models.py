"""The front door: contacts (requests for support, public concerns, self-referrals), anonymous
consultations, decisions with manager sign-off, what a decision creates, and feedback to the
referrer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ContactKind(models.TextChoices):
    REQUEST_FOR_SUPPORT = "request_for_support", "Request for support (practitioner)"
    PUBLIC_CONCERN = "public_concern", "Concern reported by a member of the public"
    SELF_REFERRAL = "self_referral", "Family asking for help"
    API = "api", "Request for support from another agency's system"
    TELEPHONE = "telephone", "Telephone contact (to be confirmed in writing)"
    STEP_UP = "step_up", "Step up from early help"


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECEIVED = "received", "Received"
    IN_TRIAGE = "in_triage", "In triage"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting manager sign-off"
    DECIDED = "decided", "Decided"


OPEN_STATUSES = (ContactStatus.RECEIVED, ContactStatus.IN_TRIAGE, ContactStatus.AWAITING_SIGN_OFF)


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent: needs a decision today"
    SIGNIFICANT_HARM = "significant_harm", "The child may be suffering significant harm"


class Priority(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Contact(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    status = models.CharField(
        max_length=20, choices=ContactStatus.choices, default=ContactStatus.DRAFT, db_index=True
    )
    # Who raised it: a signed-in practitioner, or a member of the public / family.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts_raised",
    )
    referrer_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_relationship = models.CharField(max_length=200, blank=True)
    locality = models.ForeignKey(
        "accounts.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worry = models.TextField(blank=True)
    what_tried = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    referrer_view_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    family_knows = models.BooleanField(null=True, blank=True)
    threshold_evaluation = models.ForeignKey(
        "thresholds.ThresholdEvaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent = models.ForeignKey(
        "consent.ConsentRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lawful_basis = models.ForeignKey(
        "consent.LawfulBasisRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sharing_statement = models.JSONField(
        default=dict,
        blank=True,
        help_text="Consent or lawful basis as stated by a sender whose children are not yet "
        "linked to records (the API): kept until the front door links them and records it.",
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts_assigned",
    )
    created_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decision_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    feedback_due_at = models.DateTimeField(null=True, blank=True)
    # When the referrer was first told (the first Feedback): the "feedback due" item ends then.
    # Kept on the contact so the due items are found through a small partial index, not by
    # checking every contact of the last five years for feedback.
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    written_confirmation_due_at = models.DateTimeField(null=True, blank=True)
    written_confirmation_received_at = models.DateTimeField(null=True, blank=True)
    api_idempotency_key = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referrer_organisation", "api_idempotency_key"],
                condition=~Q(api_idempotency_key=""),
                name="contact_api_idempotency_unique",
            )
        ]
        indexes = [
            models.Index(fields=["status", "decision_due_at"], name="contact_queue_idx"),
            # A referrer's own requests, newest first (My requests).
            models.Index(fields=["referrer", "-created_at", "-id"], name="contact_referrer_idx"),
            # My work's feedback and written-confirmation items: found by when they are due,
            # not by reading every open contact.
            models.Index(
                fields=["feedback_due_at"],
                condition=Q(feedback_sent_at__isnull=True),
                name="contact_feedback_due_idx",
            ),
            models.Index(
                fields=["written_confirmation_due_at"],
                condition=Q(written_confirmation_received_at__isnull=True),
                name="contact_confirmation_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class SubjectRole(models.TextChoices):
    CHILD = "child", "Child the concern is about"
    OTHER_CHILD = "other_child", "Another child in the household or network"
    ADULT = "adult", "Adult in the household or network"


class ContactSubject(models.Model):
    """A person a contact concerns, as the referrer described them, linked to a record once
    the person is found or created."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=20, choices=SubjectRole.choices)
    concern_applies = models.BooleanField(
        default=True, help_text="Think Family: does the concern touch this person too?"
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        if self.person_id:
            return str(self.person)
        return " ".join(p for p in [self.given_name, self.family_name] if p) or "Not named"


class Consultation(models.Model):
    """An anonymous consultation. Deliberately holds no personal data: there is no field for it."""

    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations"
    )
    question = models.TextField()
    threshold_evaluation = models.ForeignKey(
        "thresholds.ThresholdEvaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    advice = models.TextField(blank=True)
    advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_at = models.DateTimeField()
    advised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        indexes = [
            # What a practitioner asked, newest first.
            models.Index(fields=["asked_by", "-asked_at", "-id"], name="consultation_asker_idx"),
        ]

    def __str__(self) -> str:
        return f"Consultation {self.pk}"


class Outcome(models.TextChoices):
    ADVICE = "advice", "No further action: advice given"
    SIGNPOST = "signpost", "Signpost to universal services"
    EARLY_HELP_ADDITIONAL = "early_help_additional", "Early help: additional support"
    EARLY_HELP_TARGETED = "early_help_targeted", "Early help: targeted early help"
    CSC_ASSESSMENT = (
        "csc_assessment",
        "Referral to children's social care: child in need assessment",
    )
    CSC_STRATEGY = "csc_strategy", "Referral to children's social care: strategy discussion"
    ALLOCATED_WORKER = "allocated_worker", "Passed to the already-allocated worker"


EARLY_HELP_OUTCOMES = (Outcome.EARLY_HELP_ADDITIONAL, Outcome.EARLY_HELP_TARGETED)
SOCIAL_CARE_OUTCOMES = (Outcome.CSC_ASSESSMENT, Outcome.CSC_STRATEGY)


class Decision(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    locality = models.ForeignKey(
        "accounts.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    threshold_evaluation = models.ForeignKey(
        "thresholds.ThresholdEvaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rationale = models.TextField()
    differs_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    needs_sign_off = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    sign_off_agreed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        # The few decisions waiting for a sign-off (My work, the navigation's count).
        indexes = [
            models.Index(
                fields=["contact"],
                condition=Q(needs_sign_off=True, signed_off_at__isnull=True),
                name="decision_awaiting_sign_off_idx",
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def in_effect(self) -> bool:
        return not self.needs_sign_off or bool(self.sign_off_agreed)


class EarlyHelpRequest(models.Model):
    """What an early-help decision creates: a request routed to a locality for a lead."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="early_help_request"
    )
    locality = models.ForeignKey("accounts.Locality", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=30, choices=Outcome.choices)
    created_at = models.DateTimeField()
    taken_up_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Early help request for {self.locality}"


class SocialCareReferral(models.Model):
    """What a social-care decision creates: a referral (a contact accepted by social care)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="referral")
    route = models.CharField(max_length=30, choices=Outcome.choices)
    created_at = models.DateTimeField()
    assessment_due_on = models.DateField(null=True, blank=True)

    class Meta:
        # The referrals list, oldest first.
        indexes = [models.Index(fields=["created_at", "id"], name="referral_created_idx")]

    def __str__(self) -> str:
        return f"Referral {self.pk}"


class StepDownRequest(models.Model):
    """Children's social care saying its work with a family is ending and early help should
    take over: who said so, when the work ends, why, and what support is still needed.

    A referral waits to step down (``earlyhelp.selectors.step_downs_waiting``) only once it has
    one of these, never merely because it was accepted. Written only by
    ``frontdoor.services.step_down_request``; one per referral.
    """

    referral = models.OneToOneField(
        SocialCareReferral, on_delete=models.PROTECT, related_name="step_down_request"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    work_ends_on = models.DateField(help_text="When children's social care's work ends.")
    # The early help locality the family is handed to.
    locality = models.ForeignKey("accounts.Locality", on_delete=models.PROTECT, related_name="+")
    why = models.TextField(help_text="Why children's social care's work is ending.")
    support_needed = models.TextField(help_text="What support the family still needs.")

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Step-down request for referral {self.referral_id}"


class FeedbackChannel(models.TextChoices):
    IN_APP = "in_app", "In RightHelp (and e-mailed to their account)"
    EMAIL = "email", "By e-mail"
    TELEPHONE = "telephone", "By telephone"


class Feedback(models.Model):
    """What the referrer was told, in words fit for them, how and when. A row exists only once
    they have actually been told: sent in the app or by e-mail, or telephoned and recorded by
    the front-door worker who rang them."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="feedback")
    message = models.TextField()
    channel = models.CharField(
        max_length=20,
        choices=FeedbackChannel.choices,
        blank=True,
        help_text="Blank for feedback recorded before the channel was kept.",
    )
    sent_to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_to_email = models.EmailField(blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Feedback on {self.contact}"


class PublicSubmission(models.Model):
    """One row per public form post, to rate-limit by a hash of the sender's address."""

    sender_hash = models.CharField(max_length=64, db_index=True)
    submitted_at = models.DateTimeField(db_index=True)


class ThinkFamilyNotice(models.Model):
    """Think Family: a professional of another child living in the household of someone a
    contact concerns, and whether they were told (once per contact) or, where sharing was not
    lawful, why not. One row per (contact, child, professional); a "not told" row is checked
    again, and becomes "told", when the contact's people are linked or consent is recorded."""

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="think_family_notices"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=200, help_text="Their role with the child.")
    agency_kind = models.CharField(max_length=40)
    told_at = models.DateTimeField(null=True, blank=True)
    not_told_reason = models.TextField(blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["contact", "child", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "child", "recipient"], name="think_family_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"Think Family notice {self.pk}"


class StepUpHandover(models.Model):
    """What a step-up from early help hands to the front door with its contact: links to the
    episode, its assessment (the latest signed off, else the one in progress, marked as such)
    and the version of its plan that was agreed when it was stepped up (never a draft).

    The records stay where they are, in early help; whoever may open the handover
    (``permissions.can_open_handover``) reads them from the contact, read-only, each read
    logged with the contact as its reason (``earlyhelp.handover_selectors``). Written only by
    ``frontdoor.services.step_up_contact_build``.
    """

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="handover")
    episode = models.ForeignKey("earlyhelp.Episode", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        "earlyhelp.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whether the assessment was signed off when the family was stepped up (else in progress).
    assessment_completed = models.BooleanField(default=False)
    plan = models.ForeignKey(
        "earlyhelp.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handed_over_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Handover with {self.contact}"
