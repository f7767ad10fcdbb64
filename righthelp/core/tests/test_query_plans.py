"""No daily page reads the person, event or access-log tables from end to end (PostgreSQL).

The demo data is loaded, then its people (with their names, addresses and households), events,
event subjects and access-log rows are copied in SQL until the tables hold tens of thousands of
rows, spread over new people as a council's would be, and ANALYZEd, so the planner chooses as it
would in production. Each role's daily pages (``daily_pages``) are opened with the queries
captured, and every SELECT is EXPLAINed: a ``Seq Scan`` on one of ``WATCHED`` fails the page.

Pages known to scan today are listed in ``SCANS_YET`` and expected to fail (not strictly, so a
fix passes); take a page off the list once it is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from righthelp.core.tests.daily_pages import (
    PAGES,
    ROLES,
    daily_pages,
    demo_user,
    front_door_contacts,
    plain_static,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]

WATCHED = (
    "people_person",
    "audit_event",
    "audit_eventsubject",
    "audit_accessrecord",
    "audit_accessrecordperson",
)
COPIES = 1000  # each demo person becomes this many people (about 50,000 in all)
ACCESS_ROWS = 50_000

# (role, page): a plan line seen when the list was written.
# The people list with no search terms counts and lists everyone the user may see, the
# visibility test an EXISTS per person: "Seq Scan on people_person (rows=47860)" for the count
# and again for the page.
SCANS_YET: dict[tuple[str, str], str] = {}

Scans = dict[tuple[str, str], list[str]]


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def _copy(table: str, times: int, shift: dict[str, str], step: dict[str, int]) -> None:
    """Copy every row of ``table`` ``times`` times in one INSERT ... SELECT: copy ``g`` moves
    each id column in ``shift`` by ``g`` times the step of the table it points at, so copies
    point at copied rows and ids stay unique."""
    columns = _columns(table)
    values = []
    for column in columns:
        if column in shift:
            values.append(f"s.{column} + g * {step[shift[column]]}")
        elif column == "local_person_id":
            values.append("s.local_person_id || '-' || g")
        elif column in ("nhs_number", "upn"):
            values.append("NULL")
        else:
            values.append(f"s.{column}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (names from the schema)
            f"SELECT {', '.join(values)} FROM {table} s, generate_series(1, {times}) g"
        )
        sequence = f"pg_get_serial_sequence('{table}', 'id')"
        cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608


def _step(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _grow() -> None:
    """Tens of thousands of people, events and access-log rows, as a council has."""
    tables = ("people_person", "audit_event", "audit_accessrecord")
    step = {table: _step(table) for table in tables}
    person = {"id": "people_person"}
    _copy("people_person", COPIES, person, step)
    for table in ("people_personname", "people_personaddress"):
        step[table] = _step(table)
        _copy(table, COPIES, {"id": table, "person_id": "people_person"}, step)
    _copy("audit_event", COPIES, {"id": "audit_event"}, step)
    step["audit_eventsubject"] = _step("audit_eventsubject")
    _copy(
        "audit_eventsubject",
        COPIES,
        {"id": "audit_eventsubject", "event_id": "audit_event", "person_id": "people_person"},
        step,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_accessrecord")
        access_rows = int(cursor.fetchone()[0]) or 1
    times = max(1, ACCESS_ROWS // access_rows)
    _copy("audit_accessrecord", times, {"id": "audit_accessrecord"}, step)
    step["audit_accessrecordperson"] = _step("audit_accessrecordperson")
    _copy(
        "audit_accessrecordperson",
        times,
        {"id": "audit_accessrecordperson", "access_record_id": "audit_accessrecord"},
        step,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    pattern = re.compile(r"Seq Scan on (" + "|".join(WATCHED) + r")\b")
    return [line.strip() for line in plan if pattern.search(line)]


@pytest.fixture(scope="module")
def scans(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[Scans]:
    found: Scans = {}
    with django_db_blocker.unblock(), plain_static(), transaction.atomic():  # type: ignore[attr-defined]
        call_command("demo_data", families=20, seed=1, verbosity=0)
        call_command("demo_early_help", episodes=2, verbosity=0)
        front_door_contacts(2, 0)
        _grow()
        for role, username in ROLES:
            user = demo_user(username)
            client = Client()
            client.force_login(user)
            for page in daily_pages(client, user):
                with CaptureQueriesContext(connection) as queries:
                    client.get(page.url)
                lines = found.setdefault((role, page.name), [])
                for query in queries.captured_queries:
                    if query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                        lines += [
                            f"{line}  <-  {query['sql'][:300]}" for line in _scans(query["sql"])
                        ]
        transaction.set_rollback(True)
    yield found


def _cases() -> Iterator[object]:
    for role, pages in PAGES.items():
        for page in pages:
            marks = []
            if (role, page) in SCANS_YET:
                reason = f"scans yet: {SCANS_YET[(role, page)]}"
                marks.append(pytest.mark.xfail(reason=reason, strict=False))
            yield pytest.param(role, page, marks=marks, id=f"{role}: {page}")


@pytest.mark.parametrize(("role", "page"), list(_cases()))
def test_a_daily_page_reads_no_large_table_end_to_end(scans: Scans, role: str, page: str) -> None:
    assert (role, page) in scans, f"{page} did not open for the {role}"
    assert scans[(role, page)] == [], "\n".join(scans[(role, page)])
