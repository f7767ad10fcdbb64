"""Early help pages (plans): the current plan, editing the draft, agreeing it, its versions,
action status updates and the family's printable copy.

Thin views: reads through ``plan_selectors`` (each logs what it shows), writes through
``plan_services``. A refusal is shown on the form with what was typed; a stale save also lists
what changed since the user loaded the plan. Post/redirect/get with a notification banner.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from righthelp.accounts.models import User
from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.earlyhelp import plan_selectors, plan_services
from righthelp.earlyhelp.models import ActionStatus, Episode, Plan, PlanAction, PlanStatus
from righthelp.earlyhelp.plan_forms import (
    ActionFormSet,
    ActionStatusForm,
    OutcomeFormSet,
    PlanAgreeForm,
    PlanForm,
)


def episode_context(episode: Episode, active: str) -> dict[str, Any]:
    return {"episode": episode, "active": active}


def _owners(episode: Episode) -> list[tuple[int, str]]:
    """Practitioners who could own an action: the lead and those invited to meetings."""
    users: dict[int, str] = {}
    for lead in episode.leads.filter(status__in=["proposed", "active"]).select_related(
        "practitioner__organisation"
    ):
        users[lead.practitioner_id] = lead.practitioner.display_name
    for meeting in plan_selectors.meetings_for(episode):
        for invitee in meeting.invitees.all():
            if invitee.user is not None:
                org = f" ({invitee.organisation.name})" if invitee.organisation else ""
                users[invitee.user.pk] = invitee.user.display_name + org
    return sorted(users.items(), key=lambda item: item[1])


@require_GET
@access(casework)
def plan_current(request: HttpRequest, episode_pk: int) -> HttpResponse:
    found = plan_selectors.episode_for(
        user=request_user(request), episode_id=episode_pk, path=request.path
    )
    versions = plan_selectors.plan_versions(found.episode)
    plan = versions[0] if versions else None
    agreed = next((p for p in versions if p.status == PlanStatus.AGREED), None)
    return render(
        request,
        "earlyhelp/plan.html",
        {
            **episode_context(found.episode, "plan"),
            "plan": plan,
            "agreed": agreed,
            "can_work": found.can_work,
            "today": date.today(),
            "status_form": ActionStatusForm(),
            "version_count": len(versions),
        },
    )


def _initial(
    plan: Plan | None,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    if plan is None:
        return {"number": 0, "version": 0}, [], []
    outcomes = list(plan.outcomes.all())
    index = {o.pk: i for i, o in enumerate(outcomes)}
    return (
        {
            "number": plan.number,
            "version": plan.version,
            "contingency": plan.contingency,
            "internal_notes": plan.internal_notes,
        },
        [{"text": o.text, "measure": o.measure, "measured_by": o.measured_by} for o in outcomes],
        [
            {
                "what": a.what,
                "owner": a.owner_id,
                "owner_name": a.owner_name,
                "due_on": a.due_on.strftime("%d/%m/%Y"),
                "status": a.status,
                "outcome": index.get(a.outcome_id) if a.outcome_id else None,
            }
            for a in plan.actions.all()
        ],
    )


@require_http_methods(["GET", "POST"])
@access(casework)
def plan_edit(request: HttpRequest, episode_pk: int) -> HttpResponse:
    user = request_user(request)
    found = plan_selectors.episode_for(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    episode = found.episode
    plan = plan_services.current_plan(episode)
    owners = _owners(episode)
    initial, outcome_rows, action_rows = _initial(plan)
    changes: list[str] | None = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        outcome_formset = OutcomeFormSet(request.POST, prefix="outcomes")
        count = int(request.POST.get("outcomes-TOTAL_FORMS", "0") or 0)
        action_formset = ActionFormSet(
            request.POST,
            prefix="actions",
            form_kwargs={"owners": owners, "outcome_count": count},
        )
        if form.is_valid() and outcome_formset.is_valid() and action_formset.is_valid():
            outcomes = [
                plan_services.OutcomeDetails(
                    text=f.cleaned_data["text"],
                    measure=f.cleaned_data["measure"],
                    measured_by=f.cleaned_data["measured_by"],
                )
                for f in outcome_formset
                if f.cleaned_data.get("text", "").strip()
            ]
            owner_users = {u.pk: u for u in User.objects.filter(pk__in=[pk for pk, _ in owners])}
            actions = []
            for f in action_formset:
                data = f.cleaned_data
                if not (data.get("what") or "").strip():
                    continue
                index = data.get("outcome")
                actions.append(
                    plan_services.ActionDetails(
                        what=data["what"],
                        owner=owner_users.get(data["owner"]) if data.get("owner") else None,
                        owner_name=data.get("owner_name", ""),
                        due_on=data.get("due_on"),
                        status=data.get("status") or ActionStatus.NOT_STARTED,
                        outcome_index=index
                        if index is not None and index < len(outcomes)
                        else None,
                    )
                )
            try:
                saved = plan_services.plan_save_draft(
                    actor=user,
                    episode=episode,
                    expected_version=form.cleaned_data["version"],
                    expected_number=form.cleaned_data["number"],
                    outcomes=outcomes,
                    actions=actions,
                    contingency=form.cleaned_data["contingency"],
                    internal_notes=form.cleaned_data["internal_notes"],
                )
            except plan_services.PlanChanged as stale:
                form.add_error(None, str(stale))
                changes = stale.changes
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(request, f"Draft plan version {saved.number} saved")
                return redirect("earlyhelp:plan", episode_pk=episode.pk)
    else:
        form = PlanForm(initial=initial)
        outcome_formset = OutcomeFormSet(initial=outcome_rows, prefix="outcomes")
        action_formset = ActionFormSet(
            initial=action_rows,
            prefix="actions",
            form_kwargs={"owners": owners, "outcome_count": len(outcome_rows) + 2},
        )
    return render(
        request,
        "earlyhelp/plan_edit.html",
        {
            **episode_context(episode, "plan"),
            "plan": plan,
            "form": form,
            "outcome_formset": outcome_formset,
            "action_formset": action_formset,
            "changes": changes,
        },
    )


@require_http_methods(["GET", "POST"])
@access(casework)
def plan_agree(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Agree the draft: who in the family agreed it, and when."""
    user = request_user(request)
    found = plan_selectors.episode_for(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    plan = plan_services.current_plan(found.episode)
    if plan is None or plan.status != PlanStatus.DRAFT:
        messages.error(request, "There is no draft plan to agree")
        return redirect("earlyhelp:plan", episode_pk=found.episode.pk)
    changes: list[str] | None = None
    if request.method == "POST":
        form = PlanAgreeForm(request.POST)
        if form.is_valid():
            try:
                agreed = plan_services.plan_agree(
                    actor=user,
                    plan=plan,
                    family=[
                        plan_services.FamilyAgreement(name, relationship)
                        for name, relationship in form.family()
                    ],
                    agreed_on=form.cleaned_data["agreed_on"],
                    expected_version=form.cleaned_data["version"],
                )
            except plan_services.PlanChanged as stale:
                form.add_error(None, str(stale))
                changes = stale.changes
            except ValidationError as error:
                if hasattr(error, "error_dict") and "family" in error.error_dict:
                    # "Nobody named" belongs to the first name box, so the summary links there.
                    form.add_error("family_name_0", error.error_dict.pop("family"))
                add_service_errors(form, error)
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(request, f"Plan version {agreed.number} agreed")
                return redirect("earlyhelp:plan", episode_pk=found.episode.pk)
    else:
        form = PlanAgreeForm(initial={"version": plan.version})
    return render(
        request,
        "earlyhelp/plan_agree.html",
        {**episode_context(found.episode, "plan"), "plan": plan, "form": form, "changes": changes},
    )


@require_POST
@access(casework)
def plan_action_status(request: HttpRequest, episode_pk: int, action_pk: int) -> HttpResponse:
    user = request_user(request)
    found = plan_selectors.episode_for(user=user, episode_id=episode_pk, path=request.path)
    action = PlanAction.objects.filter(pk=action_pk, plan__episode=found.episode).first()
    if action is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status for the action")
        return redirect("earlyhelp:plan", episode_pk=found.episode.pk)
    try:
        plan_services.plan_action_update(
            actor=user, action=action, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    except PermissionError:
        raise Http404 from None
    else:
        messages.success(request, "Action updated")
    return redirect("earlyhelp:plan", episode_pk=found.episode.pk)


@require_GET
@access(casework)
def plan_versions(request: HttpRequest, episode_pk: int) -> HttpResponse:
    found = plan_selectors.episode_for(
        user=request_user(request), episode_id=episode_pk, path=request.path
    )
    return render(
        request,
        "earlyhelp/plan_versions.html",
        {
            **episode_context(found.episode, "plan"),
            "versions": plan_selectors.plan_versions(found.episode),
        },
    )


@require_GET
@access(casework)
def plan_version(request: HttpRequest, episode_pk: int, number: int) -> HttpResponse:
    found = plan_selectors.episode_for(
        user=request_user(request), episode_id=episode_pk, path=request.path
    )
    plan = plan_selectors.plan_version(found.episode, number)
    return render(
        request,
        "earlyhelp/plan_version.html",
        {
            **episode_context(found.episode, "plan"),
            "plan": plan,
            "can_work": found.can_work,
            "today": date.today(),
        },
    )


@require_GET
@access(casework)
def plan_print(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode, plan = plan_selectors.plan_for_print(
        user=request_user(request), episode_id=episode_pk, path=request.path
    )
    members = list(episode.members.select_related("person"))
    return render(
        request,
        "earlyhelp/plan_print.html",
        {"episode": episode, "plan": plan, "members": members},
    )


urlpatterns: list[URLPattern] = [
    path("episodes/<int:episode_pk>/plan/", plan_current, name="plan"),
    path("episodes/<int:episode_pk>/plan/edit/", plan_edit, name="plan-edit"),
    path("episodes/<int:episode_pk>/plan/agree/", plan_agree, name="plan-agree"),
    path(
        "episodes/<int:episode_pk>/plan/actions/<int:action_pk>/status/",
        plan_action_status,
        name="plan-action-status",
    ),
    path("episodes/<int:episode_pk>/plan/versions/", plan_versions, name="plan-versions"),
    path(
        "episodes/<int:episode_pk>/plan/versions/<int:number>/",
        plan_version,
        name="plan-version",
    ),
    path("episodes/<int:episode_pk>/plan/print/", plan_print, name="plan-print"),
]
