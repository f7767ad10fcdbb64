"""Django admin for the people who hold each level of the escalation ladder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from righthelp.escalations.ladder import all_levels
from righthelp.escalations.models import LadderHolder


class LadderHolderForm(forms.ModelForm[LadderHolder]):
    level = forms.ChoiceField(
        help_text=(
            "The level of the ladder this person holds for the organisation. Worker and team "
            "manager levels follow from who holds the child's work, so are not set here."
        )
    )

    class Meta:
        model = LadderHolder
        fields = ["organisation", "level", "user"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(level, level) for level in all_levels()]  # type: ignore[attr-defined]


@admin.register(LadderHolder)
class LadderHolderAdmin(admin.ModelAdmin[LadderHolder]):
    form = LadderHolderForm
    list_display = ("organisation", "level", "user")
    list_filter = ("level", "organisation__kind")
    search_fields = ("organisation__name", "user__username", "user__last_name")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)
