"""Every read of people. Each takes the user, returns only what that user may see, and writes
the access log for what it returns, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db import connection, models
from django.db.models import Case, Exists, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core import checkpoint
from righthelp.core.paging import CappedPaginator, count_cap
from righthelp.frontdoor.models import Contact
from righthelp.matching.permissions import is_triage_ground
from righthelp.matching.selectors import triage_detail, triage_opening, triage_reason
from righthelp.people import identifiers
from righthelp.people.models import (
    RELATIONSHIP_INVERSE,
    HouseholdMember,
    InvolvedProfessional,
    Person,
    PersonAddress,
    PersonName,
    Relationship,
    RelationshipKind,
    normalise_name,
)
from righthelp.people.permissions import involved_people, live_involvements, own_people_q


@dataclass(frozen=True)
class PeopleSearch:
    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""
    kind: str = ""

    @property
    def is_narrow(self) -> bool:
        """Searches by something that matches few people (a name, an NHS number, a birth
        date), where a postcode or a kind of person alone may match many."""
        return bool(self.name or self.nhs_number or self.date_of_birth)

    @property
    def is_empty(self) -> bool:
        return not (
            self.name or self.date_of_birth or self.nhs_number or self.postcode or self.kind
        )


def _with_current_addresses(people: list[Person]) -> list[Person]:
    """``people``, each with ``current_addresses`` (its current address links, newest first,
    with their addresses) from one query: what ``a prefetch of them would give, without
    building a prefetch for a page of 25."""
    current: dict[int, list[PersonAddress]] = {}
    for person in people:
        current[person.pk] = person.current_addresses = []  # type: ignore[attr-defined]
    if current:
        links = PersonAddress.objects.filter(
            end_date__isnull=True, person_id__in=list(current)
        ).select_related("address")
        for link in links:
            current[link.person_id].append(link)
    return people


def _name_starts(token: str) -> QuerySet[PersonName, Any]:
    """Ids of people with a name (given or family, any kind) starting with ``token``: two
    indexed lookups joined by UNION, since an OR across two columns reads every name.

    On SQLite, ``LIKE`` (case-insensitive there) cannot use the index of a case-sensitive
    column, so the prefix is a range: normalised names hold only lower-case letters, digits
    and single spaces, so [token, token with its last character raised) is exactly the names
    starting with it. PostgreSQL's ``LIKE 'token%'`` uses the pattern index Django makes for
    each of these columns."""

    def lookup(column: str) -> QuerySet[PersonName, Any]:
        if connection.vendor == "sqlite":
            upper = token[:-1] + chr(ord(token[-1]) + 1)
            condition = Q(**{f"{column}__gte": token, f"{column}__lt": upper})
        else:
            condition = Q(**{f"{column}__startswith": token})
        return PersonName.objects.filter(condition).order_by().values("person_id")

    return lookup("given_name_normalised").union(lookup("family_name_normalised"))


def _name_matches(tokens: list[str]) -> QuerySet[PersonName, Any] | None:
    """Ids of people with a name starting with every one of ``tokens`` (each may match a
    different name: "Baker Harris" finds a Baker with a middle name Harris too), as one
    subquery: the first token's indexed lookups (``_name_starts``), narrowed by each further
    token among those people's names only. The database then tests what the user may see
    against the few people matching every token, never against everyone matching the first."""
    if not tokens:
        return None
    ids: QuerySet[PersonName, Any] = _name_starts(tokens[0])
    for token in tokens[1:]:
        if connection.vendor == "sqlite":
            upper = token[:-1] + chr(ord(token[-1]) + 1)
            starts = Q(given_name_normalised__gte=token, given_name_normalised__lt=upper) | Q(
                family_name_normalised__gte=token, family_name_normalised__lt=upper
            )
        else:
            starts = Q(given_name_normalised__startswith=token) | Q(
                family_name_normalised__startswith=token
            )
        ids = PersonName.objects.filter(starts, person_id__in=ids).order_by().values("person_id")
    return ids


def _id_sources(rule: Q) -> list[QuerySet[Any, Any]] | None:
    """The branches of ``rule`` (an OR of ``pk IN (subquery)``) as the subqueries of ids
    themselves, to be joined by UNION; None when a branch is anything else. Reading the ids
    straight from each subquery (contacts' subjects, episodes' members) rather than from
    ``Person.objects.filter(pk__in=...)`` gives the same ids (whoever reads them asks
    ``pk IN``) without building a query around each one."""
    branches = rule.children if rule.connector == Q.OR and not rule.negated else [rule]
    sources: list[QuerySet[Any, Any]] = []
    for branch in branches:
        if branch == ("pk__in", []):
            continue
        if not (isinstance(branch, tuple) and branch[0] == "pk__in"):
            return None
        ids = branch[1]
        if not (isinstance(ids, QuerySet) and len(ids.query.values_select) == 1):
            return None
        sources.append(ids.order_by())
    return sources


def _as_subquery(queryset: QuerySet[Any, Any]) -> RawSQL | None:
    """``queryset`` (one column of ids) compiled once, to be used in more than one query of a
    page (its count and its rows) without building and compiling it again for each; None when
    it can hold no ids."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return None
    return RawSQL(sql, params)  # noqa: S611 (SQL Django compiled, its values as parameters)


