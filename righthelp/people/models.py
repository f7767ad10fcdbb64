"""Children, adults and unborn babies; their names, addresses, relationships, households and the
professionals involved with them."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from righthelp.matching.normalise import SPECIAL_LETTERS


def normalise_name(value: str) -> str:
    """Lower case, no accents, punctuation and spacing folded: "O'Brien-Smyth" -> "obrien smyth",
    "Zoë Łukasz" -> "zoe lukasz" (letters such as "ł" and "ø", which Unicode does not decompose,
    folded as the matcher folds them)."""
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(SPECIAL_LETTERS))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else (" " if c in " -" else "") for c in letters.lower())
    return " ".join(cleaned.split())


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"
    UNBORN = "unborn", "Unborn baby"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INDETERMINATE = "indeterminate", "Indeterminate"
    UNKNOWN = "unknown", "Not known"


class Ethnicity(models.TextChoices):
    """Department for Education ethnicity codes (main and common extended codes)."""

    WBRI = "WBRI", "White – British"
    WIRI = "WIRI", "White – Irish"
    WIRT = "WIRT", "White – Traveller of Irish heritage"
    WROM = "WROM", "White – Gypsy/Roma"
    WOTH = "WOTH", "White – any other White background"
    MWBC = "MWBC", "Mixed – White and Black Caribbean"
    MWBA = "MWBA", "Mixed – White and Black African"
    MWAS = "MWAS", "Mixed – White and Asian"
    MOTH = "MOTH", "Mixed – any other mixed background"
    AIND = "AIND", "Asian or Asian British – Indian"
    APKN = "APKN", "Asian or Asian British – Pakistani"
    ABAN = "ABAN", "Asian or Asian British – Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British – any other Asian background"
    BCRB = "BCRB", "Black or Black British – Caribbean"
    BAFR = "BAFR", "Black or Black British – African"
    BOTH = "BOTH", "Black or Black British – any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Person(models.Model):
    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=15, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(
        max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT, blank=True
    )
    first_language = models.CharField(max_length=100, blank=True)
    disability = models.BooleanField(default=False)
    disability_details = models.CharField(max_length=500, blank=True)
    nhs_number = models.CharField(max_length=10, null=True, blank=True, unique=True)
    upn = models.CharField("Unique Pupil Number", max_length=13, null=True, blank=True, unique=True)
    local_person_id = models.CharField(max_length=40, unique=True)
    # Search columns, kept in step by the services that write names.
    given_name_normalised = models.CharField(max_length=100, blank=True, db_index=True)
    family_name_normalised = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    restricted = models.BooleanField(
        default=False,
        help_text="A restricted record (e.g. an adopted child's previous identity): matched, "
        "but never explained in detail.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        help_text="Set when this record was merged into another; its history is shown there.",
    )

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            # The lists' order: a user who sees many people is listed by walking this index.
            models.Index(fields=["family_name", "given_name", "id"], name="person_order_idx"),
            models.Index(
                fields=["family_name_normalised", "given_name_normalised"], name="person_name_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="unborn") | Q(date_of_birth__isnull=True),
                name="person_unborn_has_no_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = " ".join(p for p in [self.given_name, self.family_name] if p)
        if self.kind == PersonKind.UNBORN and not self.given_name:
            return f"Unborn baby {self.family_name}".strip()
        return name

    def age_on(self, on: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(date.today())


class NameKind(models.TextChoices):
    CURRENT = "current", "Current name"
    ALIAS = "alias", "Also known as"
    PREVIOUS = "previous", "Previous name"


class PersonName(models.Model):
    """Every name a person is or was known by. Names are added, never overwritten."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="names")
    kind = models.CharField(max_length=10, choices=NameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    given_name_normalised = models.CharField(max_length=100, blank=True, db_index=True)
    family_name_normalised = models.CharField(max_length=100, blank=True, db_index=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return " ".join(p for p in [self.given_name, self.family_name] if p)


class Address(models.Model):
    line1 = models.CharField("Address line 1", max_length=200)
    line2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField(max_length=8, db_index=True)

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line1, self.line2, self.town, self.postcode] if p)


class PersonAddress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]


class Household(models.Model):
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households")
    locality = models.ForeignKey(
        "accounts.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Household at {self.address}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_links")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(end_date__isnull=True),
                name="household_member_current_unique",
            )
        ]


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step-parent", "Step-parent"
    CARER = "carer", "Carer"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half-sibling", "Half-sibling"
    PARTNER = "partner", "Partner"
    HOUSEHOLD_MEMBER = "household-member", "Household member"
    OTHER = "other", "Other"


# How a relationship reads from the other end: A is B's parent -> B is A's child.
RELATIONSHIP_INVERSE = {
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.CARER: "Cared for",
    RelationshipKind.SIBLING: "Sibling",
    RelationshipKind.HALF_SIBLING: "Half-sibling",
    RelationshipKind.PARTNER: "Partner",
    RelationshipKind.HOUSEHOLD_MEMBER: "Household member",
    RelationshipKind.OTHER: "Other",
}
# Relationships that read the same from both ends: one row, whichever way round it was recorded.
SYMMETRIC_RELATIONSHIPS = frozenset(
    {
        RelationshipKind.SIBLING,
        RelationshipKind.HALF_SIBLING,
        RelationshipKind.PARTNER,
        RelationshipKind.HOUSEHOLD_MEMBER,
    }
)
# Partners are two adults: a child "in a relationship" is recorded as Other, with a description,
# so that it is looked at as a possible safeguarding concern rather than as a family tie.
ADULTS_ONLY_RELATIONSHIPS = frozenset({RelationshipKind.PARTNER})


class Relationship(models.Model):
    """A directed relationship: ``from_person`` is the ``kind`` of ``to_person``. A symmetric
    kind (siblings, partners) is one row, read the same from either end."""

    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relationships_from"
    )
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    description = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_person=models.F("to_person")), name="relationship_not_self"
            ),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"],
                condition=Q(end_date__isnull=True),
                name="relationship_current_unique",
            ),
        ]


class ProfessionalRole(models.TextChoices):
    NAMED_PERSON = "named_person", "Named person"
    GP = "gp", "GP"
    SCHOOL_DSL = "school_dsl", "School designated safeguarding lead"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    ALLOCATED_WORKER = "allocated_worker", "Allocated worker"
    LEAD_PRACTITIONER = "lead_practitioner", "Lead practitioner"
    OTHER = "other", "Other professional"


class InvolvedProfessional(models.Model):
    """A professional around a person. A live involvement is what lets a user see the person."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="professionals")
    role = models.CharField(max_length=30, choices=ProfessionalRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
        help_text="Set when the professional uses RightHelp.",
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
        help_text="The team that holds the work, whose members may see the person.",
    )
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="involvements"
    )
    contact = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["user", "end_date"], name="involvement_user_idx"),
            models.Index(fields=["team", "end_date"], name="involvement_team_idx"),
        ]
