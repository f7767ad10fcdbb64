"""People pages: thin views over ``selectors`` (reads) and ``services`` (writes)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from righthelp.accounts.models import User
from righthelp.chronology import views as chronology_views
from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import StaleEdit, new_submission_key
from righthelp.matching.forms import NoneOfTheseForm
from righthelp.matching.search_first import (
    MatchQuery,
    NoneOfThese,
    Replay,
    SearchFirstOutcome,
    found_any,
    only,
    person_create_searched,
    search_first_resolve,
)
from righthelp.matching.selectors import SearchResult
from righthelp.people import selectors, services
from righthelp.people.forms import (
    AddressForm,
    PeopleSearchForm,
    PersonCreateForm,
    PersonEditForm,
    PersonNameForm,
    ProfessionalForm,
    RelationshipForm,
)
from righthelp.people.models import Person
from righthelp.people.selectors import PeopleSearch


@dataclass(frozen=True)
class PersonRow:
    """One row of the people list, written out once in Python rather than through a URL tag,
    a property, a display method and three filters per row in the template."""

    url: str
    name: str
    kind_tag: str  # "" for a child
    born: str
    postcode: str
    nhs_number: str


def _rows(people: list[Person]) -> list[PersonRow]:
    # One reverse, the id put in its place for each row.
    marker = 2_147_483_647
    template = reverse("people:detail", args=[marker])
    rows = []
    for person in people:
        if person.date_of_birth:
            born = date_filter(person.date_of_birth, "j M Y")
        elif person.expected_date_of_birth:
            born = "Due " + date_filter(person.expected_date_of_birth, "j M Y")
        else:
            born = "Not known"
        postcodes = [link.address.postcode for link in person.current_addresses]  # type: ignore[attr-defined]
        rows.append(
            PersonRow(
                url=template.replace(str(marker), str(person.pk)),
                name=person.full_name,
                kind_tag="" if person.kind == "child" else person.get_kind_display(),
                born=born,
                postcode=", ".join(postcodes) if postcodes else "Not known",
                nhs_number=person.nhs_number or "Not known",
            )
        )
    return rows


@access(casework)
def search(request: HttpRequest) -> HttpResponse:
    """The people list, filtered. Given a name and a date of birth (or an NHS number), it also
    shows the matcher's likely matches, scored and explained, which still find a child whose
    name is misspelt or whose day and month of birth are swapped."""
    user: User = request.user  # type: ignore[assignment]
    form = PeopleSearchForm(request.GET or None)
    page = None
    likely: SearchResult | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = PeopleSearch(
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            postcode=data["postcode"],
            kind=data["kind"],
        )
        query = MatchQuery.from_name(
            data["name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            postcode=data["postcode"],
        )
        if query.enough:
            likely = query.search(user=user, path=request.get_full_path())
            if data["kind"]:
                likely = only(likely, lambda c: c.person.kind == data["kind"])
    elif not form.is_bound:
        criteria = PeopleSearch()
    else:
        criteria = None
    if criteria is not None:
        page = selectors.people_search(
            user=user,
            search=criteria,
            page_number=page_number(request.GET.get("page")),
            path=request.get_full_path(),
        )
    template = "people/_results.html" if request.htmx else "people/search.html"  # type: ignore[attr-defined]
    listing = criteria is not None and criteria.is_empty
    rows = _rows(list(page.object_list)) if page is not None else []
    return render(
        request,
        template,
        {"form": form, "page_obj": page, "rows": rows, "likely": likely, "listing": listing},
    )


def _record_page(request: HttpRequest, person_id: int, tab: str) -> HttpResponse:
    """The summary, family network and professionals tabs all show one logged record read.

    Reached with ``?contact=<id>`` (from the front door's link page), the record is read as one
    opened from a triage search for that contact, and only so (``selectors.person_record``):
    the page then says so, keeps the contact on its tabs, and offers no changes."""
    contact_id = request.GET.get("contact")
    record = selectors.person_record(
        user=request.user,  # type: ignore[arg-type]
        person_id=person_id,
        path=request.path if contact_id is None else request.get_full_path(),
        contact_id=contact_id,
    )
    context: dict[str, object] = {"record": record, "person": record.person, "tab": tab}
    if record.for_contact is not None:
        contact = record.for_contact
        query = {"contact": str(contact.pk)}
        back = reverse("frontdoor:contact", kwargs={"contact_id": contact.pk})
        subject_id = request.GET.get("subject", "")
        if subject_id.isdigit():
            query["subject"] = subject_id
            back = reverse(
                "frontdoor:contact-link",
                kwargs={"contact_id": contact.pk, "subject_id": int(subject_id)},
            )
        context.update(
            {"for_contact": contact, "record_query": "?" + urlencode(query), "back_url": back}
        )
    return render(request, f"people/{tab if tab != 'summary' else 'detail'}.html", context)


@access(casework)
def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    return _record_page(request, person_id, "summary")


@access(casework)
def network(request: HttpRequest, person_id: int) -> HttpResponse:
    return _record_page(request, person_id, "network")


@access(casework)
def professionals(request: HttpRequest, person_id: int) -> HttpResponse:
    return _record_page(request, person_id, "professionals")


@access(casework)
def chronology(request: HttpRequest, person_id: int) -> HttpResponse:
    # The record's chronology tab is the merged multi-agency chronology.
    return chronology_views.person(request, person_id)


def _checked_details(form: PersonCreateForm) -> MatchQuery:
    data = form.cleaned_data
    return MatchQuery(
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"],
        sex=data["sex"],
        postcode=data.get("postcode", ""),
        nhs_number=data["nhs_number"],
        upn=data["upn"],
    )


def _create_searched(
    request: HttpRequest, form: PersonCreateForm, none_form: NoneOfTheseForm
) -> SearchFirstOutcome[Person]:
    """Add the person the valid ``form`` describes, searching first (``search_first_resolve``)."""
    user = request_user(request)
    key = form.cleaned_data.get("submission_key")

    def create(none_of_these: NoneOfThese | None) -> Person:
        return person_create_searched(
            actor=user,
            details=form.details(form.cleaned_data["kind"]),
            involvement=services.Involvement(role=form.cleaned_data["involvement_role"]),
            address=form.address(),
            none_of_these=none_of_these,
            submission_key=key,
        )

    return search_first_resolve(
        actor=user,
        query=_checked_details(form),
        answer=request.POST,
        reason=none_form.cleaned_data.get("reason", ""),
        path=request.path,
        replay=Replay(submission_key=key, purpose="person_create"),
        create=create,
        none_of_these_key=uuid.uuid5(key, "match-none") if key else None,
    )


@access(casework)
def create(request: HttpRequest) -> HttpResponse:
    """Add a person, searching first: likely existing records are shown (with how they match)
    before a new one is made. Adding anyway is "none of these", recorded with the new record;
    when a match is very likely it needs a reason and the pairs go for duplicate review."""
    matches: SearchResult | None = None
    checked: MatchQuery | None = None
    none_form = NoneOfTheseForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        form = PersonCreateForm(initial={"submission_key": new_submission_key()})
    else:
        form = PersonCreateForm(request.POST)
        none_form.is_valid()
        if form.is_valid():
            checked = _checked_details(form)
            outcome = _create_searched(request, form, none_form)
            matches = outcome.matches
            if outcome.made is not None:
                messages.success(request, f"{outcome.made.full_name} has been added")
                return redirect("people:detail", person_id=outcome.made.pk)
            if outcome.confirm_first:
                none_form = NoneOfTheseForm()
            if outcome.refused is not None:
                add_service_errors(form, outcome.refused)
            if outcome.reason_refused is not None:
                add_service_errors(none_form, outcome.reason_refused)
    return render(
        request,
        "people/create.html",
        {
            "form": form,
            "matches": matches if found_any(matches) else None,
            "checked": checked,
            "none_form": none_form,
        },
    )


@access(casework)
def edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_change(user=request.user, person_id=person_id)  # type: ignore[arg-type]
    if request.method == "POST":
        form = PersonEditForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    actor=request.user,  # type: ignore[arg-type]
                    person=person,
                    details=form.details(person.kind),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The details have been saved")
                return redirect("people:detail", person_id=person.pk)
    else:
        form = PersonEditForm(
            initial={
                **{name: getattr(person, name) for name in services.TRACKED_FIELDS},
                "version": person.version,
            }
        )
    return render(request, "people/edit.html", {"form": form, "person": person})


@access(casework)
def add_name(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_change(user=request.user, person_id=person_id)  # type: ignore[arg-type]
    form = PersonNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_name_add(actor=request.user, person=person, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The name has been recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/add_name.html", {"form": form, "person": person})


@access(casework)
def add_address(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_change(user=request.user, person_id=person_id)  # type: ignore[arg-type]
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_address_add(actor=request.user, person=person, address=form.address())  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The address has been recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/add_address.html", {"form": form, "person": person})


@access(casework)
def add_relationship(request: HttpRequest, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = selectors.person_for_change(user=user, person_id=person_id)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    candidates = selectors.relationship_candidates(
        user=user, person=person, name=query, path=request.get_full_path()
    )
    form = RelationshipForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        other = next(p for p in candidates if p.pk == form.cleaned_data["other_person"])
        this_is = form.cleaned_data["direction"] == "this_is"
        try:
            services.relationship_add(
                actor=user,
                from_person=person if this_is else other,
                to_person=other if this_is else person,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The relationship with {other.full_name} has been recorded")
            return redirect("people:network", person_id=person.pk)
    return render(
        request,
        "people/add_relationship.html",
        {"form": form, "person": person, "query": query, "candidates": candidates},
    )


@access(casework)
def add_professional(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_change(user=request.user, person_id=person_id)  # type: ignore[arg-type]
    form = ProfessionalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.professional_add(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                role=data["role"],
                name=data["name"],
                organisation=data["organisation"],
                contact=data["contact"],
                start_date=data["start_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{data['name']} has been added to the professionals")
            return redirect(reverse("people:professionals", kwargs={"person_id": person.pk}))
    return render(request, "people/add_professional.html", {"form": form, "person": person})
