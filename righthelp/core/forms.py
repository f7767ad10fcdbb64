"""Form building blocks that follow the GOV.UK Design System.

* :class:`GovukDateField` with :class:`GovukDateWidget`: the GOV.UK date input (separate day,
  month and year boxes), with the GOV.UK error messages for missing, partial, impossible and
  future dates, worded with the field's label ("Date of birth must be a real date").
* :class:`GovukFormMixin` / :class:`GovukForm` / :class:`GovukModelForm`: no label suffix, no
  browser (HTML5) validation, and labels filled in so that error messages can use them; every
  long text box has a limit the server enforces (``RIGHTHELP_LONG_TEXT_LIMIT`` unless the field
  sets its own), counting a line break as one character, and nothing is cut off by the browser.

Render the fields with the ``govuk`` template tags (``{% govuk_field form.date_of_birth %}``).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

DATE_PARTS: tuple[str, ...] = ("day", "month", "year")

_MONTH_NAMES: dict[str, int] = {}
for _number in range(1, 13):
    _MONTH_NAMES[calendar.month_name[_number].lower()] = _number
    _MONTH_NAMES[calendar.month_abbr[_number].lower()] = _number
_MONTH_NAMES["sept"] = 9


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes, day, month and year, named ``<name>-day``, ``<name>-month``,
    ``<name>-year`` and with ids ``<id>-day``, ``<id>-month``, ``<id>-year``.

    Typed values are kept as typed (a list of three strings) so that a page with errors shows
    what the user entered, not a reformatted date.
    """

    template_name = "django/forms/widgets/multiwidget.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for _ in DATE_PARTS
        ]
        super().__init__(widgets, attrs)
        self.widgets_names = [f"-{part}" for part in DATE_PARTS]

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part
            if id_:
                subwidget["attrs"]["id"] = f"{id_}-{part}"
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-day" if id_ else id_

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: Mapping[str, Any], name: str
    ) -> bool:
        return all(f"{name}{suffix}" not in data for suffix in self.widgets_names)


def _join(parts: Sequence[str]) -> str:
    return " and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _label_in_sentence(label: str) -> str:
    """'Date of birth' -> 'date of birth' (but 'NHS number' stays as it is)."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


class GovukDateField(forms.Field):
    """A date entered in the GOV.UK date input.

    Cleans to a :class:`datetime.date` (or ``None`` when not required and left empty).
    Error messages use the field's label, as the GOV.UK Design System asks:

    * nothing entered (required): "Enter date of birth"
    * part missing: "Date of birth must include a month" ("... a day and year")
    * not a date (31 February, month 13, letters): "Date of birth must be a real date"
    * year not 4 digits: "Year must include 4 numbers"
    * ``allow_future=False`` and in the future: "Date of birth must be today or in the past"
    * ``allow_past=False`` and in the past: "Date of birth must be today or in the future"
    * before ``earliest`` / after ``latest``: "Date of birth must be the same as or after
      1 January 1900" / "... before ..."

    Months may be typed as numbers or names ("3", "03", "Mar", "March").
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter {label_lower}",
        "incomplete": "{label} must include a {parts}",
        "invalid": "{label} must be a real date",
        "year_length": "Year must include 4 numbers",
        "future": "{label} must be today or in the past",
        "past": "{label} must be today or in the future",
        "earliest": "{label} must be the same as or after {date}",
        "latest": "{label} must be the same as or before {date}",
    }

    def __init__(
        self,
        *,
        allow_future: bool = True,
        allow_past: bool = True,
        earliest: datetime.date | None = None,
        latest: datetime.date | None = None,
        today: Callable[[], datetime.date] | None = None,
        **kwargs: Any,
    ) -> None:
        self.allow_future = allow_future
        self.allow_past = allow_past
        self.earliest = earliest
        self.latest = latest
        self._today = today or timezone.localdate
        kwargs.setdefault("help_text", "For example, 27 3 2007")
        super().__init__(**kwargs)

    # --- messages --------------------------------------------------------------------------

    def _message(self, code: str, **params: Any) -> str:
        label = str(self.label) if self.label else "Date"
        template = str(self.error_messages[code])
        return template.format(label=label, label_lower=_label_in_sentence(label), **params)

    def _error(self, code: str, **params: Any) -> ValidationError:
        return ValidationError(self._message(code, **params), code=code)

    # --- parsing ---------------------------------------------------------------------------

    @staticmethod
    def _raw_parts(value: Any) -> list[str]:
        if isinstance(value, list | tuple):
            raw = [("" if item is None else str(item)).strip() for item in value]
            return (raw + ["", "", ""])[:3]
        return ["", "", ""]

    @staticmethod
    def _parse_month(text: str) -> int | None:
        if text.isdigit():
            return int(text)
        return _MONTH_NAMES.get(text.lower().rstrip("."))

    def error_parts(self, value: Any) -> tuple[str, ...]:
        """Which of day/month/year a (raw, bound) value has wrong, for highlighting inputs and
        for the error summary link. All three when the problem is with the date as a whole."""
        if isinstance(value, datetime.date):
            return ()
        day, month, year = self._raw_parts(value)
        entered = {"day": day, "month": month, "year": year}
        missing = tuple(part for part in DATE_PARTS if not entered[part])
        if missing and len(missing) < 3:
            return missing
        wrong: list[str] = []
        if day and not (day.isdigit() and 1 <= int(day) <= 31):
            wrong.append("day")
        parsed_month = self._parse_month(month) if month else None
        if month and not (parsed_month and 1 <= parsed_month <= 12):
            wrong.append("month")
        if year and not (year.isdigit() and len(year) == 4):
            wrong.append("year")
        return tuple(wrong) or DATE_PARTS

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day, month, year = self._raw_parts(value)
        entered = {"day": day, "month": month, "year": year}
        if not any(entered.values()):
            return None
        missing = [part for part in DATE_PARTS if not entered[part]]
        if missing:
            raise self._error("incomplete", parts=_join(missing))
        parsed_month = self._parse_month(month)
        if not day.isdigit() or parsed_month is None or not year.isdigit():
            raise self._error("invalid")
        if len(year) != 4:
            raise self._error("year_length")
        try:
            return datetime.date(int(year), parsed_month, int(day))
        except ValueError:
            raise self._error("invalid") from None

    def validate(self, value: datetime.date | None) -> None:
        if value is None:
            if self.required:
                raise self._error("required")
            return
        today = self._today()
        if not self.allow_future and value > today:
            raise self._error("future")
        if not self.allow_past and value < today:
            raise self._error("past")
        if self.earliest is not None and value < self.earliest:
            raise self._error("earliest", date=format_govuk_date(self.earliest))
        if self.latest is not None and value > self.latest:
            raise self._error("latest", date=format_govuk_date(self.latest))

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            data_value = self.to_python(data)
        except ValidationError:
            return True
        initial_value = self.to_python(initial) if initial not in self.empty_values else None
        return initial_value != data_value


