"""Early help pages about episodes: caseloads, starting (directly or from a front-door request),
requests waiting (joined to the family's open episode or closed), the episode overview, who is
in the family, lead practitioners, step up, step down and closure.

Thin views: reads through ``earlyhelp.selectors`` (each logs what it shows), writes through
``earlyhelp.services``. A refusal (``ValidationError``, ``StaleEdit``) is shown on the form with
what was typed; a ``PermissionError`` is a 404 like any other refusal. Post/redirect/get with a
notification banner after every change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from righthelp.accounts.models import Role, User
from righthelp.core.checkpoint import access, any_role, casework, person_or_404
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.selectors import submission_result
from righthelp.core.services import StaleEdit, new_submission_key
from righthelp.earlyhelp import family_services, selectors, services
from righthelp.earlyhelp.forms import (
    CaseloadFilterForm,
    CloseForm,
    LeadAgreementForm,
    LeadEndForm,
    LeadProposeForm,
    NewcomerForm,
    PickForm,
    RequestCloseForm,
    RequestJoinForm,
    StartDirectForm,
    StartFindForm,
    StepDownForm,
    StepUpForm,
    TakeUpForm,
)
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    EpisodeStatus,
    LeadStatus,
    RequestResolution,
)
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.search_first import (
    MatchQuery,
    NoneOfThese,
    Replay,
    SearchFirstOutcome,
    found_any,
    search_first_matches,
    search_first_resolve,
)
from righthelp.matching.selectors import SearchResult
from righthelp.people.models import Person

early_help_worker = any_role(Role.EARLY_HELP_WORKER)

TAB_LABELS = {
    "mine": "My episodes",
    "team": "My team's",
    "no_lead": "No lead",
    "overdue": "Overdue",
}


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _work(request: HttpRequest, episode_id: int) -> Episode:
    """An open episode the user may work on (forms); same 404 otherwise."""
    episode = selectors.episode_for_work(
        user=request_user(request), episode_id=episode_id, path=request.path
    )
    if episode.status != EpisodeStatus.OPEN:
        raise Http404
    return episode


def _run(form: Form, call: Any) -> Any:
    """Call a service; show its refusal on the form. Returns the result or None."""
    try:
        return call()
    except (ValidationError, StaleEdit) as error:
        if isinstance(error, StaleEdit):
            form.add_error(None, str(error))
        else:
            add_service_errors(form, error)
    except PermissionError:
        raise Http404 from None
    return None


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
            "episodes": list(page.object_list),
            "no_lead_count": selectors.no_lead_count(user),
            "no_lead_days": selectors._early_help_settings()["no_lead_flag_days"],
            "may_start": services.may_start_episodes(user),
            "manages_team": selectors.manages_team(user),
        },
    )


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


def _repeated(request: HttpRequest, purpose: str) -> int | None:
    """The record a form sent twice already made (its submission key), or None."""
    if request.method != "POST":
        return None
    return submission_result(
        key=request.POST.get("submission_key"), user=request_user(request), purpose=purpose
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


# --- The episode ---------------------------------------------------------------------------


@access(casework)
@require_GET
def episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    page = selectors.episode_page(user=user, episode_id=episode_id, path=request.path)
    others = (
        selectors.family_others(user=user, episode=page.episode, path=request.path)
        if page.episode.status == EpisodeStatus.OPEN
        else []
    )
    return render(
        request,
        "earlyhelp/episode.html",
        {"page": page, "episode": page.episode, "active": "overview", "others": others},
    )


@access(casework)
@require_POST
def member_add(request: HttpRequest, episode_id: int, person_id: int) -> HttpResponse:
    """Add someone recorded in the family (a POST button on the episode page)."""
    user = request_user(request)
    current = _work(request, episode_id)
    person = next(
        (p for p in selectors.family_others(user=user, episode=current) if p.pk == person_id),
        None,
    )
    if person is None:
        raise Http404
    try:
        services.episode_member_add(actor=user, episode=current, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionError:
        raise Http404 from None
    else:
        messages.success(request, f"{person.full_name} added to early help {current.reference}")
    return redirect("earlyhelp:episode", episode_id=current.pk)


def _newcomer_errors(form: Form, none_form: Form, error: ValidationError) -> None:
    """A refusal on whichever form holds the field it names (the reason for "none of these"
    is on its own form)."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            target = none_form if name in none_form.fields else form
            for message in messages_:
                target.add_error(name if name in target.fields else None, message)
    else:
        add_service_errors(form, error)


