"""The one access checkpoint.

Two layers, both default deny:

* **Pages.** Every URL's view declares a rule with ``@access(rule)``; the middleware refuses any
  resolved URL whose view has none (404), redirects anonymous users to sign in for non-public
  rules, and answers 404 when the rule says no. The access-matrix test walks every URL as every
  role, so a new URL without a rule fails it.
* **Records.** ``visible_people(user)`` is the only way to get a queryset of people a user may
  see. Capabilities register where visibility comes from (a live involvement, a team holding
  the work, a front-door contact being handled) with ``register_person_visibility``; the union
  of those sources is what a user sees, and nothing else. Missing and forbidden records give the
  same 404 (``person_or_404``).

Building a visibility queryset (several subqueries) costs milliseconds of CPU, and a page asks
for it several times (the person page three times). ``request_memo`` keeps what such functions
build for the rest of one request (``memoised``): the querysets, never their answers. Their
subqueries are read when each query runs, so a write in the same request (a new person with its
involvement, a lead practitioner allocated) is seen at once; what is read while building (the
user's roles, teams and localities, whether the account is active) is part of the memo's key or
clears the memo when it is written. Nothing is kept between requests or between users.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, Q
from django.http import Http404, HttpRequest, HttpResponse

from righthelp.accounts.models import CASEWORK_ROLES, Role

__all__ = [
    "CASEWORK_ROLES",
    "access",
    "forget_memos",
    "id_or_404",
    "memoised",
    "person_or_404",
    "request_memo",
    "visible_people",
]

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from righthelp.accounts.models import User
    from righthelp.people.models import Person

Rule = Callable[[HttpRequest], bool]
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])
Built = TypeVar("Built")


# --- What a request builds once ---------------------------------------------------------------

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("righthelp_request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """Keep what ``memoised`` builds until the block ends (the checkpoint opens one around each
    request). Outside one, nothing is kept."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget_memos(**_: Any) -> None:
    """Forget what this request has built (a write changed what building reads: a role, a team
    membership, a locality)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def memoised(name: str, user: Any, build: Callable[[], Built]) -> Built:
    """``build()``, kept for the rest of the request for this user (by id, whether the account
    is active and its roles). ``build`` must return something lazy (a ``Q`` or an unevaluated
    queryset): the memo saves building it, never running it."""
    memo = _memo.get()
    pk = getattr(user, "pk", None)
    if memo is None or pk is None:
        return build()
    key = (name, pk, bool(user.is_active), user.role_set())
    if key not in memo:
        memo[key] = build()
    built: Built = memo[key]
    return built


def public(request: HttpRequest) -> bool:
    return True


public.is_public = True  # type: ignore[attr-defined]


def signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_active)


def any_role(*roles: str) -> Rule:
    def rule(request: HttpRequest) -> bool:
        user = request.user
        return signed_in(request) and user.has_role(*roles)  # type: ignore[union-attr]

    rule.__name__ = "any_role(" + ",".join(sorted(roles)) + ")"
    return rule


casework = any_role(*CASEWORK_ROLES)
administrator = any_role(Role.ADMINISTRATOR)


def access(rule: Rule) -> Callable[[ViewFunc], ViewFunc]:
    """Declare who may reach a view. A view without this is unreachable."""

    def decorate(view: ViewFunc) -> ViewFunc:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


# Third-party URL namespaces whose views we cannot decorate.
NAMESPACE_RULES: dict[str, Rule] = {"admin": administrator}


def rule_for(view_func: Callable[..., Any], namespace: str | None) -> Rule | None:
    rule: Rule | None = getattr(view_func, "access_rule", None)
    if rule is None:
        # Class-based views expose the class on the function as view_class.
        view_class = getattr(view_func, "view_class", None)
        rule = getattr(view_class, "access_rule", None)
    if rule is None and namespace:
        rule = NAMESPACE_RULES.get(namespace.split(":")[0])
    return rule


class CheckpointMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_memo():
            return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        match = request.resolver_match
        rule = rule_for(view_func, match.namespace if match else None)
        if rule is None:
            raise Http404("No access rule is declared for this page.")
        if getattr(rule, "is_public", False):
            return None
        if not signed_in(request):
            return redirect_to_login(request.get_full_path())
        if not rule(request):
            raise Http404
        return None


# --- Records -------------------------------------------------------------------------------

PersonVisibilitySource = Callable[["User"], Q]
_person_visibility_sources: list[PersonVisibilitySource] = []


def register_person_visibility(source: PersonVisibilitySource) -> None:
    if source not in _person_visibility_sources:
        _person_visibility_sources.append(source)


def person_visibility_q(user: User) -> Q:
    """The people ``user`` may see, as a ``Q`` over ``Person`` (built once a request)."""
    if not (user.is_authenticated and user.is_active) or not user.has_role(*CASEWORK_ROLES):
        return Q(pk__in=[])
    return memoised("person_visibility_q", user, lambda: _person_visibility_q(user))


def _person_visibility_q(user: User) -> Q:
    combined = Q(pk__in=[])
    for source in _person_visibility_sources:
        combined |= source(user)
    return combined


def person_tests_q(user: User) -> Q:
    """The same people as ``person_visibility_q``, written to test people one at a time: each
    ``pk IN (ids)`` source (the people of contacts the user handles, of episodes they may work
    on) becomes a correlated ``EXISTS`` on that person. Checking one person, a family or a page
    of rows is then a few indexed lookups, where ``pk IN (ids) OR pk IN (ids)`` makes the
    database read every id of every source first (an OR of subqueries cannot be turned into a
    join), so its cost grew with everything the user sees. Lists of everyone a user sees start
    from the sources instead (``people.selectors``)."""
    if not (user.is_authenticated and user.is_active) or not user.has_role(*CASEWORK_ROLES):
        return Q(pk__in=[])
    return memoised("person_tests_q", user, lambda: one_at_a_time(person_visibility_q(user)))


def exists_for_each(ids: QuerySet[Any], column: str) -> Exists:
    """``EXISTS (ids WHERE column = the person)``, answered person by person through the index
    on ``column``. Always-true ``person.id > 0`` inside it keeps PostgreSQL from answering an OR
    of these by first reading every id of every source into a hash (it does when it expects to
    test many people, even when a list stops after a page: 318 ms against 12 ms for a page of
    a million people in name order)."""
    from django.db.models import OuterRef
    from django.db.models.lookups import GreaterThan

    return Exists(
        ids.order_by().filter(**{column: OuterRef("pk")}).filter(GreaterThan(OuterRef("pk"), 0))
    )


def one_at_a_time(rule: Q) -> Q:
    """``rule`` (an OR of sources over ``Person``) with each ``pk IN (ids)`` source written as a
    correlated ``EXISTS`` on the person (``person_tests_q``, ``exists_for_each``)."""
    from django.db.models import QuerySet as QuerySetType

    if rule.connector != Q.OR or rule.negated:
        return rule
    tests = Q(pk__in=[])
    for branch in rule.children:
        if (
            isinstance(branch, tuple)
            and branch[0] == "pk__in"
            and isinstance(branch[1], QuerySetType)
            and len(branch[1].query.values_select) == 1
        ):
            ids = branch[1]
            tests |= Q(exists_for_each(ids, ids.query.values_select[0]))
        elif branch != ("pk__in", []):
            tests |= branch if isinstance(branch, Q) else Q(branch)
    return tests


def visible_people(user: User) -> QuerySet[Person]:
    """The people ``user`` may see, as a queryset to narrow (one person, a family, a page's
    rows): it tests each person it is asked about (``person_tests_q``)."""
    from righthelp.people.models import Person

    def build() -> QuerySet[Person]:
        return Person.objects.filter(person_tests_q(user))

    if not (user.is_authenticated and user.is_active):
        return build()
    # A copy of the kept queryset, so a caller that runs it never fills the kept one's cache.
    return memoised("visible_people", user, build).all()


# The largest id a person can have (a 64-bit signed primary key).
LARGEST_ID = 2**63 - 1


def id_or_404(value: object) -> int:
    """``value`` as a record id: a positive whole number (an ``int``, or a string of ASCII
    digits, as a URL or a form carries it). Anything else (``"abc"``, ``"1.5"``, ``" 1"``,
    ``"1_0"``, a float, ``True``, an id too large for the database) is the same 404 as a missing
    record, never an error page and never a different record."""
    if isinstance(value, bool):
        raise Http404
    if isinstance(value, int):
        pk = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        pk = int(value)
    else:
        raise Http404
    if not 0 < pk <= LARGEST_ID:
        raise Http404
    return pk


def person_or_404(user: User, person_id: int | str) -> Person:
    """The person if this user may see them; the same 404 whether missing or forbidden, or
    when ``person_id`` is not an id at all (``id_or_404``)."""
    pk = id_or_404(person_id)
    person = visible_people(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
