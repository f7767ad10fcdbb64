"""The front door finds and links the right child: while working on an open contact, a role
whose job is triage searches all records, sees every likely match with its score, can open the
record (only from that contact, logged with it) and link it, so no second record is made.

Outside a contact, and for every other role, what a user sees is unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from righthelp.accounts.models import Role
from righthelp.accounts.tests.factories import LocalityFactory
from righthelp.audit.events import AccessAction, Verb
from righthelp.audit.models import AccessRecord, Event
from righthelp.core import checkpoint
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.models import Contact, ContactStatus, ContactSubject
from righthelp.frontdoor.services import SubjectDetails
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.matching import permissions
from righthelp.matching.permissions import can_triage_search
from righthelp.matching.search_first import MatchQuery
from righthelp.people.models import Person
from righthelp.people.selectors import PeopleSearch, people_search
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

ZOE_BORN = date(2016, 2, 3)
LIKELY = re.compile(r"(\d+)% likely to be the same person")


def html(response: TestResponse) -> str:
    return response.content.decode()


def offers(page: str, person: Person) -> bool:
    """Whether the link page offers this record to link."""
    return f'type="radio" value="{person.pk}"' in page


def zoe_in_early_help(cast: Cast) -> Person:
    """Zoë Łukasz, a child in an open early help episode held by early help, whom the front
    door does not otherwise see."""
    zoe = PersonFactory(given_name="Zoë", family_name="Łukasz", date_of_birth=ZOE_BORN)
    make_episode(
        locality=LocalityFactory(name="East", slug="east"),
        opened_by=cast.team_member,
        children=[zoe],
        lead=cast.team_member,
    )
    return zoe


def police_call(cast: Cast, *, born: date | None = ZOE_BORN) -> Contact:
    """A police call to the front door, spelling the child's name without its accents."""
    return frontdoor_services.telephone_contact_record(
        actor=cast.front_door_worker,
        referrer_name="PC Sam Dee",
        referrer_agency="Humberside Police",
        referrer_phone="01482 000000",
        children=[
            SubjectDetails(role="child", given_name="Zoe", family_name="Lukasz", date_of_birth=born)
        ],
        worry="Found alone at the bus station late at night, says she is afraid to go home",
        urgency="urgent",
    )


def link_url(contact: Contact) -> str:
    return reverse("frontdoor:contact-link", args=[contact.pk, contact.subjects.get().pk])


def record_url(person: Person, contact: Contact | int | str | None = None) -> str:
    url = reverse("people:detail", args=[person.pk])
    if contact is None:
        return url
    return f"{url}?contact={contact.pk if isinstance(contact, Contact) else contact}"


def triage_searches(contact: Contact) -> list[AccessRecord]:
    return list(
        AccessRecord.objects.filter(
            action=AccessAction.SEARCH_PEOPLE, detail__contact_id=contact.pk
        ).prefetch_related("people")
    )


# --- The scenario: a police call without accents ---------------------------------------------


def test_a_police_call_without_accents_finds_the_child_in_early_help_and_links_her(
    cast: Cast, client: Client
) -> None:
    # Given Zoë Łukasz, open to early help, whom the front-door worker does not see
    zoe = zoe_in_early_help(cast)
    assert not checkpoint.visible_people(cast.front_door_worker).filter(pk=zoe.pk).exists()
    # and a police call about "Zoe Lukasz", born the same day
    contact = police_call(cast)
    people_before = Person.objects.count()
    client.force_login(cast.front_door_worker)

    # When the worker opens the contact's link page
    page = html(client.get(link_url(contact)))

    # Then Zoë's record is offered, scored and explained, and the search is logged with the
    # contact
    assert "All records" in page
    assert "Zoë Łukasz, born 3 February 2016" in page and offers(page, zoe)
    assert int(LIKELY.findall(page)[0]) >= 90
    assert "Date of birth: the same" in page
    assert "Known to other services, not to you" in page
    [search] = triage_searches(contact)
    assert search.reason == f"Triage of contact {contact.reference}"
    assert search.detail["contact"] == contact.reference
    assert [p.person_id for p in search.people.all()] == [zoe.pk]

    # When the worker opens Zoë's record from the page, then it opens, says why, and the read
    # is logged with the contact
    opened = client.get(f"{record_url(zoe, contact)}&subject={contact.subjects.get().pk}")
    assert opened.status_code == 200
    assert "Zoë Łukasz" in html(opened) and contact.reference in html(opened)
    read = AccessRecord.objects.filter(action=AccessAction.VIEW_PERSON).get()
    assert read.reason == f"Triage of contact {contact.reference}"
    assert read.detail["contact_id"] == contact.pk
    assert zoe.pk in [p.person_id for p in read.people.all()]

    # When the worker links her, then the contact names Zoë's record and no record is added
    linked = client.post(link_url(contact), {"action": "link", "link-person": zoe.pk})
    assert linked.status_code == 302
    assert contact.subjects.get().person_id == zoe.pk
    assert Person.objects.count() == people_before
    assert not Event.objects.filter(verb=Verb.PERSON_MATCH_NONE).exists()