def _people(matches: SearchResult | None) -> list[Person]:
    return [c.person for c in matches.candidates] if matches is not None else []


def _newcomer_ties(form: NewcomerForm) -> dict[str, Any]:
    """How the newcomer is part of the family, and the form's key, from the valid ``form``."""
    data = form.cleaned_data
    key = data.get("submission_key")
    return {
        "household": data["household"],
        "parents": list(data["parents"]),
        "partner": data["partner"],
        "submission_key": str(key) if key else None,
    }


def _newcomer_picked(
    user: User,
    episode: Episode,
    form: NewcomerForm,
    none_form: NoneOfTheseForm,
    pick: tuple[PickForm, list[Person]],
) -> family_services.Newcomer | None:
    """The record picked from the search (``pick``: the form and the records it offered)
    joins the family; a refusal is shown on the forms."""
    pick_form, candidates = pick
    if not pick_form.is_valid():
        return None
    picked = next(p for p in candidates if p.pk == pick_form.cleaned_data["person"])
    try:
        with transaction.atomic():
            return family_services.episode_newcomer_add(
                actor=user, episode=episode, person=picked, **_newcomer_ties(form)
            )
    except ValidationError as error:
        _newcomer_errors(form, none_form, error)
    except PermissionError:
        raise Http404 from None
    return None


def _newcomer_searched(
    request: HttpRequest,
    episode: Episode,
    form: NewcomerForm,
    none_form: NoneOfTheseForm,
    replay: Replay,
) -> SearchFirstOutcome[family_services.Newcomer]:
    """Search first, then a new record joins the family (``search_first_resolve``)."""
    user = request_user(request)

    def create(none_of_these: NoneOfThese | None) -> family_services.Newcomer:
        return family_services.episode_newcomer_add(
            actor=user,
            episode=episode,
            details=form.details(),
            involvement_role=form.cleaned_data["involvement_role"],
            none_of_these=none_of_these,
            **_newcomer_ties(form),
        )

    try:
        return search_first_resolve(
            actor=user,
            query=form.match_query(),
            answer=request.POST,
            reason=none_form.cleaned_data.get("reason", ""),
            path=request.path,
            replay=replay,
            create=create,
        )
    except PermissionError:
        raise Http404 from None


def _newcomer_added(
    request: HttpRequest, episode: Episode, newcomer: family_services.Newcomer
) -> HttpResponse:
    name = newcomer.person.full_name
    if newcomer.member is not None:
        messages.success(request, f"{name} added to early help {episode.reference}")
    else:
        messages.success(
            request,
            f"{name} is recorded in the family. {newcomer.waiting_for_consent} Then "
            "add them from “Others in the family”.",
        )
    return redirect("earlyhelp:episode", episode_id=episode.pk)


