"""Reads at the front door: the queue, a contact, a referrer's own requests, the "is this child
known?" answer, consultations. Each read of personal data is logged."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.audit.alert_services import access_record_watched
from righthelp.audit.events import AccessAction
from righthelp.audit.services import access_record
from righthelp.core.open_work import OpenWork, Service, open_work_for
from righthelp.frontdoor.due import URGENCY_RANK
from righthelp.frontdoor.models import (
    OPEN_STATUSES,
    Consultation,
    Contact,
    ContactStatus,
    ContactSubject,
    Decision,
    Outcome,
    SocialCareReferral,
    StepUpHandover,
    SubjectRole,
    ThinkFamilyNotice,
)
from righthelp.frontdoor.open_work import CONTACT as OPEN_CONTACT
from righthelp.frontdoor.paging import capped_page
from righthelp.frontdoor.permissions import (
    can_view_contact,
    handled_contacts,
    is_childrens_social_care,
    is_front_door,
)
from righthelp.matching.selectors import known_matches
from righthelp.people import identifiers
from righthelp.people.models import PersonKind

REQUESTS_PER_PAGE = 25
REFERRALS_PER_PAGE = 50
CONSULTATIONS_PER_PAGE = 25


def _page_number(value: int | str) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    locality: str = ""
    priority: str = ""
    overdue: bool = False
    mine: bool = False
    confirmation_overdue: bool = False


def _subjects_prefetch() -> Prefetch[str]:
    return Prefetch("subjects", queryset=ContactSubject.objects.select_related("person"))


def _urgency_rank() -> Case:
    """Significant harm first, then urgent, then routine (``due.URGENCY_RANK``)."""
    return Case(
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        default=Value(len(URGENCY_RANK)),
        output_field=IntegerField(),
    )


class QueuePage(Page):  # type: ignore[type-arg]
    """A page of the queue, with the names of the children each contact is about (its
    ``CHILD`` subjects, in the order a contact lists them; "Not named" when it names none)."""

    children_named: dict[int, list[str]]


class _QueuePaginator(Paginator):  # type: ignore[type-arg]
    def _get_page(self, *args: Any, **kwargs: Any) -> QueuePage:
        page = QueuePage(*args, **kwargs)
        page.children_named = {}
        return page


def _subject_rows(contact_ids: Collection[int]) -> dict[int, list[Mapping[str, Any]]]:
    """Each contact's subjects as plain values (what ``_subject_name`` needs, and the role and
    record), in the order a contact lists them: one query."""
    found: dict[int, list[Mapping[str, Any]]] = {}
    for subject in (
        ContactSubject.objects.filter(contact_id__in=contact_ids)
        .order_by("contact_id", "role", "id")
        .values(
            "contact_id",
            "role",
            "person_id",
            "given_name",
            "family_name",
            "person__given_name",
            "person__family_name",
            "person__kind",
        )
    ):
        found.setdefault(subject["contact_id"], []).append(subject)
    return found


def contact_queue(
    *,
    user: User,
    filters: QueueFilter,
    page_number: int | str = 1,
    per_page: int = 50,
    path: str = "",
) -> QueuePage:
    """The front door's open work: significant harm first, then urgent, then routine, each
    earliest due first, with a constant number of queries."""
    if not is_front_door(user):
        raise Http404
    contacts = Contact.objects.exclude(status=ContactStatus.DRAFT).filter(handled_contacts(user))
    now = timezone.now()
    if filters.status:
        contacts = contacts.filter(status=filters.status)
    elif not filters.confirmation_overdue:
        # A significant-harm call is usually decided before its written confirmation is due,
        # so that filter looks at decided contacts too (those the front door still handles).
        contacts = contacts.filter(status__in=OPEN_STATUSES)
    if filters.locality:
        contacts = contacts.filter(locality__slug=filters.locality)
    if filters.priority:
        contacts = contacts.filter(priority=filters.priority)
    if filters.overdue:
        contacts = contacts.filter(decision_due_at__lt=now, status__in=OPEN_STATUSES)
    if filters.confirmation_overdue:
        contacts = contacts.filter(
            written_confirmation_due_at__lt=now, written_confirmation_received_at__isnull=True
        )
    if filters.mine:
        contacts = contacts.filter(assigned_to=user)
    contacts = contacts.select_related("assigned_to").order_by(
        _urgency_rank(), "decision_due_at", "id"
    )
    page = _QueuePaginator(contacts, per_page).get_page(page_number)
    assert isinstance(page, QueuePage)
    page.object_list = list(page.object_list)
    # The subjects as plain values, not model instances: the queue shows only names.
    subjects = _subject_rows([c.pk for c in page.object_list])
    page.children_named = {
        pk: [_subject_name(s) for s in rows if s["role"] == SubjectRole.CHILD]
        for pk, rows in subjects.items()
    }
    access_record(
        user=user,
        action=AccessAction.LIST_CONTACTS,
        person_ids=[
            s["person_id"]
            for c in page.object_list
            for s in subjects.get(c.pk, [])
            if s["person_id"]
        ],
        path=path,
    )
    return page


@dataclass
class ContactRecord:
    contact: Contact
    subjects: list[ContactSubject]
    decisions: list[Decision]
    previous_contacts: list[Contact]
    known: dict[int, KnownAnswer] = field(default_factory=dict)
    # A step-up's handover of early help's records (links, not the records themselves).
    handover: StepUpHandover | None = None
    # The referral to children's social care a decision on it made, with any step-down request.
    referral: SocialCareReferral | None = None

    @property
    def repeat(self) -> bool:
        return bool(self.previous_contacts)

    @property
    def early_help_already(self) -> list[OpenWork]:
        """Early help already open or waiting for any person named (each piece of work once):
        what the front door must see before it decides on early help again."""
        seen: set[tuple[str, int]] = set()
        found = []
        for answer in self.known.values():
            for work in answer.open_to_early_help:
                if (work.kind, work.object_id) not in seen:
                    seen.add((work.kind, work.object_id))
                    found.append(work)
        return found


def contact_record(*, user: User, contact_id: int | str, path: str = "") -> ContactRecord:
    """A contact for its referrer or the front door (else 404), logged as one read."""
    try:
        contact = (
            Contact.objects.select_related(
                "referrer",
                "referrer_organisation",
                "assigned_to",
                "locality",
                "threshold_evaluation",
                "consent",
                "lawful_basis",
                # Whether early help handed records over with it (a step-up), in the same read.
                "handover",
            )
            .prefetch_related(_subjects_prefetch())
            .get(pk=int(contact_id))
        )
    except (Contact.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_view_contact(user, contact):
        raise Http404
    subjects = list(contact.subjects.all())
    person_ids = [s.person_id for s in subjects if s.person_id]
    previous: list[Contact] = []
    known: dict[int, KnownAnswer] = {}
    if is_front_door(user) and person_ids:
        since = timezone.now() - timedelta(days=365)
        previous = list(
            Contact.objects.filter(subjects__person_id__in=person_ids, received_at__gte=since)
            .exclude(pk=contact.pk)
            .exclude(status=ContactStatus.DRAFT)
            .distinct()
            .order_by("-received_at")
        )
        # One read of everything open for every person named, this contact left out.
        open_work = open_work_for(person_ids, exclude={(OPEN_CONTACT, contact.pk)})
        known = {pk: _answer(works, known=True) for pk, works in open_work.items()}
    access_record(
        user=user,
        action=AccessAction.VIEW_CONTACT,
        person_ids=person_ids,
        path=path,
        detail={"contact": contact.pk},
    )
    decisions = list(contact.decisions.select_related("decided_by", "signed_off_by", "locality"))
    return ContactRecord(
        contact=contact,
        subjects=subjects,
        decisions=decisions,
        previous_contacts=previous,
        known=known,
        handover=_handover(contact),
        # A referral is made by a decision: a contact not decided has none (no query to ask).
        referral=_referrals().filter(decision__contact=contact).first() if decisions else None,
    )


def _handover(contact: Contact) -> StepUpHandover | None:
    """The step-up handover of a contact read with ``select_related("handover")``, with its
    episode, assessment and plan: a query only when there is one."""
    try:
        found = contact.handover
    except StepUpHandover.DoesNotExist:
        return None
    handover = StepUpHandover.objects.select_related("episode", "assessment", "plan").get(
        pk=found.pk
    )
    handover.contact = contact
    return handover


def _referrals() -> QuerySet[SocialCareReferral]:
    return SocialCareReferral.objects.select_related(
        "decision__contact",
        "step_down_request__requested_by",
        "step_down_request__locality",
    ).prefetch_related(
        Prefetch(
            "decision__contact__subjects",
            queryset=ContactSubject.objects.select_related("person"),
        ),
        "step_downs",
    )


@dataclass(frozen=True)
class ReferralRow:
    """One referral on children's social care's list, as the page shows it: plain values read
    once (no model instances), its links made without reversing a URL per row."""

    pk: int
    reference: str
    route: str
    created_at: datetime
    children: str
    handover_url: str  # early help's records handed over with the contact, or ""
    work_ending_url: str
    asked_locality: str  # the locality asked to take over, or "" when not asked yet
    asked_work_ends_on: date | None


def _subject_name(row: Mapping[str, Any]) -> str:
    """``str(ContactSubject)`` from a ``values()`` row (``Person.full_name`` when linked)."""
    given = row["person__given_name"]
    if row["person_id"] is not None:
        family = row["person__family_name"]
        if row["person__kind"] == PersonKind.UNBORN and not given:
            return f"Unborn baby {family}".strip()
        return " ".join(p for p in [given, family] if p)
    return " ".join(p for p in [row["given_name"], row["family_name"]] if p) or "Not named"


def _url_maker(name: str, *placeholders: int) -> Callable[..., str]:
    """``reverse(name, args=...)`` for many rows: reversed once with stand-in ids, each row's
    ids put in their place."""
    pattern = reverse(name, args=placeholders)
    for index, stand_in in enumerate(placeholders):
        pattern = pattern.replace(f"/{stand_in}/", f"/{{{index}}}/", 1)
    return lambda *ids: pattern.format(*ids)


_REFERRAL_URL_STAND_INS = (987_654_321, 987_654_322)


def social_care_referrals(
    *, user: User, page_number: int | str = 1, path: str = ""
) -> Page[ReferralRow]:
    """Referrals to children's social care not yet stepped down to early help, oldest first, a
    page at a time (``REFERRALS_PER_PAGE``), for children's social care
    (``is_childrens_social_care``; 404 for anyone else), with any step-down request and any
    step-up handover. A constant number of queries; the count is capped ("more than 500").
    Logs LIST_CONTACTS naming the children on the page."""
    if not is_childrens_social_care(user):
        raise Http404
    # The page's ids first, from the referrals table alone (its index gives the order), then
    # those rows with their contacts: joining every referral to its contact before sorting
    # grows with the years of referrals.
    # "Not stepped down" as NOT EXISTS, one index probe per referral in date order: as a LEFT
    # JOIN ... IS NULL PostgreSQL expects almost no rows and hashes both whole tables (200 ms).
    episodes = cast(type[Model], SocialCareReferral._meta.get_field("step_downs").related_model)
    page = capped_page(
        SocialCareReferral.objects.filter(
            ~Exists(episodes._default_manager.filter(stepped_down_from=OuterRef("pk")))
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True),
        _page_number(page_number),
        REFERRALS_PER_PAGE,
    )
    ids = list(page.object_list)
    found = {
        row["pk"]: row
        for row in SocialCareReferral.objects.filter(pk__in=ids).values(
            "pk",
            "route",
            "created_at",
            "decision__contact_id",
            "decision__contact__reference",
            "decision__contact__handover__episode_id",
            "step_down_request__locality__name",
            "step_down_request__work_ends_on",
        )
    }
    subjects = _subject_rows({row["decision__contact_id"] for row in found.values()})
    routes = dict(Outcome.choices)
    handover_url = _url_maker("earlyhelp:handover-assessment", *_REFERRAL_URL_STAND_INS)
    work_ending_url = _url_maker("frontdoor:referral-work-ending", _REFERRAL_URL_STAND_INS[0])
    rows: list[ReferralRow] = []
    for pk in ids:
        row = found[pk]
        contact_id = row["decision__contact_id"]
        episode_id = row["decision__contact__handover__episode_id"]
        rows.append(
            ReferralRow(
                pk=pk,
                reference=row["decision__contact__reference"],
                route=str(routes.get(row["route"], row["route"])),
                created_at=row["created_at"],
                children=", ".join(
                    _subject_name(s)
                    for s in subjects.get(contact_id, [])
                    if s["role"] != SubjectRole.ADULT
                ),
                handover_url="" if episode_id is None else handover_url(episode_id, contact_id),
                work_ending_url=work_ending_url(pk),
                asked_locality=row["step_down_request__locality__name"] or "",
                asked_work_ends_on=row["step_down_request__work_ends_on"],
            )
        )
    page.object_list = rows
    access_record(
        user=user,
        action=AccessAction.LIST_CONTACTS,
        person_ids=sorted(
            {
                s["person_id"]
                for row in found.values()
                for s in subjects.get(row["decision__contact_id"], [])
                if s["person_id"] is not None
            }
        ),
        path=path,
        detail={"social_care_referrals": len(rows)},
    )
    return page


def referral_for_social_care(
    *, user: User, referral_id: int | str, path: str = ""
) -> SocialCareReferral:
    """One referral to children's social care, for children's social care (404 for anyone
    else, and for no such referral). Logs VIEW_CONTACT naming the people on its contact."""
    try:
        pk = int(referral_id)
    except (TypeError, ValueError):
        raise Http404 from None
    referral = _referrals().filter(pk=pk).first()
    if referral is None or not is_childrens_social_care(user):
        raise Http404
    contact = referral.decision.contact
    access_record(
        user=user,
        action=AccessAction.VIEW_CONTACT,
        person_ids=[s.person_id for s in contact.subjects.all() if s.person_id is not None],
        path=path,
        detail={"contact": contact.pk, "referral": referral.pk},
    )
    return referral


def think_family_notices(
    *, user: User, contact: Contact, path: str = ""
) -> list[ThinkFamilyNotice]:
    """Think Family on a contact, for the front door: the professionals of other children in
    the household, told or not told (and why). Logged as a read of those children."""
    if not is_front_door(user):
        return []
    notices = list(
        ThinkFamilyNotice.objects.filter(contact=contact)
        .select_related("child", "recipient")
        .order_by("told_at", "child_id", "recipient_id")
    )
    if notices:
        access_record(
            user=user,
            action=AccessAction.VIEW_CONTACT,
            person_ids=sorted({n.child_id for n in notices}),
            path=path,
            detail={"contact": contact.pk, "think_family": len(notices)},
        )
    return notices


def my_requests(*, user: User, page_number: int | str = 1, path: str = "") -> Page[Contact]:
    """The contacts a practitioner has raised, newest first, a page at a time
    (``REQUESTS_PER_PAGE``), with status, due dates and feedback: a constant number of queries
    whatever the number of requests, the count capped (``paging.CappedPaginator``)."""
    contacts = (
        Contact.objects.filter(referrer=user)
        .prefetch_related(
            _subjects_prefetch(),
            "feedback",
            # Newest first: the latest decision says whether the referrer may disagree with it.
            Prefetch(
                "decisions",
                queryset=Decision.objects.order_by("-decided_at", "-pk"),
                to_attr="decisions_newest",
            ),
        )
        .order_by("-created_at", "-pk")
    )
    # Counted up to a cap (years of requests need no exact number): "more than 500 requests".
    page: Page[Contact] = capped_page(contacts, _page_number(page_number), REQUESTS_PER_PAGE)
    access_record(
        user=user,
        action=AccessAction.LIST_CONTACTS,
        person_ids=[s.person_id for c in page.object_list for s in c.subjects.all() if s.person_id],
        path=path,
    )
    return page


def draft_for_change(*, user: User, contact_id: int | str) -> Contact:
    contact = Contact.objects.filter(
        pk=int(contact_id), referrer=user, status=ContactStatus.DRAFT
    ).first()
    if contact is None:
        raise Http404
    return contact


# --- Is this child known? ------------------------------------------------------------------


NOT_KNOWN_TEXT = (
    "No record matches these details. If you are worried about the child, make a request for "
    "support or contact the front door."
)
KNOWN_NOT_OPEN_TEXT = (
    "Not open to early help or children's social care. Contact the front door for advice."
)
# The same answer as the front door itself reads it (on a contact's page).
KNOWN_NOT_OPEN_FRONT_DOOR_TEXT = (
    "Known, but not open to early help or children's social care, and no other contact is "
    "being considered."
)
# An unborn baby is checked by their expected date of birth: at most about ten months ahead.
EXPECTED_BIRTH_WITHIN_DAYS = 305


@dataclass(frozen=True)
class KnownAnswer:
    """Whether a child is known, and whom to contact: never what any record says.

    ``open_work`` is everything open for the people matched, from every capability's records
    (``core.open_work``), services first. A record with no open work is still known.
    """

    known: bool
    open_work: tuple[OpenWork, ...] = ()

    @property
    def contacts(self) -> tuple[str, ...]:
        """The lines for any practitioner: what is open and whom to contact, no references."""
        if not self.known:
            return ()
        lines: list[str] = []
        for work in self.open_work:
            if work.line not in lines:
                lines.append(work.line)
        return tuple(lines) or (KNOWN_NOT_OPEN_TEXT,)

    @property
    def contacts_with_references(self) -> tuple[str, ...]:
        """The lines for the front door, who work on it: with each piece of work's reference."""
        if not self.known:
            return ()
        return tuple(w.line_with_reference for w in self.open_work) or (
            KNOWN_NOT_OPEN_FRONT_DOOR_TEXT,
        )

    @property
    def open_to_services(self) -> tuple[OpenWork, ...]:
        return tuple(w for w in self.open_work if w.open_to_service)

    @property
    def open_to_early_help(self) -> tuple[OpenWork, ...]:
        return tuple(
            w for w in self.open_work if w.open_to_service and w.service == Service.EARLY_HELP
        )

    @property
    def text(self) -> str:
        if not self.known:
            return NOT_KNOWN_TEXT
        return "Known. " + " ".join(self.contacts)