def test_a_name_alone_without_accents_finds_the_record_in_all_records(
    cast: Cast, client: Client
) -> None:
    # Given Zoë Łukasz in early help and a call that gives no date of birth
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast, born=None)
    client.force_login(cast.front_door_worker)
    # When the worker searches by the name as the caller spelt it
    page = html(client.get(link_url(contact), {"q": "Zoe Lukasz"}))
    # Then the record is listed to link, with a way to open it, and the search names the contact
    assert offers(page, zoe) and f"?contact={contact.pk}" in page
    [search] = triage_searches(contact)
    assert search.reason == f"Triage of contact {contact.reference}"
    response = client.post(
        link_url(contact), {"action": "link", "q": "Zoe Lukasz", "link-person": zoe.pk}
    )
    assert response.status_code == 302 and contact.subjects.get().person_id == zoe.pk


@pytest.mark.parametrize("who", ["front_door_worker", "front_door_manager"])
def test_both_front_door_roles_search_all_records_for_a_contact(
    cast: Cast, client: Client, who: str
) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(getattr(cast, who))
    assert offers(html(client.get(link_url(contact))), zoe)


def test_whose_job_is_triage_is_decided_in_one_place(
    cast: Cast, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the roles whose job is triage
    assert can_triage_search(cast.front_door_worker) and can_triage_search(cast.front_door_manager)
    for other in (cast.practitioner, cast.early_help_worker, cast.team_manager, cast.administrator):
        assert not can_triage_search(other)
    # When the manager's role is taken out of that one list
    monkeypatch.setattr(permissions, "TRIAGE_SEARCH_ROLES", frozenset({Role.FRONT_DOOR_WORKER}))
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(cast.front_door_manager)
    page = html(client.get(link_url(contact)))
    # Then the manager's link page searches only what the manager sees, as before
    assert not offers(page, zoe)
    assert "1 likely match in records you do not work with" in page


def test_outside_a_contact_the_front_door_sees_what_it_saw_before(
    cast: Cast, client: Client
) -> None:
    zoe = zoe_in_early_help(cast)
    police_call(cast)
    client.force_login(cast.front_door_worker)
    search = html(
        client.get(
            reverse("people:search"),
            {
                "name": "Zoe Lukasz",
                "date_of_birth-day": "3",
                "date_of_birth-month": "2",
                "date_of_birth-year": "2016",
            },
        )
    )
    assert "Zoë Łukasz" not in search
    assert client.get(record_url(zoe)).status_code == 404


# --- Opening a record: only from the contact, only what its search showed -------------------


def test_a_practitioner_still_gets_404_through_the_same_url(cast: Cast, client: Client) -> None:
    # Given the front door's search for the contact showed Zoë
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(cast.front_door_worker)
    client.get(link_url(contact))
    # Then the same URL gives users whose job is not triage and who do not work with Zoë 404
    for user in (cast.practitioner, cast.involved, cast.early_help_worker, cast.analyst):
        client.force_login(user)
        assert client.get(record_url(zoe, contact)).status_code == 404
    # and the lead practitioner, who works with her, sees her record as always, not logged as
    # a read for the contact
    client.force_login(cast.team_member)
    assert client.get(record_url(zoe, contact)).status_code == 200
    assert not AccessRecord.objects.filter(
        action=AccessAction.VIEW_PERSON, detail__contact_id=contact.pk
    ).exists()


def test_a_record_no_search_for_the_contact_showed_is_404(cast: Cast, client: Client) -> None:
    # Given an open contact whose search showed Zoë, and another open contact about a
    # different child, searched too
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    other = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    client.get(link_url(contact))
    client.get(reverse("frontdoor:contact-link", args=[other.pk, other.subjects.get().pk]))
    stranger = PersonFactory(given_name="Morgan", family_name="Unrelated")
    # Then Zoë opens only for the contact whose search showed her
    assert client.get(record_url(zoe, contact)).status_code == 200
    assert client.get(record_url(zoe, other)).status_code == 404
    # and a record no search showed does not open for either
    assert client.get(record_url(stranger, contact)).status_code == 404
    # nor for a contact id that is not a contact, or is not a number
    assert client.get(record_url(zoe, other.pk + contact.pk + 100)).status_code == 404
    assert client.get(record_url(zoe, "FD-1")).status_code == 404


def test_a_search_by_another_front_door_user_does_not_open_the_record_for_this_one(
    cast: Cast, client: Client
) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(cast.front_door_manager)
    client.get(link_url(contact))
    client.force_login(cast.front_door_worker)
    assert client.get(record_url(zoe, contact)).status_code == 404


def test_once_the_contact_is_decided_its_records_no_longer_open(cast: Cast, client: Client) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(cast.front_door_worker)
    client.get(link_url(contact))
    assert client.get(record_url(zoe, contact)).status_code == 200
    Contact.objects.filter(pk=contact.pk).update(status=ContactStatus.DECIDED)
    assert client.get(record_url(zoe, contact)).status_code == 404


def test_a_draft_contact_is_no_ground_to_search(cast: Cast, client: Client) -> None:
    zoe = zoe_in_early_help(cast)
    draft = frontdoor_services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Coming to school hungry",
        referrer_view_scale=2,
    )
    client.force_login(cast.front_door_worker)
    assert client.get(record_url(zoe, draft)).status_code == 404


