"""The checkpoint's two layers, at run time: who sees which people (``visible_people``,
``person_or_404``) and what a page answers for each kind of rule, including none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.test import Client, override_settings

from conftest import Cast
from righthelp.accounts.models import Role, User
from righthelp.accounts.tests.factories import UserFactory
from righthelp.core import checkpoint
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db

URLS = "righthelp.core.tests.checkpoint_urls"


def _seen(user: User | AnonymousUser, *people: Person) -> set[int]:
    ids = [p.pk for p in people]
    return set(checkpoint.visible_people(user).filter(pk__in=ids).values_list("pk", flat=True))  # type: ignore[arg-type]


# --- Records -------------------------------------------------------------------------------


SEES_THE_CHILD = {"involved", "team_member", "team_manager"}


def test_each_role_sees_the_child_only_through_an_involvement(cast: Cast) -> None:
    # Given a child with an involved professional and a holding team, and another child
    stranger = PersonFactory.create(given_name="Other", family_name="Child")
    for label, user in cast.by_label().items():
        if user is None:
            continue
        # Then the user sees the child only if the involvement reaches them, never the other
        expected = {cast.child.pk} if label in SEES_THE_CHILD else set()
        assert _seen(user, cast.child, stranger) == expected, label


def test_an_anonymous_user_sees_nobody(cast: Cast) -> None:
    assert checkpoint.visible_people(AnonymousUser()).count() == 0  # type: ignore[arg-type]


def test_an_inactive_user_with_an_involvement_sees_nobody(cast: Cast) -> None:
    # Given the involved professional's account is switched off
    cast.involved.is_active = False
    cast.involved.save()
    # Then the involvement no longer shows them the child (nor anyone else)
    assert checkpoint.visible_people(cast.involved).count() == 0


@pytest.mark.parametrize(
    "role",
    [Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR, Role.INFORMATION_GOVERNANCE_LEAD],
)
def test_a_role_that_is_not_casework_sees_nobody_even_when_named_on_an_involvement(
    cast: Cast, role: str
) -> None:
    # Given a user of a role that does not work with families, named on the child's record
    user = UserFactory.create(roles=[role])
    InvolvementFactory.create(person=cast.child, user=user, organisation=user.organisation)
    PersonFactory.create(given_name="Someone", family_name="Else")
    # Then they see nobody: not the child, and not everyone either
    assert checkpoint.visible_people(user).count() == 0
    assert checkpoint.person_visibility_q(user) == checkpoint.person_visibility_q(AnonymousUser())  # type: ignore[arg-type]


def test_a_casework_user_with_no_source_sees_nobody(cast: Cast) -> None:
    PersonFactory.create(given_name="Someone", family_name="Else")
    assert checkpoint.visible_people(cast.practitioner).count() == 0


def test_visibility_is_the_union_of_every_registered_source(cast: Cast) -> None:
    # Given a source that shows one more person to the practitioner
    extra = PersonFactory.create(given_name="Extra", family_name="Person")

    def fake_source(user: User) -> Q:
        return Q(pk=extra.pk) if user.pk == cast.practitioner.pk else Q(pk__in=[])

    checkpoint.register_person_visibility(fake_source)
    checkpoint.register_person_visibility(fake_source)  # registering twice changes nothing
    try:
        # Then the practitioner sees that person, and the involved professional sees both
        assert _seen(cast.practitioner, extra, cast.child) == {extra.pk}
        assert _seen(cast.involved, extra, cast.child) == {cast.child.pk}
        assert checkpoint._person_visibility_sources.count(fake_source) == 1
    finally:
        checkpoint._person_visibility_sources.remove(fake_source)
    assert _seen(cast.practitioner, extra) == set()


def test_person_or_404_gives_the_person_to_whoever_may_see_them(cast: Cast) -> None:
    assert checkpoint.person_or_404(cast.involved, cast.child.pk) == cast.child
    assert checkpoint.person_or_404(cast.involved, str(cast.child.pk)) == cast.child


def test_person_or_404_is_404_for_whoever_may_not(cast: Cast) -> None:
    for label in ("practitioner", "analyst", "administrator", "early_help_worker"):
        user = cast.by_label()[label]
        assert user is not None
        with pytest.raises(Http404):
            checkpoint.person_or_404(user, cast.child.pk)


NOT_IDS: list[object] = [
    "",
    "abc",
    "1.5",
    "1e3",
    "-1",
    "0",
    0,
    -1,
    None,
    "99999999999999999999999",
    2**63,
    2**70,
    1.0,
    True,
    " 1",
    "1 ",
    "1_0",
    "\u0661",  # ARABIC-INDIC DIGIT ONE: a digit to Python's int(), not an id
    float("inf"),
]


def test_person_or_404_is_404_for_anything_that_is_not_an_id(cast: Cast) -> None:
    # Given people with small ids the involved professional sees (so a loosely read id would
    # find someone)
    for _ in range(10):
        InvolvementFactory.create(
            person=PersonFactory.create(),
            user=cast.involved,
            organisation=cast.involved.organisation,
        )
    first = checkpoint.visible_people(cast.involved).order_by("pk").first()
    assert first is not None
    assert checkpoint.person_or_404(cast.involved, "0" + str(first.pk)) == first
    # Then an id that is not a plain positive whole number is the same 404 as a missing one
    for person_id in NOT_IDS:
        with pytest.raises(Http404):
            checkpoint.person_or_404(cast.involved, person_id)  # type: ignore[arg-type]


def test_id_or_404_refuses_anything_that_is_not_an_id_before_any_query() -> None:
    for value in [*NOT_IDS, 2**63, str(2**63), -5]:
        with pytest.raises(Http404):
            checkpoint.id_or_404(value)


def test_the_largest_id_is_an_id() -> None:
    assert checkpoint.id_or_404(2**63 - 1) == 2**63 - 1
    assert checkpoint.id_or_404("9223372036854775807") == 2**63 - 1
    assert checkpoint.id_or_404("0012") == 12
    assert checkpoint.id_or_404(1) == 1


def test_person_or_404_is_404_for_a_missing_person(cast: Cast) -> None:
    with pytest.raises(Http404):
        checkpoint.person_or_404(cast.involved, cast.child.pk + 1000)


def test_a_non_integer_person_in_a_query_string_is_404_not_an_error(
    cast: Cast, client: Client
) -> None:
    # The start-early-help page takes the person from its query string
    client.force_login(cast.team_member)
    for value in ("abc", "99999999999999999999999"):
        response = client.get("/early-help/start/", {"person": value})
        assert response.status_code in (200, 404), value


# --- Pages ---------------------------------------------------------------------------------


@pytest.fixture
def pages() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=URLS):
        yield


@pytest.mark.usefixtures("pages")
def test_a_page_that_declares_no_rule_is_404_for_everyone(cast: Cast, client: Client) -> None:
    for label in ("anonymous", "involved", "administrator"):
        user = cast.by_label()[label]
        if user is not None:
            client.force_login(user)
        for url in ("/t/no-rule/", "/t/class-without-rule/", "/t/elsewhere/undecorated/"):
            assert client.get(url).status_code == 404, (label, url)


@pytest.mark.usefixtures("pages")
def test_a_public_page_is_open_to_anyone(client: Client) -> None:
    response = client.get("/t/public/")
    assert response.status_code == 200
    assert response.content == b"the page"


@pytest.mark.usefixtures("pages")
@pytest.mark.parametrize(
    "url",
    [
        "/t/signed-in/",
        "/t/casework/",
        "/t/administrator/",
        "/t/analyst/",
        "/t/class-with-rule/",
        "/t/admin-like/undecorated/",
    ],
)
def test_a_page_that_is_not_public_sends_anonymous_users_to_sign_in(
    client: Client, url: str
) -> None:
    response = client.get(url + "?x=1")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")
    assert response["Location"].endswith("next=" + url + "%3Fx%3D1")


@pytest.mark.usefixtures("pages")
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/t/signed-in/", {"involved", "analyst", "administrator", "front_door_worker"}),
        ("/t/casework/", {"involved", "front_door_worker"}),
        ("/t/class-with-rule/", {"involved", "front_door_worker"}),
        ("/t/administrator/", {"administrator"}),
        ("/t/analyst/", {"analyst"}),
        ("/t/admin-like/undecorated/", {"administrator"}),
        ("/t/admin-like/inner/deeper/", {"administrator"}),
    ],
)
def test_a_rule_that_says_no_is_404(
    cast: Cast, client: Client, url: str, allowed: set[str]
) -> None:
    for label in ("involved", "analyst", "administrator", "front_door_worker"):
        user = cast.by_label()[label]
        assert user is not None
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == (200 if label in allowed else 404), label


@pytest.mark.usefixtures("pages")
def test_an_inactive_user_is_treated_as_signed_out(cast: Cast) -> None:
    # force_login would refuse an inactive user's session; ask the rule directly
    from django.test import RequestFactory

    request = RequestFactory().get("/t/signed-in/")
    cast.involved.is_active = False
    request.user = cast.involved
    assert checkpoint.signed_in(request) is False
    assert checkpoint.casework(request) is False
    request.user = AnonymousUser()
    assert checkpoint.signed_in(request) is False
    assert checkpoint.public(request) is True


def test_rules_are_named_for_the_roles_they_allow() -> None:
    assert checkpoint.any_role("b", "a").__name__ == "any_role(a,b)"
    assert checkpoint.administrator.__name__ == "any_role(administrator)"


@pytest.mark.usefixtures("pages")
def test_a_rule_a_view_declares_in_a_namespace_is_the_one_that_counts(
    cast: Cast, client: Client
) -> None:
    # A view's own rule wins over its namespace's: public inside the admin namespace, casework
    # in another namespace
    assert client.get("/t/admin-like/public/").status_code == 200
    client.force_login(cast.involved)
    assert client.get("/t/elsewhere/casework/").status_code == 200
    assert client.get("/t/admin-like/public/").status_code == 200
