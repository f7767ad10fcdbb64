"""The work a council has after some years, generated for the people already loaded.

``demo_data`` loads people and families; this module adds, for the children in the database,
years of front-door contacts with their decisions and feedback, referrals to children's social
care, early help requests and episodes (members, lead practitioners, assessments, plans with
outcomes and actions, Team Around the Family meetings and their invitees), consent records,
chronology entries, professional disagreements with their stages, notifications and reads in
the access log, each with the typed events its service would have recorded (same verbs,
summaries and payload keys as each app's ``events.py``).

The rates are per child in the database (``Proportions``, sources in docs/council-data.md), so
a small demo gets a proportionate small set and a county a county's. Work is shared among the
demo users and generated workers so the demo users have realistic caseloads: the front door a
few days' open contacts, an early help worker about 25 open episodes.

Two halves: ``council_work_generate`` is pure (the rows, from the seed, the people and the
time) and ``council_work_load`` writes them as plain rows (COPY on PostgreSQL) in one
transaction, after creating the generated workers. A second run for the same seed adds nothing.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import (
    OrganisationKind,
    Role,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, AccessRecordPerson, Event, EventSubject
from righthelp.chronology.models import ChronologyEntry
from righthelp.consent.models import ConsentRecord, Explained
from righthelp.earlyhelp.models import (
    Assessment,
    Episode,
    EpisodeMember,
    LeadPractitioner,
    Plan,
    PlanAction,
    PlanFamilyAgreement,
    PlanOutcome,
    TafInvitee,
    TafMeeting,
)
from righthelp.escalations.ladder import DEFAULT, ladder_for
from righthelp.escalations.models import Disagreement, Stage
from righthelp.frontdoor.models import (
    Contact,
    ContactSubject,
    Decision,
    EarlyHelpRequest,
    Feedback,
    SocialCareReferral,
)
from righthelp.notifications.models import Notification
from righthelp.people.demo.loader import Reference, reference_data_load, rows_insert
from righthelp.people.models import HouseholdMember

# --- Proportions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proportions:
    """How much work a council has for its children, per year (see docs/council-data.md)."""

    # DfE, Characteristics of children in need 2024-25: referrals per 10,000 children a year.
    referrals_per_10k: float = 525.0
    # DfE 2024-25: share of referrals within 12 months of a previous referral of the child.
    re_referral_share: float = 0.22
    # Contacts to the front door for every referral (estimate: not published nationally).
    contacts_per_referral: float = 3.0
    # Early help episodes (families) started per 10,000 children a year (estimate).
    early_help_per_10k: float = 250.0
    # Of those, the share that came from a front-door decision (the rest agreed directly).
    early_help_from_front_door: float = 0.6
    # Professional disagreements raised per contact (estimate).
    disagreements_per_contact: float = 0.005
    # A worker's open caseload: early help episodes, open front-door contacts.
    episodes_per_worker: int = 25
    contacts_per_worker: int = 20


PROPORTIONS = Proportions()
EARLY_HELP_LEVELS = ("early_help_additional", "early_help_targeted")
SOCIAL_CARE_ROUTES = ("csc_assessment", "csc_strategy")
DECLINED = ("advice", "signpost")
YEAR = timedelta(days=365)
TEAM_SIZE = 8

WORRIES = (
    "School attendance has fallen this term and the child often arrives hungry.",
    "Mum has told the health visitor she is not coping since the baby was born.",
    "Police attended a domestic incident at the address last night; the children were home.",
    "The young person has been missing from home twice this month.",
    "Neighbours report shouting and a child crying late at night.",
    "The family has been evicted and is staying with friends; the children share one room.",
    "Dad's drinking has increased and the children are late and unkempt.",
    "The child disclosed to a teacher that an older boy asks him to carry things.",
)
OUTCOME_TEXTS = (
    ("The children get to school on time every day.", "School attendance each half term"),
    ("Mum feels able to manage the mornings.", "Mum's own score each review"),
    ("The family has a safe, settled home.", "Housing officer's update"),
    ("The children are safe at home and know who to tell.", "The children's own words"),
)
ACTION_TEXTS = (
    "Agree a morning routine chart with the family",
    "Refer to the family hub parenting group",
    "Apply for help with school uniform and travel costs",
    "Arrange a housing options appointment",
    "Book a GP appointment to talk about low mood",
    "Weekly check-in with the school's family support worker",
)


# --- The people, read once -----------------------------------------------------------------


@dataclass
class Family:
    household_id: int
    locality_id: int
    children: list[tuple[int, str, str, date | None]] = field(default_factory=list)
    adults: list[tuple[int, str, str]] = field(default_factory=list)


def families_read() -> list[Family]:
    """The households with children, their current children and adults, in id order."""
    families: dict[int, Family] = {}
    rows = (
        HouseholdMember.objects.filter(end_date__isnull=True, person__merged_into__isnull=True)
        .order_by("household_id", "person_id")
        .values_list(
            "household_id",
            "household__locality_id",
            "person_id",
            "person__kind",
            "person__given_name",
            "person__family_name",
            "person__date_of_birth",
        )
    )
    for household_id, locality_id, pid, kind, given, family_name, born in rows.iterator(5000):
        if locality_id is None:
            continue
        found = families.get(household_id)
        if found is None:
            found = families[household_id] = Family(household_id, locality_id)
        if kind == "child":
            found.children.append((pid, given, family_name, born))
        elif kind == "adult":
            found.adults.append((pid, given, family_name))
    return [f for f in families.values() if f.children]


# --- Who does the work ---------------------------------------------------------------------


@dataclass
class Staff:
    """The workers the work is shared among: the demo users first, then generated ones."""

    front_door: list[int]
    front_door_managers: list[int]
    early_help: dict[int, list[int]]  # locality id -> workers
    early_help_managers: dict[int, list[int]]
    referrers: list[tuple[int | None, int, str]]  # (user, organisation, name)
    organisations: dict[str, int]
    demo: dict[str, int]


@dataclass(frozen=True)
class Volumes:
    contacts: int
    direct_episodes: int
    open_contacts: int
    front_door_workers: int
    early_help_workers: dict[int, int]


def volumes(
    families: Sequence[Family], *, years: int, scale: float, proportions: Proportions
) -> Volumes:
    children = sum(len(f.children) for f in families)
    per_year = children / 10_000 * scale
    referrals = per_year * proportions.referrals_per_10k * years
    contacts = round(referrals * proportions.contacts_per_referral)
    early_help = per_year * proportions.early_help_per_10k * years
    direct = round(early_help * (1 - proportions.early_help_from_front_door))
    # About two and a half working days' contacts are still open, and never fewer than a few.
    open_contacts = min(contacts, max(8, round(contacts / (years * 250) * 2.5)))
    share: dict[int, int] = defaultdict(int)
    for family in families:
        share[family.locality_id] += len(family.children)
    # Open episodes: those started in the last eight months or so.
    open_episodes = early_help / years * 0.65
    workers = {
        locality: max(2, math.ceil(open_episodes * n / children / proportions.episodes_per_worker))
        for locality, n in sorted(share.items())
    }
    return Volumes(
        contacts=contacts,
        direct_episodes=direct,
        open_contacts=open_contacts,
        front_door_workers=max(2, math.ceil(open_contacts / proportions.contacts_per_worker)),
        early_help_workers=workers,
    )


def _username(seed: int, what: str, n: int) -> str:
    return f"council{seed}.{what}{n:03d}"


def marker_username(seed: int) -> str:
    """The first generated worker: present once the work for ``seed`` is loaded."""
    return _username(seed, "fd", 1)


def _user(
    seed: int, what: str, n: int, first: str, last: str, organisation: int, title: str
) -> User:
    user, _ = User.objects.get_or_create(
        username=_username(seed, what, n),
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{_username(seed, what, n)}@example.org",
            "organisation_id": organisation,
            "job_title": title,
            "password": make_password(None),
        },
    )
    return user


FIRST = ("Alex", "Sam", "Jo", "Chris", "Morgan", "Jamie", "Robin", "Kim", "Lee", "Ash", "Dev")
LAST = ("Patel", "Smith", "Jones", "Khan", "Brown", "Taylor", "Evans", "Hussain", "Walker")


def staff_load(ref: Reference, seed: int, vol: Volumes) -> Staff:
    """Create the generated workers, their roles and teams (a handful of rows: the ORM)."""
    orgs = {name: org.pk for name, org in ref.organisations.items()}
    csc, ehs = orgs["Children's Social Care"], orgs["Early Help Service"]
    users = ref.users
    front_door = [users["fran.frontdoor"].pk]
    fd_team = ref.teams["Front door (EHASH)"]

    def named(n: int) -> tuple[str, str]:
        return FIRST[n % len(FIRST)], LAST[(n * 7 + seed) % len(LAST)]

    for n in range(1, vol.front_door_workers + 1):
        user = _user(seed, "fd", n, *named(n), csc, "Social worker, front door")
        RoleAssignment.objects.get_or_create(user=user, role=Role.FRONT_DOOR_WORKER)
        TeamMembership.objects.get_or_create(user=user, team=fd_team)
        front_door.append(user.pk)
    managers = [users["frank.fdmanager"].pk]
    user = _user(seed, "fdm", 1, *named(99), csc, "Front-door manager")
    RoleAssignment.objects.get_or_create(user=user, role=Role.FRONT_DOOR_MANAGER)
    TeamMembership.objects.get_or_create(
        user=user, team=fd_team, defaults={"position": TeamMembership.Position.MANAGER}
    )
    managers.append(user.pk)

    early_help: dict[int, list[int]] = {}
    eh_managers: dict[int, list[int]] = {}
    n = 0
    for name, locality in sorted(ref.localities.items()):
        base = ref.teams[f"Early Help {name}"]
        workers = [users["erin.earlyhelp"].pk] if name == "West" else []
        leads = [users["tom.manager"].pk] if name == "West" else []
        wanted = vol.early_help_workers.get(locality.pk, 0)
        team, team_number = base, 1
        in_team = len(workers)
        while len(workers) < max(wanted, 2):
            if in_team >= TEAM_SIZE:
                team_number += 1
                team, _ = Team.objects.get_or_create(
                    name=f"Early Help {name} {team_number}",
                    organisation_id=ehs,
                    defaults={"locality": locality},
                )
                in_team = 0
            if in_team == 0 and not (team == base and leads):
                n += 1
                manager = _user(seed, "ehm", n, *named(n + 50), ehs, "Early help team manager")
                RoleAssignment.objects.get_or_create(user=manager, role=Role.TEAM_MANAGER)
                TeamMembership.objects.get_or_create(
                    user=manager,
                    team=team,
                    defaults={"position": TeamMembership.Position.MANAGER},
                )
                leads.append(manager.pk)
            n += 1
            user = _user(seed, "eh", n, *named(n), ehs, "Early help worker")
            RoleAssignment.objects.get_or_create(user=user, role=Role.EARLY_HELP_WORKER)
            TeamMembership.objects.get_or_create(user=user, team=team)
            workers.append(user.pk)
            in_team += 1
        early_help[locality.pk] = workers
        eh_managers[locality.pk] = leads

    referrers: list[tuple[int | None, int, str]] = [
        (users["pat.teacher"].pk, orgs["Westfield Primary School"], "Pat Okoro"),
        (users["hana.health"].pk, orgs["City Health Visiting Service"], "Hana Wright"),
    ]
    for i, (org_name, title) in enumerate(
        [
            ("Eastgate Academy", "Designated safeguarding lead"),
            ("Northmoor High School", "Designated safeguarding lead"),
            ("Riverside GP Practice", "GP safeguarding lead"),
            ("Humberside Police", "Police officer, safeguarding hub"),
            ("City Housing", "Housing officer"),
            ("Families First (voluntary)", "Family support worker"),
        ],
        start=1,
    ):
        user = _user(seed, "ref", i, *named(i + 20), orgs[org_name], title)
        RoleAssignment.objects.get_or_create(user=user, role=Role.PRACTITIONER)
        referrers.append((user.pk, orgs[org_name], user.get_full_name()))
    return Staff(
        front_door=front_door,
        front_door_managers=managers,
        early_help=early_help,
        early_help_managers=eh_managers,
        referrers=referrers,
        organisations=orgs,
        demo={name: u.pk for name, u in users.items()},
    )


# --- Rows ----------------------------------------------------------------------------------


class Table:
    """Rows for one model as values by attribute name, every other column its default."""

    def __init__(
        self,
        model: type[models.Model],
        first_id: int = 1,
        columns: Sequence[str] | None = None,
    ) -> None:
        """``columns``: a table nothing refers to, written as just these columns (rows are
        appended as lists in that order), its ids left to the database."""
        self.model = model
        fields = list(model._meta.concrete_fields)
        if columns is not None:
            fields = [model._meta.get_field(name) for name in columns]  # type: ignore[misc]
        self.names = [f.attname for f in fields]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.defaults = [None if f.primary_key else f.get_default() for f in fields]
        self.json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        self.rows: list[list[Any]] = []
        self.next_id = first_id

    def add(self, **values: Any) -> int:
        row = list(self.defaults)
        if "id" not in values:
            values["id"] = self.next_id
        self.next_id = max(self.next_id, int(values["id"]) + 1)
        for name, value in values.items():
            row[self.index[name]] = value
        self.rows.append(row)
        return int(values["id"])


class Work:
    """All the rows of one load, with their ids, before anything is written."""

    ORDER: tuple[type[models.Model], ...] = (
        ConsentRecord,
        Contact,
        ContactSubject,
        Decision,
        SocialCareReferral,
        EarlyHelpRequest,
        Feedback,
        Episode,
        EpisodeMember,
        LeadPractitioner,
        Assessment,
        TafMeeting,
        TafInvitee,
        Plan,
        PlanFamilyAgreement,
        PlanOutcome,
        PlanAction,
        ChronologyEntry,
        Disagreement,
        Stage,
        Stage.owners.through,
        Stage.next_level_holders.through,
        Notification,
        Event,
        EventSubject,
        AccessRecord,
        AccessRecordPerson,
    )

    # Tables nothing refers to and that are written by the million: just their columns.
    PLAIN: dict[type[models.Model], tuple[str, ...]] = {
        Event: ("id", "occurred_at", "actor_id", "verb", "organisation_id", "summary", "payload"),
        EventSubject: ("event_id", "person_id"),
        AccessRecord: ("id", "accessed_at", "user_id", "action", "path", "reason", "detail"),
        AccessRecordPerson: ("access_record_id", "person_id"),
    }

    def __init__(
        self,
        first_ids: dict[type[models.Model], int],
        sink: Callable[[Work], None] | None = None,
        limit: int = 250_000,
    ) -> None:
        """``sink``: writes the rows so far (then they are dropped), whenever more than
        ``limit`` are waiting, so a county's millions of rows never sit in memory at once.
        Without one, every row stays in ``tables``."""
        self.tables = {m: Table(m, first_ids.get(m, 1), self.PLAIN.get(m)) for m in self.ORDER}
        self.sink = sink
        self.limit = limit
        self.written: dict[type[models.Model], int] = dict.fromkeys(self.ORDER, 0)
        self.done = 0
        self.total = 0
        self.progress: Callable[[int, int], None] | None = None
        self.events = self.tables[Event]
        self.event_subjects = self.tables[EventSubject].rows
        self.reads = self.tables[AccessRecord]
        self.read_people = self.tables[AccessRecordPerson].rows

    def __getitem__(self, model: type[models.Model]) -> Table:
        return self.tables[model]

    def counts(self) -> dict[str, int]:
        return {m._meta.label: self.written[m] + len(t.rows) for m, t in self.tables.items()}

    def step(self) -> None:
        """One contact or episode done: write what is waiting if there is enough of it."""
        self.done += 1
        if self.sink is not None and len(self.event_subjects) + len(self.events.rows) > self.limit:
            self.flush()

    def flush(self) -> None:
        if self.sink is None:
            return
        self.sink(self)
        for model, table in self.tables.items():
            self.written[model] += len(table.rows)
            table.rows.clear()
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    def event(
        self,
        at: datetime,
        verb: Verb,
        actor: int | None,
        organisation: int | None,
        summary: str,
        payload: dict[str, Any],
        subjects: Sequence[int] = (),
    ) -> int:
        """An event about ``subjects`` (ids in order, each once)."""
        events = self.events
        event_id = events.next_id
        events.next_id += 1
        events.rows.append([event_id, at, actor, verb.value, organisation, summary[:300], payload])
        self.event_subjects.extend([event_id, person] for person in subjects)
        return event_id

    def read(
        self,
        at: datetime,
        user: int,
        action: AccessAction,
        path: str,
        people: Sequence[int],
    ) -> None:
        """A read of ``people`` (ids in order, each once)."""
        reads = self.reads
        record = reads.next_id
        reads.next_id += 1
        reads.rows.append([record, at, user, action.value, path, "", {}])
        self.read_people.extend([record, person] for person in people)


def _url(name: str, **kwargs: int) -> str:
    """A page's address with ``{}`` where its id goes (reversed once, formatted per row)."""
    return reverse(name, kwargs=dict.fromkeys(kwargs, 987654321)).replace("987654321", "{}")


