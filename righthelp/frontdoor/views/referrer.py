"""Pages for practitioners raising and following requests: a request for support (find or add
the child, the draft with the family network and the threshold selection, check and send, the
confirmation), "My requests", "Is this child known?" and anonymous consultations.

Thin views: reads through ``selectors``, writes through ``services``. Where one post makes
two writes (a child added then the draft saved; a threshold evaluation then the draft), they
share a savepoint so a refusal of the second undoes the first.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.consent import services as consent_services
from righthelp.core.checkpoint import access, casework
from righthelp.core.forms import format_govuk_date
from righthelp.core.formtools import add_service_errors, page_number
from righthelp.core.requests import request_user
from righthelp.core.services import (
    StaleEdit,
    new_submission_key,
    submission_claim,
    submission_complete,
)
from righthelp.frontdoor import selectors, services
from righthelp.frontdoor.forms import (
    GENERIC_LEVELS,
    ChildAddForm,
    ChildPickForm,
    ChildSearchForm,
    ConsultationForm,
    KnownCheckForm,
    RequestForm,
    SendForm,
)
from righthelp.frontdoor.models import (
    Contact,
    ContactStatus,
    ContactSubject,
    SubjectRole,
    Urgency,
)
from righthelp.frontdoor.services import SubjectDetails
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
from righthelp.matching.selectors import Candidate, SearchResult
from righthelp.people import selectors as people_selectors
from righthelp.people import services as people_services
from righthelp.people.models import Person, PersonKind
from righthelp.people.selectors import NetworkMember, PeopleSearch
from righthelp.thresholds import selectors as threshold_selectors
from righthelp.thresholds import services as threshold_services
from righthelp.thresholds.forms import KEY_PREFIX, ThresholdSelectionForm
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import ThresholdEvaluation

THRESHOLD_PREFIX = "threshold"
CANDIDATES_SHOWN = 20


# --- Helpers: the draft as it is --------------------------------------------------------------


def _as_details(subject: ContactSubject, **changes: Any) -> SubjectDetails:
    values: dict[str, Any] = {
        "role": subject.role,
        "person": subject.person,
        "given_name": subject.given_name,
        "family_name": subject.family_name,
        "date_of_birth": subject.date_of_birth,
        "address": subject.address,
        "postcode": subject.postcode,
        "concern_applies": subject.concern_applies,
    }
    values.update(changes)
    return SubjectDetails(**values)


def _fields_as_saved(contact: Contact) -> dict[str, Any]:
    return {
        "worry": contact.worry,
        "what_tried": contact.what_tried,
        "child_views": contact.child_views,
        "urgency": contact.urgency,
        "referrer_view_scale": contact.referrer_view_scale,
        "family_knows": contact.family_knows,
        "threshold_evaluation": contact.threshold_evaluation,
    }


def _subjects(contact: Contact) -> list[ContactSubject]:
    return list(contact.subjects.select_related("person"))


def _draft_with_child(actor: User, contact: Contact | None, person: Person, key: Any) -> Contact:
    """A new draft about ``person``, or ``person`` added to an existing draft (idempotent)."""
    child = SubjectDetails(role=SubjectRole.CHILD, person=person)
    if contact is None:
        return services.request_save(actor=actor, subjects=[child], worry="", submission_key=key)
    subjects = _subjects(contact)
    children = [s for s in subjects if s.role == SubjectRole.CHILD]
    if any(s.person_id == person.pk for s in children):
        return contact
    others = [s for s in subjects if s.role != SubjectRole.CHILD and s.person_id != person.pk]
    return services.request_save(
        actor=actor,
        contact=contact,
        subjects=[*(_as_details(s) for s in children), child, *(_as_details(s) for s in others)],
        **_fields_as_saved(contact),
    )


def _network(request: HttpRequest, children: list[ContactSubject]) -> list[NetworkMember]:
    """Think Family: everyone in the chosen children's households and networks, once each.

    Each child's record is read through ``person_record`` (logged, with the network's names);
    a child the user can no longer see contributes nobody.
    """
    child_ids = {s.person_id for s in children if s.person_id}
    members: dict[int, NetworkMember] = {}
    for subject in children:
        if subject.person_id is None:
            continue
        try:
            record = people_selectors.person_record(
                user=request_user(request), person_id=subject.person_id, path=request.path
            )
        except Http404:
            continue
        for member in record.network.everyone:
            pk = member.person.pk
            if pk not in child_ids and pk not in members:
                members[pk] = member
    return list(members.values())


def _network_role(person: Person) -> str:
    return SubjectRole.ADULT if person.kind == PersonKind.ADULT else SubjectRole.OTHER_CHILD


# --- Helpers: the threshold selection ------------------------------------------------------


def _threshold_form(
    framework: Framework, data: QueryDict | None, evaluation: ThresholdEvaluation | None = None
) -> ThresholdSelectionForm:
    """The embedded component, bound to the post, or to the evaluation saved with the draft."""
    if (
        data is None
        and evaluation is not None
        and evaluation.framework_slug == framework.slug
        and (evaluation.needs or evaluation.strengths)
    ):
        data = QueryDict(mutable=True)
        name = f"{THRESHOLD_PREFIX}-{{}}".format
        data.setlist(name("needs"), list(evaluation.needs))
        data.setlist(name("strengths"), list(evaluation.strengths))
        data.setlist(name("severe"), list(evaluation.severe))
        inputs = evaluation.inputs or {}
        if inputs.get("age_years") is not None:
            data[name("age_years")] = str(inputs["age_years"])
        for flag in ("unborn", "disabled"):
            if inputs.get(flag):
                data[name(flag)] = "on"
        for question, answer in (inputs.get("key_answers") or {}).items():
            data[name(f"{KEY_PREFIX}{question}")] = answer
    return ThresholdSelectionForm(framework, data, with_decision=False, prefix=THRESHOLD_PREFIX)


def _threshold_ticked(form: ThresholdSelectionForm) -> bool:
    return bool(form.raw_ids("needs") or form.raw_ids("strengths"))


def _evaluation(
    actor: User,
    contact: Contact,
    framework: Framework,
    threshold_form: ThresholdSelectionForm,
    form: RequestForm,
    person_ids: list[int],
) -> ThresholdEvaluation | None:
    """The threshold evaluation to keep with the draft: none when nothing is ticked, the saved
    one when nothing changed, else a new record (``thresholds.services.evaluation_record``)."""
    data = threshold_form.cleaned_data
    if not (data["needs"] or data["strengths"]):
        return None
    decided = None if framework.is_vocabulary else form.cleaned_data["referrer_view_scale"]
    reason = form.cleaned_data["level_reason"].strip() if decided is not None else ""
    inputs = {
        "age_years": data["age_years"],
        "unborn": data["unborn"],
        "disabled": data["disabled"],
        "key_answers": threshold_form.key_answers(),
    }
    saved = contact.threshold_evaluation
    if (
        saved is not None
        and saved.framework_slug == framework.slug
        and saved.framework_version == framework.version
        and saved.needs == sorted(set(data["needs"]))
        and saved.strengths == sorted(set(data["strengths"]))
        and saved.severe == sorted(set(data["severe"]))
        and saved.inputs == inputs
        and saved.decided_scale == decided
        and saved.decided_reason == reason
        and saved.person_ids == sorted(set(person_ids))
    ):
        return saved
    return threshold_services.evaluation_record(
        actor=actor,
        framework=framework,
        needs=data["needs"],
        strengths=data["strengths"],
        severe=data["severe"],
        age_years=data["age_years"],
        unborn=data["unborn"],
        disabled=data["disabled"],
        key_answers=threshold_form.key_answers(),
        decided_scale=decided,
        decided_reason=reason,
        person_ids=person_ids,
        context=f"request-for-support:{contact.pk}",
    )


def _show_request_errors(
    error: ValidationError, form: RequestForm, threshold_form: ThresholdSelectionForm
) -> None:
    """A refusal from the draft or evaluation services, on the field it is about."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    to_form = {"decided_reason": "level_reason", "decided_scale": "referrer_view_scale"}
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            if field in threshold_form.fields and field not in form.fields:
                threshold_form.add_error(field, message)
            else:
                target = to_form.get(field, field)
                form.add_error(target if target in form.fields else None, message)


