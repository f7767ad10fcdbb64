"""Think Family: when a concern about a child or an adult reaches the front door with its people
linked, the Named Person, allocated workers and early help lead of every other child in their
households are told (a notification naming only the child they work with, linking to that
child's record), once per contact, where sharing is lawful; where it is not, the front door sees
who was not told and why. Whatever the route: request for support, public form, API, telephone,
step up."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from righthelp.accounts import services as account_services
from righthelp.accounts.models import OrganisationKind, Role, User
from righthelp.accounts.tests.factories import OrganisationFactory, UserFactory
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent import services as consent_services
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.earlyhelp import services as earlyhelp_services
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor import api_schema, services, think_family
from righthelp.frontdoor.models import Contact, ContactKind, ThinkFamilyNotice
from righthelp.frontdoor.services import ConsentDetails, LawfulBasisDetails, SubjectDetails
from righthelp.notifications.models import Notification, NotificationKind
from righthelp.people.models import Address, Household, HouseholdMember, Person, PersonKind
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

WORRY = "Kayden says his mum's partner shouts and throws things when he has been drinking"


@dataclass
class Home:
    sibling: Person  # another child in Kayden's household
    mum: Person
    named_person: User  # the sibling's Named Person, at a school
    health_worker: User  # the sibling's allocated worker, in health
    lead: User  # the sibling's early help lead
    bystander: User  # works with nobody here


def _user(username: str, kind: str) -> User:
    organisation = OrganisationFactory(name=f"{username} agency", kind=kind)
    return UserFactory(username=username, organisation=organisation, roles=[Role.PRACTITIONER])


def _household(*people: Person) -> Household:
    address = Address.objects.create(line1="4 Hessle Road", town="Hull", postcode="HU3 2AA")
    home = Household.objects.create(address=address)
    for person in people:
        HouseholdMember.objects.create(household=home, person=person)
    return home


@pytest.fixture
def home(cast: Cast) -> Home:
    sibling = PersonFactory(given_name="Ruby", family_name="Fletcher")
    mum = PersonFactory(given_name="Claire", family_name="Fletcher", kind=PersonKind.ADULT)
    _household(cast.child, sibling, mum)
    named_person = _user("named_person", OrganisationKind.SCHOOL)
    health_worker = _user("health_worker", OrganisationKind.HEALTH)
    lead = _user("eh_lead", OrganisationKind.EARLY_HELP)
    InvolvementFactory(
        person=sibling,
        user=named_person,
        role="named_person",
        organisation=named_person.organisation,
    )
    InvolvementFactory(
        person=sibling,
        user=health_worker,
        role="allocated_worker",
        organisation=health_worker.organisation,
    )
    # Roles Think Family does not tell, and a Named Person without a RightHelp account.
    InvolvementFactory(person=sibling, user=_user("gp", OrganisationKind.HEALTH), role="gp")
    InvolvementFactory(person=sibling, role="named_person", name="Ms Offline")
    make_episode(locality=cast.holding_team.locality, opened_by=lead, children=[sibling], lead=lead)
    return Home(
        sibling=sibling,
        mum=mum,
        named_person=named_person,
        health_worker=health_worker,
        lead=lead,
        bystander=_user("bystander", OrganisationKind.SCHOOL),
    )


def _consent(person: Person, share_with: tuple[str, ...], actor: User) -> None:
    consent_services.consent_record(
        actor=actor,
        person=person,
        purpose="information_sharing",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Claire Fletcher",
        share_with=share_with,
        method="verbal",
        validity=VALID,
    )


def _request(
    cast: Cast,
    subjects: list[SubjectDetails] | None = None,
    share_with: tuple[str, ...] = ("early_help", "childrens_social_care"),
) -> Contact:
    contact = services.request_save(
        actor=cast.involved,
        subjects=subjects or [SubjectDetails(role="child", person=cast.child)],
        worry=WORRY,
    )
    return services.request_submit(
        actor=cast.involved,
        contact=contact,
        consent=ConsentDetails(
            given_by="parent_or_carer",
            given_by_name="Claire Fletcher",
            method="verbal",
            share_with=share_with,
            validity=VALID,
            child_not_asked_reason=CHILD_NOT_ASKED,
        ),
    )


def _told(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.THINK_FAMILY))


# --- Who is told, and what they are told ---------------------------------------------------------


def test_the_lead_of_another_child_in_the_household_is_told_and_nothing_more(
    cast: Cast, home: Home
) -> None:
    contact = _request(cast)
    [notice] = _told(home.lead)
    assert notice.subject == "A concern has been recorded in the household of a child you work with"
    assert "Ruby Fletcher" in notice.body
    assert "Kayden" not in notice.body and "drinking" not in notice.body
    assert contact.reference not in notice.body + notice.subject
    assert notice.link == reverse("people:detail", args=[home.sibling.pk])
    row = ThinkFamilyNotice.objects.get(contact=contact, recipient=home.lead)
    assert row.told_at is not None and row.role == "Early help lead practitioner"
    assert not _told(home.bystander)
    assert not Notification.objects.filter(
        kind=NotificationKind.THINK_FAMILY, recipient__username="gp"
    ).exists()


def test_professionals_whose_agency_the_consent_does_not_cover_are_not_told_and_why(
    cast: Cast, home: Home
) -> None:
    contact = _request(cast)  # consent covers early help and children's social care only
    assert not _told(home.named_person) and not _told(home.health_worker)
    school = ThinkFamilyNotice.objects.get(contact=contact, recipient=home.named_person)
    assert school.told_at is None
    assert school.not_told_reason.startswith("No consent covering school")
    assert "Kayden Fletcher" in school.not_told_reason
    event = Event.objects.get(verb=Verb.THINK_FAMILY_CHECKED)
    assert {n["recipient"] for n in event.payload["not_told"]} == {
        home.named_person.pk,
        home.health_worker.pk,
    }
    assert [n["recipient"] for n in event.payload["told"]] == [home.lead.pk]


def test_the_front_door_sees_who_was_not_told_and_why(
    cast: Cast, home: Home, client: Client
) -> None:
    contact = _request(cast)
    client.force_login(cast.front_door_worker)
    page = client.get(reverse("frontdoor:contact", args=[contact.pk])).content.decode()
    assert "Think Family" in page
    assert "Not told, because sharing is not lawful yet" in page
    assert "named_person" in page or home.named_person.display_name in page
    assert "No consent covering school" in page
    assert home.lead.display_name in page


def test_with_consent_covering_every_agency_everyone_is_told_once(cast: Cast, home: Home) -> None:
    contact = _request(cast, share_with=("all",))
    for user in (home.named_person, home.health_worker, home.lead):
        assert len(_told(user)) == 1
    # Asking again (a person linked again, say) tells nobody twice and records nothing new.
    events = Event.objects.filter(verb=Verb.THINK_FAMILY_CHECKED).count()
    services.think_family_tell(actor=cast.front_door_worker, contact=contact)
    for user in (home.named_person, home.health_worker, home.lead):
        assert len(_told(user)) == 1
    assert Event.objects.filter(verb=Verb.THINK_FAMILY_CHECKED).count() == events


def test_someone_not_told_is_told_once_sharing_becomes_lawful(cast: Cast, home: Home) -> None:
    contact = _request(cast)
    assert not _told(home.named_person)
    _consent(cast.child, ("school",), actor=cast.involved)
    services.think_family_tell(actor=cast.front_door_worker, contact=contact)
    assert len(_told(home.named_person)) == 1
    assert ThinkFamilyNotice.objects.get(recipient=home.named_person).told_at is not None


def test_the_referrer_and_the_actor_are_not_told_what_they_already_know(
    cast: Cast, home: Home
) -> None:
    InvolvementFactory(
        person=home.sibling,
        user=cast.involved,
        role="allocated_worker",
        organisation=cast.involved.organisation,
    )
    _request(cast, share_with=("all",))
    assert not _told(cast.involved)
    assert len(_told(home.lead)) == 1


def test_the_link_opens_only_for_someone_who_may_see_the_child(
    cast: Cast, home: Home, client: Client
) -> None:
    _request(cast)
    [notice] = _told(home.lead)
    client.force_login(home.lead)
    assert client.get(notice.link).status_code == 200
    client.force_login(home.bystander)
    assert client.get(notice.link).status_code == 404


# --- A concern about an adult ---------------------------------------------------------------------


def test_a_concern_about_an_adult_reaches_the_children_of_another_household_they_live_in(
    cast: Cast, home: Home
) -> None:
    # Mum also lives, part of the week, with her younger child Alfie, whose Named Person is told.
    alfie = PersonFactory(given_name="Alfie", family_name="Price")
    _household(home.mum, alfie)
    alfies_named_person = _user("alfies_np", OrganisationKind.HEALTH)
    InvolvementFactory(
        person=alfie,
        user=alfies_named_person,
        role="named_person",
        organisation=alfies_named_person.organisation,
    )
    subjects = [
        SubjectDetails(role="child", person=cast.child),
        SubjectDetails(role="adult", person=home.mum, concern_applies=True),
    ]
    _request(cast, subjects=subjects)
    # Nothing from mum covers health: not told.
    assert not _told(alfies_named_person)
    _consent(home.mum, ("health",), actor=cast.involved)
    _request(cast, subjects=subjects)
    [notice] = _told(alfies_named_person)
    assert "Alfie Price" in notice.body and "Claire" not in notice.body


def test_an_adult_the_concern_does_not_touch_does_not_reach_their_other_household(
    cast: Cast, home: Home
) -> None:
    alfie = PersonFactory(given_name="Alfie", family_name="Price")
    _household(home.mum, alfie)
    alfies_named_person = _user("alfies_np", OrganisationKind.HEALTH)
    InvolvementFactory(
        person=alfie,
        user=alfies_named_person,
        role="named_person",
        organisation=alfies_named_person.organisation,
    )
    _consent(home.mum, ("all",), actor=cast.involved)
    _request(
        cast,
        subjects=[
            SubjectDetails(role="child", person=cast.child),
            SubjectDetails(role="adult", person=home.mum, concern_applies=False),
        ],
    )
    assert not _told(alfies_named_person)


# --- Every route ---------------------------------------------------------------------------------


def test_a_public_concern_tells_once_the_child_is_linked(cast: Cast, home: Home) -> None:
    _consent(cast.child, ("all",), actor=cast.involved)
    contact = services.public_contact_submit(
        kind=ContactKind.PUBLIC_CONCERN,
        sender_address="203.0.113.5",
        referrer_name="",
        referrer_email="",
        referrer_phone="",
        referrer_relationship="Neighbour",
        child=SubjectDetails(role="child", given_name="Kayden", family_name="Fletcher"),
        worry=WORRY,
    )
    assert not _told(home.lead)
    services.contact_link_person(
        actor=cast.front_door_worker, subject=contact.subjects.get(), person=cast.child
    )
    assert len(_told(home.lead)) == 1 and len(_told(home.named_person)) == 1


def test_a_telephone_contact_tells_once_the_child_is_linked(cast: Cast, home: Home) -> None:
    _consent(cast.child, ("all",), actor=cast.involved)
    contact = services.telephone_contact_record(
        actor=cast.front_door_worker,
        referrer_name="PC Dana Holt",
        referrer_agency="Humberside Police",
        referrer_phone="01482 000111",
        children=[SubjectDetails(role="child", given_name="Kayden", family_name="Fletcher")],
        worry=WORRY,
    )
    assert not _told(home.lead)
    services.contact_link_person(
        actor=cast.front_door_worker, subject=contact.subjects.get(), person=cast.child
    )
    assert len(_told(home.lead)) == 1


def test_an_api_request_shared_on_significant_harm_is_checked_once_the_child_is_linked(
    cast: Cast, home: Home, client: Client
) -> None:
    assert cast.involved.organisation is not None
    _, token = account_services.api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    body = copy.deepcopy(api_schema.EXAMPLE_SIGNIFICANT_HARM)
    response = client.post(
        "/api/v1/contacts",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="tf-1",
    )
    assert response.status_code == 201
    contact = Contact.objects.get(kind=ContactKind.API)
    assert not _told(home.lead)
    services.contact_link_person(
        actor=cast.front_door_worker, subject=contact.subjects.get(), person=cast.child
    )
    # The lawful basis the sender stated, recorded on linking, is for children's social care
    # only: the other children's professionals are not told, and the front door sees why.
    _assert_not_told_for_want_of_a_basis(contact, home)


def test_a_request_shared_without_consent_on_significant_harm_tells_only_those_its_basis_covers(
    cast: Cast, home: Home
) -> None:
    contact = services.request_save(
        actor=cast.involved, subjects=[SubjectDetails(role="child", person=cast.child)], worry=WORRY
    )
    services.request_submit(
        actor=cast.involved,
        contact=contact,
        lawful_basis=LawfulBasisDetails(
            reasons="Kayden has a burn he says his mum's partner caused",
            parents_told=False,
            not_told_reason="The partner lives with him",
            significant_harm_suspected=True,
        ),
    )
    _assert_not_told_for_want_of_a_basis(contact, home)


def _assert_not_told_for_want_of_a_basis(contact: Contact, home: Home) -> None:
    notices = {n.recipient_id: n for n in ThinkFamilyNotice.objects.filter(contact=contact)}
    for user in (home.lead, home.named_person, home.health_worker):
        assert not _told(user)
        assert notices[user.pk].told_at is None
        assert "no lawful basis" in notices[user.pk].not_told_reason


def test_a_step_up_tells_the_professionals_of_the_other_children(cast: Cast, home: Home) -> None:
    _consent(cast.child, ("all",), actor=cast.involved)
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[cast.child],
        lead=cast.team_member,
    )
    earlyhelp_services.step_up_consult(
        actor=cast.team_member, episode=episode, worry=WORRY, outcome="front_door"
    )
    assert len(_told(home.lead)) == 1 and len(_told(home.named_person)) == 1


# --- Who works with a child is contributed by each capability ----------------------------------


def test_a_registered_source_of_professionals_is_told_too(
    cast: Cast, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    youth_worker = _user("youth_worker", OrganisationKind.VOLUNTARY)

    def youth_service(child_ids: Sequence[int]) -> list[think_family.ChildProfessional]:
        return [
            think_family.ChildProfessional(
                child_id=child_id,
                user_id=youth_worker.pk,
                role="Youth worker",
                agency_kind=OrganisationKind.VOLUNTARY,
            )
            for child_id in child_ids
        ]

    monkeypatch.setattr(think_family, "_sources", [*think_family._sources, youth_service])
    _request(cast, share_with=("all",))
    [notice] = _told(youth_worker)
    assert "Ruby Fletcher" in notice.body
