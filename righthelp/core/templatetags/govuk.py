"""Template tags that render Django forms and common pieces the GOV.UK Design System way.

``{% load govuk %}`` then:

* ``{% govuk_error_summary form %}`` (or several: ``{% govuk_error_summary form other_form %}``)
* ``{% govuk_field form.name %}`` with optional ``label_class="govuk-label--l"``,
  ``width="govuk-input--width-10"``, ``is_page_heading=True``, ``label="..."``, ``hint="..."``,
  ``classes="..."`` (extra classes on the control), ``inline=True`` (radios side by side),
  ``small=True`` (small radios/checkboxes)
* ``{% govuk_pagination page_obj %}`` keeps the current query string (filters), except ``page``
* ``{% summary_row "Label" value %}`` with optional ``change_url``, ``change_text``,
  ``visually_hidden``, ``empty``, ``no_actions``
* ``{{ some_date|govuk_date }}`` -> "3 February 2020"
* ``{% govuk_title_prefix %}`` -> "Error: " when any form on the page has errors (base.html)
* ``{% scroll_pane "People" %}<table ...>...</table>{% endscroll_pane %}`` around any table that
  may be wider than a phone: it scrolls in its own pane instead of widening the page

Component templates are in ``righthelp/core/templates/components/``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from righthelp.core.forms import DATE_PARTS, GovukDateField, GovukDateWidget, format_govuk_date

register = template.Library()


# --- Fields ----------------------------------------------------------------------------------


def field_kind(bound_field: BoundField) -> str:
    """Which GOV.UK component renders this field's widget."""
    widget = bound_field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, Input):
        return "input"
    return "other"


_CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
    "other": ("", ""),
}


def _classes(*names: str | None) -> str:
    return " ".join(name for part in names if part for name in part.split())


def _legend_class(label_class: str) -> str:
    """'govuk-label--l' -> 'govuk-fieldset__legend--l' for fields rendered in a fieldset."""
    return label_class.replace("govuk-label--", "govuk-fieldset__legend--")


def _date_error_parts(bound_field: BoundField) -> tuple[str, ...]:
    if not bound_field.errors:
        return ()
    field = bound_field.field
    if bound_field.form.is_bound and isinstance(field, GovukDateField):
        return field.error_parts(bound_field.data)
    return DATE_PARTS


def error_target_id(bound_field: BoundField) -> str:
    """The id of the input an error summary link should move focus to: the field's own
    control, the first radio or checkbox, or the first date part in error (day by default)."""
    auto_id = bound_field.auto_id
    kind = field_kind(bound_field)
    if kind == "date":
        parts = _date_error_parts(bound_field) or DATE_PARTS
        return f"{auto_id}-{parts[0]}"
    if kind in {"radios", "checkboxes"}:
        items = _choice_items(bound_field, kind)
        return str(items[0]["id"]) if items else f"{auto_id}_0"
    return str(bound_field.id_for_label or auto_id)


def _choice_items(bound_field: BoundField, kind: str) -> list[dict[str, Any]]:
    items = []
    for subwidget in bound_field.subwidgets:
        data = subwidget.data
        value = data.get("value")
        if kind == "radios" and value in (None, "") and bound_field.field.required:
            # A required choice has no "empty" option to pick.
            continue
        items.append(
            {
                "id": subwidget.id_for_label,
                "name": data["name"],
                "value": "" if value is None else value,
                "label": data["label"],
                "checked": bool(data.get("selected")),
            }
        )
    return items


