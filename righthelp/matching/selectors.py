"""Finding existing records: candidates for a person being searched for or added, and the
duplicates queue for administrators. Each read of personal data is logged."""

from __future__ import annotations

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
from righthelp.matching.records import person_record, record_for
from righthelp.people.models import Person, PersonAddress

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
) -> list[tuple[Person, Score]]:
    """Every record sharing a blocking key with the details, scored, best first. Reads
    personal data without logging it: callers log what they reveal."""
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
    people = load_people(candidate_ids(keys))
    # The prior for a search: the person is, at best, one of the records that share a key
    # with what was typed (the engine's default prior is for de-duplicating a whole file).
    prior = weight_from_probability(1 / (len(people) + 1))
    results = []
    for person in people.values():
        result = score(query, person_record(person), prior_weight=prior)
        if result.match_probability >= minimum:
            results.append((person, result))
    results.sort(key=lambda pair: (-pair[1].match_probability, pair[0].pk))
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
        .filter(pk__in=[p.pk for p, _ in scored])
        .values_list("pk", flat=True)
    )
    shown = [Candidate(p, s, True) for p, s in scored if p.pk in visible_ids][:limit]
    hidden = sum(1 for p, _ in scored if p.pk not in visible_ids)
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
    return [p.pk for p, _ in scored[:10]]


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


def history_ids(person: Person) -> list[int]:
    """The person's id and the ids of records merged into them (still merged)."""
    merged = PersonMerge.objects.filter(surviving=person, undone_at__isnull=True).values_list(
        "merged_id", flat=True
    )
    return [person.pk, *merged]
