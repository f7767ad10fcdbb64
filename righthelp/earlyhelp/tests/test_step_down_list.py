"""Early help workers find the social-care cases of their locality waiting to step down."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import EpisodeLevel
from righthelp.earlyhelp.tests.access_expectations_episodes import social_care_referral
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_social_care_case_waits_on_the_requests_page_until_it_is_stepped_down(
    cast: Cast, client: Client
) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory(given_name="Milo", family_name="Stepdown")
    referral = social_care_referral(cast, [child])
    client.force_login(cast.team_member)

    page = client.get(reverse("earlyhelp:requests")).content.decode()

    assert referral.decision.contact.reference in page
    assert reverse("earlyhelp:step-down", args=[referral.pk]) in page
    assert AccessRecord.objects.filter(
        user=cast.team_member, action=AccessAction.LIST_EPISODES
    ).exists()

    services.episode_step_down(
        actor=cast.team_member,
        referral=referral,
        locality=cast.holding_team.locality,
        level=EpisodeLevel.TARGETED,
        reason="The child protection plan has ended; the family still wants help with routines",
        to_locality_meeting=True,
    )
    page = client.get(reverse("earlyhelp:requests")).content.decode()
    assert reverse("earlyhelp:step-down", args=[referral.pk]) not in page
    assert "No family is waiting to step down." in page


def test_people_outside_early_help_see_no_step_down_list(cast: Cast, client: Client) -> None:
    social_care_referral(cast, [PersonFactory()])
    client.force_login(cast.practitioner)

    assert client.get(reverse("earlyhelp:requests")).status_code == 404


def test_the_step_down_list_takes_the_same_queries_for_one_family_or_many(
    cast: Cast, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.team_member)
    social_care_referral(cast, [PersonFactory()])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("earlyhelp:requests"))
    for _ in range(4):
        social_care_referral(cast, [PersonFactory(), PersonFactory()])
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("earlyhelp:requests"))

    assert page.content.decode().count(">Step down<") == 5
    assert len(many.captured_queries) == len(one.captured_queries)