@register.inclusion_tag("components/field.html")
def govuk_field(
    bound_field: BoundField,
    label_class: str = "",
    width: str = "",
    is_page_heading: bool = False,
    label: str | None = None,
    hint: str | None = None,
    classes: str = "",
    inline: bool = False,
    small: bool = False,
) -> dict[str, Any]:
    """A whole GOV.UK form group: label or legend, hint, error message and control."""
    if not isinstance(bound_field, BoundField):
        raise template.TemplateSyntaxError(
            f"govuk_field needs a bound field such as form.name, not {bound_field!r}"
        )
    kind = field_kind(bound_field)
    auto_id = bound_field.auto_id or f"id_{bound_field.html_name}"
    errors = list(bound_field.errors)
    hint_text = bound_field.help_text if hint is None else hint
    label_text = bound_field.label if label is None else label
    if is_page_heading and not label_class:
        label_class = "govuk-label--l"

    hint_id = f"{auto_id}-hint" if hint_text else ""
    error_id = f"{auto_id}-error" if errors else ""
    described_by = _classes(hint_id, error_id)

    context: dict[str, Any] = {
        "field": bound_field,
        "kind": kind,
        "id": auto_id,
        "label": label_text,
        "label_class": _classes("govuk-label", label_class),
        "legend_class": _classes("govuk-fieldset__legend", _legend_class(label_class)),
        "is_page_heading": is_page_heading,
        "hint": hint_text,
        "hint_id": hint_id,
        "errors": errors,
        "error_id": error_id,
        "described_by": described_by,
        "inline": inline,
        "small": small,
        "control": "",
    }

    if kind == "hidden":
        context["control"] = bound_field.as_widget()
        return context

    if kind == "date":
        widget = bound_field.field.widget
        error_parts = _date_error_parts(bound_field)
        widget_context = widget.get_context(
            bound_field.html_name, bound_field.value(), {"id": auto_id}
        )["widget"]
        parts = []
        for subwidget in widget_context["subwidgets"]:
            part = subwidget["part"]
            parts.append(
                {
                    "part": part,
                    "label": part.capitalize(),
                    "id": subwidget["attrs"]["id"],
                    "name": subwidget["name"],
                    "value": subwidget["value"] or "",
                    "classes": _classes(
                        "govuk-input govuk-date-input__input",
                        "govuk-input--width-4" if part == "year" else "govuk-input--width-2",
                        "govuk-input--error" if part in error_parts else "",
                        classes,
                    ),
                    "disabled": bound_field.field.disabled,
                }
            )
        context["date_parts"] = parts
        return context

    if kind in {"radios", "checkboxes"}:
        context["items"] = _choice_items(bound_field, kind)
        context["group_class"] = _classes(
            "govuk-radios" if kind == "radios" else "govuk-checkboxes",
            ("govuk-radios--inline" if inline else "") if kind == "radios" else "",
            (f"govuk-{kind}--small" if small else ""),
            classes,
        )
        return context

    base, error_class = _CONTROL_CLASSES[kind]
    existing = bound_field.field.widget.attrs.get("class", "")
    # Never the browser's maxlength: it drops what is typed past the limit without a word.
    # The server refuses an over-long text with an error that keeps it (core.forms).
    attrs: dict[str, Any] = {"maxlength": False}
    limit = getattr(bound_field.field, "max_length", None)
    if kind == "textarea" and limit:
        # The GOV.UK character count: the limit under the box, counted as you type when
        # JavaScript runs, and stated without it.
        context["count_limit"] = f"{int(limit):,}"
        context["count_maxlength"] = int(limit)
        context["count_id"] = f"{auto_id}-info"
        described_by = _classes(context["count_id"], described_by)
        classes = _classes("govuk-js-character-count", classes)
    control_class = _classes(base, error_class if errors else "", width, existing, classes)
    if control_class:
        attrs["class"] = control_class
    if described_by and kind != "checkbox":
        attrs["aria-describedby"] = described_by
    if kind == "checkbox":
        # A single checkbox: its label is the checkbox label; the hint belongs to the item.
        item_hint_id = f"{auto_id}-item-hint" if hint_text else ""
        context["hint_id"] = item_hint_id
        context["described_by"] = _classes(item_hint_id, error_id)
        if context["described_by"]:
            attrs["aria-describedby"] = context["described_by"]
        context["group_class"] = _classes(
            "govuk-checkboxes", "govuk-checkboxes--small" if small else ""
        )
    context["control"] = bound_field.as_widget(attrs=attrs)
    return context


# --- Error summary ---------------------------------------------------------------------------


def error_summary_items(forms_: Iterable[Any]) -> list[dict[str, str]]:
    """``{text, href}`` for each error of each form: non-field errors first (no link), then
    field errors in the order the fields appear on the page."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not hasattr(form, "errors") or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": ""})
        for bound_field in form:
            if not bound_field.errors:
                continue
            href = "" if bound_field.is_hidden else f"#{error_target_id(bound_field)}"
            for error in bound_field.errors:
                items.append({"text": str(error), "href": href})
    return items


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_: Any, title: str = "There is a problem") -> dict[str, Any]:
    """The GOV.UK error summary for one or more forms; renders nothing when there are no
    errors. Put it at the top of the main column, before the page heading."""
    return {"items": error_summary_items(forms_), "title": title}


def _in_error(value: Any) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


def page_has_errors(context: template.Context) -> bool:
    """Whether any form or formset the page was given has errors: a context value, or one in
    a list, tuple or dict value (a page with several forms, or a form and the threshold part
    embedded in it, is in error when any of them is)."""
    for value in context.flatten().values():
        if _in_error(value):
            return True
        if isinstance(value, list | tuple | dict):
            items = value.values() if isinstance(value, dict) else value
            if any(_in_error(item) for item in items):
                return True
    return False


@register.simple_tag(takes_context=True)
def govuk_title_prefix(context: template.Context) -> str:
    """ "Error: " before the page title when any form on the page is in error (GOV.UK: the
    title tells screen reader users at once that the page shows errors)."""
    return "Error: " if page_has_errors(context) else ""


# --- Wide tables ------------------------------------------------------------------------------


class ScrollPaneNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: Any) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> str:
        return format_html(
            '<div class="moj-scrollable-pane rh-scroll-pane" role="region" aria-label="{}" '
            'tabindex="0">{}</div>',
            self.label.resolve(context),
            mark_safe(self.nodelist.render(context)),  # noqa: S308 - rendered by the template
        )


@register.tag("scroll_pane")
def scroll_pane(parser: template.base.Parser, token: template.base.Token) -> ScrollPaneNode:
    """``{% scroll_pane "label" %}...{% endscroll_pane %}``: MoJ's scrollable pane around a
    table, so that at 320px a wide table scrolls sideways in its pane rather than widening the
    whole page. The pane is a named region that takes focus, so that it can be scrolled with
    the keyboard when the table has no link to tab to (WCAG 2.1.1)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scroll_pane takes one argument: its label")
    nodelist = parser.parse(("endscroll_pane",))
    parser.delete_first_token()
    return ScrollPaneNode(nodelist, parser.compile_filter(bits[1]))


