"""``earlyhelp.permissions``: who works on an episode (its lead, the locality's early help
workers, managers of the lead's team, and, while it has no lead, managers of the locality's
early help teams), who only sees it (meeting invitees and overseeing managers, while consent
covers their agency), and whose records its members become."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Cast
from righthelp.accounts.models import Locality, OrganisationKind, Role, User
from righthelp.accounts.tests.factories import (
    LocalityFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    manager_of,
)
from righthelp.consent.tests.factories import consent_given
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeStatus,
    LeadPractitioner,
    LeadStatus,
    MeetingStatus,
    TafInvitee,
    TafMeeting,
)
from righthelp.earlyhelp.permissions import (
    can_view_episode,
    can_work_on_episode,
    consent_covers,
    consent_covers_episodes,
    episode_people_visibility,
    invited_episodes_q,
    is_early_help_worker,
    locality_ids,
    require_work,
    workable_episodes_q,
)
from righthelp.earlyhelp.tests.factories import make_episode
from righthelp.people.models import Person
from righthelp.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def _west(cast: Cast) -> Locality:
    assert cast.holding_team.locality is not None
    return cast.holding_team.locality


def _episode(cast: Cast, lead: User | None = None, **kwargs: object) -> Episode:
    return make_episode(
        locality=kwargs.pop("locality", None) or _west(cast),  # type: ignore[arg-type]
        opened_by=cast.early_help_worker,
        children=[cast.child],
        lead=lead,
        **kwargs,  # type: ignore[arg-type]
    )


def _workers(episode: Episode, cast: Cast, *extra: User) -> set[str]:
    users = {k: v for k, v in cast.by_label().items() if v is not None}
    users.update({f"extra{i}": u for i, u in enumerate(extra)})
    return {label for label, user in users.items() if can_work_on_episode(user, episode)}


def test_an_episode_with_a_lead_is_worked_on_by_the_lead_the_locality_and_the_leads_managers(
    cast: Cast,
) -> None:
    episode = _episode(cast, lead=cast.team_member)
    assert _workers(episode, cast) == {"team_member", "early_help_worker", "team_manager"}
    # Whoever works on it sees it, consent or none (its children's consent covers early help)
    for user in (cast.team_member, cast.early_help_worker, cast.team_manager):
        assert can_view_episode(user, episode) is True
    assert can_view_episode(cast.practitioner, episode) is False


def test_an_episode_without_a_lead_is_worked_on_by_the_localitys_early_help_managers(
    cast: Cast,
) -> None:
    episode = _episode(cast)
    assert _workers(episode, cast) == {
        "team_member",
        "early_help_worker",
        "team_manager",
        "other_manager",
    }


def test_nobody_from_another_locality_works_on_it(cast: Cast) -> None:
    east = LocalityFactory.create(name="East", slug="east")
    episode = _episode(cast, locality=east)
    assert _workers(episode, cast) == set()
    assert is_early_help_worker(cast.early_help_worker) is True
    assert locality_ids(cast.early_help_worker) == [_west(cast).pk]


def test_a_proposed_lead_works_on_it_and_an_ended_one_does_not(cast: Cast) -> None:
    episode = _episode(cast, lead=cast.involved)
    lead = LeadPractitioner.objects.get(episode=episode)
    for status, works in (
        (LeadStatus.PROPOSED, True),
        (LeadStatus.ACTIVE, True),
        (LeadStatus.ENDED, False),
        (LeadStatus.DECLINED, False),
    ):
        LeadPractitioner.objects.filter(pk=lead.pk).update(status=status)
        assert can_work_on_episode(cast.involved, episode) is works, status
    # With no current lead, the locality's early help managers find one
    assert can_work_on_episode(cast.other_manager, episode) is True


def test_a_role_decides_what_a_team_place_gives(cast: Cast) -> None:
    led = _episode(cast, lead=cast.team_member)
    unled = _episode(cast)
    # A practitioner in the locality's early help team is not an early help worker
    member = UserFactory.create(roles=[Role.PRACTITIONER], teams=[cast.holding_team])
    assert is_early_help_worker(member) is False
    assert can_work_on_episode(member, unled) is False
    # Managing the lead's team gives the led episode, but finding leads needs the manager role
    manager = UserFactory.create(roles=[Role.PRACTITIONER])
    manager_of(manager, cast.holding_team)
    assert can_work_on_episode(manager, led) is True
    assert can_work_on_episode(manager, unled) is False
    # The manager role as a plain member of the team gives nothing
    plain = UserFactory.create(roles=[Role.TEAM_MANAGER], teams=[cast.holding_team])
    assert can_work_on_episode(plain, unled) is False
    assert can_work_on_episode(plain, led) is False
    # Managing a school's team in the locality does not find early help leads
    school_team = TeamFactory.create(
        organisation=OrganisationFactory.create(kind=OrganisationKind.SCHOOL, locality=_west(cast))
    )
    head = UserFactory.create(roles=[Role.TEAM_MANAGER])
    manager_of(head, school_team)
    assert can_work_on_episode(head, unled) is False
    assert Episode.objects.filter(workable_episodes_q(ANONYMOUS)).count() == 0  # type: ignore[arg-type]


def test_require_work_refuses_who_may_not_and_a_closed_episode(cast: Cast) -> None:
    episode = _episode(cast, lead=cast.team_member)
    with pytest.raises(PermissionError, match="^no$"):
        require_work(cast.practitioner, episode, "no", "closed")
    require_work(cast.team_member, episode, "no", "closed")
    Episode.objects.filter(pk=episode.pk).update(status=EpisodeStatus.CLOSED)
    episode.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        require_work(cast.team_member, episode, "no", "closed")


def _invite(episode: Episode, user: User, status: str = MeetingStatus.PLANNED) -> TafMeeting:
    meeting = TafMeeting.objects.create(
        episode=episode,
        kind="initial",
        status=status,
        due_on=timezone.localdate() + timedelta(days=10),
        scheduled_for=timezone.now() + timedelta(days=5),
    )
    TafInvitee.objects.create(meeting=meeting, user=user)
    return meeting


def test_an_invitee_sees_the_episode_only_while_consent_covers_their_agency(cast: Cast) -> None:
    episode = _episode(cast, lead=cast.team_member, consent=False)
    _invite(episode, cast.involved)  # a school's practitioner
    assert set(Episode.objects.filter(invited_episodes_q(cast.involved))) == {episode}
    assert can_work_on_episode(cast.involved, episode) is False
    assert can_view_episode(cast.involved, episode) is False
    consent_given(actor=cast.team_member, person=cast.child, share_with=["school"])
    assert consent_covers(cast.involved, episode) is True
    assert can_view_episode(cast.involved, episode) is True
    assert consent_covers_episodes(cast.involved, [episode.pk]) == {episode.pk}
    # Not invited, not seen, consent or no consent
    assert can_view_episode(cast.practitioner, episode) is False
    assert Episode.objects.filter(invited_episodes_q(ANONYMOUS)).count() == 0  # type: ignore[arg-type]


def test_a_cancelled_meeting_invites_nobody(cast: Cast) -> None:
    episode = _episode(cast, lead=cast.team_member)
    _invite(episode, cast.involved, status=MeetingStatus.CANCELLED)
    assert Episode.objects.filter(invited_episodes_q(cast.involved)).count() == 0


def test_consent_must_cover_every_child_in_the_episode(cast: Cast) -> None:
    other = PersonFactory.create()
    episode = make_episode(
        locality=_west(cast),
        opened_by=cast.early_help_worker,
        children=[cast.child, other],
        adults=[PersonFactory.create(kind="adult")],
        consent=False,
    )
    empty = make_episode(locality=_west(cast), opened_by=cast.early_help_worker)
    consent_given(actor=cast.team_member, person=cast.child, share_with=["school"])
    assert consent_covers(cast.involved, episode) is False
    assert consent_covers_episodes(cast.involved, [episode.pk, empty.pk]) == {empty.pk}
    consent_given(actor=cast.team_member, person=other, share_with=["school"])
    assert consent_covers(cast.involved, episode) is True
    assert consent_covers_episodes(cast.involved, [episode.pk, empty.pk]) == {
        episode.pk,
        empty.pk,
    }
    assert consent_covers_episodes(cast.involved, []) == set()
    nobody = UserFactory.create(roles=[Role.PRACTITIONER], organisation=None)
    assert consent_covers(nobody, episode) is False
    assert consent_covers_episodes(nobody, [episode.pk]) == set()


def test_the_members_of_an_episode_are_visible_to_whoever_works_on_it(cast: Cast) -> None:
    adult = PersonFactory.create(kind="adult")
    episode = make_episode(
        locality=_west(cast),
        opened_by=cast.early_help_worker,
        children=[cast.child],
        adults=[adult],
        lead=cast.team_member,
    )
    assert episode.pk
    members = {cast.child.pk, adult.pk}

    def seen(user: User | AnonymousUser) -> set[int]:
        return set(
            Person.objects.filter(episode_people_visibility(user)).values_list("pk", flat=True)  # type: ignore[arg-type]
        )

    assert seen(cast.early_help_worker) == members
    assert seen(cast.team_member) == members
    assert seen(cast.practitioner) == set()
    assert seen(ANONYMOUS) == set()
