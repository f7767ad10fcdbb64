"""The govuk template tags, the page template and the service context processor."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import include, path

from righthelp.core.context_processors import service
from righthelp.core.forms import GovukDateField, GovukForm
from righthelp.core.templatetags.govuk import page_numbers


class ReferralForm(GovukForm):
    name = forms.CharField(label="Full name", help_text="As it appears on official documents")
    email = forms.EmailField(label="Email address", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agency = forms.ChoiceField(
        label="Agency", choices=[("", "Choose"), ("school", "School"), ("police", "Police")]
    )
    consent = forms.ChoiceField(
        label="Has the family consented?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=[("housing", "Housing"), ("health", "Health")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgent = forms.BooleanField(label="This referral is urgent", required=False)
    date_of_birth = GovukDateField(label="Date of birth", allow_future=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("agency") == "police" and not cleaned.get("email"):
            raise forms.ValidationError("Police referrals need an email address")
        return cleaned


VALID = {
    "name": "Sam Smith",
    "email": "",
    "notes": "",
    "agency": "school",
    "consent": "yes",
    "urgent": "",
    "date_of_birth-day": "1",
    "date_of_birth-month": "2",
    "date_of_birth-year": "2015",
}


def render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


# --- govuk_error_summary ---------------------------------------------------------------------


def test_error_summary_renders_nothing_without_errors() -> None:
    assert render("{% govuk_error_summary form %}", form=ReferralForm()).strip() == ""
    assert render("{% govuk_error_summary form %}", form=ReferralForm(VALID)).strip() == ""


def test_error_summary_links_each_error_to_its_input() -> None:
    form = ReferralForm(
        {**VALID, "name": "", "consent": "", "date_of_birth-month": "", "agency": "police"}
    )
    html = squash(render("{% govuk_error_summary form %}", form=form))
    assert 'class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1"' in html
    assert '<div role="alert">' in html
    assert "There is a problem" in html
    assert '<a href="#id_name">This field is required.</a>' in html
    # Radios link to the first radio, a date to the first part in error.
    assert '<a href="#id_consent_0">' in html
    assert '<a href="#id_date_of_birth-month">Date of birth must include a month</a>' in html
    # Non-field errors are listed first, without a link.
    assert "<li>Police referrals need an email address</li>" in html
    assert html.index("Police referrals") < html.index("#id_name")


def test_error_summary_links_a_whole_date_error_to_the_day_input() -> None:
    form = ReferralForm({**VALID, "date_of_birth-day": "31", "date_of_birth-month": "2"})
    html = render("{% govuk_error_summary form %}", form=form)
    assert '<a href="#id_date_of_birth-day">Date of birth must be a real date</a>' in html


def test_error_summary_respects_form_prefix() -> None:
    form = ReferralForm({"child-name": ""}, prefix="child")
    html = render("{% govuk_error_summary form %}", form=form)
    assert 'href="#id_child-name"' in html


# --- govuk_field ---------------------------------------------------------------------------


def test_text_input_with_hint_and_no_errors() -> None:
    html = squash(render("{% govuk_field form.name %}", form=ReferralForm()))
    assert '<div class="govuk-form-group">' in html
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert (
        '<div id="id_name-hint" class="govuk-hint">As it appears on official documents</div>'
        in html
    )
    assert 'class="govuk-input"' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert "govuk-error-message" not in html


def test_text_input_with_error_keeps_what_was_typed() -> None:
    form = ReferralForm({**VALID, "email": "not an email"})
    assert not form.is_valid()
    html = squash(render("{% govuk_field form.email %}", form=form))
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert (
        '<p id="id_email-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter a valid email address.</p>'
    ) in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'value="not an email"' in html
    assert 'aria-describedby="id_email-error"' in html


def test_hint_and_error_both_described() -> None:
    form = ReferralForm({**VALID, "name": ""})
    form.is_valid()
    html = render("{% govuk_field form.name %}", form=form)
    assert 'aria-describedby="id_name-hint id_name-error"' in html


def test_label_class_width_and_page_heading() -> None:
    html = squash(
        render(
            '{% govuk_field form.name label_class="govuk-label--l" width="govuk-input--width-20" '
            "is_page_heading=True %}",
            form=ReferralForm(),
        )
    )
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" '
        'for="id_name">Full name</label></h1>'
    ) in html
    assert 'class="govuk-input govuk-input--width-20"' in html


def test_textarea_and_select_classes_and_values() -> None:
    form = ReferralForm({**VALID, "notes": "Met <b>mum</b>", "agency": ""})
    form.is_valid()
    notes = render("{% govuk_field form.notes %}", form=form)
    assert 'class="govuk-textarea govuk-js-character-count"' in notes
    assert "Met &lt;b&gt;mum&lt;/b&gt;" in notes
    agency = render("{% govuk_field form.agency %}", form=form)
    assert 'class="govuk-select govuk-select--error"' in agency


# --- Long text: the limit said, counted and enforced by the server ---------------------------


class NoteForm(GovukForm):
    summary = forms.CharField(label="Summary", widget=forms.Textarea, max_length=20)
    question = forms.CharField(label="What happened?", widget=forms.Textarea, required=False)
    name = forms.CharField(label="Name", max_length=5, required=False)


class PlainNoteForm(forms.Form):
    summary = forms.CharField(label="Summary", widget=forms.Textarea, max_length=20)


def test_a_long_text_box_states_its_limit_as_the_govuk_character_count() -> None:
    html = squash(render("{% govuk_field form.summary %}", form=NoteForm()))
    assert (
        '<div class="govuk-form-group govuk-character-count" '
        'data-module="govuk-character-count" data-maxlength="20">'
    ) in html
    assert (
        '<div id="id_summary-info" class="govuk-hint govuk-character-count__message">'
        "You can enter up to 20 characters</div>"
    ) in html
    assert 'aria-describedby="id_summary-info"' in html


def test_no_field_lets_the_browser_cut_off_what_is_typed() -> None:
    # A maxlength attribute makes the browser drop, without a word, what goes past it.
    for form in (NoteForm(), PlainNoteForm()):
        for name in form.fields:
            html = render("{% govuk_field field %}", field=form[name])
            assert " maxlength=" not in html


@override_settings(RIGHTHELP_LONG_TEXT_LIMIT=30)
def test_a_long_text_box_without_a_limit_of_its_own_gets_the_services_limit() -> None:
    form = NoteForm({"summary": "Fine", "question": "x" * 31})
    assert not form.is_valid()
    assert form.errors["question"] == ["Your answer must be 30 characters or fewer"]
    html = render("{% govuk_field form.question %}", form=form)
    assert "You can enter up to 30 characters" in html
    assert "x" * 31 in html  # what was typed is kept


def test_an_over_long_text_is_refused_with_the_govuk_message() -> None:
    form = NoteForm({"summary": "s" * 21, "name": "Alexandra"})
    assert not form.is_valid()
    assert form.errors["summary"] == ["Summary must be 20 characters or fewer"]
    assert form.errors["name"] == ["Name must be 5 characters or fewer"]


def test_a_line_break_counts_as_one_character_as_the_page_counts_it() -> None:
    # Browsers send a line break as CR LF: 10 + 10 characters with one line break is 21.
    form = NoteForm({"summary": "a" * 9 + "\r\n" + "b" * 10})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["summary"] == "a" * 9 + "\n" + "b" * 10


def test_radios_in_a_fieldset_keep_the_choice() -> None:
    form = ReferralForm({**VALID, "consent": "no", "name": ""})
    form.is_valid()
    html = squash(render("{% govuk_field form.consent %}", form=form))
    assert '<fieldset class="govuk-fieldset">' in html
    assert '<legend class="govuk-fieldset__legend"> Has the family consented? </legend>' in html
    assert '<div class="govuk-radios" data-module="govuk-radios" id="id_consent">' in html
    assert (
        '<input class="govuk-radios__input" id="id_consent_1" name="consent" type="radio" '
        'value="no" checked>'
    ) in html
    assert 'id="id_consent_0" name="consent" type="radio" value="yes">' in html
    assert '<label class="govuk-label govuk-radios__label" for="id_consent_1">No</label>' in html


def test_radios_with_error_describe_the_fieldset() -> None:
    form = ReferralForm({**VALID, "consent": ""})
    form.is_valid()
    html = render("{% govuk_field form.consent inline=True %}", form=form)
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_consent-error">' in html
    assert "govuk-radios govuk-radios--inline" in html


def test_checkboxes_keep_the_choices() -> None:
    form = ReferralForm({**VALID, "needs": ["health"]})
    html = squash(render("{% govuk_field form.needs %}", form=form))
    assert 'class="govuk-checkboxes" data-module="govuk-checkboxes"' in html
    assert 'name="needs" type="checkbox" value="health" checked>' in html
    assert 'name="needs" type="checkbox" value="housing">' in html


def test_single_checkbox() -> None:
    form = ReferralForm({**VALID, "urgent": "on"})
    html = squash(render("{% govuk_field form.urgent %}", form=form))
    assert 'class="govuk-checkboxes__input"' in html
    assert "checked" in html
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_urgent">'
        "This referral is urgent</label>"
    ) in html


def test_date_input_keeps_typed_values_and_marks_the_wrong_part() -> None:
    form = ReferralForm({**VALID, "date_of_birth-day": "31", "date_of_birth-month": ""})
    form.is_valid()
    html = squash(render("{% govuk_field form.date_of_birth %}", form=form))
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert (
        '<fieldset class="govuk-fieldset" role="group" '
        'aria-describedby="id_date_of_birth-hint id_date_of_birth-error">'
    ) in html
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in html
    assert (
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2" '
        'id="id_date_of_birth-day" name="date_of_birth-day" type="text" inputmode="numeric" '
        'value="31">'
    ) in html
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" '
        'id="id_date_of_birth-month" name="date_of_birth-month"'
    ) in html
    assert 'name="date_of_birth-year" type="text" inputmode="numeric" value="2015"' in html
    assert "Date of birth must include a month" in html
    assert (
        '<label class="govuk-label govuk-date-input__label" for="id_date_of_birth-day">Day</label>'
        in html
    )


def test_date_input_highlights_all_parts_for_an_impossible_date() -> None:
    form = ReferralForm({**VALID, "date_of_birth-day": "31", "date_of_birth-month": "2"})
    form.is_valid()
    html = render("{% govuk_field form.date_of_birth %}", form=form)
    assert html.count("govuk-input--error") == 3


def test_date_input_shows_initial_date() -> None:
    form = ReferralForm(initial={"date_of_birth": datetime.date(2016, 11, 5)})
    html = render("{% govuk_field form.date_of_birth %}", form=form)
    assert 'name="date_of_birth-day" type="text" inputmode="numeric" value="5"' in html
    assert 'name="date_of_birth-month" type="text" inputmode="numeric" value="11"' in html
    assert "govuk-input--error" not in html


def test_date_legend_as_page_heading() -> None:
    html = squash(
        render("{% govuk_field form.date_of_birth is_page_heading=True %}", form=ReferralForm())
    )
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"> '
        '<h1 class="govuk-fieldset__heading">Date of birth</h1>'
    ) in html


def test_hidden_field_renders_only_the_input() -> None:
    class HiddenForm(GovukForm):
        token = forms.CharField(widget=forms.HiddenInput, initial="abc")

    html = render("{% govuk_field form.token %}", form=HiddenForm()).strip()
    assert html == '<input type="hidden" name="token" value="abc" id="id_token">'


def test_values_are_escaped() -> None:
    form = ReferralForm({**VALID, "name": '"><script>alert(1)</script>'})
    html = render("{% govuk_field form.name %}", form=form)
    assert "<script>" not in html


# --- govuk_pagination ----------------------------------------------------------------------


def test_page_numbers_with_ellipses() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(2, 3) == [1, 2, 3]
    assert page_numbers(1, 10) == [1, 2, None, 10]
    assert page_numbers(5, 10) == [1, None, 4, 5, 6, None, 10]
    # A gap of one page shows the page rather than an ellipsis.
    assert page_numbers(4, 10) == [1, 2, 3, 4, 5, None, 10]
    assert page_numbers(10, 10) == [1, None, 9, 10]


def test_pagination_keeps_filters_and_replaces_page() -> None:
    request = RequestFactory().get(
        "/people/", {"q": "Smith & Jones", "agency": "school", "page": "3"}
    )
    page_obj = Paginator(list(range(100)), 10).page(3)
    html = render("{% govuk_pagination page_obj %}", page_obj=page_obj, request=request)
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    for href in hrefs:
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert query["q"] == ["Smith & Jones"]
        assert query["agency"] == ["school"]
        assert len(query["page"]) == 1
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "page=2" in html and "page=4" in html
    assert 'aria-label="Page 3" aria-current="page"' in html
    assert "govuk-pagination__item--ellipsis" in html


def test_pagination_first_and_last_pages() -> None:
    paginator = Paginator(list(range(30)), 10)
    first = render("{% govuk_pagination page_obj %}", page_obj=paginator.page(1))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = render("{% govuk_pagination page_obj %}", page_obj=paginator.page(3))
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_pagination_hidden_for_a_single_page() -> None:
    page_obj = Paginator(list(range(5)), 10).page(1)
    assert render("{% govuk_pagination page_obj %}", page_obj=page_obj).strip() == ""


# --- summary_row and govuk_date ------------------------------------------------------------


def test_summary_row() -> None:
    html = squash(
        render(
            '{% summary_row "Date of birth" dob change_url="/edit/" %}'
            '{% summary_row "Email" "" %}{% summary_row "Name" name %}',
            dob=datetime.date(2015, 2, 1),
            name="<b>Sam</b>",
        )
    )
    assert '<dt class="govuk-summary-list__key">Date of birth</dt>' in html
    assert '<dd class="govuk-summary-list__value">1 February 2015</dd>' in html
    assert (
        '<a class="govuk-link" href="/edit/">Change'
        '<span class="govuk-visually-hidden"> date of birth</span></a>'
    ) in html
    assert '<span class="rh-empty">Not recorded</span>' in html
    assert "&lt;b&gt;Sam&lt;/b&gt;" in html


def test_govuk_date_filter() -> None:
    assert render("{{ d|govuk_date }}", d=datetime.date(2020, 3, 9)) == "9 March 2020"


# --- base.html and the context processor ---------------------------------------------------


# Render base.html without a collectstatic manifest.
plain_static = override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)


def _page_context(request: object, **extra: object) -> dict[str, Any]:
    return {
        "request": request,
        "service_name": "RightHelp",
        "organisation_name": "Exampleshire County Council",
        "nav_items": [],
        **extra,
    }


@plain_static
def test_base_template_signed_out() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", _page_context(request))
    assert '<html lang="en" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'class="govuk-generic-header__homepage-link">RightHelp</a>' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "Exampleshire County Council" in html
    assert "Sign out" not in html
    assert "govuk-service-navigation" not in html
    assert "crown" not in html.lower()
    assert "<title> – RightHelp</title>" in html


@plain_static
def test_base_template_signed_in_with_navigation_and_messages() -> None:
    request = RequestFactory().get("/people/search/")
    request.user = SimpleNamespace(  # type: ignore[assignment]
        is_authenticated=True, get_full_name=lambda: "Alex Worker", get_username=lambda: "alex"
    )
    nav_items = [
        {"label": "Home", "url": "/", "active": False},
        {"label": "People", "url": "/people/", "active": True},
    ]
    html = squash(
        render_to_string(
            "base.html",
            _page_context(
                request,
                nav_items=nav_items,
                messages=[_Message("success", "Referral saved"), _Message("info", "Heads up")],
            ),
        )
    )
    assert "Alex Worker" in html
    assert 'aria-current="true"' in html
    assert '<strong class="govuk-service-navigation__active-fallback">People</strong>' in html
    assert (
        'class="govuk-notification-banner govuk-notification-banner--success" role="alert"'
    ) in html
    assert "Referral saved" in html
    assert 'class="govuk-notification-banner" role="region"' in html


class _Message:
    def __init__(self, level_tag: str, text: str) -> None:
        self.level_tag = level_tag
        self.text = text

    def __str__(self) -> str:
        return self.text


@plain_static
def test_title_prefix_for_a_form_with_errors() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    form = ReferralForm({})
    form.is_valid()
    html = render_to_string("base.html", _page_context(request, form=form))
    assert "<title>Error:  – RightHelp</title>" in html


# A tiny URL configuration for the context processor tests.
def _view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    return HttpResponse()


_core = ([path("", _view, name="home")], "core")
_people = ([path("search/", _view, name="search")], "people")
urlpatterns = [path("", include(_core)), path("people/", include(_people))]


@override_settings(
    ROOT_URLCONF=__name__,
    RIGHTHELP_SERVICE_NAME="Early Help",
    RIGHTHELP_ORGANISATION_NAME="Exampleshire County Council",
)
@pytest.mark.parametrize(
    ("path_", "active"),
    [("/", "Home"), ("/people/search/", "People"), ("/people/search/?q=x", "People")],
)
def test_context_processor_marks_the_active_item(path_: str, active: str) -> None:
    request = RequestFactory().get(path_)
    # A practitioner: casework items show, administrators' items do not.
    request.user = SimpleNamespace(  # type: ignore[assignment]
        is_authenticated=True, pk=None, has_role=lambda *roles: "practitioner" in roles
    )
    context = service(request)
    assert context["service_name"] == "Early Help"
    assert context["organisation_name"] == "Exampleshire County Council"
    assert [item["label"] for item in context["nav_items"]] == ["Home", "People"]
    assert [item["label"] for item in context["nav_items"] if item["active"]] == [active]


@override_settings(ROOT_URLCONF=__name__)
def test_context_processor_hides_navigation_when_signed_out() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert service(request)["nav_items"] == []


class _OnlyHomeUrls:
    """A URL configuration without the people app (still being written, say)."""

    urlpatterns = [path("", include(_core))]


@override_settings(ROOT_URLCONF=_OnlyHomeUrls)
def test_context_processor_skips_urls_that_do_not_resolve() -> None:
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=True)  # type: ignore[assignment]
    assert [item["label"] for item in service(request)["nav_items"]] == ["Home"]


def test_a_scroll_pane_is_a_named_region_that_takes_focus() -> None:
    html = render(
        '{% scroll_pane label %}<table class="govuk-table"></table>{% endscroll_pane %}',
        label="People <found>",
    )
    assert html == (
        '<div class="moj-scrollable-pane rh-scroll-pane" role="region" '
        'aria-label="People &lt;found&gt;" tabindex="0"><table class="govuk-table"></table></div>'
    )
