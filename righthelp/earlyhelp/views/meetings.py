"""Early help pages (meetings): the family's Team Around the Family meetings (list, arrange,
see, move, cancel and record one, an invited practitioner's update) and the locality early help
action meetings (list, arrange, agenda, bring a family, record the decision).

Thin views: reads through ``plan_selectors``, writes through ``meeting_services``; refusals are
shown on the form with what was typed; post/redirect/get with a notification banner.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from righthelp.accounts.models import Role, User
from righthelp.core.checkpoint import access, any_role, casework
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import meeting_services, plan_selectors
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeStatus,
    LocalityCase,
    MeetingKind,
    MeetingStatus,
    TafInvitee,
)
from righthelp.earlyhelp.notices import when_text
from righthelp.earlyhelp.permissions import workable_episodes_q
from righthelp.earlyhelp.plan_forms import (
    LocalityCaseForm,
    LocalityDecideForm,
    LocalityMeetingForm,
    MeetingCancelForm,
    MeetingPlanForm,
    MeetingRecordForm,
    MeetingRescheduleForm,
    UpdateForm,
)
from righthelp.earlyhelp.views.plans import episode_context

locality_staff = any_role(Role.EARLY_HELP_WORKER, Role.TEAM_MANAGER)


def _practitioner_choices() -> list[tuple[int, str]]:
    users = (
        User.objects.filter(is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("first_name", "last_name", "username")
    )
    return [(u.pk, f"{u.display_name} ({u.organisation.name})") for u in users if u.organisation]


def _member_choices(episode: Episode) -> list[tuple[int, str]]:
    return [
        (m.person_id, f"{m.person} ({m.get_role_display()})")
        for m in episode.members.select_related("person")
    ]


def _invitee_name(invitee: TafInvitee) -> str:
    if invitee.user is not None:
        org = f" ({invitee.organisation.name})" if invitee.organisation else ""
        return invitee.user.display_name + org
    return invitee.person.full_name if invitee.person else ""


@require_GET
@access(casework)
def meetings(request: HttpRequest, episode_pk: int) -> HttpResponse:
    found = plan_selectors.episode_for(
        user=request_user(request), episode_id=episode_pk, path=request.path
    )
    rows = plan_selectors.meetings_for(found.episode)
    return render(
        request,
        "earlyhelp/meetings.html",
        {
            **episode_context(found.episode, "meetings"),
            "meetings": rows,
            "locality_cases": plan_selectors.locality_cases_for(found.episode),
            "can_use_locality": plan_selectors.can_use_locality(
                request_user(request), found.episode.locality
            ),
            "can_work": found.can_work,
            "next_due": {
                kind: meeting_services.meeting_due_on(found.episode, kind)
                for kind in MeetingKind.values
            },
        },
    )


def _add_errors_with_codes(form: MeetingPlanForm, error: ValidationError) -> None:
    """Like ``add_service_errors``, keeping each error's code (``past`` asks whether the
    meeting was held already)."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@access(casework)
