"""People who must act are told: proposed as lead, invited to a meeting (and told when it moves
or is cancelled), given an action in the plan, or whose episode closes. Each is told in the app
and by e-mail once the change commits, and each link opens for its recipient. An invitee whose
agency the family's consent does not cover is refused when invited, with that reason."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentRecord
from righthelp.consent.services import consent_record
from righthelp.consent.tests.factories import VALID
from righthelp.earlyhelp import meeting_services, plan_services, services
from righthelp.earlyhelp.models import Episode, MeetingKind, Plan, TafMeeting
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _family(cast: Cast, lead: User | None = None) -> tuple[Episode, Person]:
    child = PersonFactory(given_name="Ruby", family_name="Notices")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[child],
        lead=lead or cast.team_member,
    )
    return episode, child


def _consent_for_schools(cast: Cast, child: Person) -> ConsentRecord:
    return consent_record(
        actor=cast.team_member,
        person=child,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Notices",
        share_with=["school"],
        method="verbal",
        validity=VALID,
    )


def _with_email(*users: User) -> None:
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def _opens(user: User, link: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(link).status_code


def _notice(user: User, kind: str) -> Notification:
    return Notification.objects.get(recipient=user, kind=kind)


def test_a_practitioner_proposed_as_lead_is_told_once_and_can_open_where_they_agree(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    episode, _child = _family(cast, lead=None)
    episode.leads.all().delete()
    _with_email(cast.involved)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lead = services.lead_propose(
            actor=cast.team_member, episode=episode, practitioner=cast.involved
        )
    assert mail.outbox == []  # nothing is e-mailed before the change commits
    for callback in callbacks:
        callback()
    notice = _notice(cast.involved, NotificationKind.LEAD_PROPOSED)
    assert notice.link == reverse("earlyhelp:lead-agree", args=[episode.pk, lead.pk])
    assert episode.reference in notice.subject
    assert _opens(cast.involved, notice.link) == 200
    assert [m.to for m in mail.outbox] == [["involved@example.org"]]
    assert notice.link in mail.outbox[0].body
    assert "Ruby" not in mail.outbox[0].body  # the e-mail names the episode, not the family


def test_an_invited_practitioner_is_told_and_can_open_the_meeting(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    episode, child = _family(cast)
    _consent_for_schools(cast, child)
    _with_email(cast.involved)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.taf_meeting_plan(
            actor=cast.team_member,
            episode=episode,
            kind=MeetingKind.INITIAL,
            scheduled_for=timezone.now() + timedelta(days=3),
            location="Westfield Primary",
            practitioners=[cast.involved, cast.team_member],
        )
    notice = _notice(cast.involved, NotificationKind.MEETING_INVITATION)
    assert notice.link == reverse("earlyhelp:meeting", args=[episode.pk, meeting.pk])
    assert _opens(cast.involved, notice.link) == 200
    assert len(mail.outbox) == 1
    # Whoever arranged it is not told of their own meeting.
    assert not Notification.objects.filter(recipient=cast.team_member).exists()


def test_an_invitee_whose_agency_the_consent_does_not_cover_is_refused_with_that_reason(
    cast: Cast,
) -> None:
    episode, _child = _family(cast)
    with pytest.raises(ValidationError) as refused:
        meeting_services.taf_meeting_plan(
            actor=cast.team_member,
            episode=episode,
            kind=MeetingKind.INITIAL,
            scheduled_for=timezone.now() + timedelta(days=3),
            location="Hub",
            practitioners=[cast.involved],
        )
    [message] = refused.value.message_dict["practitioners"]
    assert "consent does not cover" in message
    assert "Westfield Primary (school)" in message
    assert not TafMeeting.objects.exists()
    assert not Notification.objects.exists()


def test_the_refusal_is_shown_on_the_arrange_page_with_what_was_typed(
    cast: Cast, client: Client
) -> None:
    episode, _child = _family(cast)
    client.force_login(cast.team_member)
    response = client.post(
        reverse("earlyhelp:meeting-plan", kwargs={"episode_pk": episode.pk}),
        {
            "kind": "initial",
            "scheduled_for": (timezone.localtime() + timedelta(days=2)).strftime("%d/%m/%Y %H:%M"),
            "location": "Westfield Family Hub",
            "practitioners": [cast.involved.pk],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be invited: for " in html and "sharing with Westfield Primary" in html
    assert 'href="#id_practitioners_0"' in html  # the summary links to the field
    assert "Westfield Family Hub" in html


def test_moving_a_meeting_tells_the_invitee_old_and_new_date_and_the_link_opens(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    episode, child = _family(cast)
    _consent_for_schools(cast, child)
    meeting = meeting_services.taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=MeetingKind.INITIAL,
        scheduled_for=timezone.now() + timedelta(days=3),
        location="Hub",
        practitioners=[cast.involved],
    )
    new_time = timezone.now() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.taf_meeting_reschedule(
            actor=cast.team_member,
            meeting=meeting,
            expected_version=meeting.version,
            scheduled_for=new_time,
            reason="Mum is in hospital that week",
        )
    notice = _notice(cast.involved, NotificationKind.MEETING_CHANGED)
    assert "Mum is in hospital that week" in notice.body
    assert f"{timezone.localtime(new_time):%B %Y}" in notice.body
    assert _opens(cast.involved, notice.link) == 200


def test_a_cancelled_meeting_is_told_without_a_link_the_invitee_can_no_longer_open(
    cast: Cast,
) -> None:
    episode, child = _family(cast)
    _consent_for_schools(cast, child)
    meeting = meeting_services.taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=MeetingKind.INITIAL,
        scheduled_for=timezone.now() + timedelta(days=3),
        location="Hub",
        practitioners=[cast.involved],
    )
    meeting_services.taf_meeting_cancel(
        actor=cast.team_member,
        meeting=meeting,
        expected_version=meeting.version,
        reason="The family moved away",
    )
    notice = _notice(cast.involved, NotificationKind.MEETING_CHANGED)
    assert "The family moved away" in notice.body
    # Their only invitation is cancelled, so the episode is closed to them: no link to a 404.
    assert notice.link == ""
    assert "can no longer open" in notice.body


def _plan(cast: Cast, episode: Episode, owner: User | None) -> Plan:
    return plan_services.plan_save_draft(
        actor=cast.team_member,
        episode=episode,
        expected_version=0,
        outcomes=[plan_services.OutcomeDetails(text="Ruby is in school every day")],
        actions=[
            plan_services.ActionDetails(
                what="Breakfast club place", owner=owner, due_on=date.today() + timedelta(days=7)
            )
        ],
        contingency="Bring the family to the action meeting",
        internal_notes="",
    )


def test_an_action_owner_is_told_once_and_can_open_the_plan(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    episode, _child = _family(cast)
    _with_email(cast.early_help_worker)
    with django_capture_on_commit_callbacks(execute=True):
        plan = _plan(cast, episode, cast.early_help_worker)
    notice = _notice(cast.early_help_worker, NotificationKind.ACTION_OWNER)
    assert notice.link == reverse("earlyhelp:plan", args=[episode.pk])
    assert _opens(cast.early_help_worker, notice.link) == 200
    # Saving the plan again (the same action) tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_save_draft(
            actor=cast.team_member,
            episode=episode,
            expected_version=plan.version,
            outcomes=[plan_services.OutcomeDetails(text="Ruby is in school every day")],
            actions=[
                plan_services.ActionDetails(
                    what="Breakfast club place",
                    owner=cast.early_help_worker,
                    due_on=date.today() + timedelta(days=7),
                )
            ],
            contingency="Bring the family to the action meeting, then the front door",
            internal_notes="",
        )
    assert Notification.objects.filter(recipient=cast.early_help_worker).count() == 1
    assert len(mail.outbox) == 1


def test_an_action_cannot_go_to_someone_who_could_not_open_the_plan(cast: Cast) -> None:
    episode, _child = _family(cast)
    with pytest.raises(ValidationError) as refused:
        _plan(cast, episode, cast.practitioner)
    assert "could not open this family's plan" in refused.value.message_dict["actions"][0]
    assert not Notification.objects.exists()


def test_everyone_working_on_a_closing_episode_is_told_and_every_link_opens(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    episode, child = _family(cast, lead=cast.involved)
    _consent_for_schools(cast, child)
    _plan(cast, episode, cast.early_help_worker)
    meeting_services.taf_meeting_plan(
        actor=cast.team_member,
        episode=episode,
        kind=MeetingKind.INITIAL,
        scheduled_for=timezone.now() + timedelta(days=3),
        location="Hub",
        practitioners=[cast.practitioner],
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.episode_close(
            actor=cast.team_member,
            episode=episode,
            reason="needs_met",
            summary="Ruby is in school every day and mum has the routine she wanted.",
        )
    told = {
        n.recipient: n for n in Notification.objects.filter(kind=NotificationKind.EPISODE_CLOSED)
    }
    assert set(told) == {cast.involved, cast.early_help_worker, cast.practitioner}
    for recipient, notice in told.items():
        assert "Needs met" in notice.body
        if notice.link:
            assert _opens(recipient, notice.link) == 200, recipient
    # The school's lead ended with the episode, so the closed record is no longer theirs to
    # open: they are told without a link rather than sent to "page not found".
    assert told[cast.involved].link == ""
    assert told[cast.early_help_worker].link == reverse("earlyhelp:episode", args=[episode.pk])
    assert told[cast.practitioner].link == reverse("earlyhelp:episode", args=[episode.pk])
    assert len(mail.outbox) == 0  # nobody here has an e-mail address