@access(casework)
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, episode_id: int) -> HttpResponse:
    """Someone has joined the family: search first (pick an existing record, or "none of
    these" with a reason when a likely match exists), record how they are part of the family,
    and add them to the episode (a child once consent is recorded)."""
    user = request_user(request)
    current = _work(request, episode_id)
    choices = selectors.newcomer_choices(user=user, episode=current, path=request.path)
    posted = request.method == "POST"
    action = request.POST.get("action") if posted else None
    form = NewcomerForm(
        _post(request), choices=choices, initial={"submission_key": new_submission_key()}
    )
    none_form = NoneOfTheseForm(request.POST if action == "create" else None)
    none_form.is_valid()
    matches: SearchResult | None = None
    checked: MatchQuery | None = None
    pick_form = PickForm(None, candidates=[])
    if posted and form.is_valid():
        checked = form.match_query()
        replay = Replay(
            submission_key=form.cleaned_data.get("submission_key"),
            purpose="episode_newcomer_add",
        )
        if action == "pick":
            matches = search_first_matches(
                actor=user, query=checked, path=request.path, replay=replay
            )
            pick_form = PickForm(request.POST, candidates=_people(matches))
            pick = (pick_form, _people(matches))
            newcomer = _newcomer_picked(user, current, form, none_form, pick)
        else:
            outcome = _newcomer_searched(request, current, form, none_form, replay)
            matches, newcomer = outcome.matches, outcome.made
            pick_form = PickForm(None, candidates=_people(matches))
            refused = outcome.refused or outcome.reason_refused
            if refused is not None:
                _newcomer_errors(form, none_form, refused)
        if newcomer is not None:
            return _newcomer_added(request, current, newcomer)
    return render(
        request,
        "earlyhelp/member_new.html",
        {
            "form": form,
            "none_form": none_form,
            "pick_form": pick_form,
            "matches": matches if found_any(matches) else None,
            "checked": checked,
            "episode": current,
            "active": "",
        },
    )


# --- Lead practitioner ---------------------------------------------------------------------


