"""Keeping blocking keys current, finding duplicate candidates, and merging (and unmerging)
records. Nothing is ever merged automatically: a merge is an administrator's decision."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone

from righthelp.accounts.models import Role, User
from righthelp.core.services import submission_claim, submission_complete
from righthelp.matching.events import (
    duplicate_not_same_event,
    person_match_none_event,
    person_merge_undone_event,
    person_merged_event,
)
from righthelp.matching.model import (
    DEFAULT_PARAMS,
    NameFrequencies,
    Score,
    dedupe_prior_weight,
    score,
)
from righthelp.matching.models import (
    CandidateStatus,
    DuplicateCandidate,
    MatchKey,
    NotSamePerson,
    PersonMerge,
)
from righthelp.matching.records import person_keys, person_record
from righthelp.matching.selectors import scored_candidates
from righthelp.people.models import NameKind, Person, PersonName

if TYPE_CHECKING:
    from righthelp.matching.search_first import MatchQuery

NONE_OF_THESE_REASON_MISSING = (
    "Say why the person you are adding is none of these records, for whoever reviews "
    "possible duplicates"
)

# Models whose rows belong to the matcher itself and are not moved by a merge.
_NOT_MOVED = {
    "matching.matchkey",
    "matching.duplicatecandidate",
    "matching.notsameperson",
    "matching.personmerge",
}


def match_keys_refresh(person: Person) -> None:
    """Replace a person's blocking keys after their names, dates, address or identifiers
    changed. Called by the people services in the same transaction."""
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(
        [MatchKey(person=person, key=key) for key in sorted(person_keys(person))],
        ignore_conflicts=True,
    )


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _explanation(result: Score) -> list[dict[str, object]]:
    return [
        {"field": c.field, "level": c.level, "weight": round(c.weight, 2), "text": c.text}
        for c in result.explanation
    ]


def _name_counts(field: str, values: set[str]) -> dict[str, int]:
    """How many current records carry each of these (indexed, normalised) names."""
    counts: dict[str, int] = {}
    ordered = sorted(v for v in values if v)
    for start in range(0, len(ordered), 500):
        rows = (
            Person.objects.filter(
                merged_into__isnull=True, **{f"{field}__in": ordered[start : start + 500]}
            )
            .values(field)
            .annotate(n=Count("pk"))
            .values_list(field, "n")
        )
        counts.update((name, n) for name, n in rows)
    return counts


def name_frequencies(people: Iterable[Person], total: int) -> NameFrequencies:
    """Name frequencies in the whole population for the names of these people, keyed as the
    matcher normalises them, so an agreeing common name ("Smith") counts for less than a rare
    one, as in ``dedupe_csv``. Counts come from the indexed normalised name columns, one
    grouped query per few hundred names, rather than a pass over every record."""
    people = list(people)
    given = _name_counts("given_name_normalised", {p.given_name_normalised for p in people})
    family = _name_counts("family_name_normalised", {p.family_name_normalised for p in people})
    frequencies = NameFrequencies(total=total)
    for person in people:
        record = person_record(person)
        if record.given.full and person.given_name_normalised in given:
            n = given[person.given_name_normalised]
            frequencies.given[record.given.full] = max(
                frequencies.given.get(record.given.full, 0), n
            )
        if record.surname.full and person.family_name_normalised in family:
            n = family[person.family_name_normalised]
            frequencies.surname[record.surname.full] = max(
                frequencies.surname.get(record.surname.full, 0), n
            )
    return frequencies


def duplicates_prior_weight(population: int) -> float:
    """The prior for de-duplicating the records in the database, as ``dedupe_csv`` uses for
    a file: about ``RIGHTHELP_DUPLICATE_RATE`` (default the model's ``duplicate_rate``) of
    the records are duplicates of another."""
    rate = float(getattr(settings, "RIGHTHELP_DUPLICATE_RATE", DEFAULT_PARAMS.duplicate_rate))
    return dedupe_prior_weight(population, rate)


def duplicates_find(
    person_ids: Iterable[int] | None = None, *, threshold: float | None = None
) -> int:
    """Score each person against those sharing a blocking key and keep the pairs at or above
    the threshold as open candidates. Pairs decided "not the same person", and merged
    records, are never suggested. Returns the number of candidates added or updated.

    Scored as ``dedupe_csv`` scores a file: name agreement is weighed by how common the name
    is among current records, and the prior is the configured one for a population of this
    size (:func:`duplicates_prior_weight`)."""
    from righthelp.matching.selectors import load_people

    limit = threshold if threshold is not None else settings.RIGHTHELP_DUPLICATE_THRESHOLD
    ids = (
        list(person_ids)
        if person_ids is not None
        else list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    )
    written = 0
    population = Person.objects.filter(merged_into__isnull=True).count() if ids else 0
    prior = duplicates_prior_weight(population)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        keys = MatchKey.objects.filter(person_id__in=chunk)
        by_key: dict[str, set[int]] = {}
        for person_id, key in keys.values_list("person_id", "key"):
            by_key.setdefault(key, set()).add(person_id)
        others = MatchKey.objects.filter(key__in=list(by_key)).values_list("person_id", "key")
        pairs: set[tuple[int, int]] = set()
        for other_id, key in others:
            for person_id in by_key.get(key, ()):
                if other_id != person_id:
                    pairs.add(_pair(person_id, other_id))
        if not pairs:
            continue
        involved = {i for pair in pairs for i in pair}
        people = load_people(involved)
        not_same = set(
            NotSamePerson.objects.filter(person_a_id__in=involved).values_list(
                "person_a_id", "person_b_id"
            )
        )
        records = {pk: person_record(p) for pk, p in people.items()}
        frequencies = name_frequencies(people.values(), population)
        now = timezone.now()
        for a, b in pairs:
            if (a, b) in not_same or a not in records or b not in records:
                continue
            result = score(records[a], records[b], frequencies=frequencies, prior_weight=prior)
            if result.match_probability < limit:
                continue
            DuplicateCandidate.objects.update_or_create(
                person_a_id=a,
                person_b_id=b,
                defaults={
                    "probability": result.match_probability,
                    "levels": dict(result.levels),
                    "explanation": _explanation(result),
                    "found_at": now,
                },
                create_defaults={
                    "probability": result.match_probability,
                    "levels": dict(result.levels),
                    "explanation": _explanation(result),
                    "found_at": now,
                    "status": CandidateStatus.OPEN,
                },
            )
            written += 1
    return written


def _administrator(actor: User) -> None:
    if not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionError("Only administrators review duplicate records")


@transaction.atomic
def not_same_record(
    *, actor: User, candidate: DuplicateCandidate, reason: str = ""
) -> NotSamePerson:
    """Record that the pair are different people; the pair is never suggested again."""
    _administrator(actor)
    decision, _ = NotSamePerson.objects.get_or_create(
        person_a_id=candidate.person_a_id,
        person_b_id=candidate.person_b_id,
        defaults={"reason": reason.strip(), "decided_by": actor, "decided_at": timezone.now()},
    )
    candidate.status = CandidateStatus.NOT_SAME
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    duplicate_not_same_event(actor=actor, candidate=candidate, reason=reason)
    return decision


def _person_references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at a person, across all apps."""
    references: list[tuple[type[models.Model], str]] = []
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if isinstance(model, str):
            continue
        label = model._meta.label_lower
        if label in _NOT_MOVED or model is Person:
            continue
        if isinstance(relation, models.ManyToOneRel) and not relation.many_to_many:
            references.append((model, relation.field.name))
    return references


@transaction.atomic
def person_merge(*, actor: User, surviving: Person, merged: Person, reason: str) -> PersonMerge:
    """Fold ``merged`` into ``surviving``: every row pointing at ``merged`` (names, addresses,
    relationships, involvements, consent, contacts, ...) is re-pointed, its current names become
    aliases, and it is marked merged. Events and access records keep their original ids and are
    read through the merge, so both histories stay whole. Undo restores every row exactly."""
    _administrator(actor)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why these records are the same person"]})
    if surviving.pk == merged.pk:
        raise ValidationError("Choose two different records")
    surviving = Person.objects.select_for_update().get(pk=surviving.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    if surviving.merged_into_id or merged.merged_into_id:
        raise ValidationError("One of these records has already been merged")
    moved: dict[str, list[int]] = {}
    kept: dict[str, list[int]] = {}
    renamed = list(
        PersonName.objects.filter(person=merged, kind=NameKind.CURRENT).values_list("pk", flat=True)
    )
    PersonName.objects.filter(pk__in=renamed).update(kind=NameKind.ALIAS)
    for model, field in _person_references():
        key = f"{model._meta.label_lower}.{field}"
        for pk in model._default_manager.filter(**{field: merged}).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(**{field: surviving})
            except IntegrityError:
                # A row that would clash on the surviving record (the same relationship twice,
                # a relationship between the two records) stays with the merged record.
                kept.setdefault(key, []).append(pk)
            else:
                moved.setdefault(key, []).append(pk)
    merged.merged_into = surviving
    merged.save(update_fields=["merged_into"])
    record = PersonMerge.objects.create(
        surviving=surviving,
        merged=merged,
        reason=reason.strip(),
        moved={"rows": moved, "kept": kept, "renamed_current_names": renamed},
        merged_by=actor,
        merged_at=timezone.now(),
    )
    DuplicateCandidate.objects.filter(
        person_a_id=min(surviving.pk, merged.pk), person_b_id=max(surviving.pk, merged.pk)
    ).update(status=CandidateStatus.MERGED, decided_by=actor, decided_at=timezone.now())
    match_keys_refresh(surviving)
    MatchKey.objects.filter(person=merged).delete()
    person_merged_event(actor=actor, merge=record, surviving=surviving, merged=merged)
    return record


@transaction.atomic
def merge_undo(*, actor: User, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: every moved row goes back, names regain their kind, both records stand."""
    _administrator(actor)
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError("This merge has already been undone")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the merge is being undone"]})
    references = {f"{m._meta.label_lower}.{f}": (m, f) for m, f in _person_references()}
    for key, pks in merge.moved.get("rows", {}).items():
        model, field = references[key]
        model._default_manager.filter(pk__in=pks).update(**{field: merge.merged_id})
    PersonName.objects.filter(pk__in=merge.moved.get("renamed_current_names", [])).update(
        kind=NameKind.CURRENT
    )
    Person.objects.filter(pk=merge.merged_id).update(merged_into=None)
    merge.undone_by = actor
    merge.undone_at = timezone.now()
    merge.undo_reason = reason.strip()
    merge.save()
    match_keys_refresh(merge.surviving)
    match_keys_refresh(Person.objects.get(pk=merge.merged_id))
    person_merge_undone_event(actor=actor, merge=merge)
    return merge


@transaction.atomic
def match_none_record(
    *,
    actor: User,
    person: Person,
    query: MatchQuery,
    shown_ids: Sequence[int],
    reason: str = "",
    submission_key: uuid.UUID | str | None = None,
) -> list[DuplicateCandidate]:
    """Record that ``person``, just added after a search by ``query``, is none of the records
    the search suggested, and put each likely duplicate in the duplicates queue at once.

    Call it in the transaction that creates the new record, after creating it. The matcher
    scores the details again, over all records (whether or not ``actor`` may see them): when
    any record scores at or above ``RIGHTHELP_DUPLICATE_THRESHOLD``, a reason is required
    (``ValidationError`` on ``reason`` otherwise, which rolls the new record back), and each
    such pair is queued for review (an open ``DuplicateCandidate``) with the actor, the time
    and the reason. One event names the new record and the candidates ``actor`` was shown
    (``shown_ids``), never the ones they may not see. A repeated submission (the same key, from
    a form sent twice) records nothing more: one choice, one event, one queue entry per pair.
    """
    reason = reason.strip()
    likely = [
        (pk, result)
        for pk, result in scored_candidates(
            given_name=query.given_name,
            family_name=query.family_name,
            date_of_birth=query.date_of_birth,
            sex=query.sex,
            postcode=query.postcode,
            nhs_number=query.nhs_number,
            upn=query.upn,
            minimum=settings.RIGHTHELP_DUPLICATE_THRESHOLD,
        )
        if pk != person.pk
    ]
    if likely and not reason:
        raise ValidationError({"reason": [NONE_OF_THESE_REASON_MISSING]})
    if submission_claim(key=submission_key, user=actor, purpose="match_none") is not None:
        return []
    now = timezone.now()
    queued = []
    said = {"none_of_these_by": actor, "none_of_these_at": now, "none_of_these_reason": reason}
    for pk, result in likely:
        a, b = _pair(person.pk, pk)
        # ``person_create`` may have queued the pair already (``duplicates_find``, scored as a
        # whole-population de-duplication); the reason is added to it.
        candidate, created = DuplicateCandidate.objects.get_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={
                "probability": result.match_probability,
                "levels": dict(result.levels),
                "explanation": _explanation(result),
                "found_at": now,
                "status": CandidateStatus.OPEN,
                **said,
            },
        )
        if not created:
            update: dict[str, object] = dict(said)
            if candidate.probability < settings.RIGHTHELP_DUPLICATE_THRESHOLD:
                # Kept from a lower-threshold run: the queue lists it with this search's score.
                update.update(
                    probability=result.match_probability,
                    levels=dict(result.levels),
                    explanation=_explanation(result),
                )
            for field, value in update.items():
                setattr(candidate, field, value)
            candidate.save(update_fields=list(update))
        queued.append(candidate)
    event = person_match_none_event(
        actor=actor,
        person=person,
        shown_ids=shown_ids,
        searched=query.searched(),
        reason=reason,
        queued_for_review=len(queued),
    )
    submission_complete(key=submission_key, result_id=event.pk)
    return queued
