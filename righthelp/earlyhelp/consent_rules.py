"""Early help and consent: the checks wherever early help starts or goes on. (What a withdrawal
sets in motion for an open episode comes from early help's open-work source, ``open_work.py``.)

Checks, through the one consent rule (``consent.services.sharing_allowed``):

* starting an episode (from a front-door request, directly, or stepping down) and adding a
  child to one: each child needs consent in force for early help covering the early help
  service, or a lawful basis recorded for it;
* starting an early help assessment and arranging a Team Around the Family meeting: the same,
  still, for every child of the episode (and for an assessment, no refusal or withdrawal in
  force for the assessment itself);
* inviting a practitioner to a Team Around the Family meeting: consent (early help or
  information sharing), or a lawful basis, covering their kind of agency for every child.

Each refusal names the child, why, and what to do.

"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from righthelp.accounts.models import User
from righthelp.consent.models import ConsentPurpose
from righthelp.consent.services import (
    SHARING_PURPOSES,
    sharing_allowed,
    sharing_refusal,
)
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeMember,
    MemberRole,
)
from righthelp.people.models import Person

AGENCY_KIND = "early_help"


def require_early_help_consent(
    children: Sequence[Person],
    *,
    what: str,
    field: str | None = "children",
    not_stopped: Sequence[str] = (),
) -> None:
    """Each of ``children`` has consent in force for early help covering the early help service
    (or consent for one of ``not_stopped`` purposes), or a lawful basis recorded for it; and no
    refusal or withdrawal is in force for any ``not_stopped`` purpose. ``ValidationError``
    otherwise (on ``field``), starting with ``what`` ("Early help cannot start")."""
    decisions = sharing_allowed(
        people=children,
        agency_kind=AGENCY_KIND,
        purposes=(ConsentPurpose.EARLY_HELP, *not_stopped),
    )
    message = ""
    if not all(decision.allowed for decision in decisions.values()):
        message = sharing_refusal(children, decisions, what=what)
    else:
        stopped = [
            (child, ConsentPurpose(purpose).label.lower())
            for child in children
            for purpose in not_stopped
            if purpose in decisions[child.pk].stopped
        ]
        if stopped:
            message = (
                f"{what}: "
                + "; ".join(
                    f"consent to {label} is refused or withdrawn for {child.full_name}"
                    for child, label in stopped
                )
                + ". Talk with the family; record their decision on the child's consent page."
            )
    if message:
        raise ValidationError({field: [message]} if field else message)


def episode_children(episode: Episode) -> list[Person]:
    """The children in the episode, in the order they were added."""
    return [
        member.person
        for member in EpisodeMember.objects.filter(episode=episode, role=MemberRole.CHILD)
        .select_related("person")
        .order_by("id")
    ]


def agency_refusal(episode: Episode, user: User) -> str:
    """Why information about the episode's children may not be shared with ``user``'s kind of
    agency now ("" if it may), naming each child and the reason: consent (early help or
    information sharing) or a lawful basis must cover their kind of agency for every child."""
    children = episode_children(episode)
    kind = user.organisation.kind if user.organisation is not None else ""
    decisions = sharing_allowed(people=children, agency_kind=kind, purposes=SHARING_PURPOSES)
    return "; ".join(
        f"for {child.full_name}, {decisions[child.pk].why_not}"
        for child in children
        if not decisions[child.pk].allowed
    )
