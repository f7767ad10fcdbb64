"""Names are stored folded as the matcher folds them, so a name typed without its accents or
special letters ("Zoe Lukasz") finds the record of "Zoë Łukasz" in the people search too."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from righthelp.people.models import Person, PersonName, normalise_name
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_letters_unicode_does_not_decompose_are_folded() -> None:
    assert normalise_name("Zoë Łukasz") == "zoe lukasz"
    assert normalise_name("Søren Weiß-Đorđević") == "soren weiss dordevic"


def test_a_name_typed_without_accents_finds_the_record(cast: Cast, client: Client) -> None:
    zoe = PersonFactory(given_name="Zoë", family_name="Łukasz")
    InvolvementFactory(person=zoe, user=cast.involved)
    client.force_login(cast.involved)
    page = client.get(reverse("people:search"), {"name": "Zoe Lukasz"}).content.decode()
    assert reverse("people:detail", args=[zoe.pk]) in page


def test_the_migration_folds_names_stored_before(cast: Cast) -> None:
    # Given a record stored with the old folding, which kept "ł"
    zoe = PersonFactory(given_name="Zoë", family_name="Łukasz")
    Person.objects.filter(pk=zoe.pk).update(family_name_normalised="łukasz")
    PersonName.objects.filter(person=zoe).update(family_name_normalised="łukasz")
    untouched = PersonFactory(given_name="Amy", family_name="Smith")
    # When the data migration runs
    migration = importlib.import_module(
        "righthelp.people.migrations.0003_names_fold_special_letters"
    )
    migration.refold(apps, None)
    # Then the stored names are folded as the code folds them now
    zoe.refresh_from_db()
    assert zoe.family_name_normalised == "lukasz"
    assert PersonName.objects.get(person=zoe).family_name_normalised == "lukasz"
    untouched.refresh_from_db()
    assert untouched.family_name_normalised == "smith"
