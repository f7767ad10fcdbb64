"""Record pages read beside a writer on SQLite, under gunicorn: reads DEFERRED or all IMMEDIATE.

    DATABASE_URL=sqlite:////tmp/new.sqlite3 .venv/bin/python bench/bench_sqlite_read_transactions.py

Migrates a new database file, makes a practitioner and a child of theirs, then for each mode
starts gunicorn (3 workers, 127.0.0.1 only), reads the child's record from 4 client threads for
``BENCH_SECONDS`` (20) while a separate process records an event every
``BENCH_WRITE_INTERVAL`` seconds (0.1), and prints reads, errors, median and p95 and the
writer's waits. "immediate" serves the same code with the read
middleware removed (every request begins IMMEDIATE, as before it).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WRITE_INTERVAL = float(os.environ.get("BENCH_WRITE_INTERVAL", "0.1"))
CLIENTS = 4

SETUP = """
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from righthelp.accounts.models import Role
from righthelp.accounts.tests.factories import UserFactory
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory
call_command("migrate", verbosity=0)
user = UserFactory(roles=[Role.PRACTITIONER])
child = PersonFactory()
InvolvementFactory(person=child, user=user)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key, child.pk, user.pk)
"""

WRITER = """
import sys, time
from django.db import transaction
from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.services import event_record
user = User.objects.get(pk={user})
waits = []
end = time.time() + {seconds}
while time.time() < end:
    begun = time.perf_counter()
    with transaction.atomic():
        event_record(actor=user, verb=Verb.PERSON_UPDATED, subject_ids=[{child}], summary="x")
    waits.append(time.perf_counter() - begun)
    time.sleep({interval})
waits.sort()
p50, p95 = waits[len(waits) // 2], waits[int(len(waits) * 0.95)]
print(len(waits), round(p50 * 1000, 1), round(p95 * 1000, 1))
"""

IMMEDIATE_WSGI = """
import django
from django.conf import settings
django.setup()
settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "ReadTransaction" not in m]
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
"""


def _shell(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _run(mode: str, env: dict[str, str], session: str, child: str, user: str) -> dict[str, object]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    extra = tempfile.mkdtemp()
    Path(extra, "immediate_wsgi.py").write_text(IMMEDIATE_WSGI)
    app = "immediate_wsgi:application" if mode == "immediate" else "righthelp.wsgi"
    server = subprocess.Popen(  # noqa: S603 - gunicorn from this environment
        [str(Path(sys.executable).parent / "gunicorn"), app, "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "3", "--timeout", "120"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": f"{ROOT}:{extra}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/people/{child}/"
    headers = {"Cookie": f"sessionid={session}"}
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(3):  # each worker's first page loads templates
            urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60)  # noqa: S310
        writer = subprocess.Popen(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "manage.py", "shell", "-c"]
            + [WRITER.format(user=user, child=child, seconds=SECONDS, interval=WRITE_INTERVAL)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        durations: list[float] = []
        errors: list[str] = []
        end = time.time() + SECONDS

        def read() -> None:
            while time.time() < end:
                begun = time.perf_counter()
                try:
                    request = urllib.request.Request(url, headers=headers)  # noqa: S310
                    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                        response.read()
                    durations.append(time.perf_counter() - begun)
                except urllib.error.HTTPError as error:
                    errors.append(str(error.code))
                except OSError as error:
                    errors.append(repr(error))

        threads = [threading.Thread(target=read) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        writes, write_p50, write_p95 = (writer.communicate()[0].strip().splitlines()[-1]).split()
        durations.sort()
        return {
            "mode": mode,
            "write_interval_s": WRITE_INTERVAL,
            "reads": len(durations),
            "reads_per_second": round(len(durations) / SECONDS, 1),
            "errors": len(errors),
            "read_p50_ms": round(statistics.median(durations) * 1000),
            "read_p95_ms": round(durations[int(len(durations) * 0.95)] * 1000),
            "writes": int(writes),
            "write_p50_ms": float(write_p50),
            "write_p95_ms": float(write_p95),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "righthelp.settings",
        "RIGHTHELP_PLAIN_STATIC": "true",
        "PYTHONPATH": str(ROOT),
    }
    session, child, user = _shell(SETUP, env).split()
    for mode in ("immediate", "deferred"):
        print(json.dumps(_run(mode, env, session, child, user)))  # noqa: T201


if __name__ == "__main__":
    main()
