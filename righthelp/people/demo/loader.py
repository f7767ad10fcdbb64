"""Loading invented demo families into the database, fast and idempotently.

Reference data (localities, agencies, teams, a demo user for every role) is created once.
Families come from ``generator.generate_families`` and are written in batches with bulk
inserts, one transaction per batch, so an interrupted load resumes where it stopped and a
repeated load adds nothing. Each batch records one ``person.created`` event per family, so
the chronology says where the record came from.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
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
from righthelp.people.demo.bulk import (
    bulk_load_pending,
    secondary_indexes_drop,
    secondary_indexes_restore,
)
from righthelp.people.demo.generator import DemoAddress, DemoPerson, Family, generate_families
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
    hashed = ""  # one hash for every demo user: they share the published demo password
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
            hashed = hashed or make_password(demo_password())
            user.password = hashed
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


@dataclass(frozen=True)
class _Involvers:
    """The ids and names ``_involvements`` writes, read from the reference data once."""

    start_date: object  # in database form
    pat: tuple[int, str]
    hana: tuple[int, str]
    schools: dict[str, tuple[int, str]]  # locality -> (organisation id, "DSL, school")
    westfield: int
    health_visiting: int
    gp: int
    early_help: int
    early_help_teams: dict[str, tuple[int, str]]  # locality -> (team id, name)
    social_care: int
    front_door: tuple[int, str]

    @classmethod
    def of(cls, ref: Reference, today: date) -> _Involvers:
        orgs, users, teams = ref.organisations, ref.users, ref.teams
        front_door = teams["Front door (EHASH)"]
        return cls(
            start_date=connection.ops.adapt_datefield_value(date(today.year - 1, 9, 1)),
            pat=(users["pat.teacher"].pk, users["pat.teacher"].display_name),
            hana=(users["hana.health"].pk, users["hana.health"].display_name),
            schools={
                locality: (orgs[school].pk, f"DSL, {school}")
                for locality, school in SCHOOL_BY_LOCALITY.items()
            },
            westfield=orgs["Westfield Primary School"].pk,
            health_visiting=orgs["City Health Visiting Service"].pk,
            gp=orgs["Riverside GP Practice"].pk,
            early_help=orgs["Early Help Service"].pk,
            early_help_teams={
                locality: (teams[f"Early Help {locality}"].pk, f"Early Help {locality}")
                for locality in LOCALITIES
            },
            social_care=orgs["Children's Social Care"].pk,
            front_door=(front_door.pk, front_door.name),
        )


_SCHOOL_DSL = str(ProfessionalRole.SCHOOL_DSL)
_HEALTH_VISITOR = str(ProfessionalRole.HEALTH_VISITOR)
_GP = str(ProfessionalRole.GP)
_LEAD_PRACTITIONER = str(ProfessionalRole.LEAD_PRACTITIONER)
_ALLOCATED_WORKER = str(ProfessionalRole.ALLOCATED_WORKER)
_INVOLVEMENT_FIELDS = (
    "person_id",
    "role",
    "user_id",
    "team_id",
    "name",
    "organisation_id",
    "contact",
    "start_date",
)


def _involvements(
    family: Family, person_ids: Sequence[int], kinds: Sequence[str], who: _Involvers, today: date
) -> Iterator[tuple[object, ...]]:
    """Who works with this invented family, as InvolvedProfessional rows (in the order of
    ``_INVOLVEMENT_FIELDS``). Which demo user sees it depends on its index, so every demo
    login has a caseload of a few families in a small demo."""
    bucket = family.index % 10
    start = who.start_date
    for demo, person_id, kind in zip(family.people, person_ids, kinds, strict=True):
        age = _age(demo.date_of_birth, today)
        if kind == "child" and age is not None and 4 <= age < 18:
            # Pat, the demo safeguarding lead, has the school-age children of every tenth family.
            if bucket == 0:
                user_id, name = who.pat
                yield (person_id, _SCHOOL_DSL, user_id, None, name, who.westfield, "", start)
            else:
                school, name = who.schools[family.locality]
                yield (person_id, _SCHOOL_DSL, None, None, name, school, "", start)
        if kind == "unborn" or (age is not None and age < 5):
            user, name = who.hana if bucket == 4 else (None, "Health visiting team")
            yield (person_id, _HEALTH_VISITOR, user, None, name, who.health_visiting, "", start)
        if kind != "unborn":
            yield (person_id, _GP, None, None, "Riverside GP Practice", who.gp, "", start)
        if bucket in (1, 2):
            team, name = who.early_help_teams[family.locality]
            yield (person_id, _LEAD_PRACTITIONER, None, team, name, who.early_help, "", start)
        if bucket == 3:
            team, name = who.front_door
            yield (person_id, _ALLOCATED_WORKER, None, team, name, who.social_care, "", start)


_PERSON_FIELDS = (
    "id",
    "kind",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "disability",
    "disability_details",
    "nhs_number",
    "upn",
    "local_person_id",
    "given_name_normalised",
    "family_name_normalised",
    "created_at",
    "updated_at",
    "version",
    "restricted",
)
_NAME_FIELDS = (
    "person_id",
    "kind",
    "given_name",
    "family_name",
    "given_name_normalised",
    "family_name_normalised",
    "recorded_at",
)
_CURRENT = str(NameKind.CURRENT)
_PREVIOUS = str(NameKind.PREVIOUS)
_ALIAS = str(NameKind.ALIAS)
_PERSON_CREATED = str(Verb.PERSON_CREATED)
# The same names recur across a million people: fold each once.
_normalised = functools.lru_cache(maxsize=65536)(normalise_name)


def _load_batch(families: list[Family], ref: Reference, today: date) -> int:
    """Write the families not loaded yet, in the caller's transaction; returns people added.

    Every row is written as a plain tuple (COPY on PostgreSQL) with ids reserved up front,
    so no model object is built: building one per row took most of the time."""
    firsts = [f.people[0].key for f in families]
    existing = set(
        Person.objects.filter(local_person_id__in=firsts).values_list("local_person_id", flat=True)
    )
    families = [f for f in families if f.people[0].key not in existing]
    if not families:
        return 0
    ops = connection.ops
    now = timezone.now()
    at = ops.adapt_datetimefield_value(now)
    day = ops.adapt_datefield_value
    who = _Involvers.of(ref, today)
    locality_ids = {name: locality.pk for name, locality in ref.localities.items()}

    address_count = sum(2 if f.second_address else 1 for f in families)
    address_ids = iter(ids_reserve(Address, address_count))
    household_ids = ids_reserve(Household, len(families))
    person_ids = iter(ids_reserve(Person, sum(len(f.people) for f in families)))
    event_ids = ids_reserve(Event, len(families))

    addresses: list[tuple[object, ...]] = []
    households: list[tuple[object, ...]] = []
    people: list[tuple[object, ...]] = []
    names: list[tuple[object, ...]] = []
    person_addresses: list[tuple[object, ...]] = []
    members: list[tuple[object, ...]] = []
    relationships: list[tuple[object, ...]] = []
    involvements: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    subjects: list[tuple[object, ...]] = []
    match_keys: list[tuple[int, str]] = []
    for family, household_id, event_id in zip(families, household_ids, event_ids, strict=True):
        home = family.household_address
        home_id = next(address_ids)
        addresses.append((home_id, home.line1, home.line2, home.town, home.postcode))
        second = family.second_address
        second_id = home_id
        if second is not None:
            second_id = next(address_ids)
            addresses.append((second_id, second.line1, second.line2, second.town, second.postcode))
        households.append((household_id, home_id, locality_ids[family.locality]))
        events.append(
            (
                event_id,
                at,
                _PERSON_CREATED,
                "Record created from the demo data set",
                json.dumps({"source": "demo_data", "family": family.key}),
            )
        )
        mine: list[int] = []
        kinds: list[str] = []
        for demo in family.people:
            person_id = next(person_ids)
            mine.append(person_id)
            kinds.append(demo.kind)
            given = _normalised(demo.given_name)
            surname = _normalised(demo.family_name)
            people.append(
                (
                    person_id,
                    demo.kind,
                    demo.given_name,
                    demo.middle_names,
                    demo.family_name,
                    day(demo.date_of_birth),
                    day(demo.expected_date_of_birth),
                    demo.sex,
                    demo.gender,
                    demo.ethnicity,
                    demo.first_language,
                    demo.disability,
                    "",
                    demo.nhs_number,
                    demo.upn,
                    demo.key,
                    given,
                    surname,
                    at,
                    at,
                    1,
                    False,
                )
            )
            names.append(
                (person_id, _CURRENT, demo.given_name, demo.family_name, given, surname, at)
            )
            for previous in demo.previous_family_names:
                names.append(
                    (
                        person_id,
                        _PREVIOUS,
                        demo.given_name,
                        previous,
                        given,
                        _normalised(previous),
                        at,
                    )
                )
            if demo.alias:
                names.append(
                    (
                        person_id,
                        _ALIAS,
                        demo.alias,
                        demo.family_name,
                        _normalised(demo.alias),
                        surname,
                        at,
                    )
                )
            address, address_id = (
                (home, home_id) if demo.resident or second is None else (second, second_id)
            )
            person_addresses.append((person_id, address_id))
            if demo.resident:
                members.append((household_id, person_id))
            subjects.append((event_id, person_id))
            match_keys.extend((person_id, key) for key in _person_match_keys(demo, address))
        for left, right, kind in family.relationships:
            relationships.append((mine[left], mine[right], kind, ""))
        involvements.extend(_involvements(family, mine, kinds, who, today))

    rows_insert(Address, ("id", "line1", "line2", "town", "postcode"), addresses)
    rows_insert(Household, ("id", "address_id", "locality_id"), households)
    rows_insert(Person, _PERSON_FIELDS, people)
    rows_insert(PersonName, _NAME_FIELDS, names)
    rows_insert(PersonAddress, ("person_id", "address_id"), person_addresses)
    rows_insert(HouseholdMember, ("household_id", "person_id"), members)
    rows_insert(
        Relationship, ("from_person_id", "to_person_id", "kind", "description"), relationships
    )
    rows_insert(
        InvolvedProfessional,
        _INVOLVEMENT_FIELDS,
        involvements,
    )
    rows_insert(Event, ("id", "occurred_at", "verb", "summary", "payload"), events)
    rows_insert(EventSubject, ("event_id", "person_id"), subjects)
    match_keys_insert(match_keys)
    return len(people)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field.column


def ids_reserve(model: type[Model], count: int) -> Sequence[int]:
    """``count`` new primary keys for ``model``, to write rows with their ids and refer to them
    at once. On PostgreSQL they come from the table's sequence (safe beside other writers);
    elsewhere they follow the highest id used, so call it in the transaction that writes."""
    if count <= 0:
        return ()
    meta = model._meta
    assert meta.pk is not None
    table, pk = meta.db_table, meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, count],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        # Table and column names come from the model, quoted.
        cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")  # noqa: S608
        row = cursor.fetchone()
        top = int(row[0]) if row and row[0] is not None else 0
        if connection.vendor == "sqlite":
            # AUTOINCREMENT never reuses the id of a deleted row: neither do we.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, int(row[0]) if row and row[0] is not None else 0)
    return range(top + 1, top + 1 + count)


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


def _person_match_keys(demo: DemoPerson, address: DemoAddress) -> list[str]:
    """The person's blocking keys, as ``matching.records.person_keys`` computes them from the
    stored record (every surname they have had, their postcode, an alias's own keys)."""
    record = record_for(
        record_id="",
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
                record_id="",
                given_name=demo.alias,
                family_name=demo.family_name,
                date_of_birth=demo.date_of_birth,
            )
        )
    return sorted(key[:100] for key in keys)


