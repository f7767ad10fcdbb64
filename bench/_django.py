"""What every page benchmark does first: Django on a new, migrated SQLite database in a
temporary folder (removed afterwards), with the test environment set up so the test client's
"testserver" host is allowed and without a collectstatic manifest."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def migrated_sqlite() -> Iterator[None]:
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    workdir = tempfile.mkdtemp(prefix="righthelp-bench-")
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "righthelp.settings"
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
        os.environ.setdefault("RIGHTHELP_PLAIN_STATIC", "true")

        import django

        django.setup()

        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        setup_test_environment()
        call_command("migrate", verbosity=0)
        yield
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