def test_the_record_opened_for_a_contact_offers_no_changes(cast: Cast, client: Client) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(cast.front_door_worker)
    client.get(link_url(contact))
    page = html(client.get(record_url(zoe, contact)))
    assert reverse("people:edit", args=[zoe.pk]) not in page
    assert reverse("people:chronology", args=[zoe.pk]) not in page
    assert f"{reverse('people:network', args=[zoe.pk])}?contact={contact.pk}" in page
    network = client.get(f"{reverse('people:network', args=[zoe.pk])}?contact={contact.pk}")
    assert network.status_code == 200
    assert (
        AccessRecord.objects.filter(
            action=AccessAction.VIEW_PERSON, detail__contact_id=contact.pk
        ).count()
        == 2
    )


def test_a_restricted_record_is_counted_not_shown_even_to_triage(
    cast: Cast, client: Client
) -> None:
    zoe = zoe_in_early_help(cast)
    Person.objects.filter(pk=zoe.pk).update(restricted=True)
    contact = police_call(cast)
    client.force_login(cast.front_door_worker)
    page = html(client.get(link_url(contact)))
    assert not offers(page, zoe) and "1 likely match" in page
    assert not offers(html(client.get(link_url(contact), {"q": "Zoe Lukasz"})), zoe)
    assert client.get(record_url(zoe, contact)).status_code == 404


def test_a_record_already_linked_to_the_contact_opens_for_it(cast: Cast, client: Client) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    ContactSubject.objects.filter(contact=contact).update(person=zoe)
    client.force_login(cast.front_door_worker)
    assert client.get(record_url(zoe, contact)).status_code == 200


# --- Bounded work ------------------------------------------------------------------------------


def link_page_queries(client: Client, contact: Contact) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(link_url(contact))
    assert response.status_code == 200
    return len(queries), html(response)


def test_the_link_page_makes_as_many_queries_for_three_candidates_as_for_one(
    cast: Cast, client: Client
) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    client.force_login(cast.front_door_worker)
    client.get(link_url(contact))  # warm the caches the first request fills
    one, page = link_page_queries(client, contact)
    assert len(LIKELY.findall(page)) == 1 and offers(page, zoe)
    for _ in range(2):
        PersonFactory(given_name="Zoe", family_name="Lukasz", date_of_birth=ZOE_BORN)
    three, page = link_page_queries(client, contact)
    assert len(LIKELY.findall(page)) == 3
    assert three == one


def test_a_search_of_all_records_never_lists_everyone(cast: Cast) -> None:
    zoe_in_early_help(cast)
    contact = police_call(cast)
    with transaction.atomic():
        page = people_search(
            user=cast.front_door_worker, search=PeopleSearch(), for_contact=contact
        )
    assert list(page.object_list) == []


def test_only_a_role_whose_job_is_triage_may_search_all_records_for_a_contact(cast: Cast) -> None:
    zoe = zoe_in_early_help(cast)
    contact = police_call(cast)
    query = MatchQuery(given_name="Zoe", family_name="Lukasz", date_of_birth=ZOE_BORN)
    for user in (cast.practitioner, cast.team_member, cast.team_manager, cast.early_help_worker):
        with transaction.atomic(), pytest.raises(Http404):
            query.search(user=user, path="", for_contact=contact)
        with transaction.atomic(), pytest.raises(Http404):
            people_search(user=user, search=PeopleSearch(name="Zoe"), for_contact=contact)
    with transaction.atomic():
        found = query.search(user=cast.front_door_worker, path="", for_contact=contact)
    assert [c.person.pk for c in found.candidates] == [zoe.pk]
