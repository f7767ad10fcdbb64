"""The chronology filter's lists are written in Python: the same HTML as Django's templates."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.http import QueryDict

from righthelp.accounts.models import Organisation, OrganisationKind
from righthelp.chronology.forms import ChronologyFilterForm
from righthelp.core.forms import PlainSelect

pytestmark = pytest.mark.django_db

ATTRS = {"maxlength": False, "class": "govuk-select", "aria-describedby": "a<b"}


def _as_django_renders(
    widget: forms.Select, name: str, value: object, attrs: dict[str, Any]
) -> str:
    return forms.Select.render(widget, name, value, attrs)


@pytest.mark.parametrize(
    "query",
    [None, "agency={agency}&kind=entry&significance=critical", "agency=zz&kind=%3Cb%3E"],
)
def test_filter_lists_render_as_djangos_select_templates(query: str | None) -> None:
    # Given agencies whose names need escaping, and the filter unbound, filled in, or invalid
    agency = Organisation.objects.create(
        name="Children's & Families <Service>", kind=OrganisationKind.CHILDRENS_SOCIAL_CARE
    )
    data = None if query is None else QueryDict(query.format(agency=agency.pk))
    form = ChronologyFilterForm(data)
    form.is_valid()
    for name in ("agency", "significance", "kind"):
        bound = form[name]
        widget = bound.field.widget
        assert isinstance(widget, PlainSelect)
        attrs = widget.build_attrs(widget.attrs, {**ATTRS, "id": bound.auto_id})
        # When each list is rendered
        written = widget.render(bound.html_name, bound.value(), attrs)
        # Then it is exactly what Django's select templates write
        assert written == _as_django_renders(widget, bound.html_name, bound.value(), attrs)
    assert "Children&#x27;s &amp; Families &lt;Service&gt;" in str(form["agency"])


def test_plain_select_writes_groups_and_bare_attributes_as_django_does() -> None:
    widget = PlainSelect(
        choices=[("Group <1>", [("a", "A & a")]), ("b", "B")], attrs={"disabled": True}
    )
    assert widget.render("x", "a") == forms.Select.render(widget, "x", "a")
