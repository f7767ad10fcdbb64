"""The due times of a contact: the one rule, a pure function over the working-day calendar.

Every route into the front door (a request for support, a public form, the API, a telephone
contact, a step up from early help) stamps its due times through ``contact_due_times`` when
the contact is received. That rule is pure: no database, no request; tests call it with any
moment and any calendar. The front door's source of due work for My work and the due
notifications (``DUE_SOURCE``, registered with ``workdue`` in the app's ``ready()``) only reads
what was stamped: decisions, feedback (written, or a telephone call to a referrer with only a
number), written confirmations, and decisions waiting for a manager's sign-off.

The rule, in the words the pages use:

- Routine: decided within ``decision_working_days`` working days (same time of day; a contact
  received on a non-working day counts from 9am on the next working day).
- Urgent ("needs a decision today"): decided by the end of the working day it was received
  (``RIGHTHELP_WORKING_DAY_ENDS``, 5pm by default). Received at or after that time, or on a
  weekend, bank holiday or local closure day, it is due by the end of the next working day:
  the first day the front door is open is its "today". Never later than the routine time.
- Significant harm: red priority, decided within ``significant_harm_decision_hours`` clock
  hours (24 by default) whatever the day, and never later than the routine time.
- Feedback to the referrer: ``feedback_working_days`` working days after receipt, whatever the
  urgency; a declined outcome brings it forward (``feedback_due_after_decision``).
- A telephone contact about significant harm is confirmed in writing by the caller within
  ``written_confirmation_hours`` clock hours.

The queue's order follows the same urgency: significant harm first, then urgent, then routine,
each by its decision due time (``URGENCY_RANK``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Role, RoleAssignment, User
from righthelp.core.working_days import WorkingCalendar
from righthelp.frontdoor.events import contact_subject_ids
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Contact,
    ContactSubject,
    Decision,
    Priority,
    Urgency,
)
from righthelp.frontdoor.referrer_messages import decision_in_effect, referrer_message
from righthelp.workdue.sources import (
    DueItem,
    DueSource,
    LazyQueries,
    Rows,
    Scope,
    Window,
    all_rows,
    timed,
)

# The order of the front door's queue: lower comes first.
URGENCY_RANK = {Urgency.SIGNIFICANT_HARM: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}


@dataclass(frozen=True)
class ContactDueTimes:
    decision: datetime
    feedback: datetime
    written_confirmation: datetime | None = None
    priority: str = ""  # the priority a contact arrives with ("" leaves it for triage)


def working_day_ends() -> time:
    """The end of the front door's working day (``RIGHTHELP_WORKING_DAY_ENDS``, "17:00")."""
    hours, _, minutes = str(settings.RIGHTHELP_WORKING_DAY_ENDS).partition(":")
    return time(int(hours), int(minutes or 0))


def _end_of_working_day(received: datetime, calendar: WorkingCalendar, ends: time) -> datetime:
    """The end of the working day an urgent contact counts as received on."""
    day = received.date()
    if not calendar.is_working_day(day):
        day = calendar.next_working_day(day)
    elif received.time() >= ends:
        day = calendar.add_working_days(day, 1)
    return received.replace(
        year=day.year,
        month=day.month,
        day=day.day,
        hour=ends.hour,
        minute=ends.minute,
        second=0,
        microsecond=0,
    )


def _clock_hours_after(moment: datetime, hours: int) -> datetime:
    """``hours`` hours of elapsed time later (counted in UTC, so a clock change in between
    does not make a day of 23 or 25 hours), in ``moment``'s time zone."""
    if not timezone.is_aware(moment):
        return moment + timedelta(hours=hours)
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(moment.tzinfo)


def contact_due_times(
    received_at: datetime,
    calendar: WorkingCalendar,
    *,
    urgency: str = Urgency.ROUTINE,
    by_telephone: bool = False,
) -> ContactDueTimes:
    """When the decision and the feedback to the referrer are due for a contact received at
    ``received_at`` with ``urgency``, counted by ``calendar`` (see the module's rule), and, for
    a telephone contact about significant harm, when its written confirmation is due."""
    timescales = settings.RIGHTHELP_TIMESCALES
    local = timezone.localtime(received_at) if timezone.is_aware(received_at) else received_at
    routine = calendar.due_after_working_days(local, timescales["decision_working_days"])
    feedback = calendar.due_after_working_days(local, timescales["feedback_working_days"])
    if urgency == Urgency.SIGNIFICANT_HARM:
        confirmation = None
        if by_telephone:
            confirmation = _clock_hours_after(local, timescales["written_confirmation_hours"])
        return ContactDueTimes(
            decision=min(
                routine, _clock_hours_after(local, timescales["significant_harm_decision_hours"])
            ),
            feedback=feedback,
            written_confirmation=confirmation,
            priority=Priority.RED,
        )
    if urgency == Urgency.URGENT:
        today_ends = _end_of_working_day(local, calendar, working_day_ends())
        return ContactDueTimes(decision=min(routine, today_ends), feedback=feedback)
    return ContactDueTimes(decision=routine, feedback=feedback)


