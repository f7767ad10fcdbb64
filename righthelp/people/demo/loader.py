"""Loading invented demo families into the database, fast and idempotently.

Reference data (localities, agencies, teams, a demo user for every role) is created once.
Families come from ``generator.generate_families`` and are written in batches with bulk
inserts, one transaction per batch, so an interrupted load resumes where it stopped and a
repeated load adds nothing. Each batch records one ``person.created`` event per family, so
the chronology says where the record came from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from righthelp.accounts.models import (
    Locality,
    Organisation,
    OrganisationKind,
    Role,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)
from righthelp.audit.events import Verb
from righthelp.audit.models import Event, EventSubject
from righthelp.escalations.demo import ladder_holders_load
from righthelp.matching.blocking import blocking_keys
from righthelp.matching.models import MatchKey
from righthelp.matching.records import record_for
from righthelp.people.demo.generator import Family, generate_families
from righthelp.people.models import (
    Address,
    Household,
    HouseholdMember,
    InvolvedProfessional,
    NameKind,
    Person,
    PersonAddress,
    PersonName,
    ProfessionalRole,
    Relationship,
    normalise_name,
)

LOCALITIES = ["West", "East", "North"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    job_title: str
    team: str | None = None
    manager: bool = False


DEMO_USERS = [
    DemoUser(
        "pat.teacher",
        "Pat",
        "Okoro",
        Role.PRACTITIONER,
        "Westfield Primary School",
        "Designated safeguarding lead",
        "Westfield Primary School staff",
    ),
    DemoUser(
        "hana.health",
        "Hana",
        "Wright",
        Role.PRACTITIONER,
        "City Health Visiting Service",
        "Health visitor",
    ),
    DemoUser(
        "fran.frontdoor",
        "Fran",
        "Adeyemi",
        Role.FRONT_DOOR_WORKER,
        "Children's Social Care",
        "Social worker, front door",
        "Front door (EHASH)",
    ),
    DemoUser(
        "frank.fdmanager",
        "Frank",
        "Moss",
        Role.FRONT_DOOR_MANAGER,
        "Children's Social Care",
        "Front-door manager",
        "Front door (EHASH)",
        True,
    ),
    DemoUser(
        "erin.earlyhelp",
        "Erin",
        "Kaur",
        Role.EARLY_HELP_WORKER,
        "Early Help Service",
        "Early help worker",
        "Early Help West",
    ),
    DemoUser(
        "tom.manager",
        "Tom",
        "Barker",
        Role.TEAM_MANAGER,
        "Early Help Service",
        "Early help team manager",
        "Early Help West",
        True,
    ),
    DemoUser(
        "ana.analyst",
        "Ana",
        "Silva",
        Role.PERFORMANCE_ANALYST,
        "Children's Social Care",
        "Performance analyst",
    ),
    DemoUser(
        "iris.governance",
        "Iris",
        "Okafor",
        Role.INFORMATION_GOVERNANCE_LEAD,
        "Children's Social Care",
        "Information governance lead",
    ),
    DemoUser(
        "adam.admin",
        "Adam",
        "Reid",
        Role.ADMINISTRATOR,
        "Children's Social Care",
        "System administrator",
    ),
    # The people a professional disagreement climbs to (escalations.demo names their levels),
    # and Pat's line manager on the referrer's side.
    DemoUser(
        "sam.servicemanager",
        "Sam",
        "Hughes",
        Role.TEAM_MANAGER,
        "Children's Social Care",
        "Service manager, children's social care",
    ),
    DemoUser(
        "holly.headofservice",
        "Holly",
        "Grant",
        Role.TEAM_MANAGER,
        "Children's Social Care",
        "Head of service, duty and targeted family support",
    ),
    DemoUser(
        "sue.ehservice",
        "Sue",
        "Carter",
        Role.TEAM_MANAGER,
        "Early Help Service",
        "Service manager, early help",
    ),
    DemoUser(
        "harry.ehhead",
        "Harry",
        "Osei",
        Role.TEAM_MANAGER,
        "Early Help Service",
        "Head of service, early help",
    ),
    DemoUser(
        "dina.director",
        "Dina",
        "Shah",
        Role.TEAM_MANAGER,
        "Children's Social Care",
        "Director of children's services",
    ),
    DemoUser(
        "carl.corporate",
        "Carl",
        "Bennett",
        Role.TEAM_MANAGER,
        "Children's Social Care",
        "Corporate director, people",
    ),
    DemoUser(
        "priya.chair",
        "Priya",
        "Nair",
        Role.TEAM_MANAGER,
        "Children's Social Care",
        "Independent chair, safeguarding children partnership",
    ),
    DemoUser(
        "helen.head",
        "Helen",
        "Hart",
        Role.PRACTITIONER,
        "Westfield Primary School",
        "Headteacher",
        "Westfield Primary School staff",
        True,
    ),
]

ORGANISATIONS = [
    ("Children's Social Care", OrganisationKind.CHILDRENS_SOCIAL_CARE, None),
    ("Early Help Service", OrganisationKind.EARLY_HELP, None),
    ("Westfield Primary School", OrganisationKind.SCHOOL, "West"),
    ("Eastgate Academy", OrganisationKind.SCHOOL, "East"),
    ("Northmoor High School", OrganisationKind.SCHOOL, "North"),
    ("City Health Visiting Service", OrganisationKind.HEALTH, None),
    ("Riverside GP Practice", OrganisationKind.HEALTH, None),
    ("Humberside Police", OrganisationKind.POLICE, None),
    ("Adult Mental Health Team", OrganisationKind.ADULT_SERVICES, None),
    ("City Housing", OrganisationKind.HOUSING, None),
    ("Families First (voluntary)", OrganisationKind.VOLUNTARY, None),
]
TEAMS = [
    ("Front door (EHASH)", "Children's Social Care", None),
    ("Early Help West", "Early Help Service", "West"),
    ("Early Help East", "Early Help Service", "East"),
    ("Early Help North", "Early Help Service", "North"),
    ("Westfield Primary School staff", "Westfield Primary School", None),
]
SCHOOL_BY_LOCALITY = {
    "West": "Westfield Primary School",
    "East": "Eastgate Academy",
    "North": "Northmoor High School",
}


def demo_password() -> str:
    return os.environ.get("RIGHTHELP_DEMO_PASSWORD", "righthelp-demo")


@dataclass
class Reference:
    localities: dict[str, Locality]
    organisations: dict[str, Organisation]
    teams: dict[str, Team]
    users: dict[str, User]


@transaction.atomic
def reference_data_load() -> Reference:
    localities = {
        name: Locality.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]
        for name in LOCALITIES
    }
    organisations = {
        name: Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "locality": localities[loc] if loc else None},
        )[0]
        for name, kind, loc in ORGANISATIONS
    }
    teams = {
        name: Team.objects.get_or_create(
            name=name,
            organisation=organisations[org],
            defaults={"locality": localities[loc] if loc else None},
        )[0]
        for name, org, loc in TEAMS
    }
    users: dict[str, User] = {}
    password = demo_password()
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.org",
                "organisation": organisations[spec.organisation],
                "job_title": spec.job_title,
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_superuser": spec.role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(user=user, role=spec.role)
        if spec.team:
            TeamMembership.objects.get_or_create(
                user=user,
                team=teams[spec.team],
                defaults={
                    "position": TeamMembership.Position.MANAGER
                    if spec.manager
                    else TeamMembership.Position.MEMBER
                },
            )
        users[spec.username] = user
    ladder_holders_load(organisations, users)
    return Reference(localities, organisations, teams, users)


def _age(dob: date | None, on: date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _involvements(
    family: Family, people: list[Person], ref: Reference, today: date
) -> Iterable[InvolvedProfessional]:
    """Who works with this invented family. Which demo user sees it depends on its index, so
    every demo login has a caseload of a few families in a small demo."""
    orgs = ref.organisations
    bucket = family.index % 10
    for demo, person in zip(family.people, people, strict=True):
        age = _age(demo.date_of_birth, today)
        common = {"person": person, "start_date": date(today.year - 1, 9, 1)}
        if person.kind == "child" and age is not None and 4 <= age < 18:
            # Pat, the demo safeguarding lead, has the school-age children of every tenth family.
            pat = bucket == 0
            school = "Westfield Primary School" if pat else SCHOOL_BY_LOCALITY[family.locality]
            holder = ref.users["pat.teacher"] if pat else None
            yield InvolvedProfessional(
                role=ProfessionalRole.SCHOOL_DSL,
                organisation=orgs[school],
                name=holder.display_name if holder else f"DSL, {school}",
                user=holder,
                **common,
            )
        if person.kind == "unborn" or (age is not None and age < 5):
            holder = ref.users["hana.health"] if bucket == 4 else None
            yield InvolvedProfessional(
                role=ProfessionalRole.HEALTH_VISITOR,
                organisation=orgs["City Health Visiting Service"],
                name=holder.display_name if holder else "Health visiting team",
                user=holder,
                **common,
            )
        if person.kind != "unborn":
            yield InvolvedProfessional(
                role=ProfessionalRole.GP,
                organisation=orgs["Riverside GP Practice"],
                name="Riverside GP Practice",
                **common,
            )
        if bucket in (1, 2):
            team = ref.teams[f"Early Help {family.locality}"]
            yield InvolvedProfessional(
                role=ProfessionalRole.LEAD_PRACTITIONER,
                organisation=orgs["Early Help Service"],
                name=team.name,
                team=team,
                **common,
            )
        if bucket == 3:
            team = ref.teams["Front door (EHASH)"]
            yield InvolvedProfessional(
                role=ProfessionalRole.ALLOCATED_WORKER,
                organisation=orgs["Children's Social Care"],
                name=team.name,
                team=team,
                **common,
            )


def _load_batch(families: list[Family], ref: Reference, today: date) -> int:
    keys = [p.key for f in families for p in f.people]
    existing = set(
        Person.objects.filter(local_person_id__in=keys).values_list("local_person_id", flat=True)
    )
    families = [f for f in families if f.people[0].key not in existing]
    if not families:
        return 0
    now = timezone.now()
    addresses: list[Address] = []
    for family in families:
        for demo_address in filter(None, [family.household_address, family.second_address]):
            addresses.append(
                Address(
                    line1=demo_address.line1,
                    line2=demo_address.line2,
                    town=demo_address.town,
                    postcode=demo_address.postcode,
                )
            )
    Address.objects.bulk_create(addresses)
    households: list[Household] = []
    people: list[Person] = []
    cursor = 0
    family_addresses: list[tuple[Address, Address | None]] = []
    for family in families:
        home = addresses[cursor]
        cursor += 1
        second = None
        if family.second_address is not None:
            second = addresses[cursor]
            cursor += 1
        family_addresses.append((home, second))
        households.append(Household(address=home, locality=ref.localities[family.locality]))
        for demo in family.people:
            people.append(
                Person(
                    kind=demo.kind,
                    given_name=demo.given_name,
                    middle_names=demo.middle_names,
                    family_name=demo.family_name,
                    date_of_birth=demo.date_of_birth,
                    expected_date_of_birth=demo.expected_date_of_birth,
                    sex=demo.sex,
                    gender=demo.gender,
                    ethnicity=demo.ethnicity,
                    first_language=demo.first_language,
                    disability=demo.disability,
                    nhs_number=demo.nhs_number,
                    upn=demo.upn,
                    local_person_id=demo.key,
                    given_name_normalised=normalise_name(demo.given_name),
                    family_name_normalised=normalise_name(demo.family_name),
                    created_at=now,
                    updated_at=now,
                )
            )
    Household.objects.bulk_create(households)
    Person.objects.bulk_create(people, batch_size=2000)

    # Everything below refers to the people and addresses just written, so it is inserted as
    # plain rows (COPY on PostgreSQL): building a model object per row took most of the time.
    recorded_at = connection.ops.adapt_datetimefield_value(now)
    names: list[tuple[object, ...]] = []
    person_addresses: list[tuple[object, ...]] = []
    members: list[tuple[object, ...]] = []
    relationships: list[tuple[object, ...]] = []
    involvements: list[tuple[object, ...]] = []
    events: list[Event] = []
    offset = 0
    family_people: list[list[Person]] = []
    for family, household, (home, second) in zip(
        families, households, family_addresses, strict=True
    ):
        mine = people[offset : offset + len(family.people)]
        offset += len(family.people)
        family_people.append(mine)
        for demo, person in zip(family.people, mine, strict=True):
            names.append(
                (
                    person.pk,
                    str(NameKind.CURRENT),
                    person.given_name,
                    person.family_name,
                    person.given_name_normalised,
                    person.family_name_normalised,
                    recorded_at,
                )
            )
            for previous in demo.previous_family_names:
                names.append(
                    (
                        person.pk,
                        str(NameKind.PREVIOUS),
                        person.given_name,
                        previous,
                        person.given_name_normalised,
                        normalise_name(previous),
                        recorded_at,
                    )
                )
            if demo.alias:
                names.append(
                    (
                        person.pk,
                        str(NameKind.ALIAS),
                        demo.alias,
                        person.family_name,
                        normalise_name(demo.alias),
                        person.family_name_normalised,
                        recorded_at,
                    )
                )
            lives_at = home if demo.resident or second is None else second
            person_addresses.append((person.pk, lives_at.pk))
            if demo.resident:
                members.append((household.pk, person.pk))
        for left, right, kind in family.relationships:
            relationships.append((mine[left].pk, mine[right].pk, str(kind), ""))
        involvements.extend(
            (
                i.person.pk,
                str(i.role),
                i.user.pk if i.user else None,
                i.team.pk if i.team else None,
                i.name,
                i.organisation.pk,
                "",
                i.start_date,
            )
            for i in _involvements(family, mine, ref, today)
        )
        events.append(
            Event(
                occurred_at=now,
                actor=None,
                verb=Verb.PERSON_CREATED,
                summary="Record created from the demo data set",
                payload={"source": "demo_data", "family": family.key},
            )
        )
    rows_insert(
        PersonName,
        (
            "person_id",
            "kind",
            "given_name",
            "family_name",
            "given_name_normalised",
            "family_name_normalised",
            "recorded_at",
        ),
        names,
    )
    rows_insert(PersonAddress, ("person_id", "address_id"), person_addresses)
    rows_insert(HouseholdMember, ("household_id", "person_id"), members)
    rows_insert(
        Relationship, ("from_person_id", "to_person_id", "kind", "description"), relationships
    )
    rows_insert(
        InvolvedProfessional,
        (
            "person_id",
            "role",
            "user_id",
            "team_id",
            "name",
            "organisation_id",
            "contact",
            "start_date",
        ),
        involvements,
    )
    Event.objects.bulk_create(events, batch_size=2000)
    rows_insert(
        EventSubject,
        ("event_id", "person_id"),
        [
            (event.pk, person.pk)
            for event, mine in zip(events, family_people, strict=True)
            for person in mine
        ],
    )
    match_keys_insert(_match_key_rows(families, family_people))
    return len(people)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field.column


def rows_insert(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert plain rows (values in the order of ``fields``, already in database form) into
    ``model``'s table: COPY on PostgreSQL, one multi-row statement per batch elsewhere. No
    model objects, no defaults: every column without a database default must be given."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor, in Django's transaction
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Table and column names come from the model, quoted; values are parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


def match_keys_insert(rows: list[tuple[int, str]]) -> None:
    """Insert (person id, blocking key) rows."""
    rows_insert(MatchKey, ("person_id", "key"), rows)


def _match_key_rows(
    families: list[Family], family_people: list[list[Person]]
) -> list[tuple[int, str]]:
    rows: list[tuple[int, str]] = []
    for family, mine in zip(families, family_people, strict=True):
        for demo, person in zip(family.people, mine, strict=True):
            address = (
                family.household_address
                if demo.resident or not family.second_address
                else family.second_address
            )
            record = record_for(
                record_id=str(person.pk),
                given_name=demo.given_name,
                family_name=demo.family_name,
                date_of_birth=demo.date_of_birth or demo.expected_date_of_birth,
                sex=demo.sex,
                postcode=address.postcode,
                nhs_number=demo.nhs_number or "",
                upn=demo.upn or "",
                other_surnames=demo.previous_family_names,
            )
            keys = blocking_keys(record)
            if demo.alias:
                keys |= blocking_keys(
                    record_for(
                        record_id=str(person.pk),
                        given_name=demo.alias,
                        family_name=demo.family_name,
                        date_of_birth=demo.date_of_birth,
                    )
                )
            rows.extend((person.pk, key[:100]) for key in sorted(keys))
    return rows


def families_load(
    *,
    count: int,
    seed: int,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Load ``count`` families for ``seed``; returns how many people were added (0 if loaded)."""
    ref = reference_data_load()
    today = timezone.localdate()
    added = 0
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        batch = list(generate_families(size, seed, start_index=start))
        with transaction.atomic():
            added += _load_batch(batch, ref, today)
        if progress:
            progress(start + size, count)
    return added
