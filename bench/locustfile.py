"""Locust scenario: a working day for the front door, early help workers and their managers.

Run by bench/load.sh (gunicorn on 127.0.0.1 against a loaded database):

    .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 --run-time 60s \
        --host http://127.0.0.1:8000 --csv var/bench/load

Each simulated user signs in as one of three demo users (``demo_data``'s password, or
RIGHTHELP_DEMO_PASSWORD) through the sign-in form, finds the records it may open from its own
lists, then with 1 s between pages mostly reads (home, My work, the people list and a search by
name, a person, their chronology, an episode, the front-door queue, a contact) and sometimes
writes through the forms, following the CSRF flow: a chronology entry, a consultation question.
Requests are named by route (``/people/[id]/``) so the statistics group them.
"""

from __future__ import annotations

import os
import random
import re
import uuid
from datetime import date, timedelta
from typing import Any

from gevent.lock import Semaphore
from locust import HttpUser, constant, task

PASSWORD = os.environ.get("RIGHTHELP_DEMO_PASSWORD", "righthelp-demo")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Khan", "Williams", "Patel", "Wilson", "Ali")
PERSON = re.compile(r'href="/people/(\d+)/"')
EPISODE = re.compile(r'href="/early-help/episodes/(\d+)/"')
CONTACT = re.compile(r'href="/front-door/contacts/(\d+)/"')
SUBMISSION_KEY = re.compile(r'name="submission_key"[^>]*value="([0-9a-f-]+)"')


# One sign-in per demo user, its session shared by every simulated user of that role: a working
# day's users are signed in already, and fifty password hashes at the start (hundreds of ms of
# CPU each, by design) would measure sign-in rather than the pages.
SESSIONS: dict[str, dict[str, str]] = {}
SIGNING_IN: dict[str, Semaphore] = {}


class CaseworkUser(HttpUser):
    abstract = True
    wait_time = constant(1)
    username = ""

    def on_start(self) -> None:
        self.people: list[str] = []
        self.episodes: list[str] = []
        self.contacts: list[str] = []
        with SIGNING_IN.setdefault(self.username, Semaphore()):
            if self.username not in SESSIONS:
                self._sign_in()
                SESSIONS[self.username] = self.client.cookies.get_dict()
        for name, value in SESSIONS[self.username].items():
            self.client.cookies.set(name, value)
        self._learn(self.client.get("/my-work/", name="/my-work/").text)
        self._learn(self.client.get("/people/", name="/people/").text)

    def _sign_in(self) -> None:
        self.client.get("/sign-in/", name="/sign-in/")
        with self.client.post(
            "/sign-in/",
            {"username": self.username, "password": PASSWORD, **self._csrf()},
            headers={"Referer": f"{self.host}/sign-in/"},
            name="/sign-in/ (post)",
            catch_response=True,
        ) as response:
            if "/sign-in/" in (response.url or ""):
                response.failure(f"{self.username} could not sign in")

    def _csrf(self) -> dict[str, str]:
        return {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}

    def _learn(self, html: str) -> None:
        """Remember the records this user's own pages link to."""
        for pattern, found in (
            (PERSON, self.people),
            (EPISODE, self.episodes),
            (CONTACT, self.contacts),
        ):
            for record_id in pattern.findall(html):
                if record_id not in found:
                    found.append(record_id)

    def _post_form(self, url: str, name: str, data: dict[str, Any]) -> None:
        """GET the form, then POST it with its CSRF token and one-time submission key."""
        with self.client.get(url, name=name, catch_response=True) as page:
            if page.status_code == 404:  # a record this user may read but not add to
                page.success()
                return
        key = SUBMISSION_KEY.search(page.text)
        data = {**data, **self._csrf(), "submission_key": key.group(1) if key else uuid.uuid4()}
        with self.client.post(
            url, data, headers={"Referer": page.url}, name=f"{name} (post)", catch_response=True
        ) as response:
            if response.status_code >= 400 or response.url == page.url:
                response.failure(f"form not accepted ({response.status_code})")

    @task(3)
    def home(self) -> None:
        self._learn(self.client.get("/", name="/").text)

    @task(3)
    def my_work(self) -> None:
        self._learn(self.client.get("/my-work/", name="/my-work/").text)

    @task(2)
    def people_search(self) -> None:
        response = self.client.get(
            "/people/", params={"name": random.choice(SURNAMES)}, name="/people/?name="
        )
        self._learn(response.text)

    @task(3)
    def person(self) -> None:
        if self.people:
            self.client.get(f"/people/{random.choice(self.people)}/", name="/people/[id]/")

    @task(1)
    def chronology(self) -> None:
        if self.people:
            self.client.get(
                f"/chronology/person/{random.choice(self.people)}/",
                name="/chronology/person/[id]/",
            )

    @task(1)
    def add_chronology_entry(self) -> None:
        if not self.people:
            return
        when = date.today() - timedelta(days=random.randint(1, 60))  # noqa: DTZ011
        self._post_form(
            f"/chronology/person/{random.choice(self.people)}/add/",
            "/chronology/person/[id]/add/",
            {
                "occurred_on-day": when.day,
                "occurred_on-month": when.month,
                "occurred_on-year": when.year,
                "what_happened": "School reported the child was late three days this week.",
                "significance": "routine",
                "impact_on_child": "",
            },
        )

    @task(1)
    def ask_for_advice(self) -> None:
        self._post_form(
            "/consultations/new/",
            "/consultations/new/",
            {"question": "A ten year old has been arriving hungry; what should we try first?"},
        )


class FrontDoorWorker(CaseworkUser):
    weight = 2
    username = "fran.frontdoor"

    def on_start(self) -> None:
        super().on_start()
        self._learn(self.client.get("/front-door/", name="/front-door/").text)

    @task(4)
    def queue(self) -> None:
        self._learn(self.client.get("/front-door/", name="/front-door/").text)

    @task(3)
    def contact(self) -> None:
        if self.contacts:
            self.client.get(
                f"/front-door/contacts/{random.choice(self.contacts)}/",
                name="/front-door/contacts/[id]/",
            )


class EarlyHelpWorker(CaseworkUser):
    weight = 2
    username = "erin.earlyhelp"

    def on_start(self) -> None:
        super().on_start()
        self._learn(self.client.get("/early-help/", name="/early-help/").text)

    @task(2)
    def caseload(self) -> None:
        self._learn(self.client.get("/early-help/", name="/early-help/").text)

    @task(3)
    def episode(self) -> None:
        if self.episodes:
            self.client.get(
                f"/early-help/episodes/{random.choice(self.episodes)}/",
                name="/early-help/episodes/[id]/",
            )


class TeamManager(EarlyHelpWorker):
    weight = 1
    username = "tom.manager"

    @task(1)
    def disagreements(self) -> None:
        self.client.get("/disagreements/", name="/disagreements/")
