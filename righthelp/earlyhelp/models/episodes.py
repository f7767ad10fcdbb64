"""Episodes, their members, requests joined or closed, and lead practitioners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


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
        # The episodes a user leads now (My work, the navigation's count): an index-only
        # lookup per practitioner among the active leads, not every lead of five years.
        indexes = [
            models.Index(
                fields=["practitioner", "episode"],
                condition=Q(status="active"),
                name="lead_active_practitioner_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Lead {self.practitioner_id} for {self.episode_id}"
