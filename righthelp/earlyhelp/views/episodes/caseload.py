"""The caseload, starting early help and the requests waiting."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from righthelp.core.checkpoint import access, casework, person_or_404
from righthelp.core.formtools import page_number
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key
from righthelp.earlyhelp import family_services, selectors, services
from righthelp.earlyhelp.config import early_help_setting
from righthelp.earlyhelp.forms import (
    CaseloadFilterForm,
    RequestCloseForm,
    RequestJoinForm,
    StartDirectForm,
    StartFindForm,
    TakeUpForm,
)
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    RequestResolution,
)
from righthelp.earlyhelp.views.episodes.common import (
    TAB_LABELS,
    _post,
    _repeated,
    _run,
    early_help_worker,
)

# --- Caseloads -----------------------------------------------------------------------------


@access(casework)
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    tab = request.GET.get("tab", "mine")
    if tab not in selectors.CASELOAD_TABS:
        tab = "mine"
    form = CaseloadFilterForm(request.GET or None)
    filters = selectors.CaseloadFilter(tab=tab)
    if form.is_bound and form.is_valid():
        filters.query = form.cleaned_data["q"]
        filters.level = form.cleaned_data["level"]
        filters.include_closed = form.cleaned_data["closed"]
    page = selectors.caseload(
        user=user,
        filters=filters,
        page_number=page_number(request.GET.get("page")),
        path=request.path,
    )
    return render(
        request,
        "earlyhelp/caseload.html",
        {
            "form": form,
            "tab": tab,
            "tabs": TAB_LABELS,
            "page_obj": page,
            "episodes": _with_links(list(page.object_list)),
            "no_lead_count": selectors.no_lead_count(user),
            "no_lead_days": early_help_setting("no_lead_flag_days"),
            "may_start": services.may_start_episodes(user),
            "manages_team": selectors.manages_team(user),
        },
    )


# A stand-in id: each episode's link is reversed once for the page, with its id put in place.
_PLACEHOLDER = "2147483647"


def _with_links(episodes: list[Episode]) -> list[Episode]:
    pattern = reverse("earlyhelp:episode", args=[int(_PLACEHOLDER)])
    for episode in episodes:
        episode.link = pattern.replace(_PLACEHOLDER, str(episode.pk))  # type: ignore[attr-defined]
    return episodes


# --- Starting ------------------------------------------------------------------------------


@access(early_help_worker)
@require_http_methods(["GET", "POST"])
def start_direct(request: HttpRequest) -> HttpResponse:
    """Start early help with a family: first whose family (a person the worker sees), then the
    family's people in their roles (that person ticked), the locality, level and reason."""
    user = request_user(request)
    person_id = (
        request.POST.get("person") if request.method == "POST" else request.GET.get("person")
    )
    if not person_id:
        find = StartFindForm(request.GET or None)
        name = find.cleaned_data["name"] if find.is_valid() else ""
        return render(
            request,
            "earlyhelp/start_find.html",
            {
                "find": find,
                "searched": bool(name.strip()),
                "found": selectors.start_candidates(
                    user=user, name=name, path=request.get_full_path()
                ),
            },
        )
    anchor = person_or_404(user, person_id)
    family = selectors.family_choice(
        user=user,
        anchor_ids=[anchor.pk],
        ticked=[anchor.pk],
        path=request.get_full_path(),
        detail={"start_from": anchor.pk},
    )
    form = StartDirectForm(
        _post(request),
        user=user,
        family=family,
        initial={
            "person": anchor.pk,
            "submission_key": new_submission_key(),
            "children": family.ticked_children,
            "adults": family.ticked_adults,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        episode = _run(
            form,
            lambda: services.episode_start_direct(
                actor=user,
                locality=data["locality"],
                children=list(data["children"]),
                adults=list(data["adults"]),
                level=data["level"],
                reason=data["reason"],
                submission_key=data["submission_key"] or None,
            ),
        )
        if episode is not None:
            messages.success(request, f"Early help {episode.reference} started")
            return redirect("earlyhelp:episode", episode_id=episode.pk)
    return render(
        request, "earlyhelp/start_direct.html", {"form": form, "anchor": anchor, "family": family}
    )


@access(early_help_worker)
@require_GET
def requests_waiting(request: HttpRequest) -> HttpResponse:
    waiting = selectors.requests_waiting(user=request_user(request), path=request.path)
    step_downs = selectors.step_downs_waiting(user=request_user(request), path=request.path)
    return render(
        request, "earlyhelp/start_requests.html", {"waiting": waiting, "step_downs": step_downs}
    )


@access(early_help_worker)
@require_http_methods(["GET", "POST"])
def take_up(request: HttpRequest, request_id: int) -> HttpResponse:
    user = request_user(request)
    repeated = _repeated(request, "episode_start_from_request")
    if repeated is not None:
        episode_id = repeated
        messages.success(
            request, f"Early help {Episode.objects.get(pk=episode_id).reference} started"
        )
        return redirect("earlyhelp:episode", episode_id=episode_id)
    page = selectors.request_page(user=user, request_id=request_id, path=request.path)
    waiting = page.request
    default_children, default_adults = services.request_people(waiting)
    family = selectors.family_choice(
        user=user,
        anchor_ids=services.request_linked_ids(waiting),
        ticked=[p.pk for p in [*default_children, *default_adults]],
        path=request.path,
        detail={"early_help_request": waiting.pk},
    )
    form = TakeUpForm(
        _post(request),
        family=family,
        initial={
            "submission_key": new_submission_key(),
            "children": family.ticked_children,
            "adults": family.ticked_adults,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        episode = _run(
            form,
            lambda: services.episode_start_from_request(
                actor=user,
                early_help_request=waiting,
                reason=data["reason"],
                children=list(data["children"]),
                adults=list(data["adults"]),
                submission_key=data["submission_key"] or None,
            ),
        )
        if episode is not None:
            messages.success(request, f"Early help {episode.reference} started")
            return redirect("earlyhelp:episode", episode_id=episode.pk)
    contact = waiting.decision.contact
    return render(
        request,
        "earlyhelp/start_take_up.html",
        {
            "form": form,
            "page": page,
            "family": family,
            "waiting": waiting,
            "contact": contact,
            "subjects": list(contact.subjects.all()),
        },
    )


@access(early_help_worker)
@require_http_methods(["GET", "POST"])
def request_join(request: HttpRequest, request_id: int) -> HttpResponse:
    """Join a waiting request to the early help already open for the family."""
    user = request_user(request)
    repeated = _repeated(request, "early_help_request_join")
    if repeated is not None:
        done = RequestResolution.objects.select_related("episode").get(pk=repeated)
        assert done.episode is not None
        messages.success(request, f"Request joined to early help {done.episode.reference}")
        return redirect("earlyhelp:episode", episode_id=done.episode.pk)
    page = selectors.request_page(user=user, request_id=request_id, path=request.path)
    joinable = [e for e in page.open_episodes if e.pk in page.workable]
    form = RequestJoinForm(
        _post(request) if joinable else None,  # nothing to join: the page says what to do
        episodes=joinable,
        initial={"submission_key": new_submission_key()},
    )
    if request.method == "POST" and form.is_valid():
        resolution = _run(
            form,
            lambda: family_services.early_help_request_join(
                actor=user,
                early_help_request=page.request,
                episode=form.cleaned_data["episode"],
                submission_key=form.cleaned_data["submission_key"] or None,
            ),
        )
        if resolution is not None:
            messages.success(
                request,
                f"Request {page.request.decision.contact.reference} joined to early help "
                f"{resolution.episode.reference}",
            )
            return redirect("earlyhelp:episode", episode_id=resolution.episode.pk)
    members = set(
        EpisodeMember.objects.filter(episode__in=joinable).values_list("episode_id", "person_id")
    )
    children, _ = services.request_people(page.request)
    return render(
        request,
        "earlyhelp/request_join.html",
        {
            "form": form,
            "page": page,
            "contact": page.request.decision.contact,
            "joinable": joinable,
            "elsewhere": [e for e in page.open_episodes if e.pk not in page.workable],
            "joining": [
                (episode, [c for c in children if (episode.pk, c.pk) not in members])
                for episode in joinable
            ],
        },
    )


@access(early_help_worker)
@require_http_methods(["GET", "POST"])
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    """Close a waiting request with a reason."""
    user = request_user(request)
    repeated = _repeated(request, "early_help_request_close")
    if repeated is not None:
        messages.success(request, "Request closed")
        return redirect("earlyhelp:requests")
    page = selectors.request_page(user=user, request_id=request_id, path=request.path)
    form = RequestCloseForm(_post(request), initial={"submission_key": new_submission_key()})
    if request.method == "POST" and form.is_valid():
        resolution = _run(
            form,
            lambda: family_services.early_help_request_close(
                actor=user,
                early_help_request=page.request,
                reason=form.cleaned_data["reason"],
                submission_key=form.cleaned_data["submission_key"] or None,
            ),
        )
        if resolution is not None:
            messages.success(request, f"Request {page.request.decision.contact.reference} closed")
            return redirect("earlyhelp:requests")
    return render(
        request,
        "earlyhelp/request_close.html",
        {"form": form, "page": page, "contact": page.request.decision.contact},
    )