# --- Request for support: find or add the child --------------------------------------------


def _is_child(candidate: Candidate) -> bool:
    """Whether a page asking for a child offers this candidate: children and unborn babies."""
    return bool(candidate.person.kind != PersonKind.ADULT)


def _children(result: SearchResult) -> SearchResult:
    """The candidates a page asking for a child offers."""
    return only(result, _is_child)


def _search_data(request: HttpRequest, query: str, checked: MatchQuery | None) -> dict[str, Any]:
    """The search form's data: the query string on a search, or (after a post) the name and
    the date of birth the page searched by, so the search box shows what was searched."""
    if request.method != "POST":
        return request.GET.dict()
    data: dict[str, Any] = {"q": query}
    if checked is not None and checked.date_of_birth is not None:
        born = checked.date_of_birth
        data.update(
            {
                "date_of_birth-day": born.day,
                "date_of_birth-month": born.month,
                "date_of_birth-year": born.year,
            }
        )
    return data


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


# --- Request for support: the draft ----------------------------------------------------------


@access(casework)
def request_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    contact = selectors.draft_for_change(user=user, contact_id=contact_id)
    subjects = _subjects(contact)
    children = [s for s in subjects if s.role == SubjectRole.CHILD]
    removing: ContactSubject | None = None
    if request.method == "POST" and request.POST.get("remove_child"):
        removing = next((s for s in children if str(s.pk) == request.POST["remove_child"]), None)
        children = [s for s in children if s is not removing]
    network = _network(request, children)
    framework = threshold_selectors.framework_active()
    if request.method == "POST":
        form = RequestForm(request.POST, network=network, framework=framework)
        threshold_form = _threshold_form(framework, request.POST)
        forms_valid = form.is_valid()
        forms_valid = threshold_form.is_valid() and forms_valid
        if forms_valid:
            data = form.cleaned_data
            applies = set(data["concern_applies"])
            details = [_as_details(s) for s in children] + [
                SubjectDetails(
                    role=_network_role(m.person),
                    person=m.person,
                    concern_applies=m.person.pk in applies,
                )
                for m in network
            ]
            try:
                with transaction.atomic():
                    evaluation = _evaluation(
                        user,
                        contact,
                        framework,
                        threshold_form,
                        form,
                        [s.person_id for s in children if s.person_id],
                    )
                    services.request_save(
                        actor=user,
                        contact=contact,
                        expected_version=data["version"],
                        subjects=details,
                        worry=data["worry"],
                        what_tried=data["what_tried"],
                        child_views=data["child_views"],
                        urgency=data["urgency"],
                        referrer_view_scale=data["referrer_view_scale"],
                        family_knows=data["family_knows"],
                        threshold_evaluation=evaluation,
                    )
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                _show_request_errors(error, form, threshold_form)
            else:
                if removing is not None:
                    messages.success(request, f"{removing} has been removed from the request")
                    return redirect("frontdoor:request-edit", contact_id=contact.pk)
                if "add_child" in request.POST:
                    return redirect("frontdoor:request-children", contact_id=contact.pk)
                if request.POST.get("action") == "continue":
                    return redirect("frontdoor:request-submit", contact_id=contact.pk)
                messages.success(request, "Your draft request has been saved")
                return redirect("frontdoor:request-edit", contact_id=contact.pk)
    else:
        form = RequestForm(
            initial={
                "version": contact.version,
                "concern_applies": [
                    str(s.person_id)
                    for s in subjects
                    if s.role != SubjectRole.CHILD and s.concern_applies and s.person_id
                ],
                "worry": contact.worry,
                "what_tried": contact.what_tried,
                "child_views": contact.child_views,
                "urgency": contact.urgency,
                "referrer_view_scale": contact.referrer_view_scale,
                "level_reason": (
                    contact.threshold_evaluation.decided_reason
                    if contact.threshold_evaluation
                    else ""
                ),
                "family_knows": {True: "yes", False: "no"}.get(contact.family_knows),  # type: ignore[arg-type]
            },
            network=network,
            framework=framework,
        )
        threshold_form = _threshold_form(framework, None, contact.threshold_evaluation)
    return render(
        request,
        "frontdoor/referrer_request_edit.html",
        {
            "contact": contact,
            "children": children,
            "form": form,
            "threshold_form": threshold_form,
            "threshold_open": threshold_form.is_bound
            and (bool(threshold_form.errors) or _threshold_ticked(threshold_form)),
            "framework": framework,
            "significant_harm": Urgency.SIGNIFICANT_HARM,
        },
    )