def feedback_due_after_decision(current: datetime | None, decided_at: datetime) -> datetime:
    """A declined outcome (advice, signpost) is fed back within ``declined_feedback_hours``
    of the decision, or by the time already due if that is sooner."""
    soon = _clock_hours_after(decided_at, settings.RIGHTHELP_TIMESCALES["declined_feedback_hours"])
    return soon if current is None else min(current, soon)


# --- The front door's due work (My work, the due notifications) ------------------------------


CONTACT_DUE = (
    ("contact-decision", "decision_due_at", "decision due", "Decision on the contact"),
    (
        "contact-feedback",
        "feedback_due_at",
        "feedback to the referrer due",
        "Feedback to the referrer",
    ),
    (
        "contact-telephone-referrer",
        "feedback_due_at",
        "telephone the referrer",
        "Telephone the referrer",
    ),
    (
        "contact-written-confirmation",
        "written_confirmation_due_at",
        "written confirmation from the referrer due",
        "Written confirmation of the telephone contact",
    ),
)


def _telephone_note(contact: Contact) -> str:
    """The message to give a referrer who can only be telephoned."""
    message = referrer_message(contact, decision_in_effect(list(contact.decisions.all())))
    return f"Tell them: {message}"


def due_queries(scope: Scope, window: Window) -> Mapping[str, QuerySet[Any]]:
    """The front door's due rows in ``scope`` in ``window``, earliest due first. Front-door
    staff see the whole queue; anyone else only contacts allocated to them (or, for a team
    manager, to their teams' members). A sign-off is every front-door manager's."""
    queue = Q() if scope.front_door else scope.owns("assigned_to_id")

    def decisions() -> QuerySet[Any]:
        return Contact.objects.filter(
            queue, window.moment("decision_due_at"), status__in=OPEN_STATUSES
        ).order_by("decision_due_at", "pk")

    # Feedback the front door sends in writing (in the app or by e-mail)...
    def feedback() -> QuerySet[Any]:
        return (
            Contact.objects.filter(
                queue,
                window.moment("feedback_due_at"),
                feedback_sent_at__isnull=True,
                feedback__isnull=True,
            )
            .exclude(referrer__isnull=True, referrer_email="")
            .order_by("feedback_due_at", "pk")
        )

    # ... and a referrer who gave only a telephone number, whom a worker must ring.
    def telephone() -> QuerySet[Any]:
        return (
            Contact.objects.filter(
                queue,
                window.moment("feedback_due_at"),
                feedback_sent_at__isnull=True,
                feedback__isnull=True,
                referrer__isnull=True,
                referrer_email="",
            )
            .exclude(referrer_phone="")
            .order_by("feedback_due_at", "pk")
        )

    def written_confirmations() -> QuerySet[Any]:
        return Contact.objects.filter(
            queue,
            window.moment("written_confirmation_due_at"),
            written_confirmation_received_at__isnull=True,
        ).order_by("written_confirmation_due_at", "pk")

    # A sign-off is due when the decision itself was due (or at once if that has passed): in a
    # user's scope if they are a front-door manager, or manage one.
    def sign_offs() -> QuerySet[Any]:
        # The contact's due time read per waiting decision (a correlated lookup by its key),
        # not joined: the database expects thousands of decisions waiting (it cannot tell
        # that "needs a sign-off" and "not signed off" together are rare) and would join
        # every contact to them; the few waiting are found through their partial index.
        contact_due = Contact.objects.filter(pk=OuterRef("contact_id")).values("decision_due_at")
        due = Coalesce(Subquery(contact_due), "decided_at", output_field=DateTimeField())
        waiting = (
            Decision.objects.annotate(sign_off_due_at=due)
            .filter(
                window.moment("sign_off_due_at"), needs_sign_off=True, signed_off_at__isnull=True
            )
            .order_by("sign_off_due_at", "pk")
        )
        if scope.everyone or scope.front_door_manager:
            return waiting
        managers = RoleAssignment.objects.filter(
            scope.owns("user_id"), role=Role.FRONT_DOOR_MANAGER, user__is_active=True
        )
        return waiting.filter(Exists(managers))

    # Each built only when asked for (My work asks only for the kinds with items in a group).
    builders: dict[str, Callable[[], QuerySet[Any]]] = {
        "contact-decision": decisions,
        "contact-feedback": feedback,
        "contact-telephone-referrer": telephone,
        "contact-written-confirmation": written_confirmations,
    }
    if scope.everyone or scope.front_door_manager or scope.manages_teams:
        builders["decision-sign-off"] = sign_offs
    return LazyQueries(builders)


