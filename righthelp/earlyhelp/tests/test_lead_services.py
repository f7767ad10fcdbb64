"""Lead practitioners: proposed, agreed by everyone, ended with history kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.earlyhelp import services
from righthelp.earlyhelp.models import Episode, LeadStatus
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _episode(cast: Cast, **kwargs: Any) -> Episode:
    return make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory()],
        **kwargs,
    )


def test_a_lead_becomes_active_only_when_everyone_has_agreed(cast: Cast) -> None:
    episode = _episode(cast)
    lead = services.lead_propose(
        actor=cast.team_member, episode=episode, practitioner=cast.involved
    )
    assert lead.status == LeadStatus.PROPOSED
    assert lead.organisation == cast.involved.organisation

    lead = services.lead_agreement_record(actor=cast.involved, lead=lead, party="practitioner")
    lead = services.lead_agreement_record(
        actor=cast.team_member, lead=lead, party="family", agreed_by="Jo (mum)"
    )
    assert lead.status == LeadStatus.PROPOSED
    episode.refresh_from_db()
    assert episode.without_lead_since is not None

    lead = services.lead_agreement_record(
        actor=cast.team_member, lead=lead, party="child", agreed_by="Ellie"
    )
    assert lead.status == LeadStatus.ACTIVE
    episode.refresh_from_db()
    assert episode.without_lead_since is None
    verbs = list(
        Event.objects.exclude(verb__in=[Verb.CONSENT_RECORDED, Verb.USER_NOTIFIED])
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        Verb.LEAD_PROPOSED,
        Verb.LEAD_AGREEMENT_RECORDED,
        Verb.LEAD_AGREEMENT_RECORDED,
        Verb.LEAD_ACTIVE,
    ]


def test_without_the_childs_agreement_needed_practitioner_and_family_are_enough(cast: Cast) -> None:
    episode = _episode(cast)
    lead = services.lead_propose(
        actor=cast.team_member,
        episode=episode,
        practitioner=cast.involved,
        child_agreement_needed=False,
    )
    services.lead_agreement_record(
        actor=cast.team_member, lead=lead, party="family", agreed_by="Mum"
    )
    lead = services.lead_agreement_record(actor=cast.involved, lead=lead, party="practitioner")
    assert lead.status == LeadStatus.ACTIVE


def test_only_the_practitioner_records_their_own_agreement(cast: Cast) -> None:
    episode = _episode(cast)
    lead = services.lead_propose(
        actor=cast.team_member, episode=episode, practitioner=cast.involved
    )
    with pytest.raises(ValidationError):
        services.lead_agreement_record(actor=cast.team_member, lead=lead, party="practitioner")


def test_a_second_lead_cannot_be_proposed_while_one_is_current(cast: Cast) -> None:
    episode = _episode(cast, lead=cast.team_member)
    with pytest.raises(ValidationError):
        services.lead_propose(actor=cast.team_member, episode=episode, practitioner=cast.involved)


def test_ending_a_lead_keeps_the_history_and_flags_no_lead(cast: Cast) -> None:
    episode = _episode(cast, lead=cast.team_member)
    old = episode.leads.get()
    with pytest.raises(ValidationError):
        services.lead_end(actor=cast.team_member, lead=old, reason="")
    services.lead_end(actor=cast.team_member, lead=old, reason="Moved to another team")
    episode.refresh_from_db()
    assert episode.without_lead_since is not None
    new = services.lead_propose(
        actor=cast.early_help_worker, episode=episode, practitioner=cast.involved
    )
    assert [lead.status for lead in episode.leads.order_by("id")] == [
        LeadStatus.ENDED,
        LeadStatus.PROPOSED,
    ]
    assert new.pk != old.pk
    event = Event.objects.get(verb=Verb.LEAD_ENDED)
    assert {s.person_id for s in event.subjects.all()} == set(
        episode.members.values_list("person_id", flat=True)
    )


def test_only_a_practitioner_can_be_proposed_as_lead(cast: Cast) -> None:
    episode = _episode(cast)
    with pytest.raises(ValidationError):
        services.lead_propose(actor=cast.team_member, episode=episode, practitioner=cast.analyst)


def test_a_reason_too_long_to_keep_is_refused_not_cut_short(cast: Cast) -> None:
    # Given a lead, and a reason longer than the 500 characters the record keeps
    episode = _episode(cast, lead=cast.team_member)
    lead = episode.leads.get()
    # When the lead is ended with it, it is refused saying so (it used to be cut to 500)
    with pytest.raises(ValidationError) as refused:
        services.lead_end(actor=cast.team_member, lead=lead, reason="r" * 501)
    assert refused.value.message_dict["reason"] == ["Your answer must be 500 characters or fewer"]
    # and a reason at the limit is kept whole
    services.lead_end(actor=cast.team_member, lead=lead, reason="r" * 500)
    lead.refresh_from_db()
    assert lead.end_reason == "r" * 500
