"""``chronology.permissions``: which chronology entries a user reads (their own agency's, the
ones they wrote, and other agencies' where the one sharing rule allows it for their kind of
agency), and whose information may be shared with them at all."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import Organisation, Role, User
from righthelp.accounts.tests.factories import UserFactory
from righthelp.chronology.models import ChronologyEntry
from righthelp.chronology.permissions import sharing_people, visible_entries_q
from righthelp.consent.tests.factories import consent_given
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _entry(person: Person, by: User, agency: Organisation | None) -> ChronologyEntry:
    assert agency is not None
    return ChronologyEntry.objects.create(
        person=person,
        occurred_on=date(2026, 11, 1),
        what_happened="Missed school",
        source_agency=agency,
        significance="routine",
        recorded_by=by,
        recorded_at=timezone.now(),
    )


def _read(user: User, *people: Person) -> set[int]:
    return set(
        ChronologyEntry.objects.filter(
            visible_entries_q(user, people), person__in=people
        ).values_list("pk", flat=True)
    )


def test_entries_read_are_the_agencys_own_the_users_own_and_those_consent_shares(
    cast: Cast,
) -> None:
    school = cast.involved.organisation
    early_help = cast.team_member.organisation
    assert school is not None and early_help is not None
    # Given entries from the school, from early help, and one the front door wrote
    by_school = _entry(cast.child, cast.involved, school)
    by_early_help = _entry(cast.child, cast.team_member, early_help)
    by_front_door = _entry(cast.child, cast.front_door_worker, cast.front_door_worker.organisation)
    # Without consent, each agency reads its own, and each writer what they wrote
    assert _read(cast.involved, cast.child) == {by_school.pk}
    assert _read(cast.team_member, cast.child) == {by_early_help.pk}
    assert _read(cast.early_help_worker, cast.child) == {by_early_help.pk}  # same agency
    assert sharing_people(cast.involved, [cast.child]) == set()
    # With consent covering schools, the school reads every agency's entries; early help not
    consent_given(actor=cast.involved, person=cast.child, share_with=["school"])
    assert sharing_people(cast.involved, [cast.child]) == {cast.child.pk}
    assert _read(cast.involved, cast.child) == {by_school.pk, by_early_help.pk, by_front_door.pk}
    assert _read(cast.team_member, cast.child) == {by_early_help.pk}
    assert sharing_people(cast.team_member, [cast.child]) == set()


def test_a_writer_of_no_agency_reads_only_what_they_wrote(cast: Cast) -> None:
    other = PersonFactory.create()
    consent_given(actor=cast.involved, person=cast.child, share_with=["all"])
    loner = UserFactory.create(roles=[Role.PRACTITIONER], organisation=None)
    school = cast.involved.organisation
    theirs = _entry(cast.child, loner, school)
    _entry(cast.child, cast.involved, school)
    _entry(other, loner, school)
    assert sharing_people(loner, [cast.child, other]) == set()
    assert _read(loner, cast.child) == {theirs.pk}
