"""Finding existing records: candidates for a person being searched for or added, and the
duplicates queue for administrators. Each read of personal data is logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Prefetch
from django.http import Http404

from righthelp.accounts.models import Role, User
from righthelp.audit.events import AccessAction
from righthelp.audit.selectors import search_showed
from righthelp.audit.services import access_record
from righthelp.core import checkpoint
from righthelp.core.paging import CappedPaginator
from righthelp.frontdoor.handoff_selectors import contact_by_id
from righthelp.frontdoor.models import Contact
from righthelp.matching.blocking import blocking_keys
from righthelp.matching.model import Score, score, weight_from_probability
from righthelp.matching.models import CandidateStatus, DuplicateCandidate, MatchKey, PersonMerge
from righthelp.matching.normalise import MatchRecord
from righthelp.matching.permissions import is_triage_ground
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
    visible: bool  # whether the user sees this record anyway (outside a triage search, always)


@dataclass(frozen=True)
class SearchResult:
    candidates: tuple[Candidate, ...]  # the ones shown to this user, best first
    hidden: int  # likely matches in records this user may not see
    # How many records, shown or not, score at or above RIGHTHELP_DUPLICATE_THRESHOLD: adding
    # a new record then needs a reason, and the pairs go to the duplicates queue.
    likely_duplicates: int = 0
    # The contact a triage search was for: all records were searched, logged with it.
    contact: Contact | None = None

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


# --- Triage: searching all records for a contact ------------------------------------------


def triage_reason(contact: Contact) -> str:
    """Why a triage search or read happened, as the access log records it."""
    return f"Triage of contact {contact.reference}"


def triage_detail(contact: Contact) -> dict[str, object]:
    """The contact a triage search or read was for, in the access record's detail."""
    return {"contact": contact.reference, "contact_id": contact.pk}


def triage_contact_or_404(*, user: User, contact_id: int | str) -> Contact:
    """The contact a triage user is working on, if it is a ground to search all records
    (``permissions.is_triage_ground``: their job is triage, the contact is open and theirs to
    handle); else the same 404 as a missing contact. Not logged: it shows no one."""
    try:
        pk = int(contact_id)
    except (TypeError, ValueError):
        raise Http404 from None
    contact = contact_by_id(pk)
    if contact is None or not is_triage_ground(user, contact):
        raise Http404
    return contact


def _restricted_unseen(user: User, ids: list[int]) -> set[int]:
    """Of these records, the restricted ones (an adopted child's previous identity, say) this
    user does not already see: a triage search never reveals them, only counts them."""
    if not ids:
        return set()
    return set(
        Person.objects.filter(pk__in=ids, restricted=True)
        .exclude(pk__in=checkpoint.visible_people(user).filter(pk__in=ids).values("pk"))
        .values_list("pk", flat=True)
    )


def triage_opening(
    *, user: User, person_id: int | str, contact_id: int | str
) -> tuple[Person, Contact] | None:
    """The record and the contact, when this is a record opened from a triage search for that
    contact (``triage_contact_or_404`` and ``triage_person_or_404`` both allow it); ``None``
    otherwise, so the caller falls back to what the user sees anyway
    (``checkpoint.person_or_404``), which gives the same 404 for everything else."""
    try:
        contact = triage_contact_or_404(user=user, contact_id=contact_id)
        return triage_person_or_404(user=user, person_id=person_id, contact=contact), contact
    except Http404:
        return None


def triage_person_or_404(*, user: User, person_id: int | str, contact: Contact) -> Person:
    """A record opened from a triage search, for the contact it was searched for.

    The reasoned path beside ``checkpoint.person_or_404``: the user's job is triage, the
    contact is open and theirs to handle (``contact`` comes from ``triage_contact_or_404``),
    and this record was shown to this user by a search logged for this contact, or is already
    linked to it. Anything else (no such search, another contact, a merged or a restricted
    record) is the same 404. The caller logs the read with ``triage_reason`` and
    ``triage_detail``.
    """
    if not is_triage_ground(user, contact):
        raise Http404
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise Http404 from None
    person = Person.objects.filter(pk=pk, merged_into__isnull=True).first()
    if person is None or _restricted_unseen(user, [pk]):
        raise Http404
    shown = search_showed(
        user_id=user.pk, person_id=pk, detail_key="contact_id", detail_value=contact.pk
    )
    if not shown and not contact.subjects.filter(person_id=pk).exists():
        raise Http404
    return person


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
    for_contact: Contact | None = None,
) -> SearchResult:
    """Existing records that may be this person, scored and explained, best first.

    Only records the user may see are returned in full; likely matches elsewhere are only
    counted (ask the front door). The read is logged with the people shown.

    With ``for_contact``, a triage search: the user's job is triage and the contact is a
    ground to search all records (else 404), so likely matches in every record are shown
    (restricted records the user does not already see are still only counted), and the access
    record names the contact.
    """
    if for_contact is not None and not is_triage_ground(user, for_contact):
        raise Http404
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
    ids = [pk for pk, _ in scored]
    visible_ids = set(
        checkpoint.visible_people(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    showable = visible_ids if for_contact is None else set(ids) - _restricted_unseen(user, ids)
    shown_scores = [(pk, s) for pk, s in scored if pk in showable][:limit]
    people = Person.objects.in_bulk([pk for pk, _ in shown_scores])
    shown = [Candidate(people[pk], s, pk in visible_ids) for pk, s in shown_scores if pk in people]
    hidden = len([pk for pk in ids if pk not in showable])
    threshold = settings.RIGHTHELP_DUPLICATE_THRESHOLD
    likely_duplicates = len([s for _, s in scored if s.match_probability >= threshold])
    detail: dict[str, object] = {"matching": True, "hidden_matches": hidden}
    if for_contact is not None:
        detail.update(triage_detail(for_contact))
    access_record(
        user=user,
        action=AccessAction.SEARCH_PEOPLE,
        person_ids=[c.person.pk for c in shown],
        path=path,
        reason=triage_reason(for_contact) if for_contact is not None else "",
        detail=detail,
    )
    return SearchResult(
        candidates=tuple(shown),
        hidden=hidden,
        likely_duplicates=likely_duplicates,
        contact=for_contact,
    )


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
    ).select_related("person_a", "person_b", "none_of_these_by")
    # Counted up to the cap ("more than 1,000 to review"), the page fetched on its own: a
    # backlog after a bulk import costs no more to page than a short queue.
    paginator: CappedPaginator[DuplicateCandidate] = CappedPaginator(
        pairs,
        25,
        counted=DuplicateCandidate.objects.filter(
            status=CandidateStatus.OPEN, probability__gte=settings.RIGHTHELP_DUPLICATE_THRESHOLD
        ),
    )
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    page = paginator.capped_page(number)
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
        candidate = DuplicateCandidate.objects.select_related(
            "person_a", "person_b", "none_of_these_by"
        ).get(pk=int(candidate_id))
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
