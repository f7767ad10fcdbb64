""" "Is this child known?" answers from every piece of open work, through the one registry
(``core.open_work``): early help episodes (any member), contacts the front door is considering,
early help requests waiting for a locality, referrals to children's social care, and any source
a later capability registers. The front door's contact page asks the same registry. A date of
birth in the future is refused, not dropped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.core.open_work import (
    OpenWork,
    open_work_for,
    register_open_work_source,
    unregister_open_work_source,
)
from righthelp.earlyhelp.models import ClosureReason, Episode, EpisodeStatus
from righthelp.earlyhelp.services import episode_step_down
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.models import Contact, Decision
from righthelp.frontdoor.selectors import KnownAnswer
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.models import Person, PersonKind, ProfessionalRole
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db


def west() -> Locality:
    return Locality.objects.get(slug="west")


def check(user: User, person: Person) -> KnownAnswer:
    """A check by name and date of birth, as a practitioner would type them."""
    return selectors.known_check(
        user=user,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
    )


def html(response: TestResponse) -> str:
    return response.content.decode()


def decided(cast: Cast, outcome: str, **kwargs: Any) -> tuple[Contact, Decision]:
    contact = sent_contact(cast)
    services.contact_assign(
        actor=cast.front_door_worker, contact=contact, worker=cast.front_door_worker
    )
    decision = services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome=outcome,
        rationale="Needs across health and school",
        decided_scale=3,
        **kwargs,
    )
    if decision.needs_sign_off:
        services.decision_sign_off(
            actor=cast.front_door_manager, decision=decision, agreed=True, note="Agreed"
        )
    return contact, decision


# --- Early help ------------------------------------------------------------------------------


def test_a_child_in_an_open_early_help_episode_is_open_with_the_lead_to_contact(cast: Cast) -> None:
    # Given an open episode for two brothers with an agreed lead, and no involvement recorded
    # for the younger one (the lead was agreed for the family, with the older child in mind)
    brother = PersonFactory(
        given_name="Tyler", family_name="Fletcher", date_of_birth=date(2017, 2, 3)
    )
    make_episode(
        locality=west(),
        opened_by=cast.team_member,
        children=[cast.child, brother],
        lead=cast.team_member,
    )
    # When a stranger asks about the younger brother
    answer = check(cast.practitioner, brother)
    # Then he is open to early help, with the lead and locality to contact, and nothing else
    assert answer.known
    assert answer.contacts == (
        "Open to early help in West locality: contact the lead practitioner, "
        f"{cast.team_member.display_name} (Early Help West).",
    )
    assert [w.service for w in answer.open_to_services] == ["early help"]


def test_an_episode_without_an_agreed_lead_names_the_localitys_early_help_team(cast: Cast) -> None:
    make_episode(locality=west(), opened_by=cast.team_member, children=[cast.child])
    answer = check(cast.practitioner, cast.child)
    assert answer.contacts == (
        "Open to early help in West locality, while a lead practitioner is agreed: contact the "
        "early help team for West locality.",
    )


def test_a_closed_episode_no_longer_makes_the_child_open(cast: Cast) -> None:
    episode = make_episode(locality=west(), opened_by=cast.team_member, children=[cast.child])
    Episode.objects.filter(pk=episode.pk).update(
        status=EpisodeStatus.CLOSED,
        closed_at=timezone.now(),
        closure_reason=ClosureReason.NEEDS_MET,
    )
    answer = check(cast.practitioner, cast.child)
    assert answer.known and answer.open_work == ()
    assert answer.contacts == (
        "Not open to early help or children's social care. Contact the front door for advice.",
    )


# --- Involvements are not services' records --------------------------------------------------


def test_adding_yourself_as_allocated_worker_does_not_make_a_child_open_to_your_service(
    cast: Cast,
) -> None:
    # Given a practitioner who recorded themselves as the child's allocated worker and lead
    for role in (ProfessionalRole.ALLOCATED_WORKER, ProfessionalRole.LEAD_PRACTITIONER):
        InvolvementFactory(
            person=cast.child,
            user=cast.involved,
            role=role,
            organisation=cast.involved.organisation,
        )
    # When anyone asks, the record is known, and open to no service
    answer = check(cast.practitioner, cast.child)
    assert answer.known
    assert not any(line.startswith("Open to") for line in answer.contacts)
    assert "Westfield" not in answer.text
    assert answer.open_work == ()


# --- The front door ---------------------------------------------------------------------------


def test_a_contact_the_front_door_is_considering_is_answered(cast: Cast) -> None:
    sent_contact(cast)
    answer = check(cast.practitioner, cast.child)
    assert answer.contacts == (
        "The front door is considering a recent contact: contact the front door.",
    )
    assert answer.open_to_services == ()


def test_an_early_help_request_waiting_for_a_locality_is_answered(cast: Cast) -> None:
    contact, _ = decided(cast, "early_help_targeted", locality=west())
    answer = check(cast.practitioner, cast.child)
    assert answer.contacts == (
        "Passed to early help in West locality, waiting for a lead practitioner: contact the "
        "early help team for West locality.",
    )
    assert contact.reference not in answer.text


def test_an_open_social_care_referral_is_answered_until_early_help_is_stepped_down(
    cast: Cast,
) -> None:
    _, decision = decided(cast, "csc_assessment")
    answer = check(cast.practitioner, cast.child)
    assert answer.contacts == (
        "Open to children's social care: contact children's social care through the front door.",
    )
    # Social care says its work is ending and asks early help to take over.
    services.step_down_request(
        actor=cast.front_door_worker,
        referral=decision.referral,
        work_ends_on=date.today(),
        locality=cast.team_member.team_memberships.get().team.locality or west(),
        why="The child in need plan has ended",
        support_needed="Routines and school attendance",
    )
    # When the family steps down to early help, the referral is no longer open: early help is
    episode_step_down(
        actor=cast.team_member,
        referral=decision.referral,
        locality=cast.team_member.team_memberships.get().team.locality or west(),
        level="additional",
        reason="The child in need plan has ended; support still needed",
        to_locality_meeting=True,
    )
    services_after = [w.service for w in check(cast.practitioner, cast.child).open_work]
    assert services_after == ["early help"]


# --- The registry -----------------------------------------------------------------------------


def test_a_source_a_new_capability_registers_is_answered_everywhere(
    cast: Cast, client: Client
) -> None:
    # Given a new capability (youth justice, say) that registers where its open work is
    def youth_justice(person_ids: Sequence[int]) -> list[OpenWork]:
        return [
            OpenWork(
                person_id=pk,
                kind="youth_justice_order",
                object_id=7,
                service="youth justice",
                summary="Open to the youth justice service",
                contact="contact the youth offending team duty officer",
                reference="YJ-7",
            )
            for pk in person_ids
            if pk == cast.child.pk
        ]

    register_open_work_source(youth_justice)
    try:
        # Then the known check answers from it
        answer = check(cast.practitioner, cast.child)
        assert answer.contacts == (
            "Open to the youth justice service: contact the youth offending team duty officer.",
        )
        # And so does the front door's contact page, with the reference
        contact = sent_contact(cast)
        client.force_login(cast.front_door_worker)
        page = html(client.get(reverse("frontdoor:contact", kwargs={"contact_id": contact.pk})))
        assert "Open to the youth justice service (YJ-7)" in page
    finally:
        unregister_open_work_source(youth_justice)
    assert "youth justice" not in check(cast.practitioner, cast.child).text


def test_open_work_is_read_in_a_bounded_number_of_queries_whatever_the_number_of_people(
    cast: Cast,
) -> None:
    def family(n: int) -> list[int]:
        children = [PersonFactory(family_name=f"Family{n}") for _ in range(n)]
        make_episode(
            locality=west(), opened_by=cast.team_member, children=children, lead=cast.team_member
        )
        for child in children:
            sent_contact(cast, child=child)
        return [c.pk for c in children]

    one = family(1)
    many = family(25)
    with CaptureQueriesContext(connection) as few:
        found_one = open_work_for(one)
    with CaptureQueriesContext(connection) as lots:
        found_many = open_work_for(many)
    assert len(lots.captured_queries) == len(few.captured_queries)
    assert all(len(found_many[pk]) == 2 for pk in many) and len(found_one[one[0]]) == 2


# --- Dates of birth ---------------------------------------------------------------------------


def test_a_date_of_birth_in_the_future_is_refused_by_the_selector(cast: Cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        selectors.known_check(
            user=cast.practitioner, family_name="Fletcher", date_of_birth=tomorrow
        )
    assert "date_of_birth" in refused.value.message_dict
    assert not AccessRecord.objects.filter(action=AccessAction.KNOWN_CHECK).exists()


def test_a_date_of_birth_in_the_future_is_refused_on_the_page_keeping_what_was_typed(
    cast: Cast, client: Client
) -> None:
    # Given a child open to early help, typed with a slip of the year (2051 for 2015)
    make_episode(locality=west(), opened_by=cast.team_member, children=[cast.child])
    client.force_login(cast.practitioner)
    response = client.post(
        reverse("frontdoor:known-check"),
        {
            "given_name": "Kayden",
            "family_name": "Fletcher",
            "date_of_birth-day": "1",
            "date_of_birth-month": "6",
            "date_of_birth-year": "2051",
        },
    )
    page = html(response)
    # Then nothing is checked on the name alone: the date is refused, what was typed is kept
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Date of birth must be today or in the past" in page
    assert 'value="2051"' in page and 'value="Kayden"' in page
    assert "This child is known" not in page and "No match found" not in page
    assert not AccessRecord.objects.filter(action=AccessAction.KNOWN_CHECK).exists()


def test_an_unborn_baby_is_checked_by_the_expected_date_of_birth(
    cast: Cast, client: Client
) -> None:
    due = timezone.localdate() + timedelta(days=60)
    baby = PersonFactory(
        kind=PersonKind.UNBORN,
        given_name="",
        family_name="Fletcher",
        date_of_birth=None,
        expected_date_of_birth=due,
    )
    make_episode(locality=west(), opened_by=cast.team_member, children=[baby])
    client.force_login(cast.practitioner)
    page = html(
        client.post(
            reverse("frontdoor:known-check"),
            {
                "family_name": "Fletcher",
                "expected_date_of_birth-day": str(due.day),
                "expected_date_of_birth-month": str(due.month),
                "expected_date_of_birth-year": str(due.year),
            },
        )
    )
    assert "This child is known" in page and "Open to early help in West locality" in page
    with pytest.raises(ValidationError):
        selectors.known_check(
            user=cast.practitioner,
            family_name="Fletcher",
            expected_date_of_birth=timezone.localdate() + timedelta(days=400),
        )


# --- The front door's contact page ------------------------------------------------------------


def test_the_contact_page_shows_plainly_that_the_child_is_already_open_to_early_help(
    cast: Cast, client: Client
) -> None:
    # Given a child in an open early help episode with a lead
    episode = make_episode(
        locality=west(), opened_by=cast.team_member, children=[cast.child], lead=cast.team_member
    )
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    # When the front door opens the contact and goes to decide
    for name in ("frontdoor:contact", "frontdoor:contact-decide"):
        page = html(client.get(reverse(name, kwargs={"contact_id": contact.pk})))
        # Then it sees the episode's reference and the lead, before deciding
        assert "Already with early help." in page, name
        assert (
            f"Open to early help in West locality ({episode.reference}): contact the lead "
            f"practitioner, {cast.team_member.display_name} (Early Help West)." in page
        ), name
        assert "rather than opening a second early help request" in page, name
    # And the contact itself is not listed as other open work about the child
    assert "The front door is considering a recent contact" not in html(
        client.get(reverse("frontdoor:contact", kwargs={"contact_id": contact.pk}))
    )
