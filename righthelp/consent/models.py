"""Consent to share, and the lawful basis for sharing without it. Both are added, never edited:
a withdrawal is a new record that points at the consent it withdraws."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ConsentPurpose(models.TextChoices):
    EARLY_HELP = "early_help", "A request for early help and support"
    INFORMATION_SHARING = "information_sharing", "Sharing information between agencies"
    ASSESSMENT = "assessment", "An early help assessment with the family"


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentGiver(models.TextChoices):
    PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
    CHILD = "child", "The child or young person (with capacity to decide)"
    ADULT = "adult", "The adult themselves"


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", "Verbally"
    WRITTEN = "written", "In writing"
    ELECTRONIC = "electronic", "Electronically (e-mail, online form)"


# Who consent can cover: kinds of agency (accounts.OrganisationKind values) or everyone.
ALL_AGENCIES = "all"


class Explained(models.TextChoices):
    """What the person was told before deciding: consent is informed only if all four were."""

    WHAT = "what", "What information will be shared"
    WHO = "who", "Who it will be shared with"
    WHY = "why", "Why it will be shared"
    NEXT = "next", "What will happen next, and that they can change their mind"


class ValiditySource(models.TextChoices):
    """Where the answers about valid consent (voluntary, informed, capacity) come from."""

    RECORDED = "recorded", "Asked and recorded in RightHelp"
    STATED_BY_SENDER = "stated_by_sender", "Stated by the agency that sent the request"
    BEFORE_VALIDITY_QUESTIONS = (
        "before_validity_questions",
        "Recorded before RightHelp asked whether consent was voluntary and informed",
    )


class ConsentRecord(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="consent_records"
    )
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    given_by = models.CharField(max_length=20, choices=ConsentGiver.choices)
    given_by_name = models.CharField(max_length=200)
    share_with = models.JSONField(
        default=list, help_text="Kinds of agency (or 'all') the consent covers."
    )
    method = models.CharField(max_length=15, choices=ConsentMethod.choices)
    decided_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    withdraws = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="withdrawals"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    # Valid consent (seed 002): voluntary, informed (Explained) and given with capacity. Null
    # where it was never asked (ValiditySource says why), never guessed.
    validity_source = models.CharField(
        max_length=30, choices=ValiditySource.choices, default=ValiditySource.RECORDED
    )
    voluntary = models.BooleanField(null=True, blank=True)
    explained = models.JSONField(default=list, blank=True, help_text="Explained values.")
    giver_has_capacity = models.BooleanField(null=True, blank=True)
    capacity_judged = models.TextField(
        blank=True, help_text="How the giver's capacity (a child's understanding) was judged."
    )
    # A child deciding for themselves below RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE: who assessed
    # their competence, how, and when.
    competence_assessed_by = models.CharField(max_length=200, blank=True)
    competence_assessed_how = models.TextField(blank=True)
    competence_assessed_on = models.DateField(null=True, blank=True)
    # A parent's consent where the framework asks for the child's too: why the child was not
    # asked themselves (their age or understanding, say).
    child_not_asked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="withdrawn", withdraws__isnull=False)
                | (~Q(decision="withdrawn") & Q(withdraws__isnull=True)),
                name="consent_withdrawal_points_at_consent",
            ),
            # Consent given and recorded here was voluntary and given with capacity.
            models.CheckConstraint(
                condition=~Q(decision="given", validity_source="recorded")
                | Q(voluntary=True, giver_has_capacity=True),
                name="consent_given_is_voluntary_with_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()}"

    def covers(self, agency_kind: str) -> bool:
        return ALL_AGENCIES in self.share_with or agency_kind in self.share_with


class LawfulBasisKind(models.TextChoices):
    SAFEGUARDING = (
        "safeguarding",
        "Safeguarding: reasonable cause to suspect the child is suffering, or likely to suffer, "
        "significant harm",
    )
    PREVENTION_OF_CRIME = "prevention_of_crime", "Preventing or detecting a serious crime"


class LawfulBasisRecord(models.Model):
    """Sharing without consent: who decided, why, and whether the parents were told."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="lawful_bases"
    )
    basis = models.CharField(max_length=30, choices=LawfulBasisKind.choices)
    reasons = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    parents_told = models.BooleanField()
    not_told_reason = models.TextField(
        blank=True, help_text="Why telling the parents would increase the risk to the child."
    )
    context = models.CharField(max_length=100, blank=True)
    # The kinds of agency (accounts.OrganisationKind values) this basis is for: it lets only
    # them see what would otherwise need consent.
    share_with = models.JSONField(default=list)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parents_told=True) | ~Q(not_told_reason=""),
                name="lawful_basis_not_told_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return self.get_basis_display()

    def covers(self, agency_kind: str) -> bool:
        return agency_kind in self.share_with