def _visibility_sources(user: User) -> list[QuerySet[Any, Any]]:
    """The sources of ``checkpoint.visible_people(user)`` as querysets of person ids (the
    user's involvements, their teams', the contacts and episodes they work on: each an indexed
    lookup), whose UNION is exactly the people the user sees.

    Visibility is an OR of its registered sources; an OR of subqueries makes both engines read
    the whole person table and test each row, so its cost grows with the population. The
    sources that are ``pk IN (...)`` are used as they are; the involvement rule, a correlated
    EXISTS (quick for checking a few people, a scan for listing them), is read from the
    involvements' side (``permissions.involved_people``). Tests check that the union is exactly
    ``visible_people(user)``, for every kind of visibility."""
    rule = checkpoint.person_visibility_q(user)
    branches = rule.children if rule.connector == Q.OR and not rule.negated else [rule]
    exists = [branch for branch in branches if isinstance(branch, Exists)]
    direct = _id_sources(Q(*[b for b in branches if b not in exists], _connector=Q.OR))
    sources: list[QuerySet[Any, Any]]
    if direct is not None:
        sources = direct
    else:
        sources = [
            Person.objects.filter(Q(branch)).order_by().values("pk")
            for branch in branches
            if branch != ("pk__in", []) and not isinstance(branch, Exists)
        ]
    if exists:
        sources.extend(involved_people(user))
    return sources


def _visible_driven(sources: list[QuerySet[Any, Any]]) -> QuerySet[Person]:
    """The people of ``sources`` (``_visibility_sources``), starting from the sources: for a
    user who sees few people. The union is compiled once (``_as_subquery``): the page's count
    and its rows both use it."""
    if not sources:
        return Person.objects.none()
    driver = _as_subquery(sources[0].union(*sources[1:]) if len(sources) > 1 else sources[0])
    if driver is None:
        return Person.objects.none()
    return Person.objects.filter(pk__in=driver)


def _few_for_a_search() -> int:
    """Below this many ids a search gathers what the user sees (``RIGHTHELP_PEOPLE_WALK_FROM``
    when lower, else 1,000)."""
    from django.conf import settings

    return min(1000, int(getattr(settings, "RIGHTHELP_PEOPLE_WALK_FROM", WALK_FROM)))


# How many ids (counted with repeats) the sources of what a user sees may give before their
# lists stop gathering and sorting everyone they see and instead walk the people in name order,
# testing each (``RIGHTHELP_PEOPLE_WALK_FROM`` changes it; tests lower it).
WALK_FROM = 10_000


@dataclass(frozen=True)
class _Reach:
    """How many people a user sees, read from at most ``sampled`` ids of their sources."""

    ids: int  # ids read, with repeats (at most ``sampled``)
    people: int  # distinct people among them
    sampled: int

    @property
    def is_wide(self) -> bool:
        """Sees so many that walking people in name order finds a page quickly."""
        return self.ids >= self.sampled


