"""The demo data names a holder for every level of every ladder, so a demo disagreement climbs
to someone different at each level, on the default ladder and on Nottingham's (with the
referrer's side)."""

from __future__ import annotations

import pytest
from pytest_django import Settings

from righthelp.accounts.models import User
from righthelp.escalations import services
from righthelp.escalations.ladder import NAMED, held_by, ladder_for
from righthelp.escalations.models import Disagreement, DisagreementKind, LadderHolder
from righthelp.frontdoor import services as frontdoor
from righthelp.people.demo.loader import Reference, reference_data_load
from righthelp.people.models import Person, ProfessionalRole
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory
from righthelp.workdue.tests.helpers import CONSENT

pytestmark = pytest.mark.django_db

PARTNERSHIPS = ["default", "nottingham-2018"]
SENIOR = ["dina.director", "carl.corporate", "priya.chair"]


@pytest.fixture
def demo() -> Reference:
    return reference_data_load()


def climb(disagreement: Disagreement, actor: User) -> list[set[str]]:
    """Escalate to the top of the ladder; the holders of each stage, in order."""
    for _ in range(len(disagreement.ladder) - 1):
        services.stage_record(
            actor=actor, disagreement=disagreement, conversation="Not agreed", outcome="escalate"
        )
    return [
        {user.username for user in stage.owners.all()}
        for stage in disagreement.stages.order_by("number")
    ]


def pats_child(demo: Reference) -> Person:
    """A child Pat (the demo school's safeguarding lead) works with."""
    child = PersonFactory(given_name="Mia", family_name="Lowe")
    InvolvementFactory(person=child, user=demo.users["pat.teacher"])
    return child


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_the_demo_names_a_holder_for_every_named_level_of_every_ladder(
    demo: Reference, partnership: str
) -> None:
    for agency in ("Children's Social Care", "Early Help Service"):
        for level in ladder_for("school", partnership):
            if held_by(level, partnership) == NAMED:
                assert LadderHolder.objects.filter(
                    organisation__name=agency, level=level
                ).exists(), (agency, level)


def test_loading_the_demo_again_adds_no_holders(demo: Reference) -> None:
    count = LadderHolder.objects.count()
    reference_data_load()
    assert LadderHolder.objects.count() == count


@pytest.mark.parametrize("partnership", PARTNERSHIPS)
def test_a_worry_not_shared_with_early_help_climbs_to_someone_new_at_each_level(
    demo: Reference, settings: Settings, partnership: str
) -> None:
    settings.RIGHTHELP_ESCALATION_LADDER = partnership
    child = pats_child(demo)
    InvolvementFactory(
        person=child,
        user=demo.users["erin.earlyhelp"],
        role=ProfessionalRole.LEAD_PRACTITIONER,
        team=demo.teams["Early Help West"],
    )
    disagreement = services.disagreement_raise(
        actor=demo.users["pat.teacher"],
        child=child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="Early help sees no neglect",
        reason="Hungry every morning",
        risk="Neglect",
        high_risk=False,
        wanted="A home visit",
    )
    assert climb(disagreement, demo.users["pat.teacher"]) == [
        {"erin.earlyhelp"},
        {"tom.manager"},
        {"sue.ehservice"},
        {"harry.ehhead"},
        *({name} for name in SENIOR),
    ]


def test_a_declined_referral_climbs_the_front_door_to_someone_new_at_each_level(
    demo: Reference,
) -> None:
    pat, fran, frank = (demo.users[n] for n in ("pat.teacher", "fran.frontdoor", "frank.fdmanager"))
    child = pats_child(demo)
    contact = frontdoor.request_save(
        actor=pat,
        subjects=[frontdoor.SubjectDetails(role="child", person=child)],
        worry="Mia has been coming to school hungry",
    )
    contact = frontdoor.request_submit(actor=pat, contact=contact, consent=CONSENT)
    declined = frontdoor.decision_record(
        actor=fran, contact=contact, outcome="advice", rationale="Universal services can help"
    )
    frontdoor.decision_sign_off(actor=frank, decision=declined, agreed=True)
    disagreement = services.disagreement_raise(
        actor=pat,
        child=child,
        kind=DisagreementKind.FRONT_DOOR_DECISION,
        disagree_with="Advice only",
        reason="The worry is growing",
        risk="Neglect",
        high_risk=False,
        wanted="Early help",
        about_decision=declined,
    )
    assert climb(disagreement, pat) == [
        {"fran.frontdoor"},
        {"frank.fdmanager"},
        {"sam.servicemanager"},
        {"holly.headofservice"},
        *({name} for name in SENIOR),
    ]


def test_on_nottinghams_ladder_pats_headteacher_is_on_her_side(
    demo: Reference, settings: Settings
) -> None:
    settings.RIGHTHELP_ESCALATION_LADDER = "nottingham-2018"
    child = pats_child(demo)
    InvolvementFactory(
        person=child,
        user=demo.users["erin.earlyhelp"],
        role=ProfessionalRole.LEAD_PRACTITIONER,
        team=demo.teams["Early Help West"],
    )
    disagreement = services.disagreement_raise(
        actor=demo.users["pat.teacher"],
        child=child,
        kind=DisagreementKind.WORRY_NOT_SHARED,
        disagree_with="Early help sees no neglect",
        reason="Hungry every morning",
        risk="Neglect",
        high_risk=False,
        wanted="A home visit",
    )
    climb(disagreement, demo.users["pat.teacher"])
    sides = [
        {user.username for user in stage.referrer_side.all()}
        for stage in disagreement.stages.order_by("number")
    ]
    assert sides[0] == {"pat.teacher"}
    assert all(side == {"helen.head"} for side in sides[1:]), sides
