"""An episode's page, its people and lead practitioners."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from righthelp.core.checkpoint import access, casework
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key
from righthelp.earlyhelp import selectors, services
from righthelp.earlyhelp.forms import (
    LeadAgreementForm,
    LeadEndForm,
    LeadProposeForm,
    NewcomerForm,
    PickForm,
)
from righthelp.earlyhelp.models import (
    EpisodeStatus,
    LeadStatus,
)
from righthelp.earlyhelp.views.episodes.common import (
    _newcomer_added,
    _newcomer_errors,
    _newcomer_picked,
    _newcomer_searched,
    _people,
    _post,
    _run,
    _work,
)
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.search_first import (
    MatchQuery,
    Replay,
    found_any,
    search_first_matches,
)
from righthelp.matching.selectors import SearchResult

# --- The episode ---------------------------------------------------------------------------


@access(casework)
@require_GET
def episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = request_user(request)
    page = selectors.episode_page(user=user, episode_id=episode_id, path=request.path)
    others = (
        selectors.family_others(
            user=user,
            episode=page.episode,
            path=request.path,
            may_work=page.may_work,
            member_ids=[m.person_id for m in page.episode.members.all()],
        )
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