def _reach(sources: list[QuerySet[Any, Any]], *, bound: int | None = None) -> _Reach:
    """One bounded query: the number of ids the sources give (stopping at ``bound``, else
    ``WALK_FROM``) and of distinct people among them. Below the bound, ``people`` is exactly
    how many the user sees."""
    from django.conf import settings

    if bound is None:
        bound = int(getattr(settings, "RIGHTHELP_PEOPLE_WALK_FROM", WALK_FROM))
    if not sources:
        return _Reach(ids=0, people=0, sampled=bound)
    every = sources[0].union(*sources[1:], all=True) if len(sources) > 1 else sources[0]
    try:
        sql, params = every[:bound].query.get_compiler(using=every.db).as_sql()
    except EmptyResultSet:
        return _Reach(ids=0, people=0, sampled=bound)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH sample(person_id) AS ({sql}) "  # noqa: S608 (Django compiled it, values as params)
            "SELECT COUNT(*), COUNT(DISTINCT person_id) FROM sample",
            params,
        )
        ids, people = cursor.fetchone()
    return _Reach(ids=ids, people=people, sampled=bound)


def _own_q(user: User) -> Q:
    """The people the user works with themselves (``permissions.own_people_q``), with the ids'
    subqueries joined and compiled once, as for ``_visible_driven``."""
    own = own_people_q(user)
    sources = _id_sources(own)
    if sources is None:
        return own
    ids = (
        _as_subquery(sources[0].union(*sources[1:]) if len(sources) > 1 else sources[0])
        if sources
        else None
    )
    return Q(pk__in=[]) if ids is None else Q(pk__in=ids)


def _own_first(user: User) -> Case:
    """0 for the people the user works with themselves, else 1: the list's first ordering."""
    return Case(When(_own_q(user), then=Value(0)), default=Value(1))


def _wide_list(
    user: User,
    visible: QuerySet[Person],
    sources: list[QuerySet[Any, Any]],
    per_page: int,
    reach: _Reach,
) -> CappedPaginator[Person]:
    """The list of everyone a user sees when they see many (``_Reach.is_wide``): their own
    people by name, then the others by name.

    The own people are gathered from their sources and sorted when they are few, or found by
    walking the people in name order and testing each when they are many; the others are
    always walked (they are many: the user sees many more than their own). Either way a page
    reads about as many rows as it shows times how rare the people it lists are, never
    everyone the user sees. Own people are always within what the user sees: the sources are
    subsets of the visibility rules (tested for every role), and each page's rows are also
    tested against the rule (``visible``)."""
    by_name = ("family_name", "given_name", "id")
    own_sources = _id_sources(own_people_q(user))
    own_tests = checkpoint.one_at_a_time(own_people_q(user))
    own_reach = _reach(own_sources) if own_sources is not None else None
    own_count: int | None
    if own_reach is not None and own_sources is not None and not own_reach.is_wide:
        mine = _visible_driven(own_sources).order_by(*by_name)
        own_count = own_reach.people
    else:
        mine = visible.filter(own_tests).order_by(*by_name)
        own_count = None  # found when a page reaches the end of them
    others = visible.exclude(own_tests).order_by(*by_name)
    # More than the cap: the sample of what the user sees found that many people already.
    known = count_cap() + 1 if reach.people > count_cap() else None
    if known is None:
        known = min(count_cap() + 1, _visible_driven(sources)[: count_cap() + 1].count())
    return CappedPaginator(
        _OwnThenOthers(mine, others, own_count, visible),  # type: ignore[arg-type]
        per_page,
        known_count=known,
    )


class _OwnThenOthers:
    """The list of everyone a user sees when they see many: their own people by name, then the
    others by name, each read a page at a time (``others`` walks the people in name order and
    tests each, so a page reads about as many people as the user sees one in)."""

    def __init__(
        self,
        own: QuerySet[Person],
        others: QuerySet[Person],
        own_count: int | None,
        visible: QuerySet[Person],
    ) -> None:
        """``own_count`` None: not counted (many); a page that reaches the end of the own
        people finds it, and only a page wholly past them counts them."""
        self.own, self.others, self.own_count, self.visible = own, others, own_count, visible

    def __getitem__(self, rows: slice) -> list[Person]:
        start, stop = rows.start or 0, rows.stop
        shown: list[Person] = []
        own_count = self.own_count
        if own_count is None or start < own_count:
            # The page's own people, then tested against the rule (a page of ids, not all).
            ids = list(
                self.own.values_list("pk", flat=True)[
                    start : stop if own_count is None else min(stop, own_count)
                ]
            )
            found = {p.pk: p for p in self.visible.filter(pk__in=ids)} if ids else {}
            shown += [found[pk] for pk in ids if pk in found]
            if own_count is None and len(ids) < stop - start:
                own_count = start + len(ids) if ids else self.own.count()
        if own_count is not None and stop > own_count:
            shown += list(self.others[max(0, start - own_count) : stop - own_count])
        return shown

    def __len__(self) -> int:  # the paginator is always told the count (``known_count``)
        raise TypeError("count the list with CappedPaginator(known_count=...)")


