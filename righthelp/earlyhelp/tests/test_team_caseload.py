"""A team manager's "My team's" tab: their team's families (``selectors.team_episodes_q``),
which they may open: led by their team, without a lead in their early help team's locality, or
led elsewhere while someone in their team works on the family. Nothing else."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import OrganisationKind, Role, User
from righthelp.accounts.tests.factories import (
    LocalityFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)
from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp.models import (
    Episode,
    MeetingKind,
    Plan,
    PlanAction,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.selectors import CaseloadFilter, caseload
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db


def team_tab(user: User) -> set[str]:
    return {e.reference for e in caseload(user=user, filters=CaseloadFilter(tab="team"))}


def episode(cast: Cast, name: str, **kwargs: Any) -> Episode:
    return make_episode(
        locality=kwargs.pop("locality", cast.holding_team.locality),
        opened_by=cast.team_member,
        children=[PersonFactory(given_name=name, family_name="Team")],
        **kwargs,
    )


def page(client: Client, user: User, episode_: Episode) -> TestResponse:
    client.force_login(user)
    return client.get(reverse("earlyhelp:episode", args=[episode_.pk]))


def test_episodes_led_by_the_managers_team_appear(cast: Cast) -> None:
    led = episode(cast, "Led", lead=cast.team_member)

    assert team_tab(cast.team_manager) == {led.reference}


def test_episodes_without_a_lead_in_the_teams_locality_appear_but_not_elsewhere(cast: Cast) -> None:
    here = episode(cast, "Here")
    east = episode(cast, "East", locality=LocalityFactory(name="East", slug="east"))
    old = timezone.now() - timedelta(days=30)
    type(here).objects.filter(pk__in=[here.pk, east.pk]).update(without_lead_since=old)

    assert team_tab(cast.team_manager) == {here.reference}
    no_lead = caseload(user=cast.team_manager, filters=CaseloadFilter(tab="no_lead"))
    assert {e.reference for e in no_lead} == {here.reference}


def test_an_episode_led_by_another_agency_appears_where_the_team_works_with_the_family(
    cast: Cast, client: Client
) -> None:
    # Led by the school; the early help team holds the family's work (a team involvement).
    held = episode(cast, "Held", lead=cast.involved)
    child = held.members.get().person
    InvolvementFactory(
        person=child, team=cast.holding_team, organisation=cast.holding_team.organisation
    )

    assert team_tab(cast.team_manager) == {held.reference}
    # The manager oversees it: they can open it, but it is the lead's agency's to work on.
    response = page(client, cast.team_manager, held)
    assert response.status_code == 200
    assert reverse("earlyhelp:close", args=[held.pk]) not in response.content.decode()
    assert client.get(reverse("earlyhelp:lead-propose", args=[held.pk])).status_code == 404


def test_an_invitation_or_a_plan_action_for_a_team_member_is_working_on_the_family(
    cast: Cast,
) -> None:
    invited = episode(cast, "Invited", lead=cast.involved)
    meeting = TafMeeting.objects.create(
        episode=invited,
        kind=MeetingKind.INITIAL,
        due_on=timezone.localdate(),
        scheduled_for=timezone.now() + timedelta(days=3),
    )
    TafInvitee.objects.create(meeting=meeting, user=cast.team_member)
    acting = episode(cast, "Acting", lead=cast.involved)
    plan = Plan.objects.create(
        episode=acting, number=1, created_at=timezone.now(), created_by=cast.involved
    )
    PlanAction.objects.create(
        plan=plan, what="Home visit", owner=cast.team_member, due_on=timezone.localdate()
    )

    assert team_tab(cast.team_manager) == {invited.reference, acting.reference}

    meeting.status = "cancelled"
    meeting.save()
    plan.status = "superseded"
    plan.save()
    assert team_tab(cast.team_manager) == set()


def test_an_episode_led_elsewhere_with_nobody_from_the_team_does_not_appear(
    cast: Cast, client: Client
) -> None:
    elsewhere = episode(cast, "Elsewhere", lead=cast.involved)
    # Someone in another team works with the family: that is not the manager's team.
    InvolvementFactory(
        person=elsewhere.members.get().person,
        user=cast.early_help_worker,
        organisation=cast.early_help_worker.organisation,
    )

    assert team_tab(cast.team_manager) == set()
    assert page(client, cast.team_manager, elsewhere).status_code == 404
    assert elsewhere.reference in team_tab(cast.other_manager)


def test_a_manager_sees_their_teams_family_only_while_consent_covers_their_agency(
    cast: Cast, client: Client
) -> None:
    school = OrganisationFactory(
        name="Northgate School", kind=OrganisationKind.SCHOOL, locality=cast.holding_team.locality
    )
    staff = TeamFactory(name="Northgate staff", organisation=school)
    teacher = UserFactory(organisation=school, roles=[Role.PRACTITIONER], teams=[staff])
    head = UserFactory(organisation=school, roles=[Role.TEAM_MANAGER])
    manager_of(head, staff)
    family = episode(cast, "Consent", lead=cast.team_member)
    child = family.members.get().person
    InvolvementFactory(person=child, user=teacher, organisation=school)

    # The family agreed to share with early help only.
    assert team_tab(head) == set()
    assert page(client, head, family).status_code == 404

    consent_given(actor=cast.team_member, person=child, share_with=["early_help", "school"])

    assert team_tab(head) == {family.reference}
    assert page(client, head, family).status_code == 200


def test_the_team_tab_says_which_families_the_manager_only_oversees(
    cast: Cast, client: Client
) -> None:
    led = episode(cast, "Led", lead=cast.team_member)
    held = episode(cast, "Held", lead=cast.involved)
    InvolvementFactory(
        person=held.members.get().person,
        team=cast.holding_team,
        organisation=cast.holding_team.organisation,
    )
    client.force_login(cast.team_manager)

    html = client.get(reverse("earlyhelp:caseload"), {"tab": "team"}).content.decode()

    assert "Your team's families" in html
    rows = {
        ref: html.split(ref, 1)[1].split("</tr>", 1)[0] for ref in (led.reference, held.reference)
    }
    assert "you can see it, the lead's agency runs it" in rows[held.reference]
    assert "you can see it" not in rows[led.reference]
