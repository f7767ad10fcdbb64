"""Who may reach the early help episode pages (see ``righthelp/core/tests/access.py``).

The episodes here are about children of their own (never ``cast.child``: an episode makes its
members visible to those who may work on it, which would change other apps' rows), in the West
locality of ``cast``'s early help teams. ``cast.team_member`` is the lead, so the early help
workers of the locality (``team_member``, ``early_help_worker``) and the lead's manager
(``team_manager``) may work on them. Starting, taking up and stepping down are for early help
workers only. Everything is fetched with GET: the forms are not posted, so every role sees the
same state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent.tests.factories import consent_given
from righthelp.core.tests.access import CASEWORK, Row
from righthelp.earlyhelp.models import Episode, LeadPractitioner, LeadStatus
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactStatus,
    ContactSubject,
    Decision,
    EarlyHelpRequest,
    Outcome,
    SocialCareReferral,
    StepDownRequest,
    SubjectRole,
)
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

EARLY_HELP_WORKERS = ["team_member", "early_help_worker"]
WORKING_ON = ["team_member", "early_help_worker", "team_manager"]


def decided_contact(
    cast: Cast,
    *,
    outcome: str,
    children: list[Person],
    adults: Sequence[Person] = (),
    consent: bool = True,
) -> Decision:
    """A decided front-door contact about ``children`` (built directly, no events), with the
    family's consent to early help for each child (unless ``consent`` is false)."""
    now = timezone.now()
    contact = Contact.objects.create(
        reference=f"FD-T-{Contact.objects.count() + 1:06d}",
        kind=ContactKind.REQUEST_FOR_SUPPORT,
        status=ContactStatus.DECIDED,
        referrer=cast.involved,
        worry="Not being collected from school and often hungry",
        created_at=now,
        received_at=now,
    )
    for child in children:
        ContactSubject.objects.create(contact=contact, person=child, role=SubjectRole.CHILD)
        if consent:
            consent_given(
                actor=cast.involved,
                person=child,
                share_with=["early_help", "childrens_social_care"],
            )
    for adult in adults:
        ContactSubject.objects.create(contact=contact, person=adult, role=SubjectRole.ADULT)
    return Decision.objects.create(
        contact=contact,
        outcome=outcome,
        locality=cast.holding_team.locality,
        rationale="Needs can be met by early help",
        decided_by=cast.front_door_worker,
        decided_at=now,
    )


def early_help_request(
    cast: Cast, children: list[Person], adults: Sequence[Person] = (), consent: bool = True
) -> EarlyHelpRequest:
    assert cast.holding_team.locality is not None
    decision = decided_contact(
        cast,
        outcome=Outcome.EARLY_HELP_ADDITIONAL,
        children=children,
        adults=list(adults),
        consent=consent,
    )
    return EarlyHelpRequest.objects.create(
        decision=decision,
        locality=cast.holding_team.locality,
        level=Outcome.EARLY_HELP_ADDITIONAL,
        created_at=timezone.now(),
    )


def social_care_referral(
    cast: Cast,
    children: list[Person],
    adults: Sequence[Person] = (),
    consent: bool = True,
    work_ending: bool = True,
) -> SocialCareReferral:
    """A referral to children's social care about ``children``; unless ``work_ending`` is
    false, social care has said its work is ending and asked the West locality's early help to
    take over (so the family waits to step down)."""
    assert cast.holding_team.locality is not None
    decision = decided_contact(
        cast,
        outcome=Outcome.CSC_ASSESSMENT,
        children=children,
        adults=list(adults),
        consent=consent,
    )
    referral = SocialCareReferral.objects.create(
        decision=decision, route=Outcome.CSC_ASSESSMENT, created_at=timezone.now()
    )
    if work_ending:
        StepDownRequest.objects.create(
            referral=referral,
            requested_by=cast.front_door_worker,
            requested_at=timezone.now(),
            work_ends_on=timezone.localdate(),
            locality=cast.holding_team.locality,
            why="The child in need plan has ended",
            support_needed="Help with routines and school attendance",
        )
    return referral


