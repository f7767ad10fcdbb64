"""Telling the people who must act in early help: a practitioner proposed as lead, invited to a
Team Around the Family meeting (and told when it moves or is cancelled), given an action in the
plan, whose episode closes, or whose episode a new front-door request was joined to.

Each notice goes through ``workdue.services.notification_send``: in the app at once, e-mailed
once the caller's transaction commits, and never twice for the same recipient and key. Notices
are sent from inside the service that made the change, after it, so what a link opens is
checked against the change itself: a notice links only to a page its recipient can open now,
and one who cannot (a former lead from another agency once the episode has closed, say) is told
without a link rather than sent to a "page not found". E-mails name the episode's reference,
never the family.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import CASEWORK_ROLES, User
from righthelp.earlyhelp.models import (
    Assessment,
    Episode,
    LeadPractitioner,
    LeadStatus,
    MeetingStatus,
    Plan,
    PlanAction,
    RequestResolution,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import can_view_episode, can_work_on_episode
from righthelp.notifications.models import NotificationKind
from righthelp.notifications.services import notification_send


def when_text(value: datetime) -> str:
    """'10 December 2026 at 2:30pm' in the service's time zone."""
    local = timezone.localtime(value)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace(
        "PM", "pm"
    )


def may_open(user: User, episode: Episode, *, work: bool = False) -> bool:
    """Whether ``user`` can open the episode's pages now (``work``: its work pages): signed-in
    casework users who may see (or work on) the episode."""
    if not (user.is_active and user.has_role(*CASEWORK_ROLES)):
        return False
    return can_work_on_episode(user, episode) if work else can_view_episode(user, episode)


def _people(users: Iterable[User | None], actor: User | None) -> list[User]:
    """Each user once, not the one who made the change, not an account that is switched off."""
    seen: dict[int, User] = {}
    for user in users:
        if user is None or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.setdefault(user.pk, user)
    return list(seen.values())


def _send(
    *,
    recipient: User,
    kind: NotificationKind,
    key: str,
    subject: str,
    body: str,
    link: str,
) -> None:
    notification_send(
        recipient=recipient,
        kind=kind,
        key=key,
        subject=subject,
        body=body if link else body + " You can no longer open this family's record.",
        link=link,
    )


def lead_proposed(*, actor: User, lead: LeadPractitioner) -> None:
    """Tell a practitioner they have been proposed as lead: the link opens the page where they
    record their agreement."""
    episode = lead.episode
    for recipient in _people([lead.practitioner], actor):
        link = (
            reverse("earlyhelp:lead-agree", args=[episode.pk, lead.pk])
            if may_open(recipient, episode, work=True)
            else ""
        )
        _send(
            recipient=recipient,
            kind=NotificationKind.LEAD_PROPOSED,
            key=f"lead-proposed:{lead.pk}",
            subject=f"{episode.reference}: you have been proposed as lead practitioner",
            body=(
                f"{actor.display_name} has proposed you as lead practitioner for early help "
                f"{episode.reference}. You become the lead once you, the family and (where of "
                "age and understanding) the child have agreed: record your agreement, or tell "
                f"{actor.display_name} if you cannot take it on."
            ),
            link=link,
        )


def request_joined(*, actor: User, resolution: RequestResolution, added: int) -> None:
    """Tell the episode's lead (proposed or active) that a new front-door request for early
    help about the family was joined to their episode: the worry it brings may be new, and
    ``added`` children joined the episode with it. The link opens the episode, where the
    request is listed with what the referrer is worried about."""
    episode = resolution.episode
    assert episode is not None
    lead = (
        LeadPractitioner.objects.filter(
            episode=episode, status__in=[LeadStatus.PROPOSED, LeadStatus.ACTIVE]
        )
        .select_related("practitioner")
        .first()
    )
    if lead is None:
        return
    contact = resolution.early_help_request.decision.contact
    children = (
        f" {added} child{'ren' if added != 1 else ''} joined the episode with it." if added else ""
    )
    for recipient in _people([lead.practitioner], actor):
        _send(
            recipient=recipient,
            kind=NotificationKind.ALLOCATION,
            key=f"request-joined:{resolution.pk}",
            subject=f"{episode.reference}: a new request for early help joined to it",
            body=(
                f"{actor.display_name} joined a new request for early help from the front door "
                f"({contact.reference}) to early help {episode.reference}, which you lead. Read "
                f"what the referrer is worried about on the episode.{children}"
            ),
            link=reverse("earlyhelp:episode", args=[episode.pk])
            if may_open(recipient, episode)
            else "",
        )


def _meeting_link(recipient: User, meeting: TafMeeting) -> str:
    if not may_open(recipient, meeting.episode):
        return ""
    return reverse("earlyhelp:meeting", args=[meeting.episode_id, meeting.pk])


def meeting_invited(*, actor: User, meeting: TafMeeting, users: Iterable[User]) -> None:
    """Tell practitioners they are invited to a Team Around the Family meeting."""
    episode = meeting.episode
    for recipient in _people(users, actor):
        _send(
            recipient=recipient,
            kind=NotificationKind.MEETING_INVITATION,
            key=f"meeting-invited:{meeting.pk}",
            subject=f"{episode.reference}: invitation to a Team Around the Family meeting",
            body=(
                f"{actor.display_name} has invited you to the "
                f"{meeting.get_kind_display().lower()} for early help {episode.reference} on "
                f"{when_text(meeting.scheduled_for)}. Open it to see where, who else is "
                "invited, and to add your agency's update beforehand."
            ),
            link=_meeting_link(recipient, meeting),
        )


