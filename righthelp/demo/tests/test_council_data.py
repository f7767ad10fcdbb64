"""The council's work: the same rows from the same seed, loaded once, in the DfE's proportions,
and every generated record opens through the real pages for the demo users."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import AccessRecord, Event, EventSubject
from righthelp.demo.work import (
    PROPORTIONS,
    council_work_generate,
    families_read,
    staff_load,
    volumes,
)
from righthelp.earlyhelp.models import Episode, EpisodeStatus, LeadPractitioner, LeadStatus
from righthelp.escalations.models import Disagreement
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactSubject,
    Decision,
    SocialCareReferral,
)
from righthelp.people.demo.loader import reference_data_load
from righthelp.people.models import Person

FAMILIES = 600
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def _load(seed: int = 1) -> str:
    out = StringIO()
    call_command("council_data", "--seed", str(seed), stdout=out)
    return out.getvalue()


@pytest.fixture
def people(db: None) -> None:
    call_command("demo_data", "--families", str(FAMILIES), "--seed", "1", stdout=StringIO())


def _generate(seed: int) -> dict[str, list[list[object]]]:
    families = families_read()
    vol = volumes(families, years=5, scale=1.0, proportions=PROPORTIONS)
    staff = staff_load(reference_data_load(), 1, vol)
    work = council_work_generate(families=families, staff=staff, seed=seed, now=NOW)
    return {m._meta.label: t.rows for m, t in work.tables.items()}


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(people: None) -> None:
    first = _generate(1)
    again = _generate(1)
    other = _generate(2)

    assert first == again
    assert first["frontdoor.Contact"] and first["earlyhelp.Episode"]
    assert {k: len(v) for k, v in first.items()} == {k: len(v) for k, v in again.items()}
    assert first["frontdoor.Contact"] != other["frontdoor.Contact"]


@pytest.mark.django_db
def test_a_second_load_for_the_same_seed_adds_nothing(people: None) -> None:
    said = _load()
    counts = (Contact.objects.count(), Episode.objects.count(), Event.objects.count())
    again = _load()

    assert "Added" in said
    assert "already loaded" in again
    assert (Contact.objects.count(), Episode.objects.count(), Event.objects.count()) == counts
    assert counts[0] > 0 and counts[1] > 0


@pytest.mark.django_db
def test_volumes_follow_the_children_in_need_rates(people: None) -> None:
    _load()
    children = Person.objects.filter(kind="child").count()
    referrals = SocialCareReferral.objects.count()
    contacts = Contact.objects.count()
    episodes = Episode.objects.count()

    per_10k_a_year = referrals / children * 10_000 / 5
    assert per_10k_a_year == pytest.approx(PROPORTIONS.referrals_per_10k, rel=0.2)
    assert contacts / referrals == pytest.approx(PROPORTIONS.contacts_per_referral, rel=0.2)
    assert episodes / children * 10_000 / 5 == pytest.approx(
        PROPORTIONS.early_help_per_10k, rel=0.2
    )
    # Re-referrals: a child referred again within twelve months of a previous referral.
    referred = [
        (contact_id, person_id, received)
        for contact_id, person_id, received in ContactSubject.objects.filter(
            role="child", contact__decisions__referral__isnull=False
        ).values_list("contact_id", "person_id", "contact__received_at")
        if received is not None
    ]
    when: dict[int, list[datetime]] = {}
    kids: dict[int, list[tuple[int, datetime]]] = {}
    for contact_id, person_id, received in referred:
        when.setdefault(person_id, []).append(received)
        kids.setdefault(contact_id, []).append((person_id, received))
    year = timedelta(days=365)
    again = sum(
        1
        for subjects in kids.values()
        if any(r - year <= t < r for person, r in subjects for t in when[person])
    )
    assert 0.1 <= again / referrals <= 0.35
    # Every decided contact's referrer has been told, so nothing old is left owing.
    decided = Contact.objects.filter(status="decided")
    assert decided.filter(feedback__isnull=True).count() == 0
    # Every event about people names them, and reads are logged.
    assert EventSubject.objects.count() > Event.objects.count()
    assert AccessRecord.objects.exists()
    assert Event.objects.filter(verb=Verb.ESCALATION_RAISED).count() == (
        Disagreement.objects.count()
    )


@pytest.mark.django_db
def test_current_work_is_shared_so_the_demo_users_have_caseloads(people: None) -> None:
    _load()
    erin = User.objects.get(username="erin.earlyhelp")
    fran = User.objects.get(username="fran.frontdoor")
    open_contacts = Contact.objects.filter(status__in=OPEN_STATUSES)

    assert Episode.objects.filter(status=EpisodeStatus.OPEN).exists()
    assert Episode.objects.filter(status=EpisodeStatus.CLOSED).exists()
    assert LeadPractitioner.objects.filter(practitioner=erin, status=LeadStatus.ACTIVE).exists()
    assert open_contacts.filter(assigned_to=fran).exists()
    # The bulk of the work is the generated workers'.
    assert (
        open_contacts.exclude(assigned_to=fran).count()
        > open_contacts.filter(assigned_to=fran).count()
    )
    assert Decision.objects.filter(needs_sign_off=True, signed_off_at__isnull=True).exists() or (
        open_contacts.count() < 10
    )


@pytest.mark.django_db
def test_the_generated_records_open_through_the_real_pages(people: None) -> None:
    _load()
    erin = User.objects.get(username="erin.earlyhelp")
    fran = User.objects.get(username="fran.frontdoor")
    tom = User.objects.get(username="tom.manager")
    frank = User.objects.get(username="frank.fdmanager")
    episode = Episode.objects.filter(
        leads__practitioner=erin, leads__status=LeadStatus.ACTIVE
    ).first()
    closed = Episode.objects.filter(status=EpisodeStatus.CLOSED, locality__name="West").first()
    contact = Contact.objects.filter(status__in=OPEN_STATUSES).first()
    disagreement = Disagreement.objects.first()
    assert episode is not None and closed is not None and contact is not None

    def pages_for(user: User, urls: list[str]) -> None:
        client = Client()
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user.username, url, response.status_code)

    my_work = reverse("workdue:my-work")
    caseload = reverse("earlyhelp:caseload")
    pages_for(
        erin,
        [
            my_work,
            caseload,
            caseload + "?tab=team",
            reverse("earlyhelp:episode", kwargs={"episode_id": episode.pk}),
            reverse("earlyhelp:episode", kwargs={"episode_id": closed.pk}),
            reverse("earlyhelp:requests"),
        ],
    )
    pages_for(tom, [my_work, caseload + "?tab=team"])
    pages_for(
        fran,
        [
            my_work,
            reverse("frontdoor:queue"),
            reverse("frontdoor:contact", kwargs={"contact_id": contact.pk}),
        ],
    )
    pages_for(frank, [my_work, reverse("frontdoor:queue")])
    if disagreement is not None:
        raiser = User.objects.get(pk=disagreement.raised_by_id)
        pages_for(
            raiser,
            [reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})],
        )


@pytest.mark.django_db
def test_a_load_leaves_the_planner_statistics_of_every_table(people: None) -> None:
    from django.db import connection

    _load()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'frontdoor_contact'")
            assert cursor.fetchone()[0] > 0
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'frontdoor_contact'")
            assert cursor.fetchone()[0] == Contact.objects.count()
