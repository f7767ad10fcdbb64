"""A request for a family that already has early help open can neither be taken up nor left
waiting for ever: it is joined to the open episode (its children added, with consent; the lead
told) or closed with a reason (the referrer told nothing new)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.accounts.tests.factories import LocalityFactory
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.consent.tests.factories import consent_given
from righthelp.core.open_work import open_work_for
from righthelp.earlyhelp import family_services
from righthelp.earlyhelp.models import Episode, EpisodeMember, RequestResolution
from righthelp.earlyhelp.tests.access_expectations_episodes import early_help_request
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.frontdoor.models import ContactSubject, EarlyHelpRequest, Feedback, SubjectRole
from righthelp.frontdoor.open_work import EARLY_HELP_REQUEST
from righthelp.notifications.models import Notification
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

REQUESTS = reverse("earlyhelp:requests")


@pytest.fixture
def stuck(cast: Cast) -> tuple[Episode, EarlyHelpRequest, Person, Person]:
    """An episode led by ``cast.involved`` (a school) for Ellie, and a later request from the
    front door about Ellie and her brother Max, who is not in the episode."""
    ellie = PersonFactory(given_name="Ellie", family_name="Stuck")
    max_ = PersonFactory(given_name="Max", family_name="Stuck")
    episode = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[ellie],
        lead=cast.involved,
    )
    request = early_help_request(cast, [ellie, max_], consent=False)
    return episode, request, ellie, max_


def join_url(request: EarlyHelpRequest) -> str:
    return reverse("earlyhelp:request-join", args=[request.pk])


def close_url(request: EarlyHelpRequest) -> str:
    return reverse("earlyhelp:request-close", args=[request.pk])


def waiting_kinds(*people: Person) -> set[str]:
    return {work.kind for found in open_work_for([p.pk for p in people]).values() for work in found}


def test_a_request_for_a_family_with_open_early_help_offers_join_and_close(
    cast: Cast, client: Client, stuck: tuple[Episode, EarlyHelpRequest, Person, Person]
) -> None:
    episode, request, *_ = stuck
    client.force_login(cast.team_member)

    listing = client.get(REQUESTS).content.decode()

    assert "Early help already open" in listing and episode.reference in listing
    assert join_url(request) in listing and close_url(request) in listing
    assert reverse("earlyhelp:take-up", args=[request.pk]) not in listing
    # Opened anyway (from "Is this child known?", say), taking up is not offered.
    take_up = client.get(reverse("earlyhelp:take-up", args=[request.pk])).content.decode()
    assert "Early help is already open for this family" in take_up
    assert join_url(request) in take_up and "Start early help</button>" not in take_up


def test_joining_takes_the_request_up_adds_its_children_and_tells_the_lead(
    cast: Cast, client: Client, stuck: tuple[Episode, EarlyHelpRequest, Person, Person]
) -> None:
    episode, request, ellie, max_ = stuck
    client.force_login(cast.team_member)
    form = client.get(join_url(request)).content.decode()
    assert "Max Stuck" in form.split("Children added to the episode")[1]

    refused = client.post(
        join_url(request), {"episode": episode.pk, "submission_key": str(uuid.uuid4())}
    )
    # Max has no consent to early help: nothing is joined.
    assert refused.status_code == 200
    assert "The request cannot be joined to" in refused.content.decode()
    assert "Max Stuck" in refused.content.decode()
    assert not RequestResolution.objects.exists()

    consent_given(actor=cast.team_member, person=max_, share_with=["early_help"])
    key = str(uuid.uuid4())
    joined = client.post(join_url(request), {"episode": episode.pk, "submission_key": key})
    again = client.post(join_url(request), {"episode": episode.pk, "submission_key": key})

    assert joined.status_code == again.status_code == 302
    assert (
        joined["Location"] == again["Location"] == reverse("earlyhelp:episode", args=[episode.pk])
    )
    resolution = RequestResolution.objects.get()
    assert (resolution.kind, resolution.episode) == ("joined", episode)
    request.refresh_from_db()
    assert request.taken_up_at == resolution.resolved_at
    assert EpisodeMember.objects.get(episode=episode, person=max_).role == "child"
    [event] = Event.objects.filter(verb=Verb.EARLY_HELP_REQUEST_JOINED)
    assert {s.person_id for s in event.subjects.all()} == {ellie.pk, max_.pk}
    [told] = Notification.objects.filter(recipient=cast.involved)
    assert episode.reference in told.subject and told.link == reverse(
        "earlyhelp:episode", args=[episode.pk]
    )
    # Shown on the episode with its worry, with a banner; gone from the list and from what is
    # open.
    html = client.get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    reference = request.decision.contact.reference
    assert f"Request {reference} joined to early help {episode.reference}" in html
    assert "Later requests for this family" in html
    assert request.decision.contact.worry in html
    assert "No request is waiting" in client.get(REQUESTS).content.decode()
    assert EARLY_HELP_REQUEST not in waiting_kinds(ellie, max_)


def test_closing_needs_a_reason_and_tells_the_referrer_nothing_new(
    cast: Cast, client: Client, stuck: tuple[Episode, EarlyHelpRequest, Person, Person]
) -> None:
    _, request, ellie, max_ = stuck
    client.force_login(cast.team_member)

    refused = client.post(close_url(request), {"reason": "", "submission_key": ""})
    assert "Say why the request is being closed" in refused.content.decode()
    assert not RequestResolution.objects.exists()

    key = str(uuid.uuid4())
    reason = "Ellie's lead practitioner has the new worry and is acting on it"
    closed = client.post(close_url(request), {"reason": reason, "submission_key": key}, follow=True)
    client.post(close_url(request), {"reason": reason, "submission_key": key})

    assert f"Request {request.decision.contact.reference} closed" in closed.content.decode()
    resolution = RequestResolution.objects.get()
    assert (resolution.kind, resolution.reason, resolution.episode) == ("closed", reason, None)
    request.refresh_from_db()
    assert request.taken_up_at is None
    [event] = Event.objects.filter(verb=Verb.EARLY_HELP_REQUEST_CLOSED)
    assert {s.person_id for s in event.subjects.all()} == {ellie.pk, max_.pk}
    assert reason in event.summary
    assert not Feedback.objects.exists()
    assert not Notification.objects.filter(recipient=cast.involved).exists()  # the referrer
    assert "No request is waiting" in closed.content.decode()
    assert EARLY_HELP_REQUEST not in waiting_kinds(ellie, max_)
    assert client.get(reverse("earlyhelp:take-up", args=[request.pk])).status_code == 404
    assert client.get(close_url(request)).status_code == 404


def test_a_request_whose_family_is_held_by_another_locality_can_only_be_closed(
    cast: Cast, client: Client
) -> None:
    ellie = PersonFactory(given_name="Ellie", family_name="Elsewhere")
    east = make_episode(
        locality=LocalityFactory(name="East", slug="east"),
        opened_by=cast.team_member,
        children=[ellie],
    )
    request = early_help_request(cast, [ellie])
    client.force_login(cast.team_member)

    page = client.get(join_url(request)).content.decode()

    assert "held by a team you are not in" in page and east.reference in page
    assert "Join the request to early help" not in page
    with pytest.raises(PermissionError):
        family_services.early_help_request_join(
            actor=cast.team_member, early_help_request=request, episode=east
        )


def test_a_request_cannot_be_joined_to_an_episode_not_open_for_its_family(
    cast: Cast, stuck: tuple[Episode, EarlyHelpRequest, Person, Person]
) -> None:
    _, request, *_ = stuck
    other = make_episode(
        locality=cast.holding_team.locality,
        opened_by=cast.team_member,
        children=[PersonFactory(given_name="Other", family_name="Family")],
    )

    with pytest.raises(ValidationError, match="is not open for the people this request is about"):
        family_services.early_help_request_join(
            actor=cast.team_member, early_help_request=request, episode=other
        )


def test_only_the_requests_locality_workers_join_or_close_it(
    cast: Cast, client: Client, stuck: tuple[Episode, EarlyHelpRequest, Person, Person]
) -> None:
    episode, request, *_ = stuck
    for user in (cast.practitioner, cast.team_manager, cast.front_door_worker):
        client.force_login(user)
        assert client.get(join_url(request)).status_code == 404
        assert client.post(close_url(request), {"reason": "Not mine"}).status_code == 404
    with pytest.raises(PermissionError):
        family_services.early_help_request_close(
            actor=cast.practitioner, early_help_request=request, reason="Not mine"
        )
    assert not RequestResolution.objects.exists()


def test_an_adult_named_as_a_child_in_the_request_is_not_added_as_a_child(
    cast: Cast, stuck: tuple[Episode, EarlyHelpRequest, Person, Person]
) -> None:
    episode, request, ellie, max_ = stuck
    consent_given(actor=cast.team_member, person=max_, share_with=["early_help"])
    dad = PersonFactory(kind="adult", given_name="Dan", family_name="Stuck")
    ContactSubject.objects.create(
        contact=request.decision.contact, person=dad, role=SubjectRole.CHILD
    )

    family_services.early_help_request_join(
        actor=cast.team_member, early_help_request=request, episode=episode
    )

    assert set(EpisodeMember.objects.filter(episode=episode).values_list("person_id", "role")) == {
        (ellie.pk, "child"),
        (max_.pk, "child"),
    }
