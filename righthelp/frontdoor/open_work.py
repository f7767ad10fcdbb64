"""The front door's answers to "what is open for a child", registered with ``core.open_work`` in
``FrontdoorConfig.ready``:

* a contact the front door is still considering (received, in triage, awaiting sign-off);
* an early help request its decision made that no locality has taken up yet (nor joined to the
  family's open episode, nor closed with a reason);
* a referral to children's social care, open until early help is stepped down from it (the
  referral records no other ending).

Everyone linked to the contact counts. One query per kind, whatever the number of people.

A contact and an early help request rest on the consent they were sent with: a withdrawal
sets a review for the assigned front-door worker (or, with none, the front door's queue) and,
for a request, the managers of the locality it waits in (the assigned worker is told). A
referral to children's social care does not rest on consent.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from righthelp.core.open_work import OpenWork, Service
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    ContactSubject,
    EarlyHelpRequest,
    SocialCareReferral,
)

CONTACT = "front_door_contact"
EARLY_HELP_REQUEST = "early_help_request"
SOCIAL_CARE_REFERRAL = "social_care_referral"


def open_contacts(person_ids: Sequence[int]) -> list[OpenWork]:
    subjects = (
        ContactSubject.objects.filter(person_id__in=person_ids, contact__status__in=OPEN_STATUSES)
        .select_related("contact")
        .order_by("contact__received_at", "contact_id", "id")
    )

    def told(assigned: int | None, reference: str) -> tuple[tuple[int, str], ...]:
        return ((assigned, f"front-door worker for {reference}"),) if assigned else ()

    return [
        OpenWork(
            person_id=subject.person_id,
            kind=CONTACT,
            object_id=subject.contact_id,
            service=Service.FRONT_DOOR,
            summary="The front door is considering a recent contact",
            contact="contact the front door",
            reference=subject.contact.reference,
            open_to_service=False,
            since=subject.contact.received_at,
            label=f"contact {subject.contact.reference}",
            link=reverse("frontdoor:contact", args=[subject.contact_id]),
            owner_id=subject.contact.assigned_to_id,
            queue="" if subject.contact.assigned_to_id else "front_door",
            told=told(subject.contact.assigned_to_id, subject.contact.reference),
        )
        for subject in subjects
        if subject.person_id is not None
    ]


def early_help_requests_waiting(person_ids: Sequence[int]) -> list[OpenWork]:
    wanted = set(person_ids)
    requests = (
        EarlyHelpRequest.objects.filter(
            taken_up_at__isnull=True,
            resolution__isnull=True,  # not joined to an open episode nor closed by the locality
            decision__contact__subjects__person_id__in=person_ids,
        )
        .values_list(
            "pk",
            "decision__contact__subjects__person_id",
            "locality__name",
            "decision__contact__reference",
            "created_at",
            "locality_id",
            "decision__contact__assigned_to_id",
        )
        .order_by("created_at", "pk")
    )
    return [
        OpenWork(
            person_id=person_id,
            kind=EARLY_HELP_REQUEST,
            object_id=pk,
            service=Service.EARLY_HELP,
            summary=f"Passed to early help in {locality} locality, waiting for a lead practitioner",
            contact=f"contact the early help team for {locality} locality",
            reference=reference,
            locality=locality,
            since=created_at,
            label=f"the early help request from contact {reference}",
            link=reverse("earlyhelp:take-up", args=[pk]),
            queue="locality",
            locality_id=locality_id,
            told=((assigned, f"front-door worker for {reference}"),) if assigned else (),
        )
        for pk, person_id, locality, reference, created_at, locality_id, assigned in requests
        if person_id in wanted
    ]


def social_care_referrals_open(person_ids: Sequence[int]) -> list[OpenWork]:
    wanted = set(person_ids)
    referrals = (
        SocialCareReferral.objects.filter(
            step_downs__isnull=True, decision__contact__subjects__person_id__in=person_ids
        )
        .values_list(
            "pk",
            "decision__contact__subjects__person_id",
            "decision__contact__reference",
            "created_at",
        )
        .order_by("created_at", "pk")
    )
    return [
        OpenWork(
            person_id=person_id,
            kind=SOCIAL_CARE_REFERRAL,
            object_id=pk,
            service=Service.SOCIAL_CARE,
            summary="Open to children's social care",
            contact="contact children's social care through the front door",
            reference=reference,
            since=created_at,
            rests_on_consent=False,
        )
        for pk, person_id, reference, created_at in referrals
        if person_id in wanted
    ]
