"""``escalations.permissions``: who manages disagreements, who sees the report, and which
disagreements a user holds."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import Cast
from righthelp.escalations.models import Disagreement
from righthelp.escalations.permissions import (
    can_see_disagreement_report,
    held_disagreements_q,
    is_disagreement_manager,
)
from righthelp.escalations.tests.test_stage_owners import escalate, worry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "manager", "report"),
    [
        ("team_manager", True, True),
        ("front_door_manager", True, True),
        ("analyst", False, True),
        ("front_door_worker", False, False),
        ("involved", False, False),
        ("administrator", False, False),
    ],
)
def test_managers_manage_and_managers_and_analysts_see_the_report(
    cast: Cast, label: str, manager: bool, report: bool
) -> None:
    user = cast.by_label()[label]
    assert user is not None
    assert is_disagreement_manager(user) is manager
    assert can_see_disagreement_report(user) is report
    user.is_active = False
    assert is_disagreement_manager(user) is False
    assert can_see_disagreement_report(user) is False


def test_an_anonymous_user_neither_manages_nor_sees_the_report() -> None:
    assert is_disagreement_manager(AnonymousUser()) is False  # type: ignore[arg-type]
    assert can_see_disagreement_report(AnonymousUser()) is False  # type: ignore[arg-type]


def _held(user: object) -> set[int]:
    return set(
        Disagreement.objects.filter(held_disagreements_q(user)).values_list("pk", flat=True)  # type: ignore[arg-type]
    )


def test_a_disagreement_is_held_by_whoever_raised_it_or_holds_a_stage(cast: Cast) -> None:
    # Given a worry raised by the involved practitioner, escalated by the team manager
    disagreement = worry(cast)
    escalate(cast, disagreement)
    stage_people = set()
    for stage in disagreement.stages.all():
        stage_people |= set(stage.owners.values_list("pk", flat=True))
        stage_people |= set(stage.next_level_holders.values_list("pk", flat=True))
        stage_people |= set(stage.referrer_side.values_list("pk", flat=True))
    # Then the raiser and everyone on a stage hold it; nobody else does
    assert _held(cast.involved) == {disagreement.pk}
    assert stage_people, "the stages name someone"
    for pk in stage_people:
        assert _held(type(cast.involved).objects.get(pk=pk)) == {disagreement.pk}
    assert _held(cast.analyst) == set()
    assert _held(AnonymousUser()) == set()
    cast.involved.is_active = False
    assert _held(cast.involved) == set()


def test_the_disagreements_page_opens_for_exactly_those_who_hold_it_or_see_the_child(
    cast: Cast,
) -> None:
    from django.http import Http404

    from righthelp.core.checkpoint import visible_people
    from righthelp.escalations import selectors

    # Given a worry escalated past its first stage
    disagreement = worry(cast)
    escalate(cast, disagreement)
    stage_people = set()
    for stage in disagreement.stages.all():
        stage_people |= set(stage.owners.values_list("pk", flat=True))
        stage_people |= set(stage.next_level_holders.values_list("pk", flat=True))
        stage_people |= set(stage.referrer_side.values_list("pk", flat=True))
    users = [u for u in cast.by_label().values() if u is not None]
    users += list(type(cast.involved).objects.filter(pk__in=stage_people))
    for user in users:
        # Then it opens for whoever holds it (the query rule) or may see the child, else 404
        expected = bool(_held(user)) or (
            visible_people(user).filter(pk=disagreement.child_id).exists()
        )
        try:
            found = selectors.disagreement_detail(user=user, disagreement_id=disagreement.pk)
        except Http404:
            opened = False
        else:
            opened = True
            assert selectors.child_is_visible(user, found) == (
                visible_people(user).filter(pk=disagreement.child_id).exists()
            )
        assert opened is expected, user.username
