"""Think Family: who works with the other children in the household of someone a contact is
about, and whether they may be told.

Who works with a child is contributed, not collected: each capability registers a source
``f(child_ids) -> ChildProfessional rows`` (people: the Named Person, allocated worker and lead
practitioner involvements held by a RightHelp user, registered in ``frontdoor.apps``; early
help: the active lead practitioner of an open episode, registered in ``earlyhelp.apps``), and
``child_professionals`` unions them, so a new capability plugs in without changing this file.

Whether a professional may be told is asked in one place, ``sharing_decisions``, which asks
the one consent rule (``consent.services.sharing_allowed``): consent from the person the concern
is about covering the professional's kind of agency, or a lawful basis for that kind of agency
recorded with the contact.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from righthelp.consent import services as consent_services
from righthelp.consent.models import ConsentPurpose
from righthelp.people.models import (
    HouseholdMember,
    InvolvedProfessional,
    PersonKind,
    ProfessionalRole,
)
from righthelp.people.permissions import live_involvements


@dataclass(frozen=True)
class ChildProfessional:
    """A RightHelp user who works with a child, in a role Think Family tells."""

    child_id: int
    user_id: int
    role: str  # as the front door reads it: "Named person", "Early help lead practitioner"
    agency_kind: str  # accounts.OrganisationKind: what consent must cover to tell them


ChildProfessionalsSource = Callable[[Collection[int]], Iterable[ChildProfessional]]

_sources: list[ChildProfessionalsSource] = []


def register_child_professionals(source: ChildProfessionalsSource) -> None:
    if source not in _sources:
        _sources.append(source)


def child_professionals(child_ids: Collection[int]) -> list[ChildProfessional]:
    """Everyone every registered source says works with these children, once each."""
    if not child_ids:
        return []
    found: dict[tuple[int, int], ChildProfessional] = {}
    for source in _sources:
        for row in source(child_ids):
            found.setdefault((row.child_id, row.user_id), row)
    return sorted(found.values(), key=lambda r: (r.child_id, r.user_id))


TOLD_ROLES = (
    ProfessionalRole.NAMED_PERSON,
    ProfessionalRole.ALLOCATED_WORKER,
    ProfessionalRole.LEAD_PRACTITIONER,
)


def involvement_professionals(child_ids: Collection[int]) -> list[ChildProfessional]:
    """The people record's source: live Named Person, allocated worker and lead practitioner
    involvements held by an active RightHelp user."""
    rows = (
        InvolvedProfessional.objects.filter(
            live_involvements(),
            person_id__in=list(child_ids),
            role__in=TOLD_ROLES,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("organisation")
        .order_by("id")
    )
    return [
        ChildProfessional(
            child_id=row.person_id,
            user_id=row.user_id,  # type: ignore[arg-type]
            role=row.get_role_display(),
            agency_kind=row.organisation.kind,
        )
        for row in rows
    ]


CHILD_KINDS = (PersonKind.CHILD, PersonKind.UNBORN)


def other_children(subject_ids: Collection[int]) -> dict[int, set[int]]:
    """The children (and unborn babies) living now in a household with any of ``subject_ids``,
    other than those subjects: each mapped to the subjects they live with."""
    households: dict[int, set[int]] = {}
    for household_id, person_id in HouseholdMember.objects.filter(
        person_id__in=list(subject_ids), end_date__isnull=True
    ).values_list("household_id", "person_id"):
        households.setdefault(household_id, set()).add(person_id)
    if not households:
        return {}
    others: dict[int, set[int]] = {}
    for household_id, person_id in HouseholdMember.objects.filter(
        household_id__in=list(households),
        end_date__isnull=True,
        person__kind__in=CHILD_KINDS,
        person__merged_into__isnull=True,
    ).values_list("household_id", "person_id"):
        if person_id in subject_ids:
            continue
        others.setdefault(person_id, set()).update(households[household_id])
    return others


def sharing_decisions(
    people: Collection[int], agency_kind: str, contact_id: int
) -> dict[int, consent_services.SharingDecision]:
    """May a professional of ``agency_kind`` be told of a concern about each of ``people``? The
    one call into the consent rule (``consent.services.sharing_allowed``): consent for early
    help or for sharing information that covers their kind of agency, or a lawful basis for
    their kind of agency recorded with this contact."""
    return consent_services.sharing_allowed(
        people=list(people),
        agency_kind=agency_kind,
        purposes=(ConsentPurpose.EARLY_HELP, ConsentPurpose.INFORMATION_SHARING),
        lawful_basis_context=f"contact:{contact_id}",
    )