def _number(page_number: int | str) -> int:
    try:
        return max(1, int(page_number))
    except (TypeError, ValueError):
        return 1


# Sorted after matching: by expressions the name-order index cannot supply, so the database
# finds the few people matching a search first and sorts them, instead of walking everyone in
# name order and testing each against the search (17 s, against under a second, for "smith" at
# a million people). The same order as by name.
_AFTER_MATCHING = (Concat("family_name", Value("")), Concat("given_name", Value("")), "id")

# A search says "more than 100 people" past this many (``RIGHTHELP_SEARCH_COUNT_CAP``): nobody
# reads further than that to find one person; they add a detail instead.
SEARCH_COUNT_CAP = 100


def _search_paginator(
    rows: QuerySet[Person], per_page: int, counted: QuerySet[Person]
) -> CappedPaginator[Person]:
    from django.conf import settings

    cap = int(getattr(settings, "RIGHTHELP_SEARCH_COUNT_CAP", SEARCH_COUNT_CAP))
    return CappedPaginator(rows, per_page, cap=min(cap, count_cap()), counted=counted)


def _search_filters(search: PeopleSearch) -> list[Q]:
    """The search's terms as filters over ``Person`` (each an indexed lookup)."""
    filters: list[Q] = []
    if search.name:
        matches = _name_matches(normalise_name(search.name).split())
        if matches is not None:
            filters.append(Q(pk__in=matches))
    if search.date_of_birth:
        filters.append(
            Q(date_of_birth=search.date_of_birth) | Q(expected_date_of_birth=search.date_of_birth)
        )
    if search.nhs_number:
        filters.append(Q(nhs_number=identifiers.normalise_nhs_number(search.nhs_number)))
    if search.postcode:
        postcode = identifiers.normalise_postcode(search.postcode)
        filters.append(
            Q(
                pk__in=PersonAddress.objects.filter(
                    end_date__isnull=True, address__postcode__startswith=postcode
                ).values("person_id")
            )
        )
    if search.kind:
        filters.append(Q(kind=search.kind))
    return filters


class _MatchesInOrder:
    """The people matching a search, for a user who sees many: the matches sorted by name
    first, then tested against what the user may see one at a time as the page is read, so a
    page tests about as many matches as it shows (divided by how many of them the user sees),
    never every match. ``OFFSET 0`` keeps the database from testing before sorting."""

    def __init__(self, matches: QuerySet[Person], visible: Q) -> None:
        self.matches = matches.order_by("family_name", "given_name", "id")
        self.visible = visible

    def __getitem__(self, rows: slice) -> list[Person]:
        start, stop = rows.start or 0, rows.stop
        db = self.matches.db
        tested = Person.objects.filter(self.visible).query
        try:
            inner_sql, inner_params = self.matches.query.get_compiler(using=db).as_sql()
            where_sql, where_params = tested.get_compiler(using=db).compile(tested.where)
        except EmptyResultSet:
            return []
        keep_order = "LIMIT -1 OFFSET 0" if connection.vendor == "sqlite" else "OFFSET 0"
        sql = (
            f'SELECT * FROM ({inner_sql} {keep_order}) AS "people_person" '  # noqa: S608 (compiled by Django)
            f'WHERE {where_sql} ORDER BY "family_name", "given_name", "id" LIMIT %s OFFSET %s'
        )
        params = [*inner_params, *where_params, stop - start, start]
        return list(Person.objects.raw(sql, params))  # noqa: S611


