"""Finding existing records: candidates for a person being searched for or added, and the
duplicates queue for administrators. Each read of personal data is logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch
from django.http import Http404

from righthelp.accounts.models import Role, User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core import checkpoint
from righthelp.matching.blocking import blocking_keys
from righthelp.matching.model import Score, score, weight_from_probability
from righthelp.matching.models import CandidateStatus, DuplicateCandidate, MatchKey, PersonMerge
from righthelp.matching.normalise import MatchRecord
from righthelp.matching.records import record_for, stored_record
from righthelp.people.models import Person, PersonAddress, PersonName

# How many people sharing a key are scored for one search, those sharing the most keys first:
# a true match shares several (date of birth, surname sound + year, name sounds, household),
# a stranger with a common name or birthday usually one. Bounded so that a search stays fast
# at a million records.
CANDIDATE_LIMIT = 100


def candidate_ids(keys: Iterable[str], limit: int | None = None) -> list[int]:
    """The people sharing the most of these blocking keys, most first: one query on the
    (key, person) index, which covers it (no table rows are read)."""
    return list(
        MatchKey.objects.filter(key__in=list(keys))
        .values("person_id")
        .annotate(shared=Count("*"))
        .order_by("-shared", "person_id")
        .values_list("person_id", flat=True)[: limit or CANDIDATE_LIMIT]
    )


def load_people(ids: Iterable[int]) -> dict[int, Person]:
    """People with their names and current address, in three queries whatever their number."""
    people = Person.objects.filter(pk__in=list(ids), merged_into__isnull=True).prefetch_related(
        "names",
        Prefetch(
            "addresses",
            queryset=PersonAddress.objects.filter(end_date__isnull=True).select_related("address"),
            to_attr="current_addresses",
        ),
    )
    return {p.pk: p for p in people}


def candidate_records(ids: Iterable[int]) -> dict[int, MatchRecord]:
    """Unmerged people as the matcher's records, in three queries of plain values whatever
    their number. A search scores a hundred candidates and shows a few: building model
    objects for all of them cost more than the search itself."""
    ids = list(ids)
    if not ids:
        return {}
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, kind, family in (
        PersonName.objects.filter(person_id__in=ids)
        .order_by()
        .values_list("person_id", "kind", "family_name")
    ):
        names[person_id].append((kind, family))
    postcodes: dict[int, str] = {}
    for person_id, postcode in PersonAddress.objects.filter(
        person_id__in=ids, end_date__isnull=True
    ).values_list("person_id", "address__postcode"):
        postcodes.setdefault(person_id, postcode)  # the newest current address, as on the record
    people = (
        Person.objects.filter(pk__in=ids, merged_into__isnull=True)
        .order_by()
        .values_list(
            "pk",
            "given_name",
            "family_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "nhs_number",
            "upn",
            "restricted",
        )
    )
    return {
        pk: stored_record(
            person_id=pk,
            given_name=given,
            family_name=family,
            date_of_birth=born or expected,
            sex=sex,
            nhs_number=nhs or "",
            upn=upn or "",
            restricted=restricted,
            names=names.get(pk, ()),
            postcode=postcodes.get(pk, ""),
        )
        for pk, given, family, born, expected, sex, nhs, upn, restricted in people
    }


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: Score
    visible: bool


@dataclass(frozen=True)
class SearchResult:
    candidates: tuple[Candidate, ...]  # the ones this user may see, best first
    hidden: int  # likely matches in records this user may not see

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def scored_candidates(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    sex: str = "",
    postcode: str = "",
    nhs_number: str = "",
    upn: str = "",
    minimum: float,
) -> list[tuple[int, Score]]:
    """Ids of every record sharing a blocking key with the details, scored, best first.
    Reads personal data without logging it: callers log what they reveal."""
    query = record_for(
        record_id="query",
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        postcode=postcode,
        nhs_number=nhs_number,
        upn=upn,
    )
    keys = [k[:100] for k in blocking_keys(query)]
    if not keys:
        return []
    records = candidate_records(candidate_ids(keys))
    # The prior for a search: the person is, at best, one of the hundred records that share
    # most keys with what was typed (the engine's default prior is for de-duplicating a whole
    # file). Fixed, not the number found: in a small or new system a lone record sharing only
    # a birthday would otherwise start at even odds and look like a match.
    prior = weight_from_probability(1 / (CANDIDATE_LIMIT + 1))
    results = []
    for pk, record in records.items():
        result = score(query, record, prior_weight=prior)
        if result.match_probability >= minimum:
            results.append((pk, result))
    results.sort(key=lambda pair: (-pair[1].match_probability, pair[0]))
    return results


def match_candidates(
    *,
    user: User,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    sex: str = "",
    postcode: str = "",
    nhs_number: str = "",
    upn: str = "",
    limit: int = 10,
    minimum: float | None = None,
    path: str = "",
) -> SearchResult:
    """Existing records that may be this person, scored and explained, best first.

    Only records the user may see are returned in full; likely matches elsewhere are only
    counted (ask the front door). The read is logged with the people shown.
    """
    scored = scored_candidates(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        postcode=postcode,
        nhs_number=nhs_number,
        upn=upn,
        minimum=settings.RIGHTHELP_MATCH_SHOW if minimum is None else minimum,
    )
    visible_ids = set(
        checkpoint.visible_people(user)
        .filter(pk__in=[pk for pk, _ in scored])
        .values_list("pk", flat=True)
    )
    shown_scores = [(pk, s) for pk, s in scored if pk in visible_ids][:limit]
    people = Person.objects.in_bulk([pk for pk, _ in shown_scores])
    shown = [Candidate(people[pk], s, True) for pk, s in shown_scores if pk in people]
    hidden = len(scored) - len(visible_ids)
    access_record(
        user=user,
        action=AccessAction.SEARCH_PEOPLE,
        person_ids=[c.person.pk for c in shown],
        path=path,
        detail={"matching": True, "hidden_matches": hidden},
    )
    return SearchResult(candidates=tuple(shown), hidden=hidden)


def known_matches(
    *,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
    postcode: str = "",
) -> list[int]:
    """Ids of records likely to be this person, for the "is this child known?" check (which
    logs the read and reveals only whom to contact)."""
    scored = scored_candidates(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        postcode=postcode,
        nhs_number=nhs_number,
        minimum=settings.RIGHTHELP_DUPLICATE_THRESHOLD,
    )
    return [pk for pk, _ in scored[:10]]


def _administrator(user: User) -> None:
    if not (user.is_authenticated and user.has_role(Role.ADMINISTRATOR)):
        raise Http404


def duplicates_queue(
    *, user: User, page_number: int | str = 1, path: str = ""
) -> Page[DuplicateCandidate]:
    _administrator(user)
    pairs = DuplicateCandidate.objects.filter(
        status=CandidateStatus.OPEN, probability__gte=settings.RIGHTHELP_DUPLICATE_THRESHOLD
    ).select_related("person_a", "person_b")
    page = Paginator(pairs, 25).get_page(page_number)
    page.object_list = list(page.object_list)
    access_record(
        user=user,
        action=AccessAction.LIST_PEOPLE,
        person_ids=[i for c in page.object_list for i in (c.person_a_id, c.person_b_id)],
        path=path,
        reason="Duplicate review",
    )
    return page


def duplicate_pair(*, user: User, candidate_id: int | str, path: str = "") -> DuplicateCandidate:
    _administrator(user)
    try:
        candidate = DuplicateCandidate.objects.select_related("person_a", "person_b").get(
            pk=int(candidate_id)
        )
    except (DuplicateCandidate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access_record(
        user=user,
        action=AccessAction.VIEW_PERSON,
        person_ids=[candidate.person_a_id, candidate.person_b_id],
        path=path,
        reason="Duplicate review",
    )
    return candidate


def merges(*, user: User) -> list[PersonMerge]:
    _administrator(user)
    return list(
        PersonMerge.objects.select_related("surviving", "merged", "merged_by", "undone_by")[:100]
    )


def history_ids_of(people: Iterable[Person]) -> dict[int, list[int]]:
    """Each person's id and the ids of records merged into them (still merged), for many
    people in one query: person id -> their ids, own first."""
    history = {p.pk: [p.pk] for p in people}
    merged = PersonMerge.objects.filter(
        surviving_id__in=list(history), undone_at__isnull=True
    ).values_list("surviving_id", "merged_id")
    for surviving, merged_id in merged:
        history[surviving].append(merged_id)
    return history
