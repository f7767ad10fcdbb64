"""Partners: a relationship between two adults, recorded once whichever way round, and shown
beside the person on the family network page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.people import services
from righthelp.people.models import Person, Relationship
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def _adult(cast: Cast, given_name: str) -> Person:
    adult = PersonFactory(kind="adult", given_name=given_name, family_name="Partner-Test")
    InvolvementFactory(person=adult, user=cast.involved, organisation=cast.involved.organisation)
    return adult


def test_two_adults_are_recorded_as_partners_once_whichever_way_round(cast: Cast) -> None:
    jo, sam = _adult(cast, "Jo"), _adult(cast, "Sam")

    services.relationship_add(actor=cast.involved, from_person=jo, to_person=sam, kind="partner")

    assert Relationship.objects.get().get_kind_display() == "Partner"
    event = Event.objects.get(verb=Verb.RELATIONSHIP_ADDED)
    assert set(event.subjects.values_list("person_id", flat=True)) == {jo.pk, sam.pk}
    # The same partnership recorded from the other end is the one already recorded.
    with pytest.raises(ValidationError, match="already recorded"):
        services.relationship_add(
            actor=cast.involved, from_person=sam, to_person=jo, kind="partner"
        )
    assert Relationship.objects.count() == 1


def test_a_child_cannot_be_recorded_as_anyones_partner(cast: Cast) -> None:
    adult = _adult(cast, "Lee")

    with pytest.raises(ValidationError, match="Partner is for two adults"):
        services.relationship_add(
            actor=cast.involved, from_person=adult, to_person=cast.child, kind="partner"
        )
    assert not Relationship.objects.exists()


def test_the_family_network_shows_a_partner_beside_the_person_from_either_end(
    cast: Cast, client: Client
) -> None:
    jo, sam = _adult(cast, "Jo"), _adult(cast, "Sam")
    services.relationship_add(actor=cast.involved, from_person=jo, to_person=sam, kind="partner")
    client.force_login(cast.involved)

    for person, partner in ((jo, sam), (sam, jo)):
        html = client.get(
            reverse("people:network", kwargs={"person_id": person.pk})
        ).content.decode()
        assert f"{person.full_name} and partner</h2>" in html
        tier = html.split(f"{person.full_name} and partner</h2>")[1].split("</ul>")[0]
        assert partner.full_name in tier and "Partner" in tier


def test_partners_are_recorded_on_the_relationship_page(cast: Cast, client: Client) -> None:
    jo, sam = _adult(cast, "Jo"), _adult(cast, "Sam")
    url = reverse("people:add-relationship", kwargs={"person_id": jo.pk})
    client.force_login(cast.involved)

    html = client.get(url, {"q": "Sam"}).content.decode()
    assert '<option value="partner">Partner</option>' in html
    response = client.post(
        url, {"q": "Sam", "other_person": sam.pk, "direction": "other_is", "kind": "partner"}
    )

    assert response.status_code == 302
    assert Relationship.objects.get(kind="partner").to_person == jo
