"""Early help's events: each service records its kind of event, about the family, with the
payload its writer in ``earlyhelp.events`` builds, and the readers (the plan's changes, an
assessment's changes, a meeting's history) read what the writers wrote."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import Cast
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp import assessment_services, services
from righthelp.earlyhelp.events import (
    assessment_saved_events,
    assessment_saved_payload,
    episode_closed_payload,
    episode_member_added_payload,
    episode_opened_payload,
    lead_agreement_payload,
    lead_ended_payload,
    lead_proposed_payload,
    meeting_events,
    outcome_scales_scored_payload,
    plan_action_updated_payload,
    plan_agreed_payload,
    plan_change_events,
    plan_changes,
    plan_saved_payload,
    step_up_consulted_payload,
    taf_meeting_cancelled_payload,
    taf_meeting_planned_payload,
    taf_meeting_rescheduled_payload,
)
from righthelp.earlyhelp.meeting_services import (
    taf_meeting_cancel,
    taf_meeting_plan,
    taf_meeting_reschedule,
)
from righthelp.earlyhelp.models import (
    ActionStatus,
    ClosureReason,
    Episode,
    MeetingKind,
    MemberRole,
)
from righthelp.earlyhelp.notices import when_text
from righthelp.earlyhelp.plan_selectors import meeting_history
from righthelp.earlyhelp.plan_services import (
    ActionDetails,
    FamilyAgreement,
    OutcomeDetails,
    changes_since,
    plan_action_update,
    plan_agree,
    plan_save_draft,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def only(verb: Verb) -> Event:
    return Event.objects.get(verb=verb.value)


def subjects(event: Event) -> set[int]:
    return set(event.subjects.values_list("person_id", flat=True))


def person(given_name: str) -> Person:
    made = PersonFactory(given_name=given_name, family_name="Fletcher")
    assert isinstance(made, Person)
    return made


def family(cast: Cast) -> tuple[Episode, Person]:
    mum = person("Jo")
    locality = cast.holding_team.locality
    assert locality is not None
    episode = make_episode(
        locality=locality,
        opened_by=cast.team_member,
        children=[cast.child],
        adults=[mum],
        lead=cast.team_member,
    )
    return episode, mum


def test_plan_events_carry_their_changes_and_the_plan_history_reads_them(cast: Cast) -> None:
    # Given a family's episode, when a plan is drafted, an action done and the plan agreed
    episode, mum = family(cast)
    plan = plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[OutcomeDetails(text="Kayden is in school every day", measure="Attendance")],
        actions=[
            ActionDetails(
                what="Walk Kayden to school each morning",
                owner_name="Mum",
                due_on=date(2026, 12, 18),
                outcome_index=0,
            )
        ],
        contingency="If attendance drops again, a meeting within a week",
        internal_notes="",
    )
    saved = only(Verb.PLAN_SAVED)
    assert saved.actor == cast.team_member
    assert subjects(saved) == {cast.child.pk, mum.pk}
    assert saved.summary == f"Plan version 1 saved as a draft for {episode.reference}"
    read = plan_saved_payload(saved)
    assert (read["episode"], read["plan"], read["number"], read["version"]) == (
        episode.pk,
        plan.pk,
        1,
        1,
    )
    assert read["changes"][0] == "Version 1 of the plan was started"

    plan_action_update(actor=cast.team_member, action=plan.actions.get(), status=ActionStatus.DONE)
    updated = plan_action_updated_payload(only(Verb.PLAN_ACTION_UPDATED))
    assert (updated["old"], updated["new"], updated["version"]) == ("not_started", "done", 2)
    assert updated["changes"] == ["Action now done: Walk Kayden to school each morning"]

    plan.refresh_from_db()
    plan_agree(
        actor=cast.team_member,
        plan=plan,
        expected_version=plan.version,
        family=[FamilyAgreement("Jo Fletcher", "mum")],
    )
    agreed = plan_agreed_payload(only(Verb.PLAN_AGREED))
    assert agreed["family"] == [{"name": "Jo Fletcher", "relationship": "mum"}]
    assert agreed["agreed_on"] == timezone.localdate().isoformat()
    assert agreed["changes"] == ["Version 1 was agreed"]

    # Then the plan's history reads the changes after version 1, oldest first, with who
    after_first = list(plan_change_events(plan, 1))
    assert [e.verb for e in after_first] == [Verb.PLAN_ACTION_UPDATED, Verb.PLAN_AGREED]
    assert [plan_changes(e) for e in after_first] == [updated["changes"], agreed["changes"]]
    lines = changes_since(plan, 1)
    assert len(lines) == 2
    assert lines[0].startswith("Action now done: Walk Kayden to school each morning (")
    assert cast.team_member.display_name in lines[1]


def test_meeting_events_are_what_the_meeting_history_reads(cast: Cast) -> None:
    episode, mum = family(cast)
    first = timezone.now() + timedelta(days=5)
    meeting = taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=MeetingKind.INITIAL,
        scheduled_for=first,
        location="Westfield Primary",
        practitioners=[],
        family_members=[mum],
    )
    planned = only(Verb.TAF_MEETING_PLANNED)
    assert subjects(planned) == {cast.child.pk, mum.pk}
    read = taf_meeting_planned_payload(planned)
    assert read["meeting"] == meeting.pk and read["family_members"] == [mum.pk]
    assert read["scheduled_for"] == first.isoformat() and read["recorded_afterwards"] is False

    later = first + timedelta(days=2)
    meeting = taf_meeting_reschedule(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        scheduled_for=later,
        reason="Mum is at the hospital that day",
        location="Family hub",
    )
    rescheduled = only(Verb.TAF_MEETING_RESCHEDULED)
    assert rescheduled.summary == (
        f"{meeting.get_kind_display()} for {episode.reference} moved from "
        f"{when_text(first)} to {when_text(later)}"
    )
    moved = taf_meeting_rescheduled_payload(rescheduled)
    assert moved["old"] == {"scheduled_for": first.isoformat(), "location": "Westfield Primary"}
    assert moved["new"] == {"scheduled_for": later.isoformat(), "location": "Family hub"}
    assert moved["reason"] == "Mum is at the hospital that day"

    taf_meeting_cancel(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        reason="The family moved away",
    )
    cancelled_event = only(Verb.TAF_MEETING_CANCELLED)
    assert cancelled_event.summary == (
        f"{meeting.get_kind_display()} for {episode.reference} on {when_text(later)} cancelled"
    )
    cancelled = taf_meeting_cancelled_payload(cancelled_event)
    assert cancelled == {
        "episode": episode.pk,
        "meeting": meeting.pk,
        "scheduled_for": later.isoformat(),
        "reason": "The family moved away",
    }

    assert meeting_events(meeting).count() == 3
    history = meeting_history(meeting)
    assert [h.verb for h in history] == [
        Verb.TAF_MEETING_PLANNED,
        Verb.TAF_MEETING_RESCHEDULED,
        Verb.TAF_MEETING_CANCELLED,
    ]
    assert "place changed from Westfield Primary to Family hub" in history[1].what
    assert [h.reason for h in history] == [
        "",
        "Mum is at the hospital that day",
        "The family moved away",
    ]


def test_an_assessment_save_records_what_changed_and_the_stale_edit_reader_reads_it(
    cast: Cast,
) -> None:
    episode, mum = family(cast)
    assessment = assessment_services.assessment_start(actor=cast.team_member, episode=episode)
    started = only(Verb.ASSESSMENT_STARTED)
    assert subjects(started) == {cast.child.pk, mum.pk}
    assert started.payload["due_on"] == assessment.due_on.isoformat()

    assessment_services.assessment_save(
        actor=cast.team_member,
        assessment=assessment,
        expected_version=assessment.version,
        history="Moved to the area in the summer",
    )
    event = assessment_saved_events(assessment).get()
    read = assessment_saved_payload(event)
    assert read["changed"] == ["History"]
    assert read["new"] == {"history": "Moved to the area in the summer"}
    assert read["step_up_prompt"] is None
    assert event.summary == "Early help assessment saved: History"
    # The reader the stale-edit check uses sees the change and who made it
    assert assessment_services.assessment_authors(assessment) == {cast.team_member.pk}


def test_lead_member_and_closure_events(cast: Cast) -> None:
    episode, mum = family(cast)
    brother = person("Leo")
    consent_given(actor=cast.team_member, person=brother, share_with=["early_help"])
    services.episode_member_add(actor=cast.team_member, episode=episode, person=brother)
    added = only(Verb.EPISODE_MEMBER_ADDED)
    assert subjects(added) == {cast.child.pk, mum.pk, brother.pk}
    assert episode_member_added_payload(added) == {
        "episode": episode.pk,
        "person": brother.pk,
        "role": MemberRole.CHILD,
    }
    assert added.summary == (
        f"{brother.full_name} added to early help {episode.reference} as a child"
    )

    current = episode.leads.get()
    services.lead_end(actor=cast.team_member, lead=current, reason="Moving on to a new post")
    assert lead_ended_payload(only(Verb.LEAD_ENDED)) == {
        "episode": episode.pk,
        "lead": current.pk,
        "reason": "Moving on to a new post",
    }
    lead = services.lead_propose(
        actor=cast.team_member,
        episode=episode,
        practitioner=cast.involved,
        child_agreement_needed=False,
    )
    proposed = only(Verb.LEAD_PROPOSED)
    assert lead_proposed_payload(proposed) == {
        "episode": episode.pk,
        "lead": lead.pk,
        "practitioner": cast.involved.pk,
    }
    services.lead_agreement_record(
        actor=cast.team_member, lead=lead, party="family", agreed_by="Jo"
    )
    agreed = lead_agreement_payload(only(Verb.LEAD_AGREEMENT_RECORDED))
    assert (agreed["party"], agreed["agreed_by"]) == ("family", "Jo")
    services.lead_agreement_record(actor=cast.involved, lead=lead, party="practitioner")
    active = only(Verb.LEAD_ACTIVE)
    assert lead_agreement_payload(active)["party"] == "practitioner"
    assert active.summary == (
        f"{cast.involved.display_name} is now the lead practitioner for {episode.reference}"
    )

    episode.refresh_from_db()
    services.episode_close(
        actor=cast.team_member,
        episode=episode,
        reason=ClosureReason.NEEDS_MET,
        summary="Kayden is in school every day.",
    )
    closed = episode_closed_payload(only(Verb.EPISODE_CLOSED))
    assert closed["reason"] == ClosureReason.NEEDS_MET
    assert closed["leads_ended"] == [lead.pk]


def test_starting_consulting_and_scoring_read_back_what_they_recorded(cast: Cast) -> None:
    child = person("Ellie")
    consent_given(actor=cast.team_member, person=child, share_with=["early_help"])
    locality = cast.holding_team.locality
    assert locality is not None
    episode = services.episode_start_direct(
        actor=cast.team_member,
        locality=locality,
        children=[child],
        level="targeted",
        reason="Struggling since the move",
    )
    opened = only(Verb.EPISODE_OPENED)
    assert subjects(opened) == {child.pk}
    assert opened.summary == f"Early help {episode.reference} started with the family's agreement"
    assert episode_opened_payload(opened) == {
        "episode": episode.pk,
        "reference": episode.reference,
        "origin": episode.origin,
        "previous_episode": None,
    }

    advice = services.step_up_consult(
        actor=cast.team_member,
        episode=episode,
        worry="Bruise on arm",
        outcome="advice",
        advice="Talk to the school nurse",
    )
    advised = only(Verb.STEP_UP_CONSULTED)
    assert (
        advised.summary == f"Step-up consultation for {episode.reference}: advice or a joint visit"
    )
    assert step_up_consulted_payload(advised) == {
        "episode": episode.pk,
        "outcome": "advice",
        "consultation": advice.pk,
    }
    to_meeting = services.step_up_consult(
        actor=cast.team_member, episode=episode, worry="Concern rising", outcome="action_meeting"
    )
    case = to_meeting.locality_case
    assert case is not None
    rising = step_up_consulted_payload(
        Event.objects.filter(verb=Verb.STEP_UP_CONSULTED.value).latest("id")
    )
    assert rising.get("locality_case") == case.pk and rising.get("consultation") == to_meeting.pk

    areas = list(assessment_services.outcome_areas())
    assessment_services.outcome_scales_score(
        actor=cast.team_member, episode=episode, occasion="assessment", scores={areas[0]: 4}
    )
    scored = only(Verb.OUTCOME_SCALES_SCORED)
    assert scored.summary.endswith(": 1 areas")
    assert outcome_scales_scored_payload(scored) == {
        "episode": episode.pk,
        "occasion": "assessment",
        "scores": {areas[0]: 4},
        "measured_on": timezone.localdate().isoformat(),
    }
