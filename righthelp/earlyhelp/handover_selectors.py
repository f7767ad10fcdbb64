"""Reads of what a step-up handed to the front door: the episode's assessment, its agreed plan
version and its chronology, opened read-only from the step-up's contact.

The reasoned path beside ``can_view_episode``: the front door (and, once the contact is a
referral, children's social care) cannot work on the episode or see it through the checkpoint,
but may open what was handed over with a contact they handle
(``frontdoor.permissions.can_open_handover``). The contact is in the address, so a read is
always for a named contact; a contact that is not a step-up of that episode, or that the user
may not open, is the same 404 as a missing one. Every read is logged with the contact as its
reason ("Step-up handover: contact FD-26-000123").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404

from righthelp.accounts.models import User
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.chronology.selectors import ChronologyItem, people_chronology
from righthelp.earlyhelp.assessment_selectors import AssessmentView, assessment_view
from righthelp.earlyhelp.models import Assessment, Episode, Plan
from righthelp.earlyhelp.plan_selectors import plan_version
from righthelp.frontdoor.handoff_selectors import step_up_handover
from righthelp.frontdoor.models import Contact, StepUpHandover
from righthelp.frontdoor.permissions import can_open_handover

CHRONOLOGY_PER_PAGE = 50


@dataclass(frozen=True)
class Handover:
    """A step-up's handover that this user may open, with what the page around it needs."""

    handover: StepUpHandover
    episode: Episode
    contact: Contact

    @property
    def reason(self) -> str:
        """Why the read is allowed, as the access log records it."""
        return f"Step-up handover: contact {self.contact.reference}"


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def handover_or_404(*, user: User, episode_id: int | str, contact_id: int | str) -> Handover:
    """The handover of ``episode_id`` made with ``contact_id``, if ``user`` may open it; else
    ``Http404`` (no such contact, not a step-up of this episode, or not the user's to open).
    Logs nothing: each read below logs what it shows."""
    handover = step_up_handover(contact_id=_pk(contact_id), episode_id=_pk(episode_id))
    if handover is None or not can_open_handover(user, handover):
        raise Http404
    return Handover(handover=handover, episode=handover.episode, contact=handover.contact)


def _log(
    user: User, found: Handover, action: AccessAction, path: str, **detail: int | None
) -> None:
    access_record(
        user=user,
        action=action,
        person_ids=found.episode.member_ids(),
        path=path,
        reason=found.reason,
        detail={"episode": found.episode.pk, "contact": found.contact.pk, **detail},
    )


@transaction.atomic
def handover_assessment(
    *, user: User, episode_id: int | str, contact_id: int | str, path: str = ""
) -> tuple[Handover, AssessmentView]:
    """The assessment handed over (as it is now: one in progress may have moved on), read-only,
    logged as a view of the family with the contact as its reason."""
    found = handover_or_404(user=user, episode_id=episode_id, contact_id=contact_id)
    assessments = list(
        Assessment.objects.filter(episode=found.episode)
        .select_related("threshold_evaluation", "signed_off_by", "started_by", "based_on")
        .order_by("-started_at", "-id")
    )
    chosen = next((a for a in assessments if a.pk == found.handover.assessment_id), None)
    _log(
        user,
        found,
        AccessAction.VIEW_EPISODE,
        path,
        assessment=chosen.pk if chosen is not None else None,
    )
    view = assessment_view(
        episode=found.episode, assessment=chosen, assessments=assessments, can_work=False
    )
    return found, view


@transaction.atomic
def handover_plan(
    *, user: User, episode_id: int | str, contact_id: int | str, path: str = ""
) -> tuple[Handover, Plan | None]:
    """The plan version handed over (agreed when the family was stepped up), read-only, logged
    as a view of the family with the contact as its reason. ``None`` when there was no agreed
    plan to hand over."""
    found = handover_or_404(user=user, episode_id=episode_id, contact_id=contact_id)
    handed = found.handover.plan
    plan = plan_version(found.episode, handed.number) if handed is not None else None
    _log(user, found, AccessAction.VIEW_EPISODE, path, plan=plan.pk if plan else None)
    return found, plan


@transaction.atomic
def handover_chronology(
    *,
    user: User,
    episode_id: int | str,
    contact_id: int | str,
    page_number: int | str = 1,
    path: str = "",
) -> tuple[Handover, Page[ChronologyItem]]:
    """The family's chronology as the episode shows it (``chronology.selectors.
    people_chronology``: the typed events about its members and records since merged into
    them, and the entries this reader's agency may see by the consent rule), newest first, one
    page; logged as a view of the chronology with the contact as its reason."""
    found = handover_or_404(user=user, episode_id=episode_id, contact_id=contact_id)
    members = found.episode.members.select_related("person").order_by("role", "id")
    chronology = people_chronology(user=user, people=[m.person for m in members])
    page = Paginator(chronology, CHRONOLOGY_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    _log(user, found, AccessAction.VIEW_CHRONOLOGY, path, page=page.number)
    return found, page
