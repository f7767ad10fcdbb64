"""What the referrer's pages share: the draft's people and network, the threshold and its
evaluation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, QueryDict

from righthelp.accounts.models import User
from righthelp.core.forms import format_govuk_date
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.frontdoor import services
from righthelp.frontdoor.forms import (
    GENERIC_LEVELS,
    RequestForm,
)
from righthelp.frontdoor.models import (
    Contact,
    ContactSubject,
    SubjectRole,
)
from righthelp.frontdoor.services import SubjectDetails
from righthelp.matching.search_first import (
    MatchQuery,
    only,
)
from righthelp.matching.selectors import Candidate, SearchResult
from righthelp.people import selectors as people_selectors
from righthelp.people.models import Person, PersonKind
from righthelp.people.selectors import NetworkMember
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