# --- Request for support: check your answers and send ---------------------------------------


def _evaluation_summary(evaluation: ThresholdEvaluation | None) -> dict[str, Any] | None:
    if evaluation is None:
        return None
    try:
        framework = threshold_selectors.framework_at(
            evaluation.framework_slug, evaluation.framework_version
        )
    except Http404:
        return {"evaluation": evaluation, "framework": None, "needs": [], "strengths": []}

    def texts(ids: list[str]) -> list[str]:
        return [framework.indicator(i).text for i in ids if framework.has_indicator(i)]

    level = None
    if evaluation.suggested_scale is not None and not framework.is_vocabulary:
        level = framework.level(evaluation.suggested_scale)
    return {
        "evaluation": evaluation,
        "framework": framework,
        "level": level,
        "needs": texts(evaluation.needs),
        "strengths": texts(evaluation.strengths),
    }


def _described(subject: ContactSubject) -> str:
    born = subject.person.date_of_birth if subject.person else subject.date_of_birth
    return f"{subject}, born {format_govuk_date(born)}" if born else str(subject)


def _level_label(scale: int | None) -> str:
    if scale is None:
        return ""
    framework = threshold_selectors.framework_active()
    if not framework.is_vocabulary:
        try:
            return f"Level {scale}: {framework.level(scale).name}"
        except KeyError:
            pass
    return f"Level {scale}: {GENERIC_LEVELS.get(scale, '')}".rstrip(": ")