def people_search(
    *,
    user: User,
    search: PeopleSearch,
    page_number: int | str = 1,
    per_page: int = 25,
    path: str = "",
    for_contact: Contact | None = None,
) -> Page[Person]:
    """A page of the people this user may see that match the search, logged as one read
    naming the people shown.

    With no search terms, the people the user works with themselves
    (``permissions.own_people_q``) come first, then the others they see, each part by name.
    The page's count is exact up to ``paging.COUNT_CAP`` and otherwise "more than" it
    (``paging.CappedPaginator``): a page's cost grows with what it shows, never with the
    population.

    With ``for_contact``, a triage search (``matching.permissions``): the user's job is triage
    and the contact is open and theirs to handle (else 404), so all current records are
    searched (except restricted ones the user does not already see), and the access record
    names the contact.

    A constant number of queries whatever the data: count, page, addresses, access log.
    """
    filters = _search_filters(search)
    paginator: CappedPaginator[Person]
    by_name = ("family_name", "given_name", "id")
    if for_contact is not None:
        if not is_triage_ground(user, for_contact):
            raise Http404
        people = Person.objects.filter(merged_into__isnull=True).filter(
            Q(restricted=False) | checkpoint.person_tests_q(user)
        )
        if search.is_empty:
            people = people.none()  # a triage search finds people; it never lists everyone
        people = people.filter(*filters)
        paginator = _search_paginator(people.order_by(*_AFTER_MATCHING), per_page, people)
    else:
        sources = _visibility_sources(user)
        # A search by name, NHS number or date of birth matches few people: testing each match
        # is quick unless the user sees so few that gathering them is quicker still.
        reach = _reach(sources, bound=_few_for_a_search() if search.is_narrow else None)
        if not reach.is_wide:
            # Few people: gather them from the sources of what the user sees.
            people = _visible_driven(sources).filter(*filters)
            if search.is_empty:
                listed = people.annotate(own=_own_first(user)).order_by("own", *by_name)
                # Below the bound the sample counted everyone the user sees.
                paginator = CappedPaginator(
                    listed, per_page, known_count=min(reach.people, count_cap() + 1)
                )
            else:
                paginator = _search_paginator(people.order_by(*_AFTER_MATCHING), per_page, people)
        elif search.is_empty:
            # Many: test people one at a time, in the order the page needs them.
            people = Person.objects.filter(checkpoint.person_tests_q(user))
            paginator = _wide_list(user, people, sources, per_page, reach)
        else:
            matches = Person.objects.filter(*filters)
            visible = Q(checkpoint.person_tests_q(user))
            paginator = _search_paginator(
                _MatchesInOrder(matches, visible),  # type: ignore[arg-type]
                per_page,
                matches.filter(visible),
            )
    page = paginator.capped_page(_number(page_number))
    shown = _with_current_addresses(list(page.object_list))
    detail: dict[str, object] = {"search": {k: str(v) for k, v in search.__dict__.items() if v}}
    if for_contact is not None:
        detail.update(triage_detail(for_contact))
    access_record(
        user=user,
        action=AccessAction.LIST_PEOPLE if search.is_empty else AccessAction.SEARCH_PEOPLE,
        person_ids=[p.pk for p in shown],
        path=path,
        reason=triage_reason(for_contact) if for_contact is not None else "",
        detail=detail,
    )
    return page


@dataclass
class NetworkMember:
    person: Person
    relationship: str
    visible: bool


@dataclass
class FamilyNetwork:
    person: Person
    parents: list[NetworkMember] = field(default_factory=list)
    partners: list[NetworkMember] = field(default_factory=list)
    siblings: list[NetworkMember] = field(default_factory=list)
    children: list[NetworkMember] = field(default_factory=list)
    others: list[NetworkMember] = field(default_factory=list)

    @property
    def everyone(self) -> list[NetworkMember]:
        return self.parents + self.partners + self.siblings + self.children + self.others


@dataclass
class PersonRecord:
    person: Person
    names: list[PersonName]
    current_address: PersonAddress | None
    previous_addresses: list[PersonAddress]
    network: FamilyNetwork
    professionals: list[InvolvedProfessional]
    past_professionals: list[InvolvedProfessional]
    # The contact this record was opened for from a triage search (the read names it).
    for_contact: Contact | None = None


PARENT_KINDS = {RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.CARER}
SIBLING_KINDS = {RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING}


