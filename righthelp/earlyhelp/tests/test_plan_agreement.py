"""The plan records who in the family agreed it (names and how they are related), its
contingency, and the day they agreed it; shown on the plan and the family's printable copy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.earlyhelp.models import Episode, Plan, PlanStatus
from righthelp.earlyhelp.plan_services import (
    ActionDetails,
    FamilyAgreement,
    OutcomeDetails,
    plan_agree,
    plan_save_draft,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast: Cast) -> Plan:
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory(given_name="Kayden", family_name="Agree")],
        lead=cast.team_member,
    )
    Episode.objects.filter(pk=episode.pk).update(opened_at=timezone.now() - timedelta(days=30))
    episode.refresh_from_db()
    return plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[OutcomeDetails(text="Kayden is in school every day")],
        actions=[
            ActionDetails(
                what="Breakfast club", owner_name="School", due_on=date.today() + timedelta(days=9)
            )
        ],
        contingency="If attendance drops below 80%, a review meeting within a week",
        internal_notes="",
    )


def test_agreeing_records_who_in_the_family_agreed_and_when(cast: Cast, draft: Plan) -> None:
    day = timezone.localdate() - timedelta(days=2)
    agreed = plan_agree(
        actor=cast.team_member,
        plan=draft,
        family=[FamilyAgreement("Jo Agree", "mum"), FamilyAgreement("Kayden Agree", "Kayden")],
        agreed_on=day,
    )
    assert agreed.status == PlanStatus.AGREED and agreed.agreed_on == day
    assert [(p.name, p.relationship) for p in agreed.family_agreements.all()] == [
        ("Jo Agree", "mum"),
        ("Kayden Agree", "Kayden"),
    ]
    event = Event.objects.get(verb=Verb.PLAN_AGREED)
    assert event.payload["agreed_on"] == day.isoformat()
    assert event.payload["family"][0] == {"name": "Jo Agree", "relationship": "mum"}


def test_a_plan_cannot_be_agreed_without_naming_who_in_the_family_agreed(
    cast: Cast, draft: Plan
) -> None:
    with pytest.raises(ValidationError) as refused:
        plan_agree(actor=cast.team_member, plan=draft, family=[])
    assert "family" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        plan_agree(actor=cast.team_member, plan=draft, family=[FamilyAgreement("Jo Agree", "")])
    assert refused.value.message_dict["family_relationship_0"] == [
        "Say how Jo Agree is related to the child (for example, mum)"
    ]
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and not draft.family_agreements.exists()


def test_the_day_agreed_is_never_in_the_future_nor_before_early_help(
    cast: Cast, draft: Plan
) -> None:
    mum = [FamilyAgreement("Jo Agree", "mum")]
    for day in (timezone.localdate() + timedelta(days=1), date(2001, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            plan_agree(actor=cast.team_member, plan=draft, family=mum, agreed_on=day)
        assert "agreed_on" in refused.value.message_dict


def test_the_agreement_is_recorded_through_the_page_and_shown_on_the_family_copy(
    cast: Cast, draft: Plan, client: Client
) -> None:
    client.force_login(cast.team_member)
    episode = draft.episode
    url = reverse("earlyhelp:plan-agree", args=[episode.pk])
    page = client.get(url).content.decode()
    assert "If attendance drops below 80%" in page  # the contingency, read before agreeing
    today = timezone.localdate()
    when = {"agreed_on-day": today.day, "agreed_on-month": today.month}
    when["agreed_on-year"] = today.year
    refused = client.post(url, {"version": draft.version, **when})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert 'href="#id_family_name_0"' in html  # the summary links to the first name box
    response = client.post(
        url,
        {
            "version": draft.version,
            **when,
            "family_name_0": "Jo Agree",
            "family_relationship_0": "mum",
            "family_name_1": "Kayden Agree",
            "family_relationship_1": "Kayden himself",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Plan version 1 agreed" in html
    assert "Jo Agree (mum)" in html and "Kayden Agree (Kayden himself)" in html
    copy = client.get(reverse("earlyhelp:plan-print", args=[episode.pk])).content.decode()
    assert f"agreed {today.day} {today:%B %Y}" in copy
    assert "Jo Agree (mum)" in copy
    assert "If attendance drops below 80%" in copy
