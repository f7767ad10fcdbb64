"""People pages: thin views over ``selectors`` (reads) and ``services`` (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from righthelp.chronology import views as chronology_views
from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.services import StaleEdit, new_submission_key
from righthelp.matching.selectors import SearchResult, match_candidates
from righthelp.matching.services import match_none_record
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
from righthelp.people.selectors import PeopleSearch


@access(casework)
def search(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = PeopleSearch(
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            postcode=data["postcode"],
            kind=data["kind"],
        )
    elif not form.is_bound:
        criteria = PeopleSearch()
    else:
        criteria = None
    if criteria is not None:
        page = selectors.people_search(
            user=request.user,  # type: ignore[arg-type]
            search=criteria,
            page_number=page_number(request.GET.get("page")),
            path=request.get_full_path(),
        )
    template = "people/_results.html" if request.htmx else "people/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page_obj": page})


def _record_page(request: HttpRequest, person_id: int, tab: str) -> HttpResponse:
    """The summary, family network and professionals tabs all show one logged record read."""
    record = selectors.person_record(
        user=request.user,  # type: ignore[arg-type]
        person_id=person_id,
        path=request.path,
    )
    return render(
        request,
        f"people/{tab if tab != 'summary' else 'detail'}.html",
        {"record": record, "person": record.person, "tab": tab},
    )


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


def _possible_matches(request: HttpRequest, form: PersonCreateForm) -> SearchResult:
    data = form.cleaned_data
    return match_candidates(
        user=request.user,  # type: ignore[arg-type]
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"],
        sex=data["sex"],
        postcode=data.get("postcode", ""),
        nhs_number=data["nhs_number"],
        upn=data["upn"],
        path=request.path,
    )


@access(casework)
def create(request: HttpRequest) -> HttpResponse:
    """Add a person, searching first: likely existing records are shown (with how they match)
    before a new one is made, and "none of these" is recorded."""
    matches: SearchResult | None = None
    if request.method == "POST":
        form = PersonCreateForm(request.POST)
        if form.is_valid():
            confirmed = request.POST.get("none_of_these") == "yes"
            matches = _possible_matches(request, form)
            if (matches.candidates or matches.hidden) and not confirmed:
                return render(request, "people/create.html", {"form": form, "matches": matches})
            try:
                person = services.person_create(
                    actor=request.user,  # type: ignore[arg-type]
                    details=form.details(form.cleaned_data["kind"]),
                    involvement=services.Involvement(role=form.cleaned_data["involvement_role"]),
                    address=form.address(),
                    submission_key=form.cleaned_data.get("submission_key"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if confirmed:
                    match_none_record(
                        actor=request.user,  # type: ignore[arg-type]
                        candidate_ids=[c.person.pk for c in matches.candidates],
                        details={"family_name": form.cleaned_data["family_name"]},
                    )
                messages.success(request, f"{person.full_name} has been added")
                return redirect("people:detail", person_id=person.pk)
    else:
        form = PersonCreateForm(initial={"submission_key": new_submission_key()})
    return render(request, "people/create.html", {"form": form, "matches": matches})


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
    user = request.user
    person = selectors.person_for_change(user=user, person_id=person_id)  # type: ignore[arg-type]
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    candidates = selectors.relationship_candidates(
        user=user,
        person=person,
        name=query,
        path=request.get_full_path(),  # type: ignore[arg-type]
    )
    form = RelationshipForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        other = next(p for p in candidates if p.pk == form.cleaned_data["other_person"])
        this_is = form.cleaned_data["direction"] == "this_is"
        try:
            services.relationship_add(
                actor=user,  # type: ignore[arg-type]
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