def _network(user: User, person: Person) -> FamilyNetwork:
    relationships = list(
        Relationship.objects.filter(
            Q(from_person=person) | Q(to_person=person), end_date__isnull=True
        ).select_related("from_person", "to_person")
    )
    household_ids = HouseholdMember.objects.filter(person=person, end_date__isnull=True).values(
        "household_id"
    )
    household = list(
        HouseholdMember.objects.filter(household_id__in=household_ids, end_date__isnull=True)
        .exclude(person=person)
        .select_related("person")
    )
    related_ids = {r.from_person_id for r in relationships} | {
        r.to_person_id for r in relationships
    }
    related_ids |= {m.person_id for m in household}
    related_ids.discard(person.pk)
    visible_ids = set(
        checkpoint.visible_people(user).filter(pk__in=related_ids).values_list("pk", flat=True)
    )
    network = FamilyNetwork(person=person)
    placed: set[int] = set()
    for rel in relationships:
        outgoing = rel.from_person_id == person.pk
        other = rel.to_person if outgoing else rel.from_person
        if other.pk in placed:
            continue
        label = (
            RELATIONSHIP_INVERSE[RelationshipKind(rel.kind)] if outgoing else rel.get_kind_display()
        )
        member = NetworkMember(person=other, relationship=label, visible=other.pk in visible_ids)
        kind = RelationshipKind(rel.kind)
        if kind in PARENT_KINDS and not outgoing:
            network.parents.append(member)
        elif kind in PARENT_KINDS and outgoing:
            network.children.append(member)
        elif kind in SIBLING_KINDS:
            network.siblings.append(member)
        elif kind == RelationshipKind.PARTNER:
            network.partners.append(member)
        else:
            network.others.append(member)
        placed.add(other.pk)
    for link in household:
        if link.person_id not in placed:
            network.others.append(
                NetworkMember(
                    person=link.person,
                    relationship="Lives in the same household",
                    visible=link.person_id in visible_ids,
                )
            )
            placed.add(link.person_id)
    return network


def person_record(
    *,
    user: User,
    person_id: int | str,
    path: str = "",
    contact_id: int | str | None = None,
) -> PersonRecord:
    """A person's record for someone allowed to see it (else 404), logged as one read.

    With ``contact_id``, the record may also be one opened from a triage search for that
    contact (``matching.selectors.triage_opening``: the user's job is triage, the contact is
    open and theirs to handle, and a search for it showed them this record); the access record
    then names the contact. Otherwise ``contact_id`` changes nothing: the user sees what they
    see anyway, and anything else is the same 404.

    Related people shown in the family network are named in the same access record.
    """
    opened = (
        triage_opening(user=user, person_id=person_id, contact_id=contact_id)
        if contact_id is not None
        else None
    )
    contact: Contact | None = None
    if opened is None:
        person = checkpoint.person_or_404(user, person_id)
    else:
        person, contact = opened
    addresses = list(PersonAddress.objects.filter(person=person).select_related("address"))
    current = next((a for a in addresses if a.end_date is None), None)
    # Whether each is live, by the one rule (``live_involvements``), in the same query.
    involvements = list(
        InvolvedProfessional.objects.filter(person=person)
        .select_related("organisation", "team", "user")
        .annotate(
            is_live=models.ExpressionWrapper(
                live_involvements(), output_field=models.BooleanField()
            )
        )
    )
    live_ids = {i.pk for i in involvements if i.is_live}
    network = _network(user, person)
    record = PersonRecord(
        person=person,
        names=list(PersonName.objects.filter(person=person).order_by("kind", "-recorded_at")),
        current_address=current,
        previous_addresses=[a for a in addresses if a is not current],
        network=network,
        professionals=[i for i in involvements if i.pk in live_ids],
        past_professionals=[i for i in involvements if i.pk not in live_ids],
        for_contact=contact,
    )
    access_record(
        user=user,
        action=AccessAction.VIEW_PERSON,
        person_ids=[person.pk, *(m.person.pk for m in network.everyone)],
        path=path,
        reason=triage_reason(contact) if contact is not None else "",
        detail=triage_detail(contact) if contact is not None else None,
    )
    return record


def person_for_change(*, user: User, person_id: int | str) -> Person:
    """The person a user is about to change (404 when not theirs). Not logged: no data shown."""
    return checkpoint.person_or_404(user, person_id)


def relationship_candidates(
    *, user: User, person: Person, name: str, path: str = ""
) -> list[Person]:
    """People this user may see, to link to ``person``; at most 20, logged as a search."""
    if not name.strip():
        return []
    page = people_search(
        user=user, search=PeopleSearch(name=name), page_number=1, per_page=21, path=path
    )
    return [p for p in page.object_list if p.pk != person.pk][:20]


def today() -> date:
    return timezone.localdate()
