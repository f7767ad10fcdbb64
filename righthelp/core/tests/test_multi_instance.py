"""Two app servers on one PostgreSQL database behave as one service.

Two gunicorn instances, each its own process on its own port, serve the test's database (a live
one: this test commits, so they see what it writes). A user signed in on one is signed in on the
other (sessions are rows); a contact sent through the API to one is read through the other; and
the due notifications, run by both at once as two schedulers would, are sent once. Prints what
it measured (docs/deployment.md quotes it). PostgreSQL only: SQLite is one server's file.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from righthelp.accounts import services as account_services
from righthelp.frontdoor import api_schema
from righthelp.frontdoor import services as frontdoor
from righthelp.frontdoor.models import Contact
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.workdue.tests.helpers import due_at, submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

ROOT = Path(__file__).resolve().parents[3]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several instances share one PostgreSQL database; SQLite is one server's file",
)


@pytest.mark.django_db
def test_sessions_and_the_cache_live_in_the_database_not_in_a_process() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection as default

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache.set("shared", "by every instance", 60)
    with default.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM righthelp_cache")
        assert cursor.fetchone() == (1,)
    assert cache.get("shared") == "by every instance"


def _database_url() -> str:
    settings = connection.settings_dict
    user = urllib.parse.quote(str(settings.get("USER") or ""), safe="")
    password = urllib.parse.quote(str(settings.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = urllib.parse.quote(str(settings.get("HOST") or "localhost"), safe="")
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "righthelp.settings",
        "RIGHTHELP_PLAIN_STATIC": "true",
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


@pytest.fixture
def instances(cast: Cast) -> Iterator[list[str]]:
    env = _environment()
    processes: list[subprocess.Popen[bytes]] = []
    bases: list[str] = []
    try:
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "righthelp.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--timeout",
                        "120",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"The instance at {base} did not start")
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def _request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> urllib.request.Request:
    return urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 - 127.0.0.1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener(jar: http.cookiejar.CookieJar) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())


def _open(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request | str
) -> tuple[int, str, dict[str, str], float]:
    begun = time.perf_counter()
    try:
        with opener.open(request, timeout=60) as response:
            body = response.read().decode()
            return response.status, body, dict(response.headers), time.perf_counter() - begun
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        return error.code, body, dict(error.headers), time.perf_counter() - begun


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_instances_share_sessions_records_and_send_each_due_notice_once(
    cast: Cast, instances: list[str], password: str
) -> None:
    first, second = instances
    timings: dict[str, float] = {}

    # Given a user who signs in on the first instance (the suite hashes passwords with a fast
    # hasher the servers do not accept: give them one the servers' settings know)
    hasher = PBKDF2PasswordHasher()
    cast.front_door_worker.password = hasher.encode(password, hasher.salt())
    cast.front_door_worker.save(update_fields=["password"])
    jar = http.cookiejar.CookieJar()
    browser = _opener(jar)
    status, page, _, _ = _open(browser, f"{first}/sign-in/")
    assert status == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1),
            "username": cast.front_door_worker.username,
            "password": password,
        }
    ).encode()
    signed_in = _request(f"{first}/sign-in/", data=form, headers={"Referer": f"{first}/sign-in/"})
    status, page, headers, timings["sign in on the first"] = _open(browser, signed_in)
    assert status == 302, re.findall(r"govuk-error-message[^<]*<[^<]*<[^<]*", page)
    assert "sign-in" not in headers.get("Location", "")

    # Then the second instance knows them (the session is a row, not a process's memory)
    status, _, headers, timings["home on the second"] = _open(browser, f"{second}/")
    assert status == 200, headers.get("Location")

    # Given a contact sent through the API to the first instance
    assert cast.involved.organisation is not None
    _, raw = account_services.api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    api = _opener(http.cookiejar.CookieJar())
    contact_json = json.dumps(api_schema.EXAMPLE_EARLY_HELP).encode()
    sent = _request(
        f"{first}/api/v1/contacts",
        data=contact_json,
        headers={
            "Authorization": f"Bearer {raw}",
            "Content-Type": "application/json",
            "Idempotency-Key": "multi-instance-1",
        },
    )
    status, body, _, timings["API contact sent to the first"] = _open(api, sent)
    assert status == 201, body
    contact_id = json.loads(body)["id"]

    # Then the second instance reads it, and a retry sent to the second makes no second contact
    read = _request(
        f"{second}/api/v1/contacts/{contact_id}", headers={"Authorization": f"Bearer {raw}"}
    )
    status, body, _, timings["API contact read on the second"] = _open(api, read)
    assert status == 200 and json.loads(body)["id"] == contact_id
    retried = _request(
        f"{second}/api/v1/contacts",
        data=contact_json,
        headers=dict(sent.header_items()),
    )
    status, body, headers, _ = _open(api, retried)
    assert status == 200 and json.loads(body)["id"] == contact_id
    assert Contact.objects.filter(pk=contact_id).count() == 1

    # Given a contact overdue for its decision
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    due_at(contact, timezone.now() - timedelta(hours=1))

    timed_before = Notification.objects.filter(
        kind__in=[NotificationKind.OVERDUE, NotificationKind.DUE_SOON]
    ).count()
    assert timed_before == 0

    # When each instance's scheduler sends the due notifications at the same moment
    env = _environment()
    command = [sys.executable, str(ROOT / "manage.py"), "send_due_notifications"]

    def schedule(_: int) -> tuple[str, float]:
        begun = time.perf_counter()
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
        )
        return done.stdout.strip().splitlines()[-1], time.perf_counter() - begun

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(schedule, range(2)))

    # Then the worker is told once, and between them the runs report one sent
    overdue = Notification.objects.filter(
        recipient=cast.front_door_worker, kind=NotificationKind.OVERDUE
    )
    assert overdue.count() == 1
    sent_counts = [int(line.rsplit(" ", 2)[-2]) for line, _ in runs]
    timed = Notification.objects.filter(
        kind__in=[NotificationKind.OVERDUE, NotificationKind.DUE_SOON]
    )
    assert sum(sent_counts) == timed.count() == timed.values("recipient", "key").distinct().count()

    # And the second instance shows it to them
    status, page, _, timings["notifications on the second"] = _open(
        browser, f"{second}/my-work/notifications/"
    )
    assert status == 200 and "Overdue" in page

    # Reads on both instances at once, for the figures in docs/deployment.md
    def page_time(base: str) -> float:
        return _open(browser, f"{base}/")[3]

    with ThreadPoolExecutor(max_workers=4) as pool:
        home_times = list(pool.map(page_time, [first, second] * 10))
    print(  # noqa: T201 - the figures docs/deployment.md quotes (pytest -s)
        json.dumps(
            {
                "timings_ms": {k: round(v * 1000) for k, v in timings.items()},
                "schedulers": [{"last_line": line, "seconds": round(s, 1)} for line, s in runs],
                "home_two_instances_p50_ms": round(statistics.median(home_times) * 1000),
            }
        )
    )
