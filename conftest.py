"""Fixtures shared by every app's tests: one organisation per agency and a user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_django import Settings

from righthelp.accounts.models import OrganisationKind, Role, Team, User
from righthelp.accounts.tests.factories import (
    PASSWORD,
    LocalityFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory


@dataclass
class Cast:
    """Everyone the access tests need: a child, people around it, and people not around it."""

    child: Person
    holding_team: Team
    involved: User  # a practitioner named as the child's involved professional
    team_member: User  # a member of the team that holds the work
    team_manager: User  # manager of that team
    other_manager: User  # a manager of a different team
    practitioner: User  # a practitioner with no involvement
    front_door_worker: User
    front_door_manager: User
    early_help_worker: User
    analyst: User
    administrator: User
    information_governance_lead: User

    def by_label(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "involved": self.involved,
            "team_member": self.team_member,
            "team_manager": self.team_manager,
            "other_manager": self.other_manager,
            "practitioner": self.practitioner,
            "front_door_worker": self.front_door_worker,
            "front_door_manager": self.front_door_manager,
            "early_help_worker": self.early_help_worker,
            "analyst": self.analyst,
            "administrator": self.administrator,
            "information_governance_lead": self.information_governance_lead,
        }


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def cast(db: None) -> Cast:
    west = LocalityFactory(name="West", slug="west")
    school = OrganisationFactory(
        name="Westfield Primary", kind=OrganisationKind.SCHOOL, locality=west
    )
    early_help = OrganisationFactory(
        name="Early Help West", kind=OrganisationKind.EARLY_HELP, locality=west
    )
    csc = OrganisationFactory(
        name="Children's Social Care", kind=OrganisationKind.CHILDRENS_SOCIAL_CARE, locality=west
    )
    holding_team = TeamFactory(name="Early Help West Team", organisation=early_help)
    other_team = TeamFactory(name="Early Help East Team", organisation=early_help)
    front_door_team = TeamFactory(name="Front door", organisation=csc)

    involved = UserFactory(username="involved", organisation=school, roles=[Role.PRACTITIONER])
    team_member = UserFactory(
        username="team_member",
        organisation=early_help,
        roles=[Role.EARLY_HELP_WORKER],
        teams=[holding_team],
    )
    team_manager = UserFactory(
        username="team_manager", organisation=early_help, roles=[Role.TEAM_MANAGER]
    )
    manager_of(team_manager, holding_team)
    other_manager = UserFactory(
        username="other_manager", organisation=early_help, roles=[Role.TEAM_MANAGER]
    )
    manager_of(other_manager, other_team)
    child = PersonFactory(given_name="Kayden", family_name="Fletcher")
    InvolvementFactory(person=child, user=involved, organisation=school)
    InvolvementFactory(
        person=child, team=holding_team, organisation=early_help, name="Early Help West Team"
    )
    return Cast(
        child=child,
        holding_team=holding_team,
        involved=involved,
        team_member=team_member,
        team_manager=team_manager,
        other_manager=other_manager,
        practitioner=UserFactory(
            username="practitioner", organisation=school, roles=[Role.PRACTITIONER]
        ),
        front_door_worker=UserFactory(
            username="fd_worker",
            organisation=csc,
            roles=[Role.FRONT_DOOR_WORKER],
            teams=[front_door_team],
        ),
        front_door_manager=UserFactory(
            username="fd_manager",
            organisation=csc,
            roles=[Role.FRONT_DOOR_MANAGER],
            teams=[front_door_team],
        ),
        early_help_worker=UserFactory(
            username="eh_worker",
            organisation=early_help,
            roles=[Role.EARLY_HELP_WORKER],
            teams=[other_team],
        ),
        analyst=UserFactory(username="analyst", organisation=csc, roles=[Role.PERFORMANCE_ANALYST]),
        administrator=UserFactory(
            username="admin",
            organisation=csc,
            roles=[Role.ADMINISTRATOR],
            is_staff=True,
            is_superuser=True,
        ),
        information_governance_lead=UserFactory(
            username="ig_lead", organisation=csc, roles=[Role.INFORMATION_GOVERNANCE_LEAD]
        ),
    )


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Settings) -> None:
    # Tests render pages without running collectstatic first, and hash passwords quickly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