def episode_led_by(cast: Cast, lead: User, *, status: str = LeadStatus.ACTIVE) -> Episode:
    child = PersonFactory(given_name="Ellie", family_name="Episode-Matrix")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=lead if status == LeadStatus.ACTIVE else None,
    )
    if status == LeadStatus.PROPOSED:
        assert lead.organisation is not None
        LeadPractitioner.objects.create(
            episode=episode,
            practitioner=lead,
            organisation=lead.organisation,
            status=LeadStatus.PROPOSED,
            proposed_at=timezone.now(),
            proposed_by=cast.team_member,
        )
    return episode


def household_sibling(episode: Episode) -> Person:
    """A child living with the episode's first child, not in the episode (no consent)."""
    from righthelp.people.models import Address, Household, HouseholdMember

    household = Household.objects.create(
        address=Address.objects.create(line1="1 Matrix Row", town="Hull", postcode="HU1 1AA"),
        locality=episode.locality,
    )
    sibling = PersonFactory(given_name="Sid", family_name="Episode-Matrix")
    first_child = episode.members.first()
    assert first_child is not None
    for person_id in (first_child.person_id, sibling.pk):
        HouseholdMember.objects.create(household=household, person_id=person_id)
    return sibling


def rows(cast: Cast) -> dict[str, Row]:
    episode = episode_led_by(cast, cast.team_member)
    lead = episode.leads.get()
    proposed = episode_led_by(cast, cast.team_member, status=LeadStatus.PROPOSED)
    proposed_lead = proposed.leads.get()
    waiting = early_help_request(cast, [PersonFactory(given_name="Noah", family_name="Waiting")])
    referral = social_care_referral(cast, [PersonFactory(given_name="Ava", family_name="Down")])
    on = {"episode_id": episode.pk}
    sibling = household_sibling(episode)
    return {
        "earlyhelp:caseload": Row(reverse("earlyhelp:caseload"), CASEWORK),
        "earlyhelp:start": Row(reverse("earlyhelp:start"), EARLY_HELP_WORKERS),
        "earlyhelp:requests": Row(reverse("earlyhelp:requests"), EARLY_HELP_WORKERS),
        "earlyhelp:take-up": Row(
            reverse("earlyhelp:take-up", kwargs={"request_id": waiting.pk}), EARLY_HELP_WORKERS
        ),
        # Joining a request to the family's open episode and closing it: the request's locality.
        "earlyhelp:request-join": Row(
            reverse("earlyhelp:request-join", kwargs={"request_id": waiting.pk}),
            EARLY_HELP_WORKERS,
        ),
        "earlyhelp:request-close": Row(
            reverse("earlyhelp:request-close", kwargs={"request_id": waiting.pk}),
            EARLY_HELP_WORKERS,
        ),
        "earlyhelp:member-new": Row(reverse("earlyhelp:member-new", kwargs=on), WORKING_ON),
        "earlyhelp:episode": Row(reverse("earlyhelp:episode", kwargs=on), WORKING_ON),
        "earlyhelp:lead-propose": Row(reverse("earlyhelp:lead-propose", kwargs=on), WORKING_ON),
        "earlyhelp:lead-agree": Row(
            reverse(
                "earlyhelp:lead-agree",
                kwargs={"episode_id": proposed.pk, "lead_id": proposed_lead.pk},
            ),
            WORKING_ON,
        ),
        "earlyhelp:lead-end": Row(
            reverse("earlyhelp:lead-end", kwargs={**on, "lead_id": lead.pk}), WORKING_ON
        ),
        "earlyhelp:step-up": Row(reverse("earlyhelp:step-up", kwargs=on), WORKING_ON),
        "earlyhelp:close": Row(reverse("earlyhelp:close", kwargs=on), WORKING_ON),
        # A sibling with no consent recorded: those working on the family are sent back to the
        # episode page with the reason (nothing added); everyone else gets 404.
        "earlyhelp:member-add": Row(
            reverse("earlyhelp:member-add", kwargs={**on, "person_id": sibling.pk}),
            WORKING_ON,
            method="post",
            ok=frozenset({302}),
        ),
        "earlyhelp:step-down": Row(
            reverse("earlyhelp:step-down", kwargs={"referral_id": referral.pk}),
            EARLY_HELP_WORKERS,
        ),
    }