@dataclass
class _EpisodeStart:
    at: datetime
    family: Family
    request: int | None = None  # early help request id
    contact: tuple[int, str] | None = None
    level: str = "additional"


def council_work_generate(  # noqa: C901 (one pass over the timeline, step by step)
    *,
    families: Sequence[Family],
    staff: Staff,
    seed: int,
    now: datetime,
    years: int = 5,
    scale: float = 1.0,
    proportions: Proportions = PROPORTIONS,
    first_ids: dict[type[models.Model], int] | None = None,
    sink: Callable[[Work], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Work:
    """Every row of ``years`` of work ending at ``now`` for ``families``, from ``seed``: the
    same arguments give the same rows."""
    rng = random.Random(f"council-work:{seed}")
    work = Work(first_ids or {}, sink)
    vol = volumes(families, years=years, scale=scale, proportions=proportions)
    start = now - years * YEAR
    span = (now - start).total_seconds()
    orgs = staff.organisations
    csc = orgs["Children's Social Care"]
    # Pick a family as a child is picked: a family with three children is three times as likely.
    weights: list[int] = []
    total = 0
    for family in families:
        total += len(family.children)
        weights.append(total)

    def any_family() -> Family:
        return families[_bisect(weights, rng.randrange(total))]

    contact_url = _url("frontdoor:contact", contact_id=0)
    episode_url = _url("earlyhelp:episode", episode_id=0)
    disagreement_url = _url("escalations:detail", disagreement_id=0)
    ladder = ladder_for(OrganisationKind.CHILDRENS_SOCIAL_CARE, DEFAULT)
    sign_off = set(settings.RIGHTHELP_SIGN_OFF_OUTCOMES)
    explained = [str(v) for v in Explained.values]

    # Outcomes: a third of contacts become referrals; early help requests are the front door's
    # share of early help; the rest are advice or signposting.
    eh_share = min(
        0.5,
        proportions.early_help_per_10k
        * proportions.early_help_from_front_door
        / (proportions.referrals_per_10k * proportions.contacts_per_referral),
    )
    csc_share = 1 / proportions.contacts_per_referral

    times = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(vol.contacts))
    last_referral: dict[int, datetime] = {}
    referred: list[tuple[datetime, int]] = []  # (when, household), in time order
    by_household = {f.household_id: f for f in families}
    busy_until: dict[int, datetime] = {}  # household -> end of its open (or planned) episode
    episode_starts: list[_EpisodeStart] = []
    open_from = len(times) - vol.open_contacts
    fd_workers = staff.front_door
    fd_managers = staff.front_door_managers

    work.total = vol.contacts + round(
        vol.direct_episodes / (1 - proportions.early_help_from_front_door)
    )
    work.progress = progress
    demo_referrals = min(2 / len(staff.referrers), 60 / max(1, vol.contacts))
    for index, received in enumerate(times):
        work.step()
        is_open = index >= open_from
        roll = rng.random()
        outcome = (
            rng.choice(SOCIAL_CARE_ROUTES[:1] * 5 + SOCIAL_CARE_ROUTES[1:])
            if roll < csc_share
            else rng.choice(EARLY_HELP_LEVELS)
            if roll < csc_share + eh_share
            else rng.choice(DECLINED)
        )
        family = any_family()
        if outcome in SOCIAL_CARE_ROUTES:
            again = None
            if rng.random() < proportions.re_referral_share:
                again = _recently_referred(rng, by_household, referred, received)
            if again is not None:
                family = again
            else:
                for _ in range(20):
                    if last_referral.get(family.household_id, start - YEAR) <= received - YEAR:
                        break
                    family = any_family()
        elif outcome in EARLY_HELP_LEVELS:
            for _ in range(20):
                if busy_until.get(family.household_id, start) < received:
                    break
                family = any_family()
        contact_id = work[Contact].next_id
        reference = f"FD-{received:%y}-{contact_id:06d}"
        # The demo referrers (Pat, Hana) send a few dozen over the years, not an eighth of all.
        referrer, referrer_org, referrer_name = (
            rng.choice(staff.referrers[:2])
            if rng.random() < demo_referrals
            else rng.choice(staff.referrers[2:])
        )
        telephone = rng.random() < 0.25
        urgency = rng.choices(["routine", "urgent", "significant_harm"], [80, 15, 5])[0]
        # The demo front-door worker gets a fair share of the open contacts (a few in a small
        # demo); the others go to the generated workers.
        if is_open:
            fran_share = max(1 / len(fd_workers), min(0.3, 20 / max(1, len(times) - open_from)))
            worker = fd_workers[0] if rng.random() < fran_share else rng.choice(fd_workers[1:])
        else:
            worker = rng.choice(fd_workers)
        decided_at = received + timedelta(hours=rng.uniform(2, 30))
        feedback_due = received + timedelta(days=3)
        decision_due = received + (
            timedelta(hours=8)
            if urgency == "urgent"
            else timedelta(hours=24)
            if urgency == "significant_harm"
            else timedelta(days=1)
        )
        status = "decided"
        if is_open:
            status = rng.choices(["received", "in_triage", "awaiting_sign_off"], [3, 5, 2])[0]
            if status == "awaiting_sign_off" and outcome not in sign_off:
                status = "in_triage"
        assigned = None if status == "received" else worker
        children = family.children[:3]
        adult = family.adults[:1]
        subject_ids = sorted({c[0] for c in children} | {a[0] for a in adult})
        work[Contact].add(
            id=contact_id,
            reference=reference,
            kind="telephone" if telephone else "request_for_support",
            status=status,
            referrer_id=None if telephone else referrer,
            referrer_organisation_id=referrer_org,
            referrer_name=referrer_name,
            referrer_email="" if telephone else f"referrer{referrer_org}@example.org",
            referrer_phone="01632 960 555" if telephone else "",
            referrer_relationship="Professional",
            locality_id=family.locality_id,
            worry=rng.choice(WORRIES),
            urgency=urgency,
            family_knows=True,
            priority="" if status == "received" else rng.choice(["red", "amber", "green"]),
            assigned_to_id=assigned,
            created_at=received,
            received_at=received,
            decision_due_at=decision_due,
            feedback_due_at=feedback_due,
            sharing_statement={},
        )
        contact_row = work[Contact].rows[-1]
        for child in children:
            work[ContactSubject].add(
                contact_id=contact_id,
                person_id=child[0],
                role="child",
                given_name=child[1],
                family_name=child[2],
                date_of_birth=child[3],
            )
        for person in adult:
            work[ContactSubject].add(
                contact_id=contact_id,
                person_id=person[0],
                role="adult",
                given_name=person[1],
                family_name=person[2],
            )
        actor = worker if telephone else referrer
        work.event(
            received,
            Verb.CONTACT_RECEIVED,
            actor,
            csc if telephone else referrer_org,
            f"Request for support {reference} sent to the front door"
            + (" (significant harm)" if urgency == "significant_harm" else ""),
            {
                "contact": contact_id,
                "reference": reference,
                "urgency": urgency,
                "without_consent_on_significant_harm": False,
            },
            subject_ids,
        )
        if assigned is not None:
            work.event(
                received + timedelta(minutes=20),
                Verb.CONTACT_ASSIGNED,
                fd_managers[0],
                csc,
                f"{reference} assigned",
                {"contact": contact_id, "old": None, "new": assigned},
                subject_ids,
            )
            work.read(
                received + timedelta(minutes=30),
                assigned,
                AccessAction.VIEW_CONTACT,
                contact_url.format(contact_id),
                subject_ids,
            )
        if status in ("received", "in_triage"):
            if is_open and assigned is not None:
                work[Notification].add(
                    recipient_id=assigned,
                    kind="allocation",
                    key=f"allocation:contact:{contact_id}",
                    subject=f"Contact {reference} allocated to you",
                    link=contact_url.format(contact_id),
                    created_at=received + timedelta(minutes=20),
                )
            continue
        # Decided, or decided and waiting for a manager's sign-off.
        needs = outcome in sign_off
        signed = status == "decided"
        manager = rng.choice(fd_managers)
        decision_id = work[Decision].add(
            contact_id=contact_id,
            outcome=outcome,
            locality_id=family.locality_id,
            rationale="Decided on the information from the referrer and agency checks.",
            decided_by_id=worker,
            decided_at=decided_at,
            needs_sign_off=needs,
            signed_off_by_id=manager if needs and signed else None,
            signed_off_at=decided_at + timedelta(hours=2) if needs and signed else None,
            sign_off_agreed=True if needs and signed else None,
        )
        work.event(
            decided_at,
            Verb.DECISION_MADE,
            worker,
            csc,
            f"{reference}: {outcome}" + (" (awaiting manager sign-off)" if needs else ""),
            {
                "contact": contact_id,
                "decision": decision_id,
                "outcome": outcome,
                "decided_scale": None,
                "needs_sign_off": needs,
            },
            subject_ids,
        )
        if not signed:
            continue
        effective = decided_at + timedelta(hours=2) if needs else decided_at
        if needs:
            work.event(
                effective,
                Verb.DECISION_SIGNED_OFF,
                manager,
                csc,
                f"{reference}: manager agreed",
                {"contact": contact_id, "decision": decision_id, "agreed": True},
                subject_ids,
            )
        sent = effective + timedelta(hours=rng.uniform(1, 20))
        feedback_id = work[Feedback].add(
            contact_id=contact_id,
            message="Thank you for your referral. Here is what we decided and why.",
            channel="telephone" if telephone else "in_app",
            sent_to_user_id=None if telephone else referrer,
            sent_by_id=worker,
            sent_at=sent,
        )
        contact_row[work[Contact].index["feedback_sent_at"]] = sent
        work.event(
            sent,
            Verb.FEEDBACK_SENT,
            worker,
            csc,
            f"Referrer {'telephoned with' if telephone else 'told'} the outcome of {reference}",
            {
                "contact": contact_id,
                "feedback": feedback_id,
                "channel": "telephone" if telephone else "in_app",
            },
            subject_ids,
        )
        if outcome in SOCIAL_CARE_ROUTES:
            last_referral[family.household_id] = received
            referred.append((received, family.household_id))
            work[SocialCareReferral].add(
                decision_id=decision_id,
                route=outcome,
                created_at=effective,
                assessment_due_on=(effective + timedelta(days=63)).date(),
            )
            for child in children:
                entry = work[ChronologyEntry].add(
                    person_id=child[0],
                    occurred_on=received.date(),
                    what_happened=f"Referred to children's social care ({reference}).",
                    source_agency_id=csc,
                    significance="significant",
                    recorded_by_id=worker,
                    recorded_at=effective,
                )
                work.event(
                    effective,
                    Verb.CHRONOLOGY_ENTRY_ADDED,
                    worker,
                    csc,
                    f"Chronology entry for {received:%d %B %Y} added (significant)",
                    {"entry": entry, "agency": csc, "significance": "significant"},
                    [child[0]],
                )
        elif outcome in EARLY_HELP_LEVELS:
            opens = effective + timedelta(days=rng.uniform(2, 12))
            request = work[EarlyHelpRequest].add(
                decision_id=decision_id,
                locality_id=family.locality_id,
                level=outcome,
                created_at=effective,
                taken_up_at=opens if opens < now else None,
            )
            if opens < now:
                busy_until[family.household_id] = opens + timedelta(days=400)
                episode_starts.append(
                    _EpisodeStart(
                        opens,
                        family,
                        request,
                        (contact_id, reference),
                        "additional" if outcome == "early_help_additional" else "targeted",
                    )
                )
        elif (
            referrer is not None
            and not telephone
            and rng.random() < proportions.disagreements_per_contact * 3
        ):
            _disagreement(
                work,
                rng,
                now=now,
                raised=sent + timedelta(days=rng.uniform(1, 5)),
                child=children[0][0],
                contact=contact_id,
                decision=decision_id,
                raised_by=referrer,
                organisation=referrer_org,
                holder=worker,
                above=manager,
                ladder=ladder,
                url=disagreement_url,
            )

    # Early help started directly with families, spread over the years.
    for _ in range(vol.direct_episodes):
        at = start + timedelta(seconds=rng.random() * span)
        family = any_family()
        for _ in range(20):
            if busy_until.get(family.household_id, start) < at:
                break
            family = any_family()
        busy_until[family.household_id] = at + timedelta(days=400)
        episode_starts.append(
            _EpisodeStart(at, family, level=rng.choice(["additional", "targeted"]))
        )
    episode_starts.sort(key=lambda s: s.at)
    _episodes(work, rng, episode_starts, staff, now=now, url=episode_url, explained=explained)
    work.total = work.done
    work.flush()
    return work


def _bisect(weights: list[int], value: int) -> int:
    lo, hi = 0, len(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if weights[mid] <= value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _recently_referred(
    rng: random.Random,
    by_household: dict[int, Family],
    referred: list[tuple[datetime, int]],
    at: datetime,
) -> Family | None:
    """A family referred in the twelve months before ``at`` (a re-referral), if any."""
    lo, hi = 0, len(referred)
    while lo < hi:
        mid = (lo + hi) // 2
        if referred[mid][0] <= at - YEAR:
            lo = mid + 1
        else:
            hi = mid
    if lo >= len(referred):
        return None
    return by_household[referred[rng.randrange(lo, len(referred))][1]]


def _disagreement(
    work: Work,
    rng: random.Random,
    *,
    now: datetime,
    raised: datetime,
    child: int,
    contact: int,
    decision: int,
    raised_by: int,
    organisation: int,
    holder: int,
    above: int,
    ladder: list[str],
    url: str,
) -> None:
    if raised >= now:
        return
    resolved = raised + timedelta(days=rng.uniform(1, 6))
    is_open = resolved >= now
    disagreement = work[Disagreement].add(
        child_id=child,
        about_contact_id=contact,
        about_decision_id=decision,
        kind="front_door_decision",
        raised_by_id=raised_by,
        organisation_id=organisation,
        disagree_with="The front door's decision not to accept the referral.",
        reason="The worries have grown since the referral: the child is still not safe at home.",
        high_risk=False,
        risk="The child may be left without the help they need.",
        wanted="A child in need assessment.",
        status="open" if is_open else "resolved",
        partnership=DEFAULT,
        ladder=ladder,
        current_stage_number=1,
        raised_at=raised,
        resolved_at=None if is_open else resolved,
        outcome="" if is_open else "Talked it through: the decision stands with more support.",
        upheld=None if is_open else False,
    )
    due = raised + timedelta(days=2)
    stage = work[Stage].add(
        disagreement_id=disagreement,
        number=1,
        level=ladder[0],
        opened_at=raised,
        respond_by=raised + timedelta(days=1),
        due_at=due,
        outcome="" if is_open else "resolved",
        decided_by_id=None if is_open else holder,
        decided_at=None if is_open else resolved,
    )
    work[Stage.owners.through].add(stage_id=stage, user_id=holder)
    work[Stage.next_level_holders.through].add(stage_id=stage, user_id=above)
    work.event(
        raised,
        Verb.ESCALATION_RAISED,
        raised_by,
        organisation,
        "Disagreement raised: A front-door decision not to accept a referral",
        {
            "disagreement": disagreement,
            "kind": "front_door_decision",
            "high_risk": False,
            "level": ladder[0],
            "stage": 1,
            "could_not_reach": False,
            "due_at": due.isoformat(),
            "owners": [holder],
            "referrer_side": [],
        },
        [child],
    )
    work[Notification].add(
        recipient_id=holder,
        kind="escalation_raised",
        key=f"escalation:{disagreement}:1",
        subject="A professional disagreement has been raised with you",
        link=url.format(disagreement),
        created_at=raised,
        read_at=None if is_open else raised + timedelta(hours=3),
    )
    work.read(
        raised + timedelta(hours=2),
        holder,
        AccessAction.VIEW_ESCALATION,
        url.format(disagreement),
        [child],
    )
    if not is_open:
        work.event(
            resolved,
            Verb.ESCALATION_RESOLVED,
            holder,
            None,
            f"Disagreement resolved at {ladder[0]}",
            {
                "disagreement": disagreement,
                "stage": 1,
                "level": ladder[0],
                "upheld": False,
                "contact_reopened": False,
                "old": {"status": "open"},
                "new": {"status": "resolved"},
            },
            [child],
        )


def _episodes(  # noqa: C901 (an episode's life, step by step)
    work: Work,
    rng: random.Random,
    starts: list[_EpisodeStart],
    staff: Staff,
    *,
    now: datetime,
    url: str,
    explained: list[str],
) -> None:
    ehs = staff.organisations["Early Help Service"]
    # Length: three to thirteen months, a third of a year on average past the first three.
    plans = [(s, timedelta(days=rng.uniform(90, 400))) for s in starts]
    # The demo early help worker (the first of their locality's workers) leads about a
    # caseload's worth of the open episodes there, half of them in a small demo; the rest are
    # shared among the other workers.
    demo_leads: set[int] = set()
    for locality, workers in staff.early_help.items():
        if workers[0] != staff.demo.get("erin.earlyhelp"):
            continue
        # However small the demo, the demo worker's locality has a few families open now: the
        # latest to start there are still going.
        here = [i for i, (s, _) in enumerate(plans) if s.family.locality_id == locality]
        for i in here[-3:]:
            s, length = plans[i]
            if s.at + length < now:
                plans[i] = (s, now - s.at + timedelta(days=rng.uniform(30, 120)))
        open_here = [
            i
            for i, (s, length) in enumerate(plans)
            if s.family.locality_id == locality and s.at + length >= now
        ]
        share = max(len(open_here) // len(workers), min(len(open_here) // 2, 25))
        demo_leads.update(rng.sample(open_here, min(share, len(open_here))))
    for number, (start, length) in enumerate(plans):
        work.step()
        opened = start.at
        closed = opened + length
        is_open = closed >= now
        locality = start.family.locality_id
        workers = staff.early_help[locality]
        managers = (
            staff.early_help_managers[locality]
            or staff.early_help_managers[min(staff.early_help_managers)]
        )
        if number in demo_leads:
            lead = workers[0]
        elif is_open and workers[0] == staff.demo.get("erin.earlyhelp"):
            lead = rng.choice(workers[1:])
        else:
            lead = rng.choice(workers)
        opener = lead
        no_lead = is_open and rng.random() < 0.06
        children = start.family.children
        adults = start.family.adults[:2]
        members = sorted({c[0] for c in children} | {a[0] for a in adults})
        parent = f"{adults[0][1]} {adults[0][2]}" if adults else "Parent"
        episode = work[Episode].next_id
        reference = f"EH-{opened:%y}-{episode:06d}"
        work[Episode].add(
            id=episode,
            reference=reference,
            locality_id=locality,
            household_id=start.family.household_id,
            origin="front_door" if start.request else "direct",
            early_help_request_id=start.request,
            level=start.level,
            reason=rng.choice(WORRIES),
            status="open" if is_open else "closed",
            opened_at=opened,
            opened_by_id=opener,
            without_lead_since=opened if no_lead else None,
            closed_at=None if is_open else closed,
            closed_by_id=None if is_open else lead,
            closure_reason="" if is_open else "needs_met",
            closure_summary="" if is_open else "The family's plan is done and things are better.",
        )
        for child in children:
            work[EpisodeMember].add(
                episode_id=episode, person_id=child[0], role="child", added_at=opened
            )
            consent = work[ConsentRecord].add(
                person_id=child[0],
                purpose="early_help",
                decision="given",
                given_by="parent_or_carer",
                given_by_name=parent,
                share_with=["all"],
                method="written",
                decided_on=opened.date(),
                recorded_by_id=opener,
                recorded_at=opened - timedelta(hours=1),
                validity_source="recorded",
                voluntary=True,
                explained=explained,
                giver_has_capacity=True,
            )
            work.event(
                opened - timedelta(hours=1),
                Verb.CONSENT_RECORDED,
                opener,
                ehs,
                f"Consent given for a request for early help and support by {parent}",
                {
                    "consent": consent,
                    "purpose": "early_help",
                    "decision": "given",
                    "given_by": "parent_or_carer",
                    "share_with": ["all"],
                    "method": "written",
                    "validity_source": "recorded",
                    "competence_assessed": False,
                },
                [child[0]],
            )
            entry = work[ChronologyEntry].add(
                person_id=child[0],
                occurred_on=opened.date(),
                what_happened=f"Early help started with the family ({reference}).",
                source_agency_id=ehs,
                significance="routine",
                recorded_by_id=opener,
                recorded_at=opened,
            )
            work.event(
                opened,
                Verb.CHRONOLOGY_ENTRY_ADDED,
                opener,
                ehs,
                f"Chronology entry for {opened:%d %B %Y} added (routine)",
                {"entry": entry, "agency": ehs, "significance": "routine"},
                [child[0]],
            )
        for adult in adults:
            work[EpisodeMember].add(
                episode_id=episode, person_id=adult[0], role="adult", added_at=opened
            )
        payload: dict[str, Any] = {"episode": episode, "reference": reference}
        payload["origin"] = "front_door" if start.request else "direct"
        if start.request is not None and start.contact is not None:
            payload["early_help_request"] = start.request
            payload["contact"] = start.contact[0]
            summary = f"Early help {reference} started from front-door contact {start.contact[1]}"
        else:
            summary = f"Early help {reference} started with the family's agreement"
        payload["previous_episode"] = None
        work.event(opened, Verb.EPISODE_OPENED, opener, ehs, summary, payload, members)
        if no_lead:
            continue
        proposed = opened + timedelta(hours=4)
        active = opened + timedelta(days=rng.uniform(1, 4))
        lead_id = work[LeadPractitioner].add(
            episode_id=episode,
            practitioner_id=lead,
            organisation_id=ehs,
            status="active" if is_open else "ended",
            proposed_at=proposed,
            proposed_by_id=opener,
            practitioner_agreed_at=proposed,
            family_agreed_at=active,
            family_agreed_by=parent,
            child_agreement_needed=False,
            activated_at=active,
            ended_at=None if is_open else closed,
            end_reason="" if is_open else "Early help closed",
        )
        work.event(
            proposed,
            Verb.LEAD_PROPOSED,
            opener,
            ehs,
            f"Lead practitioner proposed for {reference}",
            {"episode": episode, "lead": lead_id, "practitioner": lead},
            members,
        )
        work.event(
            active,
            Verb.LEAD_ACTIVE,
            lead,
            ehs,
            f"Lead practitioner agreed for {reference}",
            {"episode": episode, "lead": lead_id, "party": "family", "agreed_by": parent},
            members,
        )
        work[Notification].add(
            recipient_id=lead,
            kind="lead_proposed",
            key=f"lead-proposed:{lead_id}",
            subject=f"You have been proposed as lead practitioner for {reference}",
            link=url.format(episode),
            created_at=proposed,
            read_at=active,
        )
        # Reads of the episode: when it starts, and every six weeks or so while it is open.
        moment = opened + timedelta(days=1)
        last = min(now, closed)
        while moment < last:
            work.read(moment, lead, AccessAction.VIEW_EPISODE, url.format(episode), members)
            moment += timedelta(days=rng.uniform(30, 60))
        # The assessment: due in four weeks, signed off within about six.
        started = opened + timedelta(days=2)
        if started >= now:
            continue
        due = (opened + timedelta(days=28)).date()
        completed = opened + timedelta(days=rng.uniform(14, 45))
        done = completed < min(now, closed)
        manager = rng.choice(managers)
        assessment = work[Assessment].add(
            episode_id=episode,
            status="completed" if done else "draft",
            started_at=started,
            started_by_id=lead,
            due_on=due,
            dimensions={
                "education": {
                    "strengths": "Likes school and their teacher.",
                    "needs": "Attendance has dropped; often late on Mondays.",
                },
                "basic_care": {
                    "strengths": "A warm and loving home.",
                    "needs": "Mornings are chaotic since the move.",
                },
            },
            parents_views="They want help with routines and money.",
            analysis="Needs are met with support; no worry of significant harm.",
            working_well="The children are close to their mum.",
            worried_about="Attendance and money.",
            needs_to_happen="A routine, and help with debts.",
            completed_at=completed if done else None,
            signed_off_by_id=manager if done else None,
        )
        work.event(
            started,
            Verb.ASSESSMENT_STARTED,
            lead,
            ehs,
            f"Early help assessment started for {reference}",
            {
                "assessment": assessment,
                "episode": episode,
                "based_on": None,
                "due_on": due.isoformat(),
            },
            members,
        )
        if not done:
            continue
        work.event(
            completed,
            Verb.ASSESSMENT_COMPLETED,
            manager,
            ehs,
            f"Early help assessment for {reference} signed off",
            {
                "assessment": assessment,
                "episode": episode,
                "version": 1,
                "recommended_scale": None,
                "significant_harm_suspected": False,
                "overdue": completed.date() > due,
                "authors": [lead],
            },
            members,
        )
        # The first Team Around the Family meeting, and the next review while still open.
        first_due = (completed + timedelta(days=14)).date()
        meetings = [(completed + timedelta(days=rng.uniform(5, 14)), "initial", first_due)]
        review = meetings[0][0] + timedelta(weeks=6)
        while review < min(now, closed):
            meetings.append((review, "review", review.date()))
            review += timedelta(weeks=6)
        if is_open:
            meetings.append((review, "review", review.date()))
        meetings = meetings[:1] + meetings[-2:] if len(meetings) > 3 else meetings
        for when, kind, meeting_due in meetings:
            held = when < now
            meeting = work[TafMeeting].add(
                episode_id=episode,
                kind=kind,
                status="held" if held else "planned",
                due_on=meeting_due,
                scheduled_for=when,
                location="Family hub",
                discussion="What is going well and what needs to change." if held else "",
                decisions="Keep to the plan." if held else "",
                held_at=when if held else None,
                recorded_by_id=lead if held else None,
            )
            work[TafInvitee].add(
                meeting_id=meeting,
                user_id=lead,
                organisation_id=ehs,
                attendance="attended" if held else "invited",
            )
            for adult in adults[:1]:
                work[TafInvitee].add(
                    meeting_id=meeting,
                    person_id=adult[0],
                    attendance="attended" if held else "invited",
                )
            planned_at = min(when - timedelta(days=3), now)
            work.event(
                planned_at,
                Verb.TAF_MEETING_PLANNED,
                lead,
                ehs,
                f"Team Around the Family meeting arranged for {reference}",
                {
                    "episode": episode,
                    "meeting": meeting,
                    "kind": kind,
                    "scheduled_for": when.isoformat(),
                    "due_on": meeting_due.isoformat(),
                    "practitioners": [lead],
                    "family_members": [a[0] for a in adults[:1]],
                    "recorded_afterwards": False,
                },
                members,
            )
            work[Notification].add(
                recipient_id=lead,
                kind="meeting_invitation",
                key=f"meeting-invitation:{meeting}",
                subject=f"Team Around the Family meeting for {reference}",
                link=url.format(episode),
                created_at=planned_at,
                read_at=planned_at + timedelta(hours=5) if held else None,
            )
            if held:
                work.event(
                    when,
                    Verb.TAF_MEETING_RECORDED,
                    lead,
                    ehs,
                    f"Team Around the Family meeting held for {reference}",
                    {"episode": episode, "meeting": meeting, "attendance": {str(lead): "attended"}},
                    members,
                )
        # The plan, agreed at the first meeting.
        agreed = meetings[0][0]
        if agreed >= now:
            continue
        plan = work[Plan].add(
            episode_id=episode,
            number=1,
            status="agreed",
            contingency="If things do not improve, the lead will bring the family to the "
            "early help action meeting.",
            created_at=completed + timedelta(days=1),
            created_by_id=lead,
            agreed_at=agreed,
            agreed_by_id=lead,
            agreed_on=agreed.date(),
        )
        work[PlanFamilyAgreement].add(plan_id=plan, name=parent, relationship="parent")
        picked = rng.sample(OUTCOME_TEXTS, 2)
        position = 0
        for outcome_index, (text, measure) in enumerate(picked):
            outcome = work[PlanOutcome].add(
                plan_id=plan,
                text=text,
                measure=measure,
                measured_by="Lead practitioner",
                position=outcome_index,
            )
            for step in range(2 if outcome_index == 0 else 1):
                action_due = agreed + timedelta(days=14 * (position + 1) + rng.uniform(0, 40))
                if not is_open:
                    state = "done"
                elif action_due < now - timedelta(days=10):
                    state = "done" if rng.random() < 0.85 else "in_progress"
                else:
                    state = rng.choice(["not_started", "in_progress"])
                work[PlanAction].add(
                    plan_id=plan,
                    outcome_id=outcome,
                    what=ACTION_TEXTS[(position + step + episode) % len(ACTION_TEXTS)],
                    owner_id=lead if step == 0 else None,
                    owner_name="" if step == 0 else parent,
                    owner_organisation_id=ehs if step == 0 else None,
                    due_on=action_due.date(),
                    status=state,
                    position=position,
                )
                position += 1
        work.event(
            agreed,
            Verb.PLAN_AGREED,
            lead,
            ehs,
            f"Multi-agency plan version 1 agreed for {reference}",
            {
                "episode": episode,
                "plan": plan,
                "number": 1,
                "version": 1,
                "superseded": [],
                "agreed_on": agreed.date().isoformat(),
                "family": [{"name": parent, "relationship": "parent"}],
                "changes": [],
            },
            members,
        )
        if not is_open:
            work.event(
                closed,
                Verb.EPISODE_CLOSED,
                lead,
                ehs,
                f"Early help {reference} closed",
                {
                    "episode": episode,
                    "reason": "needs_met",
                    "reason_other": "",
                    "outcome_scores": {},
                    "leads_ended": [lead_id],
                },
                members,
            )


# --- Writing -------------------------------------------------------------------------------


def _first_ids() -> dict[type[models.Model], int]:
    return {
        model: (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1
        for model in Work.ORDER
    }


def _converters(table: Table) -> list[tuple[int, Callable[[Any], Any]]]:
    ops = connection.ops
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for i, f in enumerate(table.model._meta.concrete_fields):
        if isinstance(f, models.JSONField):
            found.append((i, json.dumps))
        elif connection.vendor != "postgresql" and isinstance(f, models.DateTimeField):
            found.append((i, ops.adapt_datetimefield_value))
        elif connection.vendor != "postgresql" and isinstance(f, models.DateField):
            found.append((i, ops.adapt_datefield_value))
    return found


def work_write(work: Work, *, chunk: int = 50_000) -> None:
    """Insert the rows waiting in ``work``, table by table in dependency order."""
    for model in Work.ORDER:
        table = work[model]
        converters = _converters(table)
        for begin in range(0, len(table.rows), chunk):
            rows = table.rows[begin : begin + chunk]
            if converters:
                for row in rows:
                    for i, convert in converters:
                        if row[i] is not None:
                            row[i] = convert(row[i])
            rows_insert(model, table.names, [tuple(r) for r in rows])


def _sequences_reset() -> None:
    """On PostgreSQL, move each table's id sequence past the ids this load chose."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(Work.ORDER)):
                cursor.execute(sql)


def _foreign_key_triggers_off_if_allowed() -> None:
    """On PostgreSQL, as a superuser, skip the foreign-key triggers for the rest of this
    transaction, as ``pg_restore --disable-triggers`` does: every row refers to rows this load
    or ``demo_data`` wrote, with ids it allocated, so checking each of millions of references
    one by one would only double the time. The append-only triggers of the audit tables guard
    updates and deletes, which a load never makes. Elsewhere, and for other users, nothing
    changes (SQLite checks every reference at commit, which the tests rely on)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


@dataclass(frozen=True)
class LoadResult:
    counts: dict[str, int]
    seconds: float  # generating and writing, interleaved
    write_seconds: float  # of which writing

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def council_work_load(
    *,
    seed: int,
    years: int = 5,
    scale: float = 1.0,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult | None:
    """Generate and write the council's work for the people in the database, in one
    transaction. Returns None (adding nothing) if the work for ``seed`` is already loaded."""
    import time

    if User.objects.filter(username=marker_username(seed)).exists():
        return None
    now = now or timezone.now()
    with transaction.atomic():
        ref = reference_data_load()
        families = families_read()
        vol = volumes(families, years=years, scale=scale, proportions=PROPORTIONS)
        staff = staff_load(ref, seed, vol)
        _foreign_key_triggers_off_if_allowed()
        writing = [0.0]

        def sink(work: Work) -> None:
            began = time.monotonic()
            work_write(work)
            writing[0] += time.monotonic() - began

        began = time.monotonic()
        work = council_work_generate(
            families=families,
            staff=staff,
            seed=seed,
            now=now,
            years=years,
            scale=scale,
            first_ids=_first_ids(),
            sink=sink,
            progress=progress,
        )
        _sequences_reset()
        ended = time.monotonic()
    # Statistics for every table, as a database that has run for years has them (autovacuum's
    # come later): without them PostgreSQL guessed 600 step-down requests where there was one,
    # and SQLite, which never gathers its own, looked people up through the wrong index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return LoadResult(work.counts(), ended - began, writing[0])