# A stand-in id for reversing a contact's link once (``_link_pattern``).
_PLACEHOLDER = "2147483647"


def _link_pattern(name: str) -> str:
    return reverse(name, args=[int(_PLACEHOLDER)])


def _subject_ids(contact_ids: list[int]) -> dict[int, list[int]]:
    """The people linked to each of ``contact_ids`` (``contact_subject_ids``, in the subjects'
    order), in one query for them all."""
    found: dict[int, list[int]] = {}
    for contact_id, person_id in (
        ContactSubject.objects.filter(contact_id__in=contact_ids, person_id__isnull=False)
        .order_by("role", "id")
        .values_list("contact_id", "person_id")
    ):
        found.setdefault(contact_id, []).append(person_id)
    return found


def due_items(scope: Scope, window: Window) -> list[DueItem]:
    """``due_queries`` as due items: a contact's for its worker and the front door's queue, a
    sign-off for every front-door manager."""
    return items_from(scope, window, all_rows(due_queries(scope, window)))


def items_from(scope: Scope, window: Window, rows: Rows) -> list[DueItem]:
    """Rows of ``due_queries`` as due items, in a fixed number of queries (the people of every
    contact at once, the decisions for the telephone messages, the managers for sign-offs)."""
    items: list[DueItem] = []
    contacts = [contact for kind, *_ in CONTACT_DUE for contact in rows.get(kind, ())]
    subjects = _subject_ids([contact.pk for contact in contacts])
    prefetch_related_objects(list(rows.get("contact-telephone-referrer", ())), "decisions")
    # Each link reversed once, with the contact's id put in its place.
    contact_link = _link_pattern("frontdoor:contact")
    feedback_link = _link_pattern("frontdoor:contact-feedback")
    for kind, due_field, what, item in CONTACT_DUE:
        telephone = kind == "contact-telephone-referrer"
        link = feedback_link if telephone else contact_link
        for contact in rows.get(kind, ()):
            items.append(
                timed(
                    kind,
                    contact.pk,
                    f"{contact.reference}: {what}",
                    getattr(contact, due_field),
                    link.replace(_PLACEHOLDER, str(contact.pk)),
                    owner_ids=(contact.assigned_to_id,) if contact.assigned_to_id else (),
                    queue="front_door",
                    person_ids=tuple(subjects.get(contact.pk, ())),
                    note=_telephone_note(contact) if telephone else "",
                    what=item,
                    reference=contact.reference,
                )
            )
    decisions = list(rows.get("decision-sign-off", ()))
    if not decisions:
        return items
    prefetch_related_objects(decisions, "contact", "contact__subjects")
    managers = tuple(
        User.objects.filter(role_assignments__role=Role.FRONT_DOOR_MANAGER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    for decision in decisions:
        contact = decision.contact
        items.append(
            timed(
                "decision-sign-off",
                decision.pk,
                f"{contact.reference}: decision waiting for your sign-off",
                decision.sign_off_due_at,
                reverse("frontdoor:contact", args=[contact.pk]),
                owner_ids=managers,
                person_ids=tuple(contact_subject_ids(contact)),
                what="Decision waiting for your sign-off",
                reference=contact.reference,
            )
        )
    return items


# The field each kind of contact row is due by (``CONTACT_DUE``).
_DUE_FIELD = {kind: due_field for kind, due_field, *_ in CONTACT_DUE}


def row_due(kind: str, row: Any) -> datetime:
    """When a row of ``due_queries`` of ``kind`` is due: its item's ``due_at``."""
    if kind == "decision-sign-off":
        return row.sign_off_due_at  # type: ignore[no-any-return]
    return getattr(row, _DUE_FIELD[kind])  # type: ignore[no-any-return]


DUE_SOURCE = DueSource(
    name="front-door",
    queries=due_queries,
    items=due_items,
    items_from=items_from,
    row_due=row_due,
)
