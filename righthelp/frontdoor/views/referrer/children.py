"""Choosing the children a request is about: search first, then pick or add."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from righthelp.accounts.models import User
from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.services import (
    new_submission_key,
)
from righthelp.frontdoor import selectors
from righthelp.frontdoor.forms import (
    ChildAddForm,
    ChildPickForm,
    ChildSearchForm,
)
from righthelp.frontdoor.models import (
    Contact,
)
from righthelp.frontdoor.views.referrer.common import (
    CANDIDATES_SHOWN,
    _children,
    _draft_with_child,
    _is_child,
    _search_data,
)
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.search_first import (
    MatchQuery,
    NoneOfThese,
    Replay,
    SearchFirstOutcome,
    found_any,
    person_create_searched,
    search_first_resolve,
)
from righthelp.matching.selectors import SearchResult
from righthelp.people import selectors as people_selectors
from righthelp.people import services as people_services
from righthelp.people.models import Person, PersonKind
from righthelp.people.selectors import PeopleSearch


@dataclass(frozen=True)
class _ChildSearch:
    """What the "which child" step found: the matcher's likely matches for the details it
    checked, or the children whose names start as the name searched."""

    checked: MatchQuery | None = None
    likely: SearchResult | None = None
    candidates: tuple[Person, ...] = ()
    searched: bool = False
    more: bool = False

    @property
    def offered(self) -> list[Person]:
        """The children that may be picked."""
        if self.likely is not None:
            return [c.person for c in self.likely.candidates]
        return list(self.candidates)


def _child_search(
    request: HttpRequest, search_form: ChildSearchForm, query: str, checked: MatchQuery | None
) -> _ChildSearch:
    """A name and a date of birth (or the details the page last checked) ask the matcher; a
    name alone lists the children the user works with whose names start so."""
    if not search_form.is_valid():
        return _ChildSearch(checked=checked)
    user = request_user(request)
    born = search_form.cleaned_data["date_of_birth"]
    if request.method != "POST" and query and born:
        checked = MatchQuery.from_name(query, date_of_birth=born)
    if checked is not None and checked.enough:
        likely = _children(checked.search(user=user, path=request.get_full_path()))
        return _ChildSearch(checked=checked, likely=likely, searched=True)
    if not query:
        return _ChildSearch(checked=checked)
    found = people_selectors.people_search(
        user=user,
        search=PeopleSearch(name=query),
        per_page=CANDIDATES_SHOWN,
        path=request.get_full_path(),
    )
    return _ChildSearch(
        checked=checked,
        candidates=tuple(p for p in found.object_list if p.kind != PersonKind.ADULT),
        searched=True,
        more=found.paginator.count > CANDIDATES_SHOWN,
    )


def _add_initial(key: str, query: str, checked: MatchQuery | None) -> dict[str, Any]:
    """ "Search first, add only if not found": the add form starts from the details searched
    by."""
    words = query.split()
    if checked is not None:
        given, family = checked.given_name, checked.family_name
    else:
        given = words[0] if len(words) > 1 else ""
        family = " ".join(words[1:]) if len(words) > 1 else query
    return {
        "submission_key": key,
        "given_name": given,
        "family_name": family,
        "date_of_birth": checked.date_of_birth if checked else None,
    }


def _draft_with_picked(
    user: User, contact: Contact | None, form: ChildPickForm
) -> tuple[Person, Contact] | None:
    """The draft with the child picked from the valid ``form``; a refusal is on the form."""
    person = form.chosen()
    try:
        with transaction.atomic():
            saved = _draft_with_child(
                user, contact, person, form.cleaned_data.get("submission_key")
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return person, saved


def _draft_with_added(
    request: HttpRequest, contact: Contact | None, form: ChildAddForm, none_form: NoneOfTheseForm
) -> SearchFirstOutcome[tuple[Person, Contact]]:
    """Search first, then add the child the valid ``form`` describes and the draft with them,
    in one transaction (``search_first_resolve``). The draft claims the form's key; the new
    record and "none of these" claim keys made from it."""
    user = request_user(request)
    submission = form.cleaned_data.get("submission_key")
    person_key = uuid.uuid5(submission, "person") if submission else None

    def create(none_of_these: NoneOfThese | None) -> tuple[Person, Contact]:
        person = person_create_searched(
            actor=user,
            details=form.details(),
            involvement=people_services.Involvement(role=form.cleaned_data["involvement_role"]),
            none_of_these=none_of_these,
            submission_key=person_key,
        )
        return person, _draft_with_child(user, contact, person, submission)

    return search_first_resolve(
        actor=user,
        query=form.match_query(),
        answer=request.POST,
        reason=none_form.cleaned_data.get("reason", ""),
        path=request.path,
        replay=Replay(submission_key=person_key, purpose="person_create"),
        create=create,
        none_of_these_key=uuid.uuid5(submission, "match-none") if submission else None,
        keep=_is_child,
    )


def _child_saved(
    request: HttpRequest, contact: Contact | None, made: tuple[Person, Contact]
) -> HttpResponse:
    person, saved = made
    if contact is None:
        messages.success(request, f"Your draft request about {person.full_name} is saved")
    else:
        messages.success(request, f"{person.full_name} has been added to the request")
    return redirect("frontdoor:request-edit", contact_id=saved.pk)


def _child_page(request: HttpRequest, contact: Contact | None) -> HttpResponse:
    """Find the child, or add them after searching.

    A name alone lists the children the user works with whose names start so. A name and a
    date of birth ask the matcher, which shows likely matches with their scores and how they
    match. Adding a child asks the matcher again with the details typed; if it finds likely
    matches, they are shown first, and adding anyway records "none of these" with the child.
    """
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    query = (source.get("q") or "").strip()
    # The details the page last checked with the matcher (carried by the pick and add forms).
    checked = MatchQuery.from_post(request.POST) if posted else None
    search_form = ChildSearchForm(_search_data(request, query, checked))
    found = _child_search(request, search_form, query, checked)
    action = request.POST.get("action") if posted else None
    key = (
        request.POST.get("submission_key")
        or request.POST.get("add-submission_key")
        or new_submission_key()
    )
    pick_form = ChildPickForm(
        request.POST if action == "pick" else None,
        candidates=found.offered,
        initial={"submission_key": key},
    )
    add_form = ChildAddForm(
        request.POST if action == "add" else None,
        prefix="add",
        initial=_add_initial(key, query, found.checked),
    )
    none_form = NoneOfTheseForm(request.POST if action == "add" else None)
    none_form.is_valid()
    if action == "pick" and pick_form.is_valid():
        picked = _draft_with_picked(request_user(request), contact, pick_form)
        if picked is not None:
            return _child_saved(request, contact, picked)
    elif action == "add" and add_form.is_valid():
        outcome = _draft_with_added(request, contact, add_form, none_form)
        if outcome.made is not None:
            return _child_saved(request, contact, outcome.made)
        if outcome.confirm_first and outcome.matches is not None:
            # Likely matches: show them (to pick one) before the child is added.
            found = dataclasses.replace(
                found, checked=add_form.match_query(), likely=outcome.matches, searched=True
            )
            pick_form = ChildPickForm(
                None, candidates=found.offered, initial={"submission_key": key}
            )
            none_form = NoneOfTheseForm()
        if outcome.refused is not None:
            add_service_errors(add_form, outcome.refused)
        if outcome.reason_refused is not None:
            add_service_errors(none_form, outcome.reason_refused)
    return render(
        request,
        "frontdoor/referrer_request_child.html",
        {
            "contact": contact,
            "query": query,
            "search_form": search_form,
            "searched": found.searched,
            "candidates": list(found.candidates),
            "likely": found.likely,
            "checked": found.checked if found.likely is not None else None,
            # Adding from a page that showed likely matches is choosing "none of these".
            "offer_none": found_any(found.likely),
            "more": found.more,
            "pick_form": pick_form,
            "add_form": add_form,
            "none_form": none_form,
            "form": pick_form if action == "pick" else add_form,
        },
    )


@access(casework)
def request_new(request: HttpRequest) -> HttpResponse:
    return _child_page(request, None)


@access(casework)
def request_children(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.draft_for_change(user=request_user(request), contact_id=contact_id)
    return _child_page(request, contact)
