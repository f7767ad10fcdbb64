"""Withdrawing consent takes effect: the open work about the person gets a review for whoever
works on it, the people working with the family are told (once, in the app and by e-mail), the
banner names them, and what cannot be withdrawn is refused at the service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services
from righthelp.consent.models import ConsentRecord
from righthelp.consent.selectors import consent_current
from righthelp.consent.tests.factories import VALID
from righthelp.core.open_work import (
    OpenWork,
    register_open_work_source,
    unregister_open_work_source,
)
from righthelp.earlyhelp.models import Episode
from righthelp.earlyhelp.tests.access_expectations_episodes import early_help_request
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import services as frontdoor
from righthelp.frontdoor.models import Contact, EarlyHelpRequest
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.workdue.models import Task
from righthelp.workdue.selectors import work_for
from righthelp.workdue.tests.helpers import submitted_contact

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def give(cast: Cast, **overrides: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "actor": cast.involved,
        "person": cast.child,
        "purpose": "early_help",
        "decision": "given",
        "given_by": "parent_or_carer",
        "given_by_name": "Jo Fletcher",
        "share_with": ["all"],
        "method": "written",
        "validity": VALID,
    }
    values.update(overrides)
    return services.consent_record(**values)


def open_work(cast: Cast) -> tuple[Episode, Contact, EarlyHelpRequest]:
    """Kayden in an open episode (led by team_member, started by early_help_worker), a contact
    at the front door assigned to front_door_worker, and an early help request not taken up."""
    for user in (cast.involved, cast.team_member, cast.early_help_worker, cast.front_door_worker):
        user.email = f"{user.username}@example.org"
        user.save()
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.early_help_worker,
        children=[cast.child],
        lead=cast.team_member,
    )
    contact = submitted_contact(cast)
    frontdoor.contact_assign(
        actor=cast.front_door_manager, contact=contact, worker=cast.front_door_worker
    )
    waiting = early_help_request(cast, [cast.child])
    return episode, contact, waiting


def titles(user: User) -> dict[str, Any]:
    work = work_for(user)
    return {
        item.title: item
        for group in (work.overdue, work.due_today, work.due_this_week)
        for item in group
        if item.kind == "task"
    }


def test_withdrawal_sets_a_review_for_each_open_piece_of_work_in_its_workers_my_work(
    cast: Cast,
) -> None:
    episode, contact, waiting = open_work(cast)

    consent = consent_current(cast.child, "early_help")
    assert consent is not None
    withdrawal = services.consent_withdraw(
        actor=cast.team_manager,
        consent=consent,
        withdrawn_by_name="Jo Fletcher",
        method="verbal",
    )

    assert len(withdrawal.reviews) == 3
    lead = titles(cast.team_member)[f"Consent withdrawn: review early help {episode.reference}"]
    assert lead.link == reverse("earlyhelp:episode", args=[episode.pk])
    assert lead.person_ids == (cast.child.pk,)
    front_door = titles(cast.front_door_worker)
    assert front_door[f"Consent withdrawn: review contact {contact.reference}"].link == reverse(
        "frontdoor:contact", args=[contact.pk]
    )
    request_title = (
        "Consent withdrawn: review the early help request from contact "
        f"{waiting.decision.contact.reference}"
    )
    # Nobody holds a request not taken up yet: the locality's team managers review it.
    assert titles(cast.team_manager)[request_title].link == reverse(
        "earlyhelp:take-up", args=[waiting.pk]
    )
    assert request_title not in titles(cast.practitioner)
    event = Event.objects.get(verb=Verb.CONSENT_WITHDRAWN)
    assert sorted(event.payload["reviews"]) == sorted(t.pk for t in withdrawal.reviews)


def test_a_request_waiting_in_a_locality_is_reviewed_by_its_early_help_workers_who_can_open_it(
    cast: Cast, client: Client
) -> None:
    _, _, waiting = open_work(cast)
    consent = consent_current(cast.child, "early_help")
    assert consent is not None
    withdrawal = services.consent_withdraw(
        actor=cast.team_manager,
        consent=consent,
        withdrawn_by_name="Jo Fletcher",
        method="verbal",
    )
    request_title = (
        "Consent withdrawn: review the early help request from contact "
        f"{waiting.decision.contact.reference}"
    )
    assert request_title in {t.title for t in withdrawal.reviews}
    # The locality's early help workers can act on a request waiting there, so they review it,
    # and the link in their My work opens for them.
    review = titles(cast.early_help_worker)[request_title]
    client.force_login(cast.early_help_worker)
    assert client.get(review.link).status_code == 200


def test_the_people_working_with_the_family_are_told_once_in_the_app_and_by_email(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    open_work(cast)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        consent = consent_current(cast.child, "early_help")
        assert consent is not None
        withdrawal = services.consent_withdraw(
            actor=cast.team_manager,
            consent=consent,
            withdrawn_by_name="Jo Fletcher",
            method="verbal",
        )

    told = {t.user: t.why for t in withdrawal.told}
    assert told[cast.team_member].startswith("lead practitioner for EH-")
    assert told[cast.early_help_worker].startswith("early help worker for EH-")
    assert told[cast.front_door_worker].startswith("front-door worker for ")
    assert told[cast.involved] == "involved with them"
    assert cast.team_manager not in told  # who withdrew it knows
    notices = Notification.objects.filter(kind=NotificationKind.CONSENT_WITHDRAWN)
    assert sorted(n.recipient_id for n in notices) == sorted(u.pk for u in told)
    assert all(n.link == reverse("consent:list", args=[cast.child.pk]) for n in notices)
    assert all("Kayden" not in n.subject + n.body for n in notices)  # e-mailed: no names
    withdrawal_mail = [m for m in mail.outbox if m.subject.startswith("Consent withdrawn")]
    assert sorted(m.to[0] for m in withdrawal_mail) == sorted(u.email for u in told if u.email)
    assert len(withdrawal_mail) == len({m.to[0] for m in withdrawal_mail})


def test_the_banner_names_who_was_told_and_the_review_is_completed_from_my_work(
    cast: Cast, client: Client
) -> None:
    episode, _, _ = open_work(cast)
    consent = consent_current(cast.child, "early_help")
    assert consent is not None
    client.force_login(cast.team_manager)

    response = client.post(
        reverse("consent:withdraw", args=[cast.child.pk, consent.pk]),
        {"given_by_name": "Jo Fletcher", "method": "verbal"},
        follow=True,
    )

    banner = response.content.decode()
    assert "the people involved have been told" not in banner
    assert f"{cast.team_member.display_name} (lead practitioner for {episode.reference})" in (
        banner
    )
    assert f"{cast.front_door_worker.display_name} (front-door worker for" in banner
    assert "Review set in My work for: " in banner
    assert f"early help {episode.reference} ({cast.team_member.display_name})" in banner

    client.force_login(cast.team_member)
    task = Task.objects.get(owner=cast.team_member)
    done_url = reverse("workdue:task-done", args=[task.pk])
    my_work = client.get(reverse("workdue:my-work")).content.decode()
    assert task.title in my_work and done_url in my_work
    refused = client.post(done_url, {"note": " "})
    assert "Say what you did, or decided, about it" in refused.content.decode()
    done = client.post(
        done_url, {"note": "Spoke to mum: closing the episode, consent withdrawn"}, follow=True
    )
    assert f"Marked as done: {task.title}" in done.content.decode()
    task.refresh_from_db()
    assert task.completed_by == cast.team_member and task.completion_note.startswith("Spoke")
    assert task.title not in titles(cast.team_member)
    assert Event.objects.filter(verb=Verb.TASK_COMPLETED, subjects__person_id=cast.child.pk)
    client.force_login(cast.practitioner)
    assert client.get(done_url).status_code == 404


def test_open_work_another_capability_registers_is_reviewed_and_its_people_told(cast: Cast) -> None:
    consent = give(cast)

    def fake(person_ids: Sequence[int]) -> list[OpenWork]:
        return [
            OpenWork(
                person_id=pk,
                kind="youth_justice_case",
                object_id=1,
                service="youth justice",
                summary="Open to the youth justice service",
                contact="contact the youth offending team",
                reference="YJ-1",
                label="youth justice case YJ-1",
                link="/youth-justice/1/",
                owner_id=cast.practitioner.pk,
                told=((cast.practitioner.pk, "youth justice worker for YJ-1"),),
            )
            for pk in person_ids
        ]

    register_open_work_source(fake)
    try:
        withdrawal = services.consent_withdraw(
            actor=cast.involved, consent=consent, withdrawn_by_name="Jo", method="verbal"
        )
    finally:
        unregister_open_work_source(fake)

    assert [t.title for t in withdrawal.reviews] == [
        "Consent withdrawn: review youth justice case YJ-1"
    ]
    assert "Consent withdrawn: review youth justice case YJ-1" in titles(cast.practitioner)
    assert cast.practitioner in [t.user for t in withdrawal.told]


# --- What cannot be withdrawn ------------------------------------------------------------------


def nothing_changed(count: int) -> None:
    assert ConsentRecord.objects.filter(decision="withdrawn").count() == count
    assert not Task.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.CONSENT_WITHDRAWN).exists()


def test_consent_that_was_never_given_cannot_be_withdrawn(cast: Cast) -> None:
    refused = give(cast, decision="refused", validity=None)
    with pytest.raises(ValidationError, match="Only consent that was given can be withdrawn"):
        services.consent_withdraw(
            actor=cast.involved, consent=refused, withdrawn_by_name="Jo", method="verbal"
        )
    nothing_changed(0)


def test_a_withdrawal_cannot_itself_be_withdrawn(cast: Cast) -> None:
    withdrawal = services.consent_withdraw(
        actor=cast.involved, consent=give(cast), withdrawn_by_name="Jo", method="verbal"
    ).record
    with pytest.raises(ValidationError, match="itself a withdrawal"):
        services.consent_withdraw(
            actor=cast.involved, consent=withdrawal, withdrawn_by_name="Jo", method="verbal"
        )
    assert ConsentRecord.objects.filter(decision="withdrawn").count() == 1


def test_consent_cannot_be_withdrawn_twice(cast: Cast) -> None:
    consent = give(cast)
    services.consent_withdraw(
        actor=cast.involved, consent=consent, withdrawn_by_name="Jo", method="verbal"
    )
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.consent_withdraw(
            actor=cast.team_member, consent=consent, withdrawn_by_name="Jo", method="written"
        )
    assert ConsentRecord.objects.filter(decision="withdrawn").count() == 1


@pytest.mark.parametrize(
    ("name", "method", "field"),
    [
        ("Jo Fletcher", "", "method"),
        ("Jo Fletcher", "telepathy", "method"),
        (" ", "verbal", "given_by_name"),
    ],
)
def test_a_withdrawal_needs_who_withdrew_it_and_how(
    cast: Cast, name: str, method: str, field: str
) -> None:
    consent = give(cast)
    with pytest.raises(ValidationError) as refused:
        services.consent_withdraw(
            actor=cast.involved, consent=consent, withdrawn_by_name=name, method=method
        )
    assert set(refused.value.message_dict) == {field}
    nothing_changed(0)
    assert consent_current(cast.child, "early_help") == consent


def test_consent_a_later_decision_replaced_cannot_be_withdrawn(cast: Cast) -> None:
    first = give(cast)
    give(cast, given_by_name="Sam Fletcher")
    with pytest.raises(ValidationError, match="A later decision replaced this consent"):
        services.consent_withdraw(
            actor=cast.involved, consent=first, withdrawn_by_name="Jo", method="verbal"
        )
    nothing_changed(0)