def meeting_rescheduled(
    *,
    actor: User,
    meeting: TafMeeting,
    users: Iterable[User],
    old_scheduled_for: datetime,
    reason: str,
) -> None:
    """Tell the invited practitioners a meeting has moved, from when to when, and why."""
    episode = meeting.episode
    for recipient in _people(users, actor):
        _send(
            recipient=recipient,
            kind=NotificationKind.MEETING_CHANGED,
            key=f"meeting-rescheduled:{meeting.pk}:{meeting.version}",
            subject=f"{episode.reference}: Team Around the Family meeting moved",
            body=(
                f"The {meeting.get_kind_display().lower()} for early help {episode.reference} "
                f"has moved from {when_text(old_scheduled_for)} to "
                f"{when_text(meeting.scheduled_for)}. Reason: {reason}"
            ),
            link=_meeting_link(recipient, meeting),
        )


def meeting_cancelled(*, actor: User, meeting: TafMeeting, users: Iterable[User]) -> None:
    """Tell the invited practitioners a meeting has been cancelled, and why."""
    episode = meeting.episode
    for recipient in _people(users, actor):
        _send(
            recipient=recipient,
            kind=NotificationKind.MEETING_CHANGED,
            key=f"meeting-cancelled:{meeting.pk}",
            subject=f"{episode.reference}: Team Around the Family meeting cancelled",
            body=(
                f"The {meeting.get_kind_display().lower()} for early help {episode.reference} "
                f"on {when_text(meeting.scheduled_for)} has been cancelled. Reason: "
                f"{meeting.cancellation_reason}"
            ),
            link=_meeting_link(recipient, meeting),
        )


def assessment_sign_off_needed(
    *, actor: User, assessment: Assessment, managers: Iterable[User]
) -> None:
    """Tell the managers who could sign an assessment off that it is waiting for them."""
    episode = assessment.episode
    for recipient in _people(managers, actor):
        link = (
            reverse("earlyhelp:assessment-complete", args=[episode.pk])
            if may_open(recipient, episode, work=True)
            else ""
        )
        _send(
            recipient=recipient,
            kind=NotificationKind.SIGN_OFF_NEEDED,
            key=f"assessment-sign-off:{assessment.pk}:{assessment.version}",
            subject=f"{episode.reference}: an early help assessment needs your sign-off",
            body=(
                f"{actor.display_name} has sent the early help assessment for "
                f"{episode.reference} to be signed off by a manager who did not write it."
            ),
            link=link,
        )


def action_key(episode: Episode, owner: User, what: str) -> str:
    """The same action (by its words) for the same owner in the same episode is one notice,
    however often the plan is saved or copied into a new version."""
    digest = hashlib.sha256(" ".join(what.split()).encode()).hexdigest()[:20]
    return f"action-owner:{episode.pk}:{owner.pk}:{digest}"


def action_owners(*, actor: User, plan: Plan, actions: Iterable[PlanAction]) -> None:
    """Tell each practitioner given an action in the plan what it is and when it is due."""
    episode = plan.episode
    for action in actions:
        for recipient in _people([action.owner], actor):
            link = (
                reverse("earlyhelp:plan", args=[episode.pk]) if may_open(recipient, episode) else ""
            )
            due = f"{action.due_on.day} {action.due_on:%B %Y}"
            _send(
                recipient=recipient,
                kind=NotificationKind.ACTION_OWNER,
                key=action_key(episode, recipient, action.what),
                subject=f"{episode.reference}: an action in the family's plan is yours",
                body=(
                    f"{actor.display_name} has given you an action in the plan for early help "
                    f"{episode.reference}, due by {due}. Open the plan to see it and to mark "
                    "your progress."
                ),
                link=link,
            )


def episode_team(episode: Episode) -> list[User]:
    """Who leads or works on the episode now: its current lead (proposed or active), the
    practitioners with an action in its latest plan, and those invited to its meetings (not
    cancelled ones). Read before a change that ends their part (closure ends the lead)."""
    users: dict[int, User] = {}
    for lead in LeadPractitioner.objects.filter(
        episode=episode, status__in=[LeadStatus.PROPOSED, LeadStatus.ACTIVE]
    ).select_related("practitioner"):
        users.setdefault(lead.practitioner_id, lead.practitioner)
    plan = Plan.objects.filter(episode=episode).order_by("-number").first()
    if plan is not None:
        for action in plan.actions.filter(owner__isnull=False).select_related("owner"):
            assert action.owner is not None
            users.setdefault(action.owner.pk, action.owner)
    for invitee in (
        TafInvitee.objects.filter(meeting__episode=episode, user__isnull=False)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("user")
    ):
        assert invitee.user is not None
        users.setdefault(invitee.user.pk, invitee.user)
    return list(users.values())


def episode_closed(*, actor: User, episode: Episode, users: Iterable[User]) -> None:
    """Tell those who led or worked on an episode that it has closed, and why (the reason as
    chosen from the list; the closing summary stays in RightHelp)."""
    for recipient in _people(users, actor):
        link = (
            reverse("earlyhelp:episode", args=[episode.pk]) if may_open(recipient, episode) else ""
        )
        _send(
            recipient=recipient,
            kind=NotificationKind.EPISODE_CLOSED,
            key=f"episode-closed:{episode.pk}",
            subject=f"{episode.reference}: early help has closed",
            body=(
                f"{actor.display_name} closed early help {episode.reference}: "
                f"{episode.get_closure_reason_display()}."
            ),
            link=link,
        )
