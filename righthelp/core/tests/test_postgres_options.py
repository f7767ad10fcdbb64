"""Each PostgreSQL connection RightHelp opens runs without JIT compilation (a page's queries
paid up to a second compiling), with whatever ``POSTGRES_OPTIONS`` adds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_pages_query_postgresql_without_jit_and_with_cheap_random_reads() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


def test_postgres_options_are_added_to_the_connection() -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'righthelp.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://righthelp@127.0.0.1:1/righthelp",
        "POSTGRES_OPTIONS": "-c statement_timeout=30s",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ("-c jit=off -c random_page_cost=1.1 -c statement_timeout=30s")
