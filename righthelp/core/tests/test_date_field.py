"""GovukDateField: the GOV.UK date input's parsing and error messages."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from righthelp.core.forms import GovukDateField, GovukForm, format_govuk_date

TODAY = datetime.date(2024, 6, 15)


class PersonForm(GovukForm):
    date_of_birth = GovukDateField(label="Date of birth", allow_future=False, today=lambda: TODAY)
    date_of_referral = GovukDateField(required=False)  # label comes from the field name


def bind(**values: str) -> PersonForm:
    data = {}
    for name, value in values.items():
        day, month, year = value.split("/")
        data[f"{name}-day"], data[f"{name}-month"], data[f"{name}-year"] = day, month, year
    return PersonForm(data=data)


def errors_for(form: forms.Form, name: str) -> list[str]:
    assert not form.is_valid()
    return [str(error) for error in form.errors[name]]


def test_a_real_date_cleans_to_a_date() -> None:
    form = bind(date_of_birth="3/2/2020")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2020, 2, 3)
    assert form.cleaned_data["date_of_referral"] is None


def test_leading_zeros_spaces_and_month_names_are_accepted() -> None:
    form = PersonForm(
        data={
            "date_of_birth-day": " 09 ",
            "date_of_birth-month": "Sept",
            "date_of_birth-year": "2019",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2019, 9, 9)


def test_impossible_date_must_be_a_real_date() -> None:
    form = bind(date_of_birth="31/02/2020")
    assert errors_for(form, "date_of_birth") == ["Date of birth must be a real date"]


@pytest.mark.parametrize("value", ["0/1/2020", "1/13/2020", "x/1/2020", "1/1/20x0"])
def test_out_of_range_or_not_numbers_must_be_a_real_date(value: str) -> None:
    assert errors_for(bind(date_of_birth=value), "date_of_birth") == [
        "Date of birth must be a real date"
    ]


def test_missing_month_says_which_part() -> None:
    form = bind(date_of_birth="31//2020")
    assert errors_for(form, "date_of_birth") == ["Date of birth must include a month"]


def test_two_missing_parts_are_both_named() -> None:
    form = bind(date_of_birth="//2020")
    assert errors_for(form, "date_of_birth") == ["Date of birth must include a day and month"]


def test_two_digit_year() -> None:
    assert errors_for(bind(date_of_birth="1/1/20"), "date_of_birth") == [
        "Year must include 4 numbers"
    ]


def test_future_date_refused_when_allow_future_is_false() -> None:
    form = bind(date_of_birth="16/6/2024")
    assert errors_for(form, "date_of_birth") == ["Date of birth must be today or in the past"]


def test_today_is_not_in_the_future() -> None:
    assert bind(date_of_birth="15/6/2024").is_valid()


def test_future_dates_allowed_by_default() -> None:
    form = bind(date_of_birth="1/1/2000", date_of_referral="1/1/2999")
    assert form.is_valid(), form.errors


def test_required_and_empty() -> None:
    form = PersonForm(data={})
    assert errors_for(form, "date_of_birth") == ["Enter date of birth"]


def test_label_defaults_to_the_field_name_in_messages() -> None:
    form = bind(date_of_birth="1/1/2000", date_of_referral="30/2/2020")
    assert errors_for(form, "date_of_referral") == ["Date of referral must be a real date"]


def test_error_parts_point_at_the_wrong_input() -> None:
    field = GovukDateField(label="Date")
    assert field.error_parts(["31", "", "2020"]) == ("month",)
    assert field.error_parts(["", "", "2020"]) == ("day", "month")
    assert field.error_parts(["31", "13", "2020"]) == ("month",)
    assert field.error_parts(["31", "2", "2020"]) == ("day", "month", "year")


def test_earliest_and_latest() -> None:
    field = GovukDateField(
        label="Date of birth", earliest=datetime.date(1900, 1, 1), latest=datetime.date(2030, 1, 1)
    )
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(["31", "12", "1899"])
    assert caught.value.messages == ["Date of birth must be the same as or after 1 January 1900"]
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(["2", "1", "2030"])
    assert caught.value.messages == ["Date of birth must be the same as or before 1 January 2030"]


def test_initial_date_is_split_into_parts_and_unchanged_data_is_not_a_change() -> None:
    form = PersonForm(initial={"date_of_birth": datetime.date(2015, 4, 7)})
    assert form["date_of_birth"].value() == datetime.date(2015, 4, 7)
    html = str(form["date_of_birth"])
    assert 'name="date_of_birth-day"' in html and 'value="7"' in html
    bound = PersonForm(
        data={"date_of_birth-day": "07", "date_of_birth-month": "4", "date_of_birth-year": "2015"},
        initial={"date_of_birth": datetime.date(2015, 4, 7)},
    )
    assert "date_of_birth" not in bound.changed_data


def test_format_govuk_date() -> None:
    assert format_govuk_date(datetime.date(2020, 2, 3)) == "3 February 2020"
    assert format_govuk_date(None) == ""


def test_govuk_forms_have_no_label_suffix_and_no_html5_required() -> None:
    class NameForm(GovukForm):
        name = forms.CharField(label="Full name")

    form = NameForm()
    assert form["name"].label_tag() == '<label for="id_name">Full name</label>'
    assert "required" not in str(form["name"])


def test_plain_date_fields_become_govuk_date_fields() -> None:
    class LegacyForm(GovukForm):
        seen_on = forms.DateField(label="Date seen", help_text="The day of the visit")
        kept = forms.DateField()

    form = LegacyForm(data={"seen_on-day": "30", "seen_on-month": "2", "seen_on-year": "2020"})
    assert isinstance(form.fields["seen_on"], GovukDateField)
    assert form.fields["seen_on"].help_text == "The day of the visit"
    assert not form.is_valid()
    assert form.errors["seen_on"] == ["Date seen must be a real date"]
    assert form.errors["kept"] == ["Enter kept"]
