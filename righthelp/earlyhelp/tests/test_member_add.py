"""Think Family: someone from the household joins an open episode, with consent for a child."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services as consent_services
from righthelp.consent.models import ALL_AGENCIES, ConsentPurpose
from righthelp.consent.tests.factories import VALID
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import EpisodeMember, MemberRole
from righthelp.earlyhelp.tests.access_expectations_episodes import (
    episode_led_by,
    household_sibling,
)

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_episode_page_offers_the_household_and_adds_a_child_once_consent_is_recorded(
    cast: Cast, client: Client
) -> None:
    episode = episode_led_by(cast, cast.team_member)
    sibling = household_sibling(episode)
    client.force_login(cast.team_member)
    url = reverse(
        "earlyhelp:member-add", kwargs={"episode_id": episode.pk, "person_id": sibling.pk}
    )

    page = client.get(reverse("earlyhelp:episode", kwargs={"episode_id": episode.pk}))
    assert "Others in the family" in page.content.decode()
    assert url in page.content.decode()

    refused = client.post(url, follow=True)
    assert "cannot be added to early help" in refused.content.decode()
    assert "no consent is recorded" in refused.content.decode()
    assert not EpisodeMember.objects.filter(episode=episode, person=sibling).exists()

    consent_services.consent_record(
        actor=cast.team_member,
        person=sibling,
        purpose=ConsentPurpose.EARLY_HELP,
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=[ALL_AGENCIES],
        method="verbal",
        validity=VALID,
    )
    added = client.post(url, follow=True)

    assert "added to early help" in added.content.decode()
    member = EpisodeMember.objects.get(episode=episode, person=sibling)
    assert member.role == MemberRole.CHILD
    assert Event.objects.filter(
        verb=Verb.EPISODE_MEMBER_ADDED, subjects__person_id=sibling.pk
    ).exists()
    # Added once: a second post is refused with a reason, and the page no longer offers them.
    with pytest.raises(ValidationError, match="already in this episode"):
        services.episode_member_add(actor=cast.team_member, episode=episode, person=sibling)
    assert (
        url
        not in client.get(
            reverse("earlyhelp:episode", kwargs={"episode_id": episode.pk})
        ).content.decode()
    )


def test_someone_not_working_on_the_family_cannot_add_to_it(cast: Cast, client: Client) -> None:
    episode = episode_led_by(cast, cast.team_member)
    sibling = household_sibling(episode)
    client.force_login(cast.practitioner)

    response = client.post(
        reverse("earlyhelp:member-add", kwargs={"episode_id": episode.pk, "person_id": sibling.pk})
    )

    assert response.status_code == 404
    with pytest.raises(PermissionError):
        services.episode_member_add(actor=cast.practitioner, episode=episode, person=sibling)