#: The tables a demo load fills. A big load rebuilds their plain indexes afterwards (bulk.py).
BULK_MODELS: tuple[type[Model], ...] = (
    Address,
    Household,
    Person,
    PersonName,
    PersonAddress,
    HouseholdMember,
    Relationship,
    InvolvedProfessional,
    Event,
    EventSubject,
    MatchKey,
)
#: A load of this many families or more into nearly empty tables drops and rebuilds indexes.
BULK_FAMILIES = 5_000


class IndexMode(StrEnum):
    AUTO = "auto"  # drop and rebuild for a big load into nearly empty tables
    DROP = "drop"  # drop and rebuild whatever the tables hold
    KEEP = "keep"  # maintain every index row by row


def bulk_rebuild_planned(count: int, mode: IndexMode | str) -> bool:
    """Whether a load of ``count`` families drops the plain indexes and foreign keys of the
    tables it fills, and rebuilds them at the end (PostgreSQL only)."""
    mode = IndexMode(mode)
    if connection.vendor != "postgresql" or mode == IndexMode.KEEP or count == 0:
        return False
    if mode == IndexMode.DROP or bulk_load_pending():
        return True  # an interrupted bulk load is resumed the way it started
    if count < BULK_FAMILIES:
        return False
    # "Nearly empty": fewer people than a tenth of those about to be added (~2.5 a family).
    limit = count // 4
    return Person.objects.all()[: limit + 1].count() <= limit