def format_govuk_date(value: datetime.date | None) -> str:
    """GOV.UK style: '3 February 2020' (no leading zero, month in full)."""
    if value is None:
        return ""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def too_long(label: str, limit: int) -> str:
    """GOV.UK wording: "What happened must be 5,000 characters or fewer" (a question as the
    label reads "Your answer must be ...")."""
    what = "Your answer" if label.rstrip().endswith("?") else label
    return f"{what} must be {limit:,} characters or fewer"


def long_text_limit() -> int:
    """How many characters a long text box takes when its field sets no limit of its own."""
    return int(getattr(settings, "RIGHTHELP_LONG_TEXT_LIMIT", 10000))


class GovukTextarea(forms.Textarea):
    """A textarea whose value arrives with each line break as one character ("\\n").

    Browsers send every line break in a textarea as two (CR LF) while the character count on
    the page, like any reader, counts one: without this a text the page says fits would be
    refused as too long."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value


def _set_length_rules(name: str, field: forms.Field, unlimited: Sequence[str]) -> None:
    """Long text boxes count line breaks once and have a limit; the limit of any text field
    is the server's to enforce, with a GOV.UK message, never the browser's: a ``maxlength``
    attribute makes browsers drop whatever is typed or pasted past it, without a word (and
    they count an emoji as two, so 10,000 characters could become 4,834)."""
    field.widget.attrs.pop("maxlength", None)
    if not isinstance(field, forms.CharField):
        return
    if type(field.widget) is forms.Textarea:
        textarea = GovukTextarea(attrs=field.widget.attrs)
        textarea.is_required = field.widget.is_required
        field.widget = textarea
        if field.max_length is None and name not in unlimited:
            field.max_length = long_text_limit()
            field.validators.append(MaxLengthValidator(field.max_length))
    if field.max_length is not None and "max_length" not in field.error_messages:
        field.error_messages["max_length"] = too_long(str(field.label), int(field.max_length))


class GovukFormMixin:
    """GOV.UK form defaults.

    * no ``:`` after labels;
    * no HTML5 ``required`` attributes, so that the browser's own validation (which GOV.UK
      advises against) does not pre-empt the server's error messages and error summary;
    * every field has a label (Django's default is derived from the field name only when
      rendering), so that error messages such as "Date of birth must be a real date" can use it;
    * a plain ``forms.DateField`` (which a ``ModelForm`` makes for a model ``DateField``) is
      replaced by a :class:`GovukDateField` with the same label, hint, requiredness, initial
      value and validators. Set ``govuk_date_inputs = False`` on the form to keep it, or declare
      the ``GovukDateField`` yourself to pass options such as ``allow_future=False``;
    * a long text box (a ``CharField`` shown as a ``Textarea``) without a ``max_length`` gets
      ``RIGHTHELP_LONG_TEXT_LIMIT`` (name it in ``unlimited_text_fields`` for a box that takes
      a whole file); its line breaks count as one character, and the page shows the limit with
      the GOV.UK character count;
    * no field has a ``maxlength`` attribute: a browser would cut off what is typed past it
      without a word; the server refuses it with "<label> must be N characters or fewer",
      keeping what was typed.
    """

    label_suffix = ""
    use_required_attribute = False
    govuk_date_inputs = True
    unlimited_text_fields: Sequence[str] = ()
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if field.label is None:
                field.label = pretty_name(name)
            if self.govuk_date_inputs and type(field) is forms.DateField:
                self.fields[name] = _as_govuk_date_field(field)
            _set_length_rules(name, field, self.unlimited_text_fields)


def _as_govuk_date_field(field: forms.DateField) -> GovukDateField:
    options: dict[str, Any] = {
        "required": field.required,
        "label": field.label,
        "initial": field.initial,
        "disabled": field.disabled,
        "validators": [v for v in field.validators if v not in field.default_validators],
        "show_hidden_initial": field.show_hidden_initial,
    }
    if field.help_text:
        options["help_text"] = field.help_text
    return GovukDateField(**options)


class GovukForm(GovukFormMixin, forms.Form):
    """A :class:`django.forms.Form` with GOV.UK defaults."""


class GovukModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A :class:`django.forms.ModelForm` with GOV.UK defaults (declare ``class Meta``)."""


def _attrs_html(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html writes them.
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A select written in Python, the same HTML as Django's select templates: long lists on
    busy pages (every agency and kind of event on every chronology page, every worker to assign
    a contact to) cost several milliseconds a page rendered as an include per option."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        name_html = conditional_escape(widget["name"])
        html = [f'<select name="{name_html}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
