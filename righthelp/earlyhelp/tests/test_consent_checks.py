"""Consent is checked wherever early help starts or goes on: taking up a request, starting
directly, stepping down, adding a child, starting an assessment and arranging a Team Around the
Family meeting. Each refusal names the child and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent import services as consent_services
from righthelp.consent.selectors import consent_current
from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp import assessment_services, meeting_services, services
from righthelp.earlyhelp.models import Assessment, Episode, EpisodeLevel, EpisodeMember, TafMeeting
from righthelp.earlyhelp.tests.access_expectations_episodes import (
    early_help_request,
    household_sibling,
    social_care_referral,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def withdraw(cast: Cast, person: Person, purpose: str = "early_help") -> None:
    consent = consent_current(person, purpose)
    assert consent is not None
    consent_services.consent_withdraw(
        actor=cast.involved,
        consent=consent,
        withdrawn_by_name="Jo Fletcher",
        method="verbal",
    )


def episode_for(cast: Cast, child: Person) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=cast.team_member,
    )


def test_stepping_down_is_refused_for_a_child_whose_consent_was_withdrawn(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory(given_name="Milo", family_name="Stepdown")
    referral = social_care_referral(cast, [child])
    withdraw(cast, child)

    with pytest.raises(ValidationError) as refused:
        services.episode_step_down(
            actor=cast.team_member,
            referral=referral,
            locality=cast.holding_team.locality,
            level=EpisodeLevel.TARGETED,
            reason="The child protection plan has ended",
            to_locality_meeting=True,
        )

    message = " ".join(refused.value.messages)
    assert message.startswith("The family cannot be stepped down to early help: for Milo")
    assert "consent was withdrawn on" in message and "consent page" in message
    assert not Episode.objects.exists()


def test_stepping_down_without_any_consent_is_refused_on_the_page(
    cast: Cast, client: Client
) -> None:
    assert cast.holding_team.locality is not None
    referral = social_care_referral(cast, [PersonFactory(given_name="Ava")], consent=False)
    client.force_login(cast.team_member)

    response = client.post(
        reverse("earlyhelp:step-down", args=[referral.pk]),
        {
            "locality": cast.holding_team.locality.pk,
            "level": "targeted",
            "reason": "Plan ended",
            "route": "meeting",
        },
    )

    assert response.status_code == 200
    assert "no consent is recorded" in response.content.decode()
    assert not Episode.objects.exists()


def test_taking_up_a_request_is_refused_once_consent_was_withdrawn(
    cast: Cast, client: Client
) -> None:
    child = PersonFactory(given_name="Noah", family_name="Waiting")
    request = early_help_request(cast, [child])
    withdraw(cast, child)
    client.force_login(cast.team_member)

    response = client.post(
        reverse("earlyhelp:take-up", args=[request.pk]), {"reason": "", "children": [child.pk]}
    )

    assert response.status_code == 200
    assert "This request cannot be taken up: for Noah Waiting" in response.content.decode()
    request.refresh_from_db()
    assert request.taken_up_at is None and not Episode.objects.exists()


def test_a_lawful_basis_for_another_agency_does_not_start_early_help(cast: Cast) -> None:
    assert cast.holding_team.locality is not None
    child = PersonFactory(given_name="Lily", family_name="Basis")
    consent_services.lawful_basis_record(
        actor=cast.team_member,
        person=child,
        basis="safeguarding",
        reasons="Bruising seen at school",
        parents_told=True,
        share_with=["childrens_social_care"],
    )
    with pytest.raises(ValidationError, match="Early help cannot start: for Lily Basis"):
        services.episode_start_direct(
            actor=cast.team_member,
            locality=cast.holding_team.locality,
            children=[child],
            level="additional",
            reason="Support",
        )


def test_a_child_whose_consent_was_withdrawn_cannot_be_added(cast: Cast) -> None:
    episode = episode_for(cast, PersonFactory())
    sibling = household_sibling(episode)
    consent_given(actor=cast.team_member, person=sibling, share_with=["early_help"])
    withdraw(cast, sibling)

    with pytest.raises(ValidationError, match="cannot be added to early help: for Sid"):
        services.episode_member_add(actor=cast.team_member, episode=episode, person=sibling)
    assert not EpisodeMember.objects.filter(person=sibling).exists()


def test_an_assessment_cannot_start_after_consent_was_withdrawn(cast: Cast, client: Client) -> None:
    child = PersonFactory(given_name="Ruby", family_name="Assess")
    episode = episode_for(cast, child)
    withdraw(cast, child)

    with pytest.raises(ValidationError) as refused:
        assessment_services.assessment_start(actor=cast.team_member, episode=episode)
    assert "The early help assessment cannot start: for Ruby Assess, consent was withdrawn" in (
        " ".join(refused.value.messages)
    )
    client.force_login(cast.team_member)
    page = client.post(
        reverse("earlyhelp:assessment-start", kwargs={"episode_pk": episode.pk}), follow=True
    ).content.decode()
    assert "The early help assessment cannot start" in page
    assert not Assessment.objects.exists()


def test_an_assessment_the_family_refused_cannot_start_though_early_help_goes_on(
    cast: Cast,
) -> None:
    child = PersonFactory(given_name="Theo", family_name="Refused")
    episode = episode_for(cast, child)
    consent_services.consent_record(
        actor=cast.team_member,
        person=child,
        purpose="assessment",
        decision="refused",
        given_by="parent_or_carer",
        given_by_name="Jo",
        share_with=["early_help"],
        method="verbal",
    )

    with pytest.raises(ValidationError, match="consent to an early help assessment"):
        assessment_services.assessment_start(actor=cast.team_member, episode=episode)
    assert not Assessment.objects.exists()


def arrange(cast: Cast, episode: Episode, practitioners: Sequence[User]) -> TafMeeting:
    return meeting_services.taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind="initial",
        scheduled_for=timezone.now() + timedelta(days=5),
        location="Westfield Primary",
        practitioners=practitioners,
    )


def test_no_meeting_is_arranged_once_consent_to_early_help_was_withdrawn(cast: Cast) -> None:
    child = PersonFactory(given_name="Isla", family_name="Meeting")
    episode = episode_for(cast, child)
    withdraw(cast, child)
    with pytest.raises(ValidationError, match="The meeting cannot be arranged: for Isla"):
        arrange(cast, episode, [cast.early_help_worker])


def test_a_practitioner_is_invited_only_if_consent_covers_their_agency(cast: Cast) -> None:
    child = PersonFactory(given_name="Leo", family_name="Invite")
    episode = episode_for(cast, child)

    with pytest.raises(ValidationError) as refused:
        arrange(cast, episode, [cast.involved])
    message = refused.value.message_dict["practitioners"][0]
    assert cast.involved.display_name in message and "(school)" in message
    assert "for Leo Invite, the consent does not cover sharing with school" in message

    consent_given(
        actor=cast.team_member, person=child, purpose="information_sharing", share_with=["school"]
    )
    meeting = arrange(cast, episode, [cast.involved, cast.early_help_worker])
    assert meeting.invitees.count() == 2
