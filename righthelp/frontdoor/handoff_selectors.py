"""The front door's records as other capabilities read them.

Early help takes up the requests a decision makes and the referrals children's social care steps
down; escalations disagree with decisions; identity checks what a triage search is for. Those
apps read the front door's tables through these functions, not through its models, so the shape
of a contact, a decision or a handover can change here without reaching into them.

These are plain reads without access checks or logging: each caller decides who may see what,
and logs what it shows, in its own selectors (for example ``earlyhelp.selectors``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from righthelp.frontdoor.models import (
    Contact,
    Decision,
    EarlyHelpRequest,
    SocialCareReferral,
    StepDownRequest,
    StepUpHandover,
)


def contact_by_id(pk: int) -> Contact | None:
    """The contact ``pk``, or None."""
    return Contact.objects.filter(pk=pk).first()


def contact_about_child(pk: int, child_id: int) -> Contact | None:
    """The contact ``pk`` if it names ``child_id`` among its subjects, or None."""
    return Contact.objects.filter(pk=pk, subjects__person_id=child_id).first()


def contact_with_assignee(pk: int) -> Contact:
    """The contact ``pk`` with the worker it is assigned to, for saying who handles it."""
    return Contact.objects.select_related("assigned_to").get(pk=pk)


def latest_decision(contact: Contact | int) -> Decision | None:
    """The front door's latest decision on ``contact`` (a contact or its id), or None."""
    contact_id = contact if isinstance(contact, int) else contact.pk
    return Decision.objects.filter(contact_id=contact_id).order_by("-decided_at", "-pk").first()


def decision_with_decider(pk: int) -> Decision:
    """The decision ``pk`` with the worker who made it."""
    return Decision.objects.select_related("decided_by").get(pk=pk)


def latest_decision_since(
    contact_id: int, since: datetime, *, excluding: int | None = None
) -> Decision | None:
    """The latest decision on ``contact_id`` made at or after ``since`` (other than
    ``excluding``), with the worker who made it; None if there is none."""
    decisions = Decision.objects.filter(contact_id=contact_id, decided_at__gte=since)
    if excluding is not None:
        decisions = decisions.exclude(pk=excluding)
    return decisions.select_related("decided_by").order_by("-decided_at", "-pk").first()


def waiting_early_help_requests() -> QuerySet[EarlyHelpRequest]:
    """Requests for early help no locality has taken up, joined to an open episode or closed."""
    return EarlyHelpRequest.objects.filter(taken_up_at__isnull=True, resolution__isnull=True)


def early_help_request_locked(pk: int) -> EarlyHelpRequest:
    """The request ``pk``, locked for update until the transaction ends, so two workers taking
    it up, joining or closing it at once are served one after the other."""
    return EarlyHelpRequest.objects.select_for_update().get(pk=pk)


def social_care_referral_locked(pk: int) -> SocialCareReferral:
    """The social-care referral ``pk``, locked for update until the transaction ends."""
    return SocialCareReferral.objects.select_for_update().get(pk=pk)


def step_down_requested(referral: SocialCareReferral) -> bool:
    """Whether children's social care has said its work on ``referral`` is ending."""
    return StepDownRequest.objects.filter(referral=referral).exists()


def referrals_stepping_down(
    locality_ids: Iterable[int] | QuerySet[Any, Any], *, pk: int | None = None
) -> QuerySet[SocialCareReferral]:
    """Referrals children's social care has said its work is ending on, naming one of
    ``locality_ids``, that no early help episode has stepped down from yet; with what a list or
    page of them shows. ``pk`` narrows it to one referral."""
    referrals = SocialCareReferral.objects.filter(
        step_down_request__locality_id__in=locality_ids, step_downs__isnull=True
    )
    if pk is not None:
        referrals = referrals.filter(pk=pk)
    return referrals.select_related(
        "decision__contact",
        "step_down_request__requested_by__organisation",
        "step_down_request__locality",
    ).prefetch_related("decision__contact__subjects__person")


def step_up_handover(*, contact_id: int, episode_id: int) -> StepUpHandover | None:
    """The handover made when ``episode_id`` stepped up with ``contact_id``, or None."""
    return (
        StepUpHandover.objects.select_related("contact", "episode__locality", "assessment", "plan")
        .filter(contact_id=contact_id, episode_id=episode_id)
        .first()
    )
