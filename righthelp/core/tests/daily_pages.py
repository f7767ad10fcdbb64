"""The daily pages of three roles, for the page timer (``bench/pages.py``), the query-count test
and the query-plan test: every page in the service navigation a user sees, and every record page
(a person, their chronology, an episode, a contact, a disagreement, a duplicate pair, the people
search by name, the matcher's search by name and date of birth), with record ids picked from
whatever the database holds and kept only when the user may open them.

The three roles are the demo users of ``people.demo.loader.DEMO_USERS``: a front-door worker, an
early help worker and a team manager (load ``demo_data`` and ``demo_early_help`` first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from righthelp.accounts.models import User
from righthelp.core.context_processors import NAVIGATION, _sees

# (role as the tables name it, demo username)
ROLES: tuple[tuple[str, str], ...] = (
    ("front-door worker", "fran.frontdoor"),
    ("early help worker", "erin.earlyhelp"),
    ("team manager", "tom.manager"),
)

# Pages beyond the navigation that a role works from every day (lists and dashboards).
EXTRA_LISTS: tuple[tuple[str, str], ...] = (
    ("Early help requests", "earlyhelp:requests"),
    ("Notifications", "workdue:notifications"),
    ("Disagreements", "escalations:list"),
    ("Disagreements report", "escalations:report"),
    ("Consultations", "frontdoor:consultations"),
    ("Front-door consultations", "frontdoor:consultation-queue"),
    ("Social care referrals", "frontdoor:referrals"),
    ("Duplicates", "matching:queue"),
)

# The pages each role opens on the demo data (the tests fail if one stops answering 200).
PAGES: dict[str, tuple[str, ...]] = {
    "front-door worker": (
        "Home",
        "People",
        "Threshold guide",
        "My requests",
        "Is this child known?",
        "Early help",
        "My work",
        "Front door",
        "Notifications",
        "Consultations",
        "Front-door consultations",
        "Social care referrals",
        "Person",
        "Person's chronology",
        "Chronology",
        "People search by name",
        "Matching search",
        "Contact",
    ),
    "early help worker": (
        "Home",
        "People",
        "Threshold guide",
        "My requests",
        "Is this child known?",
        "Early help",
        "My work",
        "Early help requests",
        "Notifications",
        "Consultations",
        "Person",
        "Person's chronology",
        "Chronology",
        "People search by name",
        "Matching search",
        "Episode",
    ),
    "team manager": (
        "Home",
        "People",
        "Threshold guide",
        "My requests",
        "Is this child known?",
        "Early help",
        "My work",
        "Notifications",
        "Disagreements",
        "Disagreements report",
        "Consultations",
        "Person",
        "Person's chronology",
        "Chronology",
        "People search by name",
        "Matching search",
        "Episode",
    ),
}

CANDIDATES = 15  # record ids tried per kind before giving up on it for a user


@dataclass(frozen=True)
class DailyPage:
    name: str  # what the page is, the same for every role ("Person", "My work", ...)
    url: str


def _ids(model: type[Model], order: str, **filters: Any) -> list[int]:
    rows = model._default_manager.filter(**filters).order_by(order)  # noqa: SLF001
    return list(rows.values_list("pk", flat=True)[:CANDIDATES])


def _first_open(client: Client, urls: Iterable[str]) -> str | None:
    for url in urls:
        if client.get(url).status_code == 200:
            return url
    return None


def _person_ids(user: User) -> list[int]:
    """People the user is likely to see: in their team's episodes, involved with their team, or
    subjects of recent contacts; then anyone."""
    from righthelp.earlyhelp.models import EpisodeMember
    from righthelp.frontdoor.models import ContactSubject
    from righthelp.people.models import InvolvedProfessional, Person

    teams = list(user.team_memberships.values_list("team_id", flat=True))
    ids = list(
        EpisodeMember.objects.filter(person__kind="child")
        .order_by("-episode_id")
        .values_list("person_id", flat=True)[:CANDIDATES]
    )
    ids += list(
        InvolvedProfessional.objects.filter(team_id__in=teams, person__kind="child")
        .order_by("pk")
        .values_list("person_id", flat=True)[:CANDIDATES]
    )
    ids += list(
        ContactSubject.objects.filter(person_id__isnull=False)
        .order_by("-pk")
        .values_list("person_id", flat=True)[:CANDIDATES]
    )
    ids += _ids(Person, "pk", kind="child", merged_into__isnull=True)
    return list(dict.fromkeys(i for i in ids if i is not None))


def daily_pages(client: Client, user: User) -> list[DailyPage]:
    """The pages ``user`` (signed in on ``client``) opens every day, each answering 200."""
    from righthelp.earlyhelp.models import Episode
    from righthelp.escalations.models import Disagreement
    from righthelp.frontdoor.models import Contact
    from righthelp.matching.models import DuplicateCandidate
    from righthelp.people.models import Person

    pages: list[DailyPage] = []

    def add(name: str, url: str | None) -> None:
        if url is not None and all(p.url != url for p in pages):
            pages.append(DailyPage(name, url))

    lists = [(label, name) for label, name, audience in NAVIGATION if _sees(user, audience)]
    for label, url_name in [*lists, *EXTRA_LISTS]:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        add(label, _first_open(client, [url]))

    person_url = _first_open(
        client, [reverse("people:detail", args=[pk]) for pk in _person_ids(user)]
    )
    if person_url is not None:
        person_id = int(person_url.rstrip("/").rsplit("/", 1)[1])
        person = Person.objects.get(pk=person_id)
        add("Person", person_url)
        add("Person's chronology", _first_open(client, [f"/people/{person_id}/chronology/"]))
        add(
            "Chronology",
            _first_open(client, [reverse("chronology:person", args=[person_id])]),
        )
        add(
            "People search by name",
            _first_open(
                client, [reverse("people:search") + "?" + urlencode({"name": person.family_name})]
            ),
        )
        if person.date_of_birth is not None:
            dob = person.date_of_birth
            query = {
                "name": f"{person.given_name} {person.family_name}",
                "date_of_birth-day": dob.day,
                "date_of_birth-month": dob.month,
                "date_of_birth-year": dob.year,
            }
            add(
                "Matching search",
                _first_open(client, [reverse("people:search") + "?" + urlencode(query)]),
            )
    episode_ids = _ids(Episode, "-pk")
    add(
        "Episode",
        _first_open(client, [reverse("earlyhelp:episode", args=[pk]) for pk in episode_ids]),
    )
    add(
        "Contact",
        _first_open(
            client, [reverse("frontdoor:contact", args=[pk]) for pk in _ids(Contact, "-pk")]
        ),
    )
    add(
        "Disagreement",
        _first_open(
            client,
            [reverse("escalations:detail", args=[pk]) for pk in _ids(Disagreement, "-pk")],
        ),
    )
    add(
        "Duplicate pair",
        _first_open(
            client,
            [reverse("matching:pair", args=[pk]) for pk in _ids(DuplicateCandidate, "-pk")],
        ),
    )
    return pages


def plain_static() -> override_settings:
    """For module-scoped fixtures, which run before the suite's own autouse fixture that renders
    pages without collectstatic's manifest."""
    from django.conf import settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain})


def demo_user(username: str) -> User:
    return User.objects.get(username=username)


def front_door_contacts(count: int, start: int) -> None:
    """``count`` public concerns about demo children, linked and assigned to the front door."""
    from righthelp.frontdoor import services as frontdoor_services
    from righthelp.frontdoor.services import SubjectDetails
    from righthelp.people.models import Person

    worker = demo_user("fran.frontdoor")
    children = Person.objects.filter(kind="child").order_by("pk")[start : start + count]
    for n, child in enumerate(children, start=start):
        contact = frontdoor_services.public_contact_submit(
            kind="public_concern",
            sender_address=f"198.51.100.{n}",
            referrer_name="A neighbour",
            referrer_email="neighbour@example.org",
            referrer_phone="",
            referrer_relationship="Neighbour",
            child=SubjectDetails(
                role="child", given_name=child.given_name, family_name=child.family_name
            ),
            worry="The children are often left alone in the evenings.",
        )
        frontdoor_services.contact_link_person(
            actor=worker, subject=contact.subjects.get(), person=child
        )
        frontdoor_services.contact_assign(actor=worker, contact=contact, worker=worker)
