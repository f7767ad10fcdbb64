"""What early help's writes share: settings, who may act, versions and consent for every child."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from righthelp.accounts.models import Locality, Role, User
from righthelp.core.services import StaleEdit
from righthelp.earlyhelp.consent_rules import require_early_help_consent
from righthelp.earlyhelp.models import (
    Episode,
    EpisodeLevel,
    EpisodeStatus,
)
from righthelp.earlyhelp.permissions import (
    can_work_on_episode,
    is_early_help_worker,
    locality_ids,
)
from righthelp.frontdoor.models import (
    Outcome,
)
from righthelp.people.models import Person, PersonKind

LEVEL_FROM_OUTCOME = {
    Outcome.EARLY_HELP_ADDITIONAL: EpisodeLevel.ADDITIONAL,
    Outcome.EARLY_HELP_TARGETED: EpisodeLevel.TARGETED,
}


AGREEMENT_PARTIES = ("practitioner", "family", "child")


# --- Helpers -------------------------------------------------------------------------------


def _require_locality_worker(actor: User, locality: Locality) -> None:
    if not (is_early_help_worker(actor) and locality.pk in locality_ids(actor)):
        raise PermissionError("Only early help workers of the locality may start early help")


def _require_work(actor: User, episode: Episode) -> Episode:
    """The episode, locked, if the actor may work on it and it is open."""
    if not can_work_on_episode(actor, episode):
        raise PermissionError("You cannot work on this episode")
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if locked.status != EpisodeStatus.OPEN:
        raise ValidationError("This episode is closed")
    return locked


def _check_version(episode: Episode, expected_version: int | None) -> None:
    if expected_version is not None and episode.version != expected_version:
        raise StaleEdit(
            "This episode was changed by someone else after you opened it. Nothing has been "
            "saved: check it as it is now and try again."
        )


def _previous_episode(person_ids: Sequence[int], exclude: int | None = None) -> Episode | None:
    """The family's most recent earlier episode (any of the same children or adults)."""
    qs = Episode.objects.filter(members__person_id__in=list(person_ids)).distinct()
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("-opened_at", "-id").first()


def check_roles(children: Sequence[Person], adults: Sequence[Person]) -> None:
    """Each person in a role their kind allows: an adult is never the child the early help is
    for, and an unborn baby never a parent, carer or other adult. A child may be in the adults'
    role (a young parent or carer), and is then still a child for consent. Nobody is in both
    roles, and a record merged into another is not used. ``ValidationError`` on ``children`` or
    ``adults`` otherwise."""
    errors: dict[str, list[str]] = {}
    child_ids = {p.pk for p in children}
    for person in children:
        if person.kind == PersonKind.ADULT:
            errors.setdefault("children", []).append(
                f"{person.full_name} is an adult: include them as a parent, carer or other "
                "adult, not as a child"
            )
    for person in adults:
        if person.kind == PersonKind.UNBORN:
            errors.setdefault("adults", []).append(
                f"{person.full_name} is an unborn baby: include them as a child, not as a "
                "parent, carer or other adult"
            )
        elif person.pk in child_ids:
            errors.setdefault("adults", []).append(
                f"{person.full_name} is ticked both as a child and as an adult: choose one"
            )
    for field, people in (("children", children), ("adults", adults)):
        for person in people:
            if person.merged_into_id is not None:
                errors.setdefault(field, []).append(
                    f"The record of {person.full_name} has been merged into another: choose "
                    "that one"
                )
    if errors:
        raise ValidationError(errors)


def _require_consent_for_every_child(
    children: Sequence[Person], adults: Sequence[Person], *, what: str
) -> None:
    """Consent to early help (or a lawful basis) for every child and unborn baby, whichever
    role they were given: a young parent or carer who is still a child needs it as much as the
    child the worry is about (``consent_rules.require_early_help_consent``, the one check).
    Errors on ``children`` or ``adults``, as they were given."""
    errors: dict[str, list[str]] = {}
    for field, people in (("children", children), ("adults", adults)):
        young = [p for p in people if p.kind != PersonKind.ADULT]
        if not young:
            continue
        try:
            require_early_help_consent(young, what=what, field=field)
        except ValidationError as refused:
            for name, messages in refused.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def may_start_episodes(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.EARLY_HELP_WORKER)
