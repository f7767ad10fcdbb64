"""Team Around the Family meetings: planning, moving, cancelling, recording and updates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import CASEWORK_ROLES, OrganisationKind, User
from righthelp.core.selectors import working_calendar
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import notices
from righthelp.earlyhelp.consent_rules import (
    agency_refusal,
    episode_children,
    require_early_help_consent,
)
from righthelp.earlyhelp.events import (
    taf_meeting_cancelled_event,
    taf_meeting_planned_event,
    taf_meeting_recorded_event,
    taf_meeting_rescheduled_event,
    taf_update_added_event,
)
from righthelp.earlyhelp.models import (
    Assessment,
    AssessmentStatus,
    Attendance,
    Episode,
    MeetingKind,
    MeetingStatus,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import (
    can_view_episode,
    can_work_on_episode,
    require_work,
)
from righthelp.earlyhelp.plan_services import plan_review
from righthelp.people.models import Person


def _require_worker(actor: User, episode: Episode) -> None:
    require_work(
        actor,
        episode,
        "Only those working with the family can arrange its meetings",
        "This episode is closed",
    )


# A date further back than this is more likely a slip (the wrong month or year) than a meeting
# being written up late: the refusal says so.
PAST_WARNING = timedelta(days=7)


def _past_date_error(scheduled_for: datetime, now: datetime) -> ValidationError:
    """The refusal of a date already past (code ``past``: the page then asks whether the meeting
    was held already)."""
    if now - scheduled_for > PAST_WARNING:
        days = (timezone.localdate(now) - timezone.localdate(scheduled_for)).days
        message = (
            f"{notices.when_text(scheduled_for)} is {days} days ago: check the date, and the "
            "year. A meeting cannot be arranged in the past. If it really was held then and "
            "you are recording it afterwards, confirm that below."
        )
    else:
        message = (
            f"{notices.when_text(scheduled_for)} has already passed. A meeting cannot be "
            "arranged in the past: if it has been held and you are recording it afterwards, "
            "confirm that below."
        )
    return ValidationError(message, code="past")


def invitee_refusal(user: User, episode: Episode) -> str:
    """Why this practitioner cannot be invited to the episode's meetings ("" if they can): they
    must be able to open the meeting, so their agency must be covered by the family's consent
    (or a recorded lawful basis) unless they already work on the episode."""
    name = user.display_name
    if not (user.is_active and user.has_role(*CASEWORK_ROLES)):
        return f"{name} cannot open casework in RightHelp: invite someone else from their agency"
    if can_work_on_episode(user, episode):
        return ""
    organisation = user.organisation
    if organisation is None:
        return f"{name} belongs to no agency, so the family's consent cannot cover them"
    why = agency_refusal(episode, user)
    if why:
        kind = OrganisationKind(organisation.kind).label if organisation.kind else "their agency"
        return (
            f"{name} cannot be invited: {why}. Record consent that covers sharing with "
            f"{organisation.name} ({kind.lower()}) on each child's record first, or invite "
            "someone else"
        )
    return ""


def meeting_due_on(episode: Episode, kind: str) -> date:
    """When the next meeting of this kind must be held by.

    The first: within ``first_taf_working_days`` working days of the completed assessment (of
    the episode opening if there is none yet). A review: ``review_weeks`` after the last
    meeting held (after the first due date if none has been held).
    """
    config: dict[str, Any] = settings.RIGHTHELP_EARLY_HELP
    calendar = working_calendar()
    assessment = (
        Assessment.objects.filter(episode=episode, status=AssessmentStatus.COMPLETED)
        .exclude(completed_at=None)
        .order_by("-completed_at")
        .first()
    )
    start = assessment.completed_at if assessment and assessment.completed_at else episode.opened_at
    first_due = calendar.add_working_days(
        timezone.localdate(start), int(config["first_taf_working_days"])
    )
    if kind == MeetingKind.INITIAL:
        return first_due
    last_held = (
        TafMeeting.objects.filter(episode=episode, status=MeetingStatus.HELD)
        .exclude(held_at=None)
        .order_by("-held_at")
        .first()
    )
    base = timezone.localdate(last_held.held_at) if last_held and last_held.held_at else first_due
    due: date = base + timedelta(weeks=int(config["review_weeks"]))
    return due


@transaction.atomic
def taf_meeting_plan(
    *,
    actor: User,
    episode: Episode,
    kind: str,
    scheduled_for: datetime,
    location: str,
    practitioners: Sequence[User] = (),
    family_members: Sequence[Person] = (),
    held_already: bool = False,
) -> TafMeeting:
    """Arrange a Team Around the Family meeting and tell the invited practitioners.

    Family members must be members of the episode. Practitioners may be from any agency, but
    each must be able to open the meeting: one whose agency the family's consent does not
    cover (``consent_rules.agency_refusal``) is refused now, with that reason. A date already
    past is refused (``scheduled_for`` error, code ``past``) unless ``held_already`` says the
    meeting was held and is being recorded afterwards; such a meeting invites nobody and is
    marked ``recorded_afterwards``. Early help goes on only with consent: every child still
    needs consent in force for early help (or a lawful basis), as when the episode started.
    Records TAF_MEETING_PLANNED."""
    _require_worker(actor, episode)
    require_early_help_consent(
        episode_children(episode), what="The meeting cannot be arranged", field=None
    )
    errors: dict[str, list[ValidationError | str]] = {}
    now = timezone.now()
    if scheduled_for < now and not held_already:
        errors["scheduled_for"] = [_past_date_error(scheduled_for, now)]
    elif scheduled_for > now and held_already:
        errors["held_already"] = [
            "A meeting dated in the future cannot have been held yet: change the date, or "
            "untick this"
        ]
    if kind not in MeetingKind.values:
        errors["kind"] = ["Select the kind of meeting"]
    elif (
        kind == MeetingKind.INITIAL
        and TafMeeting.objects.filter(episode=episode, kind=MeetingKind.INITIAL)
        .exclude(status=MeetingStatus.CANCELLED)
        .exists()
    ):
        errors["kind"] = ["The first meeting has already been arranged: arrange a review"]
    member_ids = set(episode.member_ids())
    if any(person.pk not in member_ids for person in family_members):
        errors["family_members"] = ["Invite only members of this family"]
    if not practitioners and not family_members:
        errors["practitioners"] = ["Invite at least one person"]
    refusals = [r for r in (invitee_refusal(u, episode) for u in practitioners) if r]
    if refusals:
        errors.setdefault("practitioners", []).extend(refusals)
    if errors:
        raise ValidationError(errors)
    meeting = TafMeeting.objects.create(
        episode=episode,
        kind=kind,
        due_on=meeting_due_on(episode, kind),
        scheduled_for=scheduled_for,
        location=location.strip(),
        recorded_afterwards=held_already,
    )
    for user in dict.fromkeys(practitioners):
        TafInvitee.objects.create(meeting=meeting, user=user, organisation=user.organisation)
    for person in dict.fromkeys(family_members):
        TafInvitee.objects.create(meeting=meeting, person=person)
    taf_meeting_planned_event(
        actor=actor,
        episode=episode,
        meeting=meeting,
        subject_ids=member_ids,
        practitioners=practitioners,
        family_members=family_members,
    )
    if not held_already:
        notices.meeting_invited(actor=actor, meeting=meeting, users=practitioners)
    return meeting


def _locked_planned(meeting: TafMeeting, expected_version: int) -> TafMeeting:
    locked = TafMeeting.objects.select_for_update().select_related("episode").get(pk=meeting.pk)
    if locked.version != expected_version:
        raise StaleEdit(
            "This meeting was changed by someone else after you opened it. Nothing has been "
            "saved: check it as it is now and try again."
        )
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            f"This meeting has been {locked.get_status_display().lower()}: it can no longer "
            "be changed"
        )
    return locked


def _person_name(person: Person | None) -> str:
    return person.full_name if person is not None else "this person"


def _invited_users(meeting: TafMeeting) -> list[User]:
    return [
        i.user for i in meeting.invitees.select_related("user").filter(user__isnull=False) if i.user
    ]


@transaction.atomic
def taf_meeting_reschedule(
    *,
    actor: User,
    meeting: TafMeeting,
    expected_version: int,
    scheduled_for: datetime,
    reason: str,
    location: str | None = None,
) -> TafMeeting:
    """Move a planned meeting to a new date and time (and, if given, a new place), saying why;
    the invited practitioners are told. The new time must be in the future. Records
    TAF_MEETING_RESCHEDULED with the old and new date and place, so the history keeps both."""
    episode = meeting.episode
    _require_worker(actor, episode)
    locked = _locked_planned(meeting, expected_version)
    errors: dict[str, list[str]] = {}
    new_location = locked.location if location is None else location.strip()
    if scheduled_for <= timezone.now():
        errors["scheduled_for"] = [
            "Choose a date and time in the future. To record a meeting that has been held, "
            "record it instead of moving it"
        ]
    elif scheduled_for == locked.scheduled_for and new_location == locked.location:
        errors["scheduled_for"] = ["Choose a new date or time, or a new place"]
    if not reason.strip():
        errors["reason"] = ["Say why the meeting is moving"]
    if errors:
        raise ValidationError(errors)
    old_when, old_location = locked.scheduled_for, locked.location
    locked.scheduled_for = scheduled_for
    locked.location = new_location
    locked.recorded_afterwards = False
    locked.version += 1
    locked.save()
    taf_meeting_rescheduled_event(
        actor=actor,
        episode=episode,
        meeting=locked,
        old_when=old_when,
        old_location=old_location,
        reason=reason,
    )
    notices.meeting_rescheduled(
        actor=actor,
        meeting=locked,
        users=_invited_users(locked),
        old_scheduled_for=old_when,
        reason=reason.strip(),
    )
    return locked


@transaction.atomic
def taf_meeting_cancel(
    *, actor: User, meeting: TafMeeting, expected_version: int, reason: str
) -> TafMeeting:
    """Cancel a planned meeting, saying why; it stays in the list as cancelled, and the invited
    practitioners are told. A cancelled first meeting can be arranged again. Records
    TAF_MEETING_CANCELLED."""
    episode = meeting.episode
    _require_worker(actor, episode)
    locked = _locked_planned(meeting, expected_version)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the meeting is cancelled"]})
    invited = _invited_users(locked)
    locked.status = MeetingStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.cancellation_reason = reason.strip()
    locked.version += 1
    locked.save()
    taf_meeting_cancelled_event(actor=actor, episode=episode, meeting=locked)
    notices.meeting_cancelled(actor=actor, meeting=locked, users=invited)
    return locked


@transaction.atomic
def taf_update_add(*, actor: User, invitee: TafInvitee, text: str) -> TafInvitee:
    """An invited practitioner adds (or replaces) their agency's update before the meeting:
    only on their own invitation, only while the meeting is planned, only while consent
    covers their agency."""
    locked = (
        TafInvitee.objects.select_for_update().select_related("meeting__episode").get(pk=invitee.pk)
    )
    meeting = locked.meeting
    if locked.user_id != actor.pk or not can_view_episode(actor, meeting.episode):
        raise PermissionError("Only the invited practitioner can add their update")
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError("The meeting has been held: updates can no longer be added")
    if not text.strip():
        raise ValidationError({"text": ["Enter your agency's update"]})
    old = locked.agency_update
    locked.agency_update = text.strip()
    locked.update_added_at = timezone.now()
    locked.save(update_fields=["agency_update", "update_added_at"])
    taf_update_added_event(actor=actor, meeting=meeting, invitee=locked, replaced=bool(old))
    return locked


@transaction.atomic
def taf_meeting_record(
    *,
    actor: User,
    meeting: TafMeeting,
    expected_version: int,
    attendance: Mapping[int, str],
    discussion: str,
    decisions: str,
    progress: str = "",
    progress_summary: str = "",
    progress_measured_by: str = "",
) -> TafMeeting:
    """Record a meeting as held: attendance for each invitee (by invitee id), what was
    discussed and decided. A review meeting also reviews the plan (a new draft version with
    the progress made); the progress fields are then required.

    Refused for a meeting whose time has not come yet (move it instead). A missing attendance
    is refused for that person (error key ``attendance_<invitee id>``, naming them)."""
    episode = meeting.episode
    _require_worker(actor, episode)
    locked = _locked_planned(meeting, expected_version)
    if locked.scheduled_for > timezone.now():
        raise ValidationError(
            f"This meeting is arranged for {notices.when_text(locked.scheduled_for)}: who "
            "came and what was decided can be recorded once it has been held. If the date has "
            "changed, move the meeting to its new date first."
        )
    errors: dict[str, list[str]] = {}
    invitees = list(locked.invitees.select_related("user", "person"))
    for invitee in invitees:
        value = attendance.get(invitee.pk, "")
        if value not in (Attendance.ATTENDED, Attendance.APOLOGIES, Attendance.ABSENT):
            who = invitee.user.display_name if invitee.user else _person_name(invitee.person)
            errors[f"attendance_{invitee.pk}"] = [f"Say whether {who} came to the meeting"]
    if not discussion.strip():
        errors["discussion"] = ["Enter what was discussed"]
    if not decisions.strip():
        errors["decisions"] = ["Enter what was decided"]
    if errors:
        raise ValidationError(errors)
    for invitee in invitees:
        invitee.attendance = attendance[invitee.pk]
        invitee.save(update_fields=["attendance"])
    locked.status = MeetingStatus.HELD
    # Held when it was arranged for (recording is refused before then); when it was typed in is
    # the event's time. The next review is due from the day it was held.
    locked.held_at = locked.scheduled_for
    locked.recorded_by = actor
    locked.discussion = discussion.strip()
    locked.decisions = decisions.strip()
    locked.version += 1
    locked.save()
    taf_meeting_recorded_event(actor=actor, episode=episode, meeting=locked, attendance=attendance)
    if locked.kind == MeetingKind.REVIEW:
        plan_review(
            actor=actor,
            episode=episode,
            meeting=locked,
            progress=progress,
            summary=progress_summary,
            measured_by=progress_measured_by,
        )
    return locked
