"""Linking the people a contact names to records: search first, then choose or create."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from righthelp.accounts.models import User
from righthelp.core.checkpoint import access
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.services import new_submission_key
from righthelp.frontdoor import services
from righthelp.frontdoor.models import (
    Contact,
    ContactSubject,
)
from righthelp.frontdoor.triage_forms import (
    LinkExistingForm,
    PersonFromContactForm,
)
from righthelp.frontdoor.views.triage.common import (
    CREATED_RECORD_ROLE,
    _given_address,
    _given_name,
    _record,
    front_door,
)
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.permissions import is_triage_ground
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
from righthelp.people.models import Person

# --- Linking a named person to a record ----------------------------------------------------


class _Refused(Exception):
    """A step inside a savepoint was refused; its errors are already on a form."""


def _subject_query(subject: ContactSubject) -> MatchQuery:
    """What the referrer said about the person, as the matcher searches by."""
    given = PersonFromContactForm.initial_for(subject, "")
    return MatchQuery(
        given_name=given["given_name"] or "",
        family_name=given["family_name"] or "",
        date_of_birth=given["date_of_birth"],
        postcode=subject.postcode,
        nhs_number=subject.nhs_number,
    )


def _create_query(form: PersonFromContactForm, subject: ContactSubject) -> MatchQuery:
    """The details of a record about to be made, with the identifiers the referrer gave."""
    data = form.cleaned_data
    return MatchQuery(
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"],
        postcode=subject.postcode,
        nhs_number=subject.nhs_number,
    )


@access(front_door)
@require_http_methods(["GET", "POST"])
def contact_link(request: HttpRequest, contact_id: int, subject_id: int) -> HttpResponse:
    """Link a person named in a contact to a record, or to a new record made from the
    referrer's details.

    While the contact is open, a user whose job is triage (``matching.permissions``) searches
    all records for it: every likely match is shown and can be opened and linked, and each
    search and each record opened is logged with the contact. Otherwise the search covers the
    records the user may already see, and likely matches elsewhere are only counted.

    With a date of birth or an NHS number from the referrer, the page opens on the matcher's
    likely matches, scored and explained; searching by a name lists the records whose names
    start so. Creating a record asks the matcher first; if it finds likely matches they are
    shown, and creating anyway is "none of these", recorded with the new record (with a
    reason, and the pairs queued for duplicate review, when a match is very likely).
    """
    user = request_user(request)
    record = _record(request, contact_id)
    subject = next((s for s in record.subjects if s.pk == subject_id), None)
    if subject is None:
        raise Http404
    # All records, logged with the contact, or only those the user sees (matching.permissions).
    for_contact = record.contact if is_triage_ground(user, record.contact) else None
    found = _link_search(request, subject, for_contact)
    posted = request.method == "POST"
    action = request.POST.get("action") if posted else None
    link_form = LinkExistingForm(
        request.POST if action == "link" else None, candidates=found.offered, prefix="link"
    )
    create_form = PersonFromContactForm(
        request.POST if action == "create" else None,
        prefix="new",
        initial=PersonFromContactForm.initial_for(subject, new_submission_key()),
    )
    none_form = NoneOfTheseForm(request.POST if action == "create" else None)
    none_form.is_valid()
    if action == "link" and link_form.is_valid():
        person = next(p for p in found.offered if p.pk == link_form.cleaned_data["person"])
        if _link_existing(user, subject, person, link_form):
            messages.success(request, f"{subject} is linked to the record of {person.full_name}")
            return redirect("frontdoor:contact", contact_id=record.contact.pk)
    if action == "create" and create_form.is_valid():
        outcome = _create_and_link(request, subject, create_form, none_form, for_contact)
        if outcome.made is not None:
            messages.success(
                request, f"A record for {outcome.made.full_name} has been created and linked"
            )
            return redirect("frontdoor:contact", contact_id=record.contact.pk)
        if outcome.confirm_first and outcome.matches is not None:
            # Likely matches: show them (to link one) before a record is made.
            found = _LinkSearch(likely=outcome.matches, checked=_create_query(create_form, subject))
            link_form = LinkExistingForm(None, candidates=found.offered, prefix="link")
            none_form = NoneOfTheseForm()
        _refusal_shown(outcome, create_form, none_form)
    return render(
        request,
        "frontdoor/triage_link.html",
        {
            "contact": record.contact,
            "subject": subject,
            "query": found.query,
            "candidates": found.candidates,
            "likely": found.likely,
            "checked": found.checked if found.likely is not None else None,
            # Creating from a page that showed likely matches is choosing "none of these".
            "offer_none": found_any(found.likely),
            "link_form": link_form,
            "create_form": create_form,
            "none_form": none_form,
            "searched": bool(found.query),
            "default_query": _given_name(subject),
            "given_name": _given_name(subject),
            "given_address": _given_address(subject),
            # Searching all records for this contact: candidates can be opened, logged with it.
            "for_contact": for_contact,
            "record_query": f"?contact={record.contact.pk}&subject={subject.pk}",
        },
    )


@dataclass(frozen=True)
class _LinkSearch:
    """What the link page shows: the matcher's likely matches for the details it checked, or
    the records whose names start as ``query``."""

    likely: SearchResult | None = None
    checked: MatchQuery | None = None
    query: str = ""
    candidates: tuple[Any, ...] = ()

    @property
    def offered(self) -> list[Any]:
        """The records that may be linked."""
        if self.likely is not None:
            return [c.person for c in self.likely.candidates]
        return list(self.candidates)


def _link_search(
    request: HttpRequest, subject: ContactSubject, for_contact: Contact | None
) -> _LinkSearch:
    """The matcher's likely matches for the details the page checked (or, first, what the
    referrer said), else the name search typed (or the given name)."""
    user = request_user(request)
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    checked = MatchQuery.from_post(request.POST) if posted else None
    if checked is None and "q" not in source:
        checked = _subject_query(subject)
    if checked is not None and checked.enough:
        likely = checked.search(user=user, path=request.get_full_path(), for_contact=for_contact)
        return _LinkSearch(likely=likely, checked=checked)
    query = (source.get("q", "") if "q" in source else _given_name(subject)).strip()
    if not query:
        return _LinkSearch()
    found = people_selectors.people_search(
        user=user,
        search=people_selectors.PeopleSearch(name=query),
        per_page=20,
        path=request.get_full_path(),
        for_contact=for_contact,
    )
    return _LinkSearch(query=query, candidates=tuple(found.object_list))


def _link_existing(user: User, subject: ContactSubject, person: Any, form: Form) -> bool:
    """Link the subject to an existing record; a refusal is shown on ``form``."""
    try:
        with transaction.atomic():
            services.contact_link_person(actor=user, subject=subject, person=person)
    except PermissionError:
        raise Http404 from None
    except ValidationError as error:
        # The consent the sending system stated cannot be recorded for this person.
        add_service_errors(form, error)
        return False
    return True


def _create_and_link(
    request: HttpRequest,
    subject: ContactSubject,
    form: PersonFromContactForm,
    none_form: NoneOfTheseForm,
    for_contact: Contact | None,
) -> SearchFirstOutcome[Person]:
    """Search first, then create a record from the valid ``form`` and link the subject to it,
    in one transaction (``search_first_resolve``)."""
    user = request_user(request)
    key = form.cleaned_data.get("submission_key")

    def create(none_of_these: NoneOfThese | None) -> Person:
        person = person_create_searched(
            actor=user,
            details=form.details(),
            involvement=people_services.Involvement(role=CREATED_RECORD_ROLE),
            none_of_these=none_of_these,
            submission_key=key,
        )
        services.contact_link_person(actor=user, subject=subject, person=person)
        return person

    try:
        return search_first_resolve(
            actor=user,
            query=_create_query(form, subject),
            answer=request.POST,
            reason=none_form.cleaned_data.get("reason", ""),
            path=request.path,
            replay=Replay(submission_key=key, purpose="person_create"),
            create=create,
            none_of_these_key=uuid.uuid5(key, "match-none") if key else None,
            for_contact=for_contact,
        )
    except PermissionError:
        raise Http404 from None


def _refusal_shown(outcome: SearchFirstOutcome[Any], form: Form, none_form: Form) -> None:
    """A refused "search first, then create" on the form it belongs to: the reason "none of
    these" needs on its own form, anything else on the page's."""
    if outcome.refused is not None:
        add_service_errors(form, outcome.refused)
    if outcome.reason_refused is not None:
        add_service_errors(none_form, outcome.reason_refused)
