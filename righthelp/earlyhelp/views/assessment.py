"""Early help pages (assessment): the assessment as a task list, each part's page, sign-off, and
the outcome scales scored with the family.

Thin views: reads through ``assessment_selectors`` (404 alike for a missing episode and one the
user may not see or work on), writes through ``assessment_services``. Where one post makes two
writes (a threshold evaluation then the assessment) they share the service's transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from righthelp.core.checkpoint import access, casework
from righthelp.core.formtools import add_service_errors
from righthelp.core.requests import request_user
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp import assessment_selectors as selectors
from righthelp.earlyhelp import assessment_services as services
from righthelp.earlyhelp.assessment_forms import (
    SECTIONS,
    SECTIONS_BY_SLUG,
    AnalysisForm,
    ChildSectionForm,
    CompleteForm,
    DimensionsForm,
    OutcomeScalesForm,
    SafetyForm,
    Section,
    StepUpPromptForm,
    TextSectionForm,
)
from righthelp.earlyhelp.assessment_selectors import AssessmentView
from righthelp.earlyhelp.assessment_services import ThresholdSelection, completion_problems
from righthelp.earlyhelp.models import Assessment, AssessmentStatus, Episode, StepUpChoice
from righthelp.earlyhelp.permissions import can_work_on_episode
from righthelp.thresholds import selectors as threshold_selectors
from righthelp.thresholds.forms import KEY_PREFIX, ThresholdSelectionForm
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import ThresholdEvaluation

THRESHOLD_PREFIX = "threshold"


def _section_status(view: AssessmentView, section: Section) -> bool:
    assessment = view.assessment
    if assessment is None:
        return False
    if section.slug == "dimensions":
        return any(d.strengths or d.needs for d in view.dimensions)
    if section.slug == "analysis":
        return bool(assessment.analysis and assessment.recommended_scale is not None)
    if section.slug == "safety":
        return bool(view.scaling_answers) or any(getattr(assessment, f) for f in section.fields)
    if section.slug == "child":
        return all(entry.voice for entry in view.child_voices if entry.child.kind != "unborn")
    return any(getattr(assessment, f) for f in section.fields)


# --- The assessment page -------------------------------------------------------------------


@access(casework)
def assessment(request: HttpRequest, episode_pk: int) -> HttpResponse:
    view = selectors.assessment_for_episode(
        user=request_user(request), episode_id=episode_pk, path=request.path
    )
    current = view.assessment
    tasks = [(section, _section_status(view, section)) for section in SECTIONS]
    return render(
        request,
        "earlyhelp/assessment.html",
        {
            "view": view,
            "episode": view.episode,
            "assessment": current,
            "is_draft": current is not None and current.status == AssessmentStatus.DRAFT,
            "tasks": tasks,
            "problems": completion_problems(current) if current is not None else {},
        },
    )


@access(casework)
@require_POST
def assessment_start(request: HttpRequest, episode_pk: int) -> HttpResponse:
    episode = selectors.episode_for_assessment(
        user=request_user(request), episode_id=episode_pk, work=True
    )
    try:
        started = services.assessment_start(actor=request_user(request), episode=episode)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("earlyhelp:assessment", episode_pk=episode.pk)
    messages.success(
        request,
        "The assessment has been started from the family's last assessment: update it with them"
        if started.based_on_id
        else "The assessment has been started",
    )
    return redirect("earlyhelp:assessment", episode_pk=episode.pk)


# --- One part of the assessment ------------------------------------------------------------


def _draft_or_404(view: AssessmentView) -> Assessment:
    assessment = view.assessment
    if assessment is None or assessment.status != AssessmentStatus.DRAFT:
        raise Http404
    return assessment


def _threshold_form(
    framework: Framework, data: QueryDict | None, evaluation: ThresholdEvaluation | None
) -> ThresholdSelectionForm:
    """The embedded threshold component, bound to the post or to the evaluation saved with the
    assessment (so the practitioner sees what they ticked last time)."""
    if data is None and evaluation is not None and evaluation.framework_slug == framework.slug:
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
        if evaluation.decided_scale is not None:
            data[name("decided_scale")] = str(evaluation.decided_scale)
        data[name("decided_reason")] = evaluation.decided_reason
    return ThresholdSelectionForm(framework, data, prefix=THRESHOLD_PREFIX)


def _selection(
    framework: Framework, form: ThresholdSelectionForm, saved: ThresholdEvaluation | None
) -> ThresholdSelection | None:
    """What to record: nothing when nothing is ticked or nothing changed since the saved one."""
    data = form.cleaned_data
    decided = data.get("decided_scale")
    if not (data["needs"] or data["strengths"] or decided is not None):
        return None
    inputs = {
        "age_years": data["age_years"],
        "unborn": data["unborn"],
        "disabled": data["disabled"],
        "key_answers": form.key_answers(),
    }
    reason = (data.get("decided_reason") or "").strip()
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
    ):
        return None
    return ThresholdSelection(
        framework=framework,
        needs=data["needs"],
        strengths=data["strengths"],
        severe=data["severe"],
        age_years=data["age_years"],
        unborn=data["unborn"],
        disabled=data["disabled"],
        key_answers=form.key_answers(),
        decided_scale=decided,
        decided_reason=reason,
    )


def _section_form(
    section: Section, data: QueryDict | None, assessment: Assessment, view: AssessmentView
) -> TextSectionForm | DimensionsForm:
    initial: dict[str, Any] = {"version": assessment.version}
    initial.update({name: getattr(assessment, name) for name in section.fields})
    if section.slug == "dimensions":
        initial.update(DimensionsForm.initial_from(assessment.dimensions or {}))
        return DimensionsForm(data, initial=initial)
    if section.slug == "safety":
        initial.update(SafetyForm.initial_from(list(view.scaling_answers)))
        return SafetyForm(
            data, initial=initial, section=section, rows=len(view.scaling_answers) + 1
        )
    if section.slug == "analysis":
        initial["significant_harm_suspected"] = assessment.significant_harm_suspected
        return AnalysisForm(data, initial=initial, section=section)
    if section.slug == "child":
        initial.update({f"voice_{e.child.pk}": e.voice for e in view.child_voices})
        return ChildSectionForm(
            data,
            initial=initial,
            section=section,
            children=[entry.child for entry in view.child_voices],
        )
    return TextSectionForm(data, initial=initial, section=section)


def _save_arguments(
    form: TextSectionForm | DimensionsForm,
    framework: Framework | None,
    threshold_form: ThresholdSelectionForm | None,
    draft: Assessment,
) -> dict[str, Any]:
    """What a valid section form changes, as ``services.assessment_save`` takes it."""
    kwargs: dict[str, Any] = {}
    if isinstance(form, DimensionsForm):
        kwargs["dimensions"] = form.dimensions()
    else:
        kwargs.update(form.texts())
    if isinstance(form, SafetyForm):
        kwargs["scaling_answers"] = form.answers()
    if isinstance(form, ChildSectionForm):
        kwargs["child_voices"] = form.voices()
    if isinstance(form, AnalysisForm) and framework and threshold_form:
        kwargs["significant_harm_suspected"] = form.cleaned_data["significant_harm_suspected"]
        kwargs["threshold"] = _selection(framework, threshold_form, draft.threshold_evaluation)
    return kwargs


def _stale_shown(
    request: HttpRequest,
    form: TextSectionForm | DimensionsForm,
    part: Section,
    draft: Assessment,
    stale: StaleEdit,
) -> list[tuple[Any, str]]:
    """Show what is saved now beside what was typed, and let a deliberate second save go
    ahead against the current version."""
    form.add_error(None, str(stale))
    current = Assessment.objects.get(pk=draft.pk)
    saved_now = [
        (form.fields[name].label, getattr(current, name))
        for name in part.fields
        if name in form.fields
    ]
    posted = request.POST.copy()
    posted["version"] = str(current.version)
    form.data = posted
    return saved_now


def _save_errors(
    form: TextSectionForm | DimensionsForm,
    threshold_form: ThresholdSelectionForm | None,
    error: ValidationError,
) -> None:
    """A refusal on the threshold form when it names one of its fields, else on the section's."""
    if threshold_form is None or not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for field, errors in error.message_dict.items():
        for message in errors:
            if field in threshold_form.fields:
                threshold_form.add_error(field, message)
            else:
                form.add_error(field if field in form.fields else None, message)