@dataclass(frozen=True)
class _Job:
    seed: int
    ref: Reference
    today: date


def _batch_load(job: _Job, start: int, size: int) -> int:
    families = list(generate_families(size, job.seed, start_index=start))
    with transaction.atomic():
        return _load_batch(families, job.ref, job.today)


# Set by the parent before it forks its worker processes, which inherit it.
_POOL_JOB: _Job | None = None


def _pool_start() -> None:
    _session_tune()


def _pool_batch(span: tuple[int, int]) -> tuple[int, int]:
    assert _POOL_JOB is not None
    start, size = span
    return size, _batch_load(_POOL_JOB, start, size)


def _session_tune() -> None:
    """Commit without waiting for the write-ahead log to reach disk: a crash loses at most the
    last batches, which the next run loads again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")


def families_load(
    *,
    count: int,
    seed: int,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    indexes: IndexMode | str = IndexMode.AUTO,
) -> int:
    """Load ``count`` families for ``seed``; returns how many people were added (0 if loaded).

    Each batch is one transaction. With ``workers`` > 1 on PostgreSQL (outside a transaction),
    that many processes generate and write batches side by side. ``indexes`` says whether the
    plain indexes and foreign keys of the tables written are dropped during the load and
    rebuilt at the end (see :class:`IndexMode` and ``bulk.py``); an interrupted load leaves
    them to the next call, which rebuilds them."""
    global _POOL_JOB
    mode = IndexMode(indexes)
    ref = reference_data_load()
    job = _Job(seed, ref, timezone.localdate())
    spans = [(start, min(batch_size, count - start)) for start in range(0, count, batch_size)]
    rebuild = bulk_rebuild_planned(count, mode)
    if rebuild:
        secondary_indexes_drop(BULK_MODELS)
    else:
        secondary_indexes_restore()
    added = done = 0
    parallel = workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    if parallel and len(spans) > 1:
        _POOL_JOB = job
        connections.close_all()  # each process opens its own connection
        try:
            with multiprocessing.get_context("fork").Pool(workers, _pool_start) as pool:
                for size, people in pool.imap_unordered(_pool_batch, spans):
                    added += people
                    done += size
                    if progress:
                        progress(done, count)
                pool.close()
                pool.join()
        finally:
            _POOL_JOB = None
    else:
        _session_tune()
        try:
            for start, size in spans:
                added += _batch_load(job, start, size)
                done += size
                if progress:
                    progress(done, count)
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("RESET synchronous_commit")
    if rebuild:
        secondary_indexes_restore(analyse=BULK_MODELS)
    elif added and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in BULK_MODELS:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return added