# --- Pagination ------------------------------------------------------------------------------


def page_numbers(current: int, last: int, around: int = 1) -> list[int | None]:
    """Page numbers to show, with ``None`` for an ellipsis: the first and last pages, and the
    pages ``around`` either side of the current one (GOV.UK pagination pattern)."""
    shown = {1, last, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= last)
    result: list[int | None] = []
    previous = 0
    for number in numbers:
        if number - previous == 2:
            result.append(number - 1)
        elif number - previous > 2:
            result.append(None)
        result.append(number)
        previous = number
    return result


@register.inclusion_tag("components/pagination.html", takes_context=True)
def govuk_pagination(
    context: template.Context, page_obj: Page[Any] | None, page_param: str = "page"
) -> dict[str, Any]:
    """GOV.UK pagination for a :class:`django.core.paginator.Page`. Links keep every other
    query-string parameter (search terms, filters) and change only ``page_param``. Renders
    nothing when there is only one page."""
    if page_obj is None or page_obj.paginator.num_pages <= 1:
        return {"show": False}
    request = context.get("request")
    query = request.GET.copy() if request is not None else None

    def href(number: int) -> str:
        if query is None:
            return f"?{page_param}={number}"
        params = query.copy()
        params[page_param] = str(number)
        return f"?{params.urlencode()}"

    current = page_obj.number
    last = page_obj.paginator.num_pages
    items: list[dict[str, Any]] = [
        {"ellipsis": True}
        if number is None
        else {"number": number, "href": href(number), "current": number == current}
        for number in page_numbers(current, last)
    ]
    return {
        "show": True,
        "items": items,
        "previous": href(current - 1) if page_obj.has_previous() else "",
        "next": href(current + 1) if page_obj.has_next() else "",
    }


# --- Summary list ----------------------------------------------------------------------------


def _as_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _display_value(value: Any, empty: str) -> SafeString:
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return format_html('<span class="rh-empty">{}</span>', empty)
    if isinstance(value, bool):
        return format_html("{}", "Yes" if value else "No")
    if isinstance(value, datetime.date):
        return format_html("{}", format_govuk_date(_as_date(value)))
    if isinstance(value, list | tuple):
        lines = "".join(str(format_html("<li>{}</li>", item)) for item in value)
        return mark_safe(f'<ul class="govuk-list">{lines}</ul>')  # noqa: S308 - escaped above
    return conditional_escape(value)


@register.inclusion_tag("components/summary_row.html")
def summary_row(
    label: str,
    value: Any = None,
    change_url: str = "",
    change_text: str = "Change",
    visually_hidden: str | None = None,
    empty: str = "Not recorded",
    no_actions: bool = False,
) -> dict[str, Any]:
    """One row of a GOV.UK summary list (put it inside ``<dl class="govuk-summary-list">``).

    Dates show as "3 February 2020", booleans as Yes/No, lists one item a line, and an empty
    value as ``empty`` ("Not recorded"). Values are escaped unless already marked safe.
    ``no_actions=True`` keeps the columns aligned in a list where other rows have a link.
    """
    return {
        "label": label,
        "value": _display_value(value, empty),
        "change_url": change_url,
        "change_text": change_text,
        "visually_hidden": (visually_hidden if visually_hidden is not None else str(label).lower()),
        "no_actions": no_actions and not change_url,
    }


@register.filter
def govuk_date(value: Any) -> str:
    """``{{ person.date_of_birth|govuk_date }}`` -> "3 February 2020"."""
    if isinstance(value, datetime.date):
        return format_govuk_date(_as_date(value))
    return "" if value is None else str(value)
