"""The front door's open work about a person, for consent withdrawal (``consent.open_work``):
each contact not decided yet that names the person, reviewed by its assigned front-door worker
(who is told), or, while nobody is assigned, by the front door's queue."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from righthelp.consent.open_work import OpenWork
from righthelp.frontdoor.models import OPEN_STATUSES, Contact
from righthelp.workdue.models import TaskQueue


def open_contacts(person_ids: Sequence[int]) -> list[OpenWork]:
    contacts = (
        Contact.objects.filter(status__in=OPEN_STATUSES, subjects__person_id__in=list(person_ids))
        .distinct()
        .order_by("pk")
    )
    work = []
    for contact in contacts:
        assigned = contact.assigned_to_id
        work.append(
            OpenWork(
                key=f"contact:{contact.pk}",
                reference=f"contact {contact.reference}",
                link=reverse("frontdoor:contact", args=[contact.pk]),
                owner_id=assigned,
                queue=TaskQueue.OWNER if assigned else TaskQueue.FRONT_DOOR,
                told=((assigned, f"front-door worker for {contact.reference}"),)
                if assigned
                else (),
            )
        )
    return work