def _show_send_errors(error: ValidationError, form: SendForm) -> None:
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    to_form = {"lawful_basis": "reasons", "basis": "reasons"}
    for field, messages_ in error.message_dict.items():
        target = to_form.get(field, field)
        for message in messages_:
            form.add_error(target if target in form.fields else None, message)


@access(casework)
def request_submit(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        contact = selectors.draft_for_change(user=user, contact_id=contact_id)
    except Http404:
        # Sent already (a second click, or the back button): show where it went.
        sent = selectors.contact_record(user=user, contact_id=contact_id, path=request.path)
        if sent.contact.referrer_id != user.pk:
            raise
        return redirect("frontdoor:request-sent", contact_id=sent.contact.pk)
    subjects = _subjects(contact)
    children = [s.person for s in subjects if s.role == SubjectRole.CHILD and s.person]
    child_too = consent_services.child_consent_asked()
    if request.method == "POST":
        form = SendForm(request.POST, children=children, child_too=child_too)
        if form.is_valid():
            try:
                services.request_submit(
                    actor=user,
                    contact=contact,
                    expected_version=form.cleaned_data["version"],
                    consent=form.consent_details(),
                    lawful_basis=form.lawful_basis_details(),
                )
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                _show_send_errors(error, form)
            else:
                return redirect("frontdoor:request-sent", contact_id=contact.pk)
    else:
        form = SendForm(
            initial={"version": contact.version}, children=children, child_too=child_too
        )
    others = [s for s in subjects if s.role != SubjectRole.CHILD]
    return render(
        request,
        "frontdoor/referrer_request_check.html",
        {
            "contact": contact,
            "children": [_described(s) for s in subjects if s.role == SubjectRole.CHILD],
            "touched": [
                f"{s} ({s.get_role_display().lower()})" for s in others if s.concern_applies
            ],
            "untouched": [str(s) for s in others if not s.concern_applies],
            "level_label": _level_label(contact.referrer_view_scale),
            "threshold": _evaluation_summary(contact.threshold_evaluation),
            "form": form,
            "significant_harm": contact.urgency == Urgency.SIGNIFICANT_HARM,
            "competence_age": consent_services.competence_age(),
        },
    )


@access(casework)
def request_sent(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = request_user(request)
    record = selectors.contact_record(user=user, contact_id=contact_id, path=request.path)
    contact = record.contact
    if contact.referrer_id != user.pk:
        raise Http404
    if contact.status == ContactStatus.DRAFT:
        return redirect("frontdoor:request-edit", contact_id=contact.pk)
    return render(
        request,
        "frontdoor/referrer_request_sent.html",
        {"contact": contact, "significant_harm": contact.urgency == Urgency.SIGNIFICANT_HARM},
    )


# --- My requests -----------------------------------------------------------------------------


@access(casework)
def my_requests(request: HttpRequest) -> HttpResponse:
    page = selectors.my_requests(
        user=request_user(request),
        page_number=page_number(request.GET.get("page")),
        path=request.get_full_path(),
    )
    return render(
        request,
        "frontdoor/referrer_my_requests.html",
        {"page_obj": page, "now": timezone.now()},
    )


# --- Is this child known? --------------------------------------------------------------------


@access(casework)
def known_check(request: HttpRequest) -> HttpResponse:
    # A post, not a query string: names and dates of birth stay out of addresses and logs.
    form = KnownCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer = selectors.known_check(
                user=request_user(request),
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                expected_date_of_birth=data["expected_date_of_birth"],
                nhs_number=data["nhs_number"],
                path=request.path,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            return render(request, "frontdoor/referrer_known_answer.html", {"answer": answer})
    return render(request, "frontdoor/referrer_known_check.html", {"form": form})


# --- Anonymous consultations -----------------------------------------------------------------


@access(casework)
def consultations(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # The front door's own list is in views/triage.py; here, only what this user asked.
    asked = selectors.consultations_for(user).filter(asked_by=user)
    page = Paginator(asked, 25).get_page(page_number(request.GET.get("page")))
    return render(request, "frontdoor/referrer_consultations.html", {"page_obj": page})


def _show_consultation_errors(
    error: ValidationError, form: ConsultationForm, threshold_form: ThresholdSelectionForm
) -> None:
    """A refusal of the consultation service, on the field it is about: the question, or an
    answer in the threshold selection (which then opens, so the answer is seen)."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            if field in threshold_form.fields and field not in form.fields:
                threshold_form.add_error(field, message)
            else:
                form.add_error(field if field in form.fields else None, message)


@access(casework)
def consultation_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    framework = threshold_selectors.framework_active()
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        threshold_form = ThresholdSelectionForm(
            framework, request.POST, with_decision=False, prefix=THRESHOLD_PREFIX
        )
        forms_valid = form.is_valid()
        forms_valid = threshold_form.is_valid() and forms_valid
        if forms_valid:
            key = form.cleaned_data["submission_key"]
            try:
                with transaction.atomic():
                    if submission_claim(key=key, user=user, purpose="consultation_ask") is None:
                        evaluation = None
                        if _threshold_ticked(threshold_form):
                            evaluation = threshold_form.record(user, context="consultation")
                        consultation = services.consultation_ask(
                            actor=user,
                            question=form.cleaned_data["question"],
                            threshold_evaluation=evaluation,
                        )
                        submission_complete(key=key, result_id=consultation.pk)
            except ValidationError as error:
                if not threshold_form.errors:
                    _show_consultation_errors(error, form, threshold_form)
            else:
                messages.success(request, "Your question has been sent to the front door")
                return redirect("frontdoor:consultations")
    else:
        form = ConsultationForm(initial={"submission_key": new_submission_key()})
        threshold_form = ThresholdSelectionForm(
            framework, None, with_decision=False, prefix=THRESHOLD_PREFIX
        )
    return render(
        request,
        "frontdoor/referrer_consultation_new.html",
        {
            "form": form,
            "threshold_form": threshold_form,
            "threshold_open": threshold_form.is_bound
            and (bool(threshold_form.errors) or _threshold_ticked(threshold_form)),
        },
    )


urlpatterns = [
    path("requests/", my_requests, name="my-requests"),
    path("requests/new/", request_new, name="request-new"),
    path("requests/<int:contact_id>/", request_edit, name="request-edit"),
    path("requests/<int:contact_id>/children/", request_children, name="request-children"),
    path("requests/<int:contact_id>/send/", request_submit, name="request-submit"),
    path("requests/<int:contact_id>/sent/", request_sent, name="request-sent"),
    path("is-this-child-known/", known_check, name="known-check"),
    path("consultations/", consultations, name="consultations"),
    path("consultations/new/", consultation_new, name="consultation-new"),
]