@access(casework)
def assessment_section(request: HttpRequest, episode_pk: int, section: str) -> HttpResponse:
    part = SECTIONS_BY_SLUG.get(section)
    if part is None:
        raise Http404
    user = request_user(request)
    view = selectors.assessment_for_episode(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    draft = _draft_or_404(view)
    framework = threshold_selectors.framework_active() if part.slug == "analysis" else None
    threshold_form = None
    saved_now: list[tuple[Any, str]] = []
    if request.method == "POST":
        form = _section_form(part, request.POST, draft, view)
        valid = form.is_valid()
        if framework is not None:
            threshold_form = _threshold_form(framework, request.POST, None)
            valid = threshold_form.is_valid() and valid
        if valid:
            try:
                services.assessment_save(
                    actor=user,
                    assessment=draft,
                    expected_version=form.cleaned_data["version"],
                    **_save_arguments(form, framework, threshold_form, draft),
                )
            except StaleEdit as stale:
                saved_now = _stale_shown(request, form, part, draft, stale)
            except ValidationError as error:
                _save_errors(form, threshold_form, error)
            else:
                messages.success(request, f"{part.title}: saved")
                prompt = selectors.open_step_up_prompt(draft)
                if isinstance(form, SafetyForm) and prompt is not None:
                    return redirect(
                        "earlyhelp:assessment-step-up-prompt",
                        episode_pk=view.episode.pk,
                        prompt_pk=prompt.pk,
                    )
                return redirect("earlyhelp:assessment", episode_pk=view.episode.pk)
    else:
        form = _section_form(part, None, draft, view)
        if framework is not None:
            threshold_form = _threshold_form(framework, None, draft.threshold_evaluation)
    return render(
        request,
        "earlyhelp/assessment_section.html",
        {
            "view": view,
            "episode": view.episode,
            "assessment": draft,
            "section": part,
            "form": form,
            "threshold_form": threshold_form,
            "framework": framework,
            "saved_now": saved_now,
        },
    )


# --- Sign-off ------------------------------------------------------------------------------


@access(casework)
def assessment_complete(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Check and sign off; someone who may not sign it off sends it to the managers who may."""
    user = request_user(request)
    view = selectors.assessment_for_episode(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    draft = _draft_or_404(view)
    refusal = services.sign_off_refusal(user, draft)
    if request.method == "POST":
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_complete(
                    actor=user, assessment=draft, expected_version=form.cleaned_data["version"]
                )
            except StaleEdit as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "The assessment has been signed off")
                return redirect("earlyhelp:assessment", episode_pk=view.episode.pk)
    else:
        form = CompleteForm(initial={"version": draft.version})
    return render(
        request,
        "earlyhelp/assessment_complete.html",
        {
            "view": view,
            "episode": view.episode,
            "assessment": draft,
            "form": form,
            "problems": completion_problems(draft),
            "sections": SECTIONS,
            "refusal": refusal,
        },
    )


@access(casework)
@require_POST
def assessment_sign_off_request(request: HttpRequest, episode_pk: int) -> HttpResponse:
    """Send the assessment to the managers who could sign it off."""
    user = request_user(request)
    view = selectors.assessment_for_episode(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    draft = _draft_or_404(view)
    form = CompleteForm(request.POST)
    expected = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.assessment_sign_off_request(
            actor=user, assessment=draft, expected_version=expected
        )
    except (ValidationError, StaleEdit) as error:
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            messages.error(request, message)
        return redirect("earlyhelp:assessment-complete", episode_pk=view.episode.pk)
    messages.success(request, "The assessment has been sent to a manager to sign off")
    return redirect("earlyhelp:assessment", episode_pk=view.episode.pk)


# --- A worry score of 0 or 1: consider stepping up -----------------------------------------


@access(casework)
def assessment_step_up_prompt(
    request: HttpRequest, episode_pk: int, prompt_pk: int
) -> HttpResponse:
    user = request_user(request)
    view = selectors.assessment_for_episode(
        user=user, episode_id=episode_pk, path=request.path, work=True
    )
    prompt = next((p for p in view.step_up_prompts if p.pk == prompt_pk), None)
    if prompt is None:
        raise Http404
    if request.method == "POST" and prompt.answered_at is None:
        form = StepUpPromptForm(request.POST)
        if form.is_valid():
            try:
                answered = services.step_up_prompt_answer(
                    actor=user,
                    prompt=prompt,
                    choice=form.cleaned_data["choice"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if answered.choice == StepUpChoice.STEP_UP:
                    messages.success(
                        request,
                        "Recorded: stepping up now. Record your consultation with the locality "
                        "social worker",
                    )
                    return redirect("earlyhelp:step-up", episode_id=view.episode.pk)
                messages.success(request, "Recorded: not stepping up now, with your reason")
                return redirect("earlyhelp:assessment", episode_pk=view.episode.pk)
    elif request.method == "POST":
        raise Http404
    else:
        form = StepUpPromptForm()
    return render(
        request,
        "earlyhelp/assessment_step_up_prompt.html",
        {
            "view": view,
            "episode": view.episode,
            "assessment": view.assessment,
            "prompt": prompt,
            "form": form,
            "scale": services.prompt_scale(),
        },
    )


# --- Outcome scales ------------------------------------------------------------------------

CHART_WIDTH = 240
CHART_HEIGHT = 60


def _chart(points: list[int]) -> dict[str, Any]:
    """Coordinates for a small inline SVG line of scores 1-10 (decoration beside the table)."""
    if not points:
        return {"polyline": "", "dots": []}
    step = CHART_WIDTH / max(len(points) - 1, 1)
    coords = [
        (round(8 + i * step, 1), round(CHART_HEIGHT - 6 * s + 4, 1)) for i, s in enumerate(points)
    ]
    return {
        "polyline": " ".join(f"{x},{y}" for x, y in coords),
        "dots": [{"x": x, "y": y} for x, y in coords],
    }


@access(casework)
def outcome_scales(request: HttpRequest, episode_pk: int) -> HttpResponse:
    user = request_user(request)
    episode: Episode = selectors.episode_for_assessment(
        user=user, episode_id=episode_pk, work=request.method == "POST"
    )
    areas = services.outcome_areas()
    if request.method == "POST":
        form = OutcomeScalesForm(request.POST, areas=areas)
        if form.is_valid():
            try:
                services.outcome_scales_score(
                    actor=user,
                    episode=episode,
                    occasion=form.cleaned_data["occasion"],
                    scores=form.scores(),
                    measured_on=form.cleaned_data["measured_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The outcome scales have been saved")
                return redirect("earlyhelp:outcome-scales", episode_pk=episode.pk)
    else:
        form = OutcomeScalesForm(areas=areas)
    series = selectors.outcome_score_series(user=user, episode=episode, path=request.path)
    rows = [
        {
            "series": area,
            "chart": _chart([p.score for p in area.points]),
        }
        for area in series
    ]
    return render(
        request,
        "earlyhelp/outcome_scales.html",
        {
            "episode": episode,
            "form": form,
            "rows": rows,
            "scored": any(area.points for area in series),
            "can_work": can_work_on_episode(user, episode),
            "chart_width": CHART_WIDTH + 16,
            "chart_height": CHART_HEIGHT + 8,
        },
    )


urlpatterns: list[URLPattern] = [
    path("episodes/<int:episode_pk>/assessment/", assessment, name="assessment"),
    path("episodes/<int:episode_pk>/assessment/start/", assessment_start, name="assessment-start"),
    path(
        "episodes/<int:episode_pk>/assessment/sign-off/",
        assessment_complete,
        name="assessment-complete",
    ),
    path(
        "episodes/<int:episode_pk>/assessment/send-for-sign-off/",
        assessment_sign_off_request,
        name="assessment-sign-off-request",
    ),
    path(
        "episodes/<int:episode_pk>/assessment/step-up-prompt/<int:prompt_pk>/",
        assessment_step_up_prompt,
        name="assessment-step-up-prompt",
    ),
    path(
        "episodes/<int:episode_pk>/assessment/<slug:section>/",
        assessment_section,
        name="assessment-section",
    ),
    path("episodes/<int:episode_pk>/outcome-scales/", outcome_scales, name="outcome-scales"),
]