def meeting_plan(request: HttpRequest, episode_pk: int) -> HttpResponse:
    user = request_user(request)
    found = plan_selectors.episode_for(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    episode = found.episode
    kwargs = {"practitioners": _practitioner_choices(), "members": _member_choices(episode)}
    if request.method == "POST":
        form = MeetingPlanForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meeting_services.taf_meeting_plan(
                    actor=user,
                    episode=episode,
                    kind=data["kind"],
                    scheduled_for=data["scheduled_for"],
                    location=data["location"],
                    practitioners=list(User.objects.filter(pk__in=data["practitioners"])),
                    family_members=[
                        m.person
                        for m in episode.members.filter(person_id__in=data["family_members"])
                    ],
                    held_already=data["held_already"],
                )
            except ValidationError as error:
                _add_errors_with_codes(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(
                    request,
                    f"{meeting.get_kind_display()} recorded as already held: now record who came "
                    "and what was decided"
                    if meeting.recorded_afterwards
                    else f"{meeting.get_kind_display()} arranged: the practitioners invited have "
                    "been told",
                )
                return redirect("earlyhelp:meeting", episode_pk=episode.pk, meeting_pk=meeting.pk)
    else:
        first_done = episode.meetings.exclude(status=MeetingStatus.CANCELLED).exists()
        form = MeetingPlanForm(
            initial={"kind": MeetingKind.REVIEW if first_done else MeetingKind.INITIAL}, **kwargs
        )
    return render(
        request,
        "earlyhelp/meeting_plan.html",
        {**episode_context(episode, "meetings"), "form": form},
    )


@require_http_methods(["GET", "POST"])
@access(casework)
def meeting_detail(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    """The meeting; for those working with the family, the form to record it as held."""
    user = request_user(request)
    found = plan_selectors.episode_for(user=user, episode_id=episode_pk, path=request.path)
    meeting = plan_selectors.meeting_for(found.episode, meeting_pk)
    invitees = list(meeting.invitees.all())
    form = None
    time_has_come = meeting.scheduled_for <= timezone.now()
    if (
        found.can_work
        and meeting.status == MeetingStatus.PLANNED
        and (time_has_come or request.method == "POST")
    ):
        kwargs = {"invitees": [(i.pk, _invitee_name(i)) for i in invitees]}
        if request.method == "POST":
            form = MeetingRecordForm(request.POST, **kwargs)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    meeting_services.taf_meeting_record(
                        actor=user,
                        meeting=meeting,
                        expected_version=data["version"],
                        attendance=form.attendance(),
                        discussion=data["discussion"],
                        decisions=data["decisions"],
                        progress=data.get("progress") or "",
                        progress_summary=data.get("progress_summary", ""),
                        progress_measured_by=data.get("progress_measured_by", ""),
                    )
                except (ValidationError, StaleEdit) as error:
                    if isinstance(error, ValidationError):
                        add_service_errors(form, error)
                    else:
                        form.add_error(None, str(error))
                except PermissionError:
                    raise Http404 from None
                else:
                    messages.success(request, "Meeting recorded")
                    return redirect(
                        "earlyhelp:meeting", episode_pk=found.episode.pk, meeting_pk=meeting.pk
                    )
        else:
            form = MeetingRecordForm(initial={"version": meeting.version}, **kwargs)
    elif request.method == "POST":
        raise Http404
    own = next((i for i in invitees if i.user_id == user.pk), None)
    return render(
        request,
        "earlyhelp/meeting.html",
        {
            **episode_context(found.episode, "meetings"),
            "meeting": meeting,
            "invitees": [(i, _invitee_name(i)) for i in invitees],
            "form": form,
            "can_work": found.can_work,
            "own_invitation": own,
            "time_has_come": time_has_come,
            "history": plan_selectors.meeting_history(meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@access(casework)
def meeting_reschedule(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    """Move a planned meeting to a new date (the people invited are told)."""
    user = request_user(request)
    found = plan_selectors.episode_for(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    meeting = plan_selectors.meeting_for(found.episode, meeting_pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise Http404
    if request.method == "POST":
        form = MeetingRescheduleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = meeting_services.taf_meeting_reschedule(
                    actor=user,
                    meeting=meeting,
                    expected_version=data["version"],
                    scheduled_for=data["scheduled_for"],
                    location=data["location"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(
                    request,
                    f"Meeting moved to {when_text(moved.scheduled_for)}: "
                    "the practitioners invited have been told",
                )
                return redirect(
                    "earlyhelp:meeting", episode_pk=found.episode.pk, meeting_pk=meeting.pk
                )
    else:
        form = MeetingRescheduleForm(
            initial={
                "version": meeting.version,
                "location": meeting.location,
                "scheduled_for": timezone.localtime(meeting.scheduled_for).strftime(
                    "%d/%m/%Y %H:%M"
                ),
            }
        )
    return render(
        request,
        "earlyhelp/meeting_reschedule.html",
        {**episode_context(found.episode, "meetings"), "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "POST"])
@access(casework)
def meeting_cancel(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    """Cancel a planned meeting, with a reason (the people invited are told)."""
    user = request_user(request)
    found = plan_selectors.episode_for(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    meeting = plan_selectors.meeting_for(found.episode, meeting_pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise Http404
    if request.method == "POST":
        form = MeetingCancelForm(request.POST)
        if form.is_valid():
            try:
                meeting_services.taf_meeting_cancel(
                    actor=user,
                    meeting=meeting,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(
                    request, "Meeting cancelled: the practitioners invited have been told"
                )
                return redirect(
                    "earlyhelp:meeting", episode_pk=found.episode.pk, meeting_pk=meeting.pk
                )
    else:
        form = MeetingCancelForm(initial={"version": meeting.version})
    return render(
        request,
        "earlyhelp/meeting_cancel.html",
        {**episode_context(found.episode, "meetings"), "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "POST"])
@access(casework)
def meeting_update(request: HttpRequest, episode_pk: int, meeting_pk: int) -> HttpResponse:
    user = request_user(request)
    found = plan_selectors.episode_for(user=user, episode_id=episode_pk, path=request.path)
    meeting = plan_selectors.meeting_for(found.episode, meeting_pk)
    invitee = meeting.invitees.filter(user=user).first()
    if invitee is None:
        raise Http404
    if request.method == "POST":
        form = UpdateForm(request.POST)
        if form.is_valid():
            try:
                meeting_services.taf_update_add(
                    actor=user, invitee=invitee, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(request, "Your update has been added")
                return redirect(
                    "earlyhelp:meeting", episode_pk=found.episode.pk, meeting_pk=meeting.pk
                )
    else:
        form = UpdateForm(initial={"text": invitee.agency_update})
    return render(
        request,
        "earlyhelp/meeting_update.html",
        {**episode_context(found.episode, "meetings"), "meeting": meeting, "form": form},
    )


# --- Locality early help action meetings ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@access(locality_staff)
def locality_meetings(request: HttpRequest, locality_pk: int) -> HttpResponse:
    user = request_user(request)
    locality = plan_selectors.locality_or_404(user, locality_pk)
    if request.method == "POST":
        form = LocalityMeetingForm(request.POST, people=_practitioner_choices())
        if form.is_valid():
            try:
                meeting = meeting_services.locality_meeting_plan(
                    actor=user,
                    locality=locality,
                    meets_on=form.cleaned_data["meets_on"],
                    location=form.cleaned_data["location"],
                    attendees=list(User.objects.filter(pk__in=form.cleaned_data["attendees"])),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(request, "Early help action meeting arranged")
                return redirect("earlyhelp:locality-meeting", meeting_pk=meeting.pk)
    else:
        form = LocalityMeetingForm(people=_practitioner_choices())
    return render(
        request,
        "earlyhelp/locality_meetings.html",
        {
            "locality": locality,
            "meetings": plan_selectors.locality_meetings(locality),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@access(locality_staff)
def locality_meeting(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """The agenda; posting brings a family to it."""
    user = request_user(request)
    meeting, cases = plan_selectors.locality_agenda(
        user=user, meeting_id=meeting_pk, path=request.path
    )
    episodes = Episode.objects.filter(
        workable_episodes_q(user), locality=meeting.locality, status=EpisodeStatus.OPEN
    ).exclude(pk__in=[c.episode_id for c in cases])
    kwargs = {"episodes": [(e.pk, e.reference) for e in episodes]}
    if request.method == "POST":
        form = LocalityCaseForm(request.POST, **kwargs)
        if form.is_valid():
            episode = episodes.filter(pk=form.cleaned_data["episode"] or 0).first()
            if episode is None:
                form.add_error("episode", "Choose a family")
            else:
                try:
                    meeting_services.locality_case_add(
                        actor=user,
                        meeting=meeting,
                        episode=episode,
                        reason=form.cleaned_data["reason"],
                        summary=form.cleaned_data["summary"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                except PermissionError:
                    raise Http404 from None
                else:
                    messages.success(request, f"{episode.reference} added to the agenda")
                    return redirect("earlyhelp:locality-meeting", meeting_pk=meeting.pk)
    else:
        form = LocalityCaseForm(**kwargs)
    return render(
        request,
        "earlyhelp/locality_meeting.html",
        {"meeting": meeting, "cases": cases, "form": form},
    )


@require_http_methods(["GET", "POST"])
@access(locality_staff)
def locality_case_decide(request: HttpRequest, meeting_pk: int, case_pk: int) -> HttpResponse:
    user = request_user(request)
    meeting, cases = plan_selectors.locality_agenda(
        user=user, meeting_id=meeting_pk, path=request.path
    )
    case: LocalityCase | None = next((c for c in cases if c.pk == case_pk), None)
    if case is None:
        raise Http404
    kwargs = {"leads": _practitioner_choices()}
    if request.method == "POST":
        form = LocalityDecideForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_services.locality_case_decide(
                    actor=user,
                    case=case,
                    outcome=data["outcome"],
                    actions=data["actions"],
                    new_lead=User.objects.filter(pk=data["new_lead"]).first()
                    if data["new_lead"]
                    else None,
                    step_up=data["step_up"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(request, f"Decision recorded for {case.episode.reference}")
                return redirect("earlyhelp:locality-meeting", meeting_pk=meeting.pk)
    else:
        form = LocalityDecideForm(**kwargs)
    return render(
        request,
        "earlyhelp/locality_decide.html",
        {"meeting": meeting, "case": case, "form": form},
    )


urlpatterns: list[URLPattern] = [
    path("episodes/<int:episode_pk>/meetings/", meetings, name="meetings"),
    path("episodes/<int:episode_pk>/meetings/new/", meeting_plan, name="meeting-plan"),
    path("episodes/<int:episode_pk>/meetings/<int:meeting_pk>/", meeting_detail, name="meeting"),
    path(
        "episodes/<int:episode_pk>/meetings/<int:meeting_pk>/move/",
        meeting_reschedule,
        name="meeting-reschedule",
    ),
    path(
        "episodes/<int:episode_pk>/meetings/<int:meeting_pk>/cancel/",
        meeting_cancel,
        name="meeting-cancel",
    ),
    path(
        "episodes/<int:episode_pk>/meetings/<int:meeting_pk>/update/",
        meeting_update,
        name="meeting-update",
    ),
    path("localities/<int:locality_pk>/meetings/", locality_meetings, name="locality-meetings"),
    path("locality-meetings/<int:meeting_pk>/", locality_meeting, name="locality-meeting"),
    path(
        "locality-meetings/<int:meeting_pk>/cases/<int:case_pk>/",
        locality_case_decide,
        name="locality-case-decide",
    ),
]