def _answer(open_work: Iterable[OpenWork], *, known: bool) -> KnownAnswer:
    # Services' own records first (open to early help, social care), then work still being
    # decided (a contact at the front door); each group in the sources' order.
    ordered = sorted(open_work, key=lambda w: not w.open_to_service)
    return KnownAnswer(known=known, open_work=tuple(ordered))


def known_answer_for(
    person_ids: Sequence[int], exclude: Collection[tuple[str, int]] = ()
) -> KnownAnswer:
    """The answer for these people together (the records a check matched): known when there is
    any, with everything open for any of them. Logs nothing: callers log what they show."""
    if not person_ids:
        return KnownAnswer(known=False)
    found = open_work_for(person_ids, exclude=exclude)
    return _answer((w for works in found.values() for w in works), known=True)


def known_check(
    *,
    user: User,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    nhs_number: str = "",
    postcode: str = "",
    path: str = "",
) -> KnownAnswer:
    """Answer "is this child known?" for any practitioner, with the minimum: known or not, and
    whom to contact. Never the record's contents. Every check is logged, with the people it
    matched, even when the answer is "not known".

    "Open to" comes from the services' own records (``core.open_work``): an early help episode
    (any member), a contact the front door is considering, an early help request waiting for a
    locality, a referral to children's social care, and whatever else a capability registers.
    An involvement someone added by hand makes a record known, never "open to" a service.

    Refuses (``ValidationError``, by field) a date of birth in the future (an unborn baby is
    checked by their expected date of birth) and an expected date of birth more than
    ``EXPECTED_BIRTH_WITHIN_DAYS`` ahead, rather than quietly matching on the name alone.

    Many checks by one user in a short time are answered, and raise an alert for the information
    governance lead (``RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT`` checks within
    ``RIGHTHELP_KNOWN_CHECK_ALERT_MINUTES``; one alert per burst).
    """
    today = timezone.localdate()
    if date_of_birth is not None and date_of_birth > today:
        raise ValidationError(
            {
                "date_of_birth": [
                    "Date of birth must be today or in the past. For an unborn baby, give the "
                    "expected date of birth instead"
                ]
            }
        )
    if expected_date_of_birth is not None:
        if date_of_birth is not None:
            raise ValidationError(
                {
                    "expected_date_of_birth": [
                        "Give either the date of birth or, for an unborn baby, the expected date "
                        "of birth"
                    ]
                }
            )
        if expected_date_of_birth > today + timedelta(days=EXPECTED_BIRTH_WITHIN_DAYS):
            raise ValidationError(
                {
                    "expected_date_of_birth": [
                        "Expected date of birth must be within the next 10 months"
                    ]
                }
            )
    # The identity matcher scores every record sharing a blocking key (NHS number, date of
    # birth, name sounds, postcode) and keeps the likely ones; nothing is shown, only counted.
    person_ids = known_matches(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth or expected_date_of_birth,
        nhs_number=nhs_number if identifiers.is_valid_nhs_number(nhs_number or "0") else "",
        postcode=postcode,
    )
    answer = known_answer_for(person_ids)
    access_record_watched(
        user=user,
        action=AccessAction.KNOWN_CHECK,
        person_ids=person_ids,
        read_limit=settings.RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT,
        window=timedelta(minutes=settings.RIGHTHELP_KNOWN_CHECK_ALERT_MINUTES),
        path=path,
        detail={
            "known": answer.known,
            "open_to": sorted({w.service for w in answer.open_to_services}),
            "by_nhs_number": bool(nhs_number.strip()),
        },
    )
    return answer


def consultations_for(user: User) -> QuerySet[Consultation]:
    if is_front_door(user):
        return Consultation.objects.select_related("asked_by", "advised_by")
    return Consultation.objects.filter(asked_by=user).select_related("advised_by")
