"""python manage.py demo_early_help [--episodes N]

Opens demo early help episodes for families the demo early help team already works with (the
families whose lead-practitioner involvement is with "Early Help West"), through the same
services a practitioner uses: consent, a direct start, an agreed lead, an assessment under way,
an agreed plan and the first Team Around the Family meeting. One more family is referred to
children's social care by the front door, and social care says its work is ending, so the West
early help team has a family waiting to step down. Safe to run again: a family that already has
an episode is skipped, and the waiting step-down is made once. Run ``demo_data`` first. Refuses
to run on production settings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.consent import services as consent_services
from righthelp.consent.models import ALL_AGENCIES, ConsentPurpose, Explained
from righthelp.earlyhelp import assessment_services, meeting_services, plan_services, services
from righthelp.earlyhelp.models import EpisodeLevel, EpisodeMember, MeetingKind
from righthelp.earlyhelp.plan_services import ActionDetails, OutcomeDetails
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.models import StepDownRequest
from righthelp.frontdoor.services import SubjectDetails
from righthelp.people.models import HouseholdMember, Person


class Command(BaseCommand):
    help = "Open demo early help episodes for the demo early help team's families (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--episodes", type=int, default=4, help="How many families.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not settings.DEBUG:
            raise CommandError("Demo data is for local and test systems, not production.")
        worker = User.objects.filter(username="erin.earlyhelp").first()
        locality = Locality.objects.filter(name="West").first()
        if worker is None or locality is None:
            raise CommandError("Load the demo data first: python manage.py demo_data")
        children = (
            Person.objects.filter(
                kind="child",
                professionals__team__name="Early Help West",
                professionals__end_date__isnull=True,
                merged_into__isnull=True,
            )
            .order_by("pk")
            .distinct()
        )
        opened = existing = 0
        seen_households: set[int] = set()
        for child in children:
            if opened + existing >= options["episodes"]:
                break
            link = HouseholdMember.objects.filter(person=child, end_date__isnull=True).first()
            if link is None or link.household_id in seen_households:
                continue
            seen_households.add(link.household_id)
            household = Person.objects.filter(
                household_links__household_id=link.household_id,
                household_links__end_date__isnull=True,
                merged_into__isnull=True,
            ).distinct()
            kids = [p for p in household if p.kind == "child"]
            adults = [p for p in household if p.kind == "adult"]
            if EpisodeMember.objects.filter(person__in=kids).exists():
                existing += 1
                continue
            self._open(worker, locality, kids, adults, opened + existing)
            opened += 1
        waiting = self._step_down_waiting(locality)
        self.stdout.write(
            self.style.SUCCESS(
                f"Opened {opened} demo early help episode(s); {existing} already open."
                + (" One family is waiting to step down from social care." if waiting else "")
            )
        )

    @transaction.atomic
    def _step_down_waiting(self, locality: Locality) -> bool:
        """A child not in any episode, referred to children's social care by the front door
        (a telephone call, decided and signed off), whose social care work is now ending: the
        family waits for West's early help to step down. Made once."""
        if StepDownRequest.objects.exists():
            return False
        fran = User.objects.filter(username="fran.frontdoor").first()
        frank = User.objects.filter(username="frank.fdmanager").first()
        child = (
            Person.objects.filter(
                kind="child",
                merged_into__isnull=True,
                household_links__end_date__isnull=True,
            )
            .exclude(early_help_memberships__isnull=False)
            .order_by("-pk")
            .first()
        )
        if fran is None or frank is None or child is None:
            return False
        contact = frontdoor_services.telephone_contact_record(
            actor=fran,
            referrer_name="Hana Wright",
            referrer_agency="City Health Visiting Service",
            referrer_phone="01632 960 111",
            children=[
                SubjectDetails(
                    role="child",
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                )
            ],
            worry="Dad was arrested after a fight at home; the children saw it.",
            urgency="urgent",
        )
        frontdoor_services.contact_link_person(
            actor=fran, subject=contact.subjects.get(), person=child
        )
        decision = frontdoor_services.decision_record(
            actor=fran,
            contact=contact,
            outcome="csc_assessment",
            rationale="Domestic abuse witnessed by the children: a child in need assessment.",
        )
        if decision.needs_sign_off:
            frontdoor_services.decision_sign_off(actor=frank, decision=decision, agreed=True)
        decision.refresh_from_db()
        parent = "Parent"
        consent_services.consent_record(
            actor=fran,
            person=child,
            purpose=ConsentPurpose.EARLY_HELP,
            decision="given",
            given_by="parent_or_carer",
            given_by_name=parent,
            share_with=[ALL_AGENCIES],
            method="written",
            validity=consent_services.ConsentValidity(
                voluntary=True, explained=Explained.values, giver_has_capacity=True
            ),
        )
        frontdoor_services.step_down_request(
            actor=fran,
            referral=decision.referral,
            work_ends_on=timezone.localdate() + timedelta(days=10),
            locality=locality,
            why="The child in need plan has ended: dad has moved out and the home is calm.",
            support_needed=(
                "Mum wants help with the children's routines and with money; the school is "
                "willing to lead."
            ),
        )
        return True

    @transaction.atomic
    def _open(
        self, worker: User, locality: Locality, kids: list[Person], adults: list[Person], n: int
    ) -> None:
        parent = adults[0].full_name if adults else "Parent"
        for child in kids:
            consent_services.consent_record(
                actor=worker,
                person=child,
                purpose=ConsentPurpose.EARLY_HELP,
                decision="given",
                given_by="parent_or_carer",
                given_by_name=parent,
                share_with=[ALL_AGENCIES],
                method="written",
                validity=consent_services.ConsentValidity(
                    voluntary=True, explained=Explained.values, giver_has_capacity=True
                ),
            )
        episode = services.episode_start_direct(
            actor=worker,
            locality=locality,
            children=kids,
            adults=adults,
            level=EpisodeLevel.ADDITIONAL if n % 2 == 0 else EpisodeLevel.TARGETED,
            reason=(
                "School attendance has dropped since the family moved, and the parents say "
                "they are struggling with routines and money."
            ),
        )
        if n == 3:
            return  # one family left without a lead, to show the "no lead" flag
        lead = services.lead_propose(
            actor=worker, episode=episode, practitioner=worker, child_agreement_needed=False
        )
        lead = services.lead_agreement_record(actor=worker, lead=lead, party="practitioner")
        services.lead_agreement_record(actor=worker, lead=lead, party="family", agreed_by=parent)
        assessment = assessment_services.assessment_start(actor=worker, episode=episode)
        assessment_services.assessment_save(
            actor=worker,
            assessment=assessment,
            expected_version=assessment.version,
            dimensions={
                "education": {
                    "strengths": "Likes art and his teacher; reading is at the expected level.",
                    "needs": "Attendance 82% this term; often late on Mondays.",
                },
                "basic_care": {
                    "strengths": "Warm and loving home; the children are well fed.",
                    "needs": "Mornings are chaotic; no alarm clock since the move.",
                },
            },
        )
        today = timezone.localdate()
        plan = plan_services.plan_save_draft(
            actor=worker,
            episode=episode,
            expected_version=0,
            outcomes=[
                OutcomeDetails(
                    text="The children get to school on time every day.",
                    measure="School attendance figures each half term",
                    measured_by="School",
                )
            ],
            actions=[
                ActionDetails(
                    what="Agree a morning routine chart with the family",
                    due_on=today + timedelta(days=14),
                    owner=worker,
                    owner_organisation=worker.organisation,
                    outcome_index=0,
                ),
                ActionDetails(
                    what="Apply for help with school uniform and travel costs",
                    due_on=today + timedelta(days=21),
                    owner_name=parent,
                    outcome_index=0,
                ),
            ],
            contingency=(
                "If attendance falls below 80% or the children are missing education, the lead "
                "practitioner will bring the family to the early help action meeting."
            ),
            internal_notes="",
        )
        plan_services.plan_agree(
            actor=worker,
            plan=plan,
            family=[plan_services.FamilyAgreement(parent, "parent")],
        )
        meeting_services.taf_meeting_plan(
            actor=worker,
            episode=episode,
            kind=MeetingKind.INITIAL,
            scheduled_for=timezone.now() + timedelta(days=7),
            location="Westfield Family Hub",
            practitioners=[worker],
            family_members=adults[:1],
        )