@access(casework)
@require_http_methods(["GET", "POST"])
def lead_propose(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    form = LeadProposeForm(_post(request), candidates=selectors.lead_candidates())
    if request.method == "POST" and form.is_valid():
        lead = _run(
            form,
            lambda: services.lead_propose(
                actor=user,
                episode=current,
                practitioner=form.cleaned_data["practitioner"],
                child_agreement_needed=form.cleaned_data["child_agreement_needed"] == "yes",
            ),
        )
        if lead is not None:
            messages.success(
                request,
                f"{lead.practitioner.display_name} proposed as lead practitioner: record each "
                "agreement",
            )
            return redirect("earlyhelp:episode", episode_id=current.pk)
    return render(
        request, "earlyhelp/lead_propose.html", {"form": form, "episode": current, "active": ""}
    )


@access(casework)
@require_http_methods(["GET", "POST"])
def lead_agree(request: HttpRequest, episode_id: int, lead_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    lead = selectors.lead_for_episode(current, lead_id)
    if lead.status != LeadStatus.PROPOSED:
        raise Http404
    form = LeadAgreementForm(_post(request))
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: services.lead_agreement_record(
                actor=user,
                lead=lead,
                party=form.cleaned_data["party"],
                agreed_by=form.cleaned_data["agreed_by"],
            ),
        )
        if saved is not None:
            if saved.status == LeadStatus.ACTIVE:
                messages.success(
                    request, f"{saved.practitioner.display_name} is now the lead practitioner"
                )
            else:
                messages.success(request, "Agreement recorded")
            return redirect("earlyhelp:episode", episode_id=current.pk)
    return render(
        request,
        "earlyhelp/lead_agree.html",
        {"form": form, "episode": current, "lead": lead, "active": ""},
    )


@access(casework)
@require_http_methods(["GET", "POST"])
def lead_end(request: HttpRequest, episode_id: int, lead_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    lead = selectors.lead_for_episode(current, lead_id)
    if lead.status not in (LeadStatus.PROPOSED, LeadStatus.ACTIVE):
        raise Http404
    form = LeadEndForm(_post(request))
    if request.method == "POST" and form.is_valid():
        ended = _run(
            form,
            lambda: services.lead_end(actor=user, lead=lead, reason=form.cleaned_data["reason"]),
        )
        if ended is not None:
            messages.success(request, f"{ended.practitioner.display_name} is no longer the lead")
            return redirect("earlyhelp:episode", episode_id=current.pk)
    return render(
        request,
        "earlyhelp/lead_end.html",
        {"form": form, "episode": current, "lead": lead, "active": ""},
    )


# --- Step up, step down, close ------------------------------------------------------------


@access(casework)
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    form = StepUpForm(_post(request), candidates=selectors.social_worker_candidates())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation = _run(
            form,
            lambda: services.step_up_consult(
                actor=user,
                episode=current,
                worry=data["worry"],
                outcome=data["outcome"],
                social_worker=data["social_worker"],
                advice=data["advice"],
                joint_visit_on=data["joint_visit_on"],
                urgency=data["urgency"] or "routine",
            ),
        )
        if consultation is not None:
            if consultation.contact is not None:
                messages.success(
                    request,
                    f"Stepped up: contact {consultation.contact.reference} is at the front door",
                )
            elif consultation.locality_case is not None:
                messages.success(
                    request,
                    "Added to the early help action meeting on "
                    f"{consultation.locality_case.meeting.meets_on:%d %B %Y}",
                )
            else:
                messages.success(request, "Step-up consultation recorded")
            return redirect("earlyhelp:episode", episode_id=current.pk)
    return render(
        request, "earlyhelp/step_up.html", {"form": form, "episode": current, "active": "step_up"}
    )


@access(early_help_worker)
@require_http_methods(["GET", "POST"])
def step_down(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = request_user(request)
    referral = selectors.step_down_waiting_or_404(
        user=user, referral_id=referral_id, path=request.path
    )
    asked = referral.step_down_request
    form = StepDownForm(
        _post(request),
        user=user,
        candidates=selectors.lead_candidates(),
        initial={"locality": asked.locality_id, "reason": asked.support_needed},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        episode = _run(
            form,
            lambda: services.episode_step_down(
                actor=user,
                referral=referral,
                locality=data["locality"],
                level=data["level"],
                reason=data["reason"],
                lead=data["lead"] if data["route"] == "lead" else None,
                to_locality_meeting=data["route"] == "meeting",
            ),
        )
        if episode is not None:
            messages.success(request, f"Stepped down to early help {episode.reference}")
            return redirect("earlyhelp:episode", episode_id=episode.pk)
    return render(
        request,
        "earlyhelp/step_down.html",
        {
            "form": form,
            "referral": referral,
            "contact": referral.decision.contact,
            "asked": asked,
        },
    )


@access(casework)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    current = _work(request, episode_id)
    form = CloseForm(_post(request), initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        closed = _run(
            form,
            lambda: services.episode_close(
                actor=user,
                episode=current,
                reason=form.cleaned_data["reason"],
                reason_other=form.cleaned_data["reason_other"],
                summary=form.cleaned_data["summary"],
                outcome_scores=form.outcome_scores(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if closed is not None:
            messages.success(request, f"Early help {closed.reference} closed")
            return redirect("earlyhelp:episode", episode_id=closed.pk)
    return render(request, "earlyhelp/close.html", {"form": form, "episode": current, "active": ""})


urlpatterns: list[URLPattern] = [
    path("", caseload, name="caseload"),
    path("start/", start_direct, name="start"),
    path("requests/", requests_waiting, name="requests"),
    path("requests/<int:request_id>/take-up/", take_up, name="take-up"),
    path("requests/<int:request_id>/join/", request_join, name="request-join"),
    path("requests/<int:request_id>/close/", request_close, name="request-close"),
    path("episodes/<int:episode_id>/", episode, name="episode"),
    path("episodes/<int:episode_id>/family/new/", member_new, name="member-new"),
    path("episodes/<int:episode_id>/family/<int:person_id>/add/", member_add, name="member-add"),
    path("episodes/<int:episode_id>/lead/propose/", lead_propose, name="lead-propose"),
    path("episodes/<int:episode_id>/lead/<int:lead_id>/agree/", lead_agree, name="lead-agree"),
    path("episodes/<int:episode_id>/lead/<int:lead_id>/end/", lead_end, name="lead-end"),
    path("episodes/<int:episode_id>/step-up/", step_up, name="step-up"),
    path("episodes/<int:episode_id>/close/", close, name="close"),
    path("step-down/<int:referral_id>/", step_down, name="step-down"),
]
