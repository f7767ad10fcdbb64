"""What every page benchmark does first: Django on a new, migrated database, with the test
environment set up so the test client's "testserver" host is allowed and without a collectstatic
manifest. SQLite in a temporary folder by default; ``migrated_postgres(url)`` makes a new
database on the PostgreSQL server at ``url`` instead (``make bench`` starts a throwaway one).
Both are removed afterwards."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _django_on(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    os.environ["DJANGO_SETTINGS_MODULE"] = "righthelp.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("RIGHTHELP_PLAIN_STATIC", "true")

    import django

    django.setup()

    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


@contextmanager
def migrated_sqlite() -> Iterator[None]:
    workdir = tempfile.mkdtemp(prefix="righthelp-bench-")
    try:
        _django_on(f"sqlite:///{workdir}/bench.sqlite3")
        yield
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def migrated_postgres(server_url: str) -> Iterator[None]:
    """A new database on the server at ``server_url`` (a postgres:// URL), dropped afterwards."""
    import psycopg

    name = f"righthelp_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _django_on(f"{server_url.rsplit('/', 1)[0]}/{name}")
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def migrated_database(postgres: bool) -> Iterator[None]:
    """PostgreSQL (the server in DATABASE_URL) when asked, else temporary SQLite."""
    if not postgres:
        with migrated_sqlite():
            yield
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("--postgres needs DATABASE_URL=postgres://... (scripts/with_postgres.sh)")
    with migrated_postgres(url):
        yield


def early_help_worker(username: str) -> tuple[Any, Any, Any]:
    """West locality's early help agency, its team, and an early help worker in that team
    (for page benchmarks; call after the database is set up). Returns (agency, team, user)."""
    from righthelp.accounts.models import (
        Locality,
        Organisation,
        Role,
        RoleAssignment,
        Team,
        TeamMembership,
        User,
    )

    west = Locality.objects.create(name="West", slug="west")
    agency = Organisation.objects.create(name="Early Help West", kind="early_help", locality=west)
    team = Team.objects.create(name="EH West", organisation=agency, locality=west)
    user = User.objects.create_user(
        username=username,
        password="not-used-bench-only",  # noqa: S106
        first_name=username.capitalize(),
        last_name="Bench",
        organisation=agency,
    )
    RoleAssignment.objects.create(user=user, role=Role.EARLY_HELP_WORKER)
    TeamMembership.objects.create(user=user, team=team)
    return agency, team, user
