"""A chronology form sent twice (a double click, a resubmitted page) makes one entry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.chronology import services
from righthelp.chronology.models import ChronologyEntry

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

TYPED = {
    "occurred_on-day": "3",
    "occurred_on-month": "9",
    "occurred_on-year": "2026",
    "what_happened": "Told a teacher about a row at home",
    "significance": "significant",
}


def test_posting_the_same_add_entry_form_twice_makes_one_entry(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    key = client.get(url).context["form"]["submission_key"].value()
    assert key

    first = client.post(url, {**TYPED, "submission_key": key})
    second = client.post(url, {**TYPED, "submission_key": key})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ChronologyEntry.objects.count() == 1
    assert Event.objects.filter(verb=Verb.CHRONOLOGY_ENTRY_ADDED).count() == 1


def test_a_form_with_mistakes_keeps_its_key_so_the_corrected_form_still_saves_once(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    key = client.get(url).context["form"]["submission_key"].value()

    refused = client.post(url, {"what_happened": "Kept", "submission_key": key})
    assert refused.status_code == 200
    assert f'value="{key}"' in refused.content.decode()
    client.post(url, {**TYPED, "submission_key": key})
    client.post(url, {**TYPED, "submission_key": key})

    assert ChronologyEntry.objects.count() == 1


def test_two_forms_opened_separately_make_two_entries(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})
    for _ in range(2):
        key = client.get(url).context["form"]["submission_key"].value()
        client.post(url, {**TYPED, "submission_key": key})

    assert ChronologyEntry.objects.count() == 2


def test_posting_the_same_correction_twice_makes_one_amendment(cast: Cast, client: Client) -> None:
    original = services.chronology_entry_add(
        actor=cast.involved,
        person=cast.child,
        occurred_on=date(2026, 9, 1),
        what_happened="Seen with a bruise on the left arm",
        significance="routine",
    )
    client.force_login(cast.involved)
    url = reverse("chronology:entry-amend", kwargs={"entry_id": original.pk})
    key = client.get(url).context["form"]["submission_key"].value()
    data = {
        **TYPED,
        "what_happened": "Seen with a bruise on the right arm",
        "submission_key": key,
    }

    first = client.post(url, data)
    second = client.post(url, data)

    # The second is not told "already corrected": it lands where the first did.
    assert first.status_code == second.status_code == 302
    assert ChronologyEntry.objects.filter(amends=original).count() == 1
    assert Event.objects.filter(verb=Verb.CHRONOLOGY_ENTRY_AMENDED).count() == 1


def test_an_empty_form_says_what_to_enter_for_each_field(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    url = reverse("chronology:entry-add", kwargs={"person_id": cast.child.pk})

    page = client.post(url, {}).content.decode()

    assert "Enter when it happened" in page
    assert "Enter what happened" in page
    assert "Select how significant it was" in page
    assert "This field is required" not in page
