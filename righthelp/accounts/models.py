"""Agencies, teams, localities, users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    FRONT_DOOR_WORKER = "front_door_worker", "Front-door worker"
    FRONT_DOOR_MANAGER = "front_door_manager", "Front-door manager"
    EARLY_HELP_WORKER = "early_help_worker", "Early help worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    INFORMATION_GOVERNANCE_LEAD = "information_governance_lead", "Information governance lead"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that work with named children and families. Analysts see aggregates; administrators
# run the system; information governance leads review the access log's alerts. None of them
# sees a child's record by virtue of the role alone.
CASEWORK_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.FRONT_DOOR_WORKER,
        Role.FRONT_DOOR_MANAGER,
        Role.EARLY_HELP_WORKER,
        Role.TEAM_MANAGER,
    }
)


class Locality(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Local authority children's social care"
    EARLY_HELP = "early_help", "Early help service"
    SCHOOL = "school", "School"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    ADULT_SERVICES = "adult_services", "Adult services"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=OrganisationKind.choices)
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class User(AbstractUser):
    """A person who signs in: a practitioner of some agency, a manager, an analyst or an admin."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def role_set(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set() & set(roles))


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ApiToken(models.Model):
    """A token another agency's system uses to call RightHelp's API on behalf of its organisation.

    Only a hash of the token is stored; the token itself is shown once, when issued.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tokens")
    name = models.CharField(max_length=200, help_text="Which system uses it.")
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-issued_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name}, {self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class TeamMembership(models.Model):
    class Position(models.TextChoices):
        MEMBER = "member", "Member"
        MANAGER = "manager", "Manager"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="team_memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="team_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"
