"""What the episode pages share."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from righthelp.accounts.models import Role, User
from righthelp.core.checkpoint import any_role
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.selectors import submission_result
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import family_services, selectors
from righthelp.earlyhelp.forms import (
    NewcomerForm,
    PickForm,
)
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeStatus,
)
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.search_first import (
    NoneOfThese,
    Replay,
    SearchFirstOutcome,
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


def _repeated(request: HttpRequest, purpose: str) -> int | None:
    """The record a form sent twice already made (its submission key), or None."""
    if request.method != "POST":
        return None
    return submission_result(
        key=request.POST.get("submission_key"), user=request_user(request), purpose=purpose
    )


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
