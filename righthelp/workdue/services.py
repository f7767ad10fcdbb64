"""Sending notifications: in the app at once, by e-mail after the transaction commits, and at most
once each for a recipient and key (the ``notification_once`` constraint). Setting and completing
tasks: work with a due date that shows in My work until it is done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Locality, Role, User
from righthelp.frontdoor.models import Contact, Decision, Feedback
from righthelp.people.models import Person
from righthelp.workdue.events import task_completed_event, task_created_event, user_notified_event
from righthelp.workdue.models import Notification, NotificationKind, Task, TaskQueue


def _email_after_commit(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.email:
        return
    address = recipient.email
    pk = notification.pk
    body = notification.body + (f"\n\n{notification.link}" if notification.link else "")
    subject = notification.subject

    def send() -> None:
        send_mail(subject, body, None, [address], fail_silently=True)
        Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())

    transaction.on_commit(send)


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    kind: NotificationKind | str,
    key: str,
    subject: str,
    body: str = "",
    link: str = "",
) -> tuple[Notification, bool]:
    """Notify ``recipient`` once for ``key``: returns the notification and whether it is new.

    A key already used for this recipient (by an earlier call, or a concurrent one that won the
    race to the unique constraint) sends nothing. A new notification records ``USER_NOTIFIED``
    (about the recipient, not about any person, so it stays off chronologies) and is e-mailed
    only once the caller's transaction commits.
    """
    existing = Notification.objects.filter(recipient=recipient, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                key=key,
                subject=subject[:300],
                body=body,
                link=link,
                created_at=timezone.now(),
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, key=key), False
    user_notified_event(notification=notification, recipient=recipient)
    _email_after_commit(notification)
    return notification, True


@transaction.atomic
def notification_mark_read(*, actor: User, notification_id: int) -> Notification:
    """Mark one of ``actor``'s own notifications read (anyone else's does not exist for them)."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, recipient=actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


# Event-driven notices, called at the end of the front door's services.


def notify_contact_assigned(*, contact: Contact) -> None:
    """Tell the worker a contact has been allocated to them."""
    if contact.assigned_to is None:
        return
    notification_send(
        recipient=contact.assigned_to,
        kind=NotificationKind.ALLOCATION,
        key=f"allocation:contact:{contact.pk}:{contact.version}",
        subject=f"{contact.reference} has been allocated to you",
        body=f"The contact {contact.reference} is now yours to triage.",
        link=reverse("frontdoor:contact", args=[contact.pk]),
    )


def notify_sign_off_needed(*, decision: Decision) -> None:
    """Tell every front-door manager that a decision waits for sign-off."""
    if not decision.needs_sign_off or decision.signed_off_at is not None:
        return
    contact = decision.contact
    managers = User.objects.filter(
        role_assignments__role=Role.FRONT_DOOR_MANAGER, is_active=True
    ).distinct()
    for manager in managers:
        if manager.pk == decision.decided_by_id:
            continue
        notification_send(
            recipient=manager,
            kind=NotificationKind.SIGN_OFF_NEEDED,
            key=f"sign_off:decision:{decision.pk}",
            subject=f"{contact.reference}: a decision needs your sign-off",
            body=f"{decision.get_outcome_display()} was recorded and needs a manager's sign-off.",
            link=reverse("frontdoor:contact", args=[contact.pk]),
        )


def notify_feedback_arrived(*, feedback: Feedback) -> None:
    """Tell a referrer who is a user that feedback on their request has arrived."""
    if feedback.sent_to_user is None:
        return
    notification_send(
        recipient=feedback.sent_to_user,
        kind=NotificationKind.FEEDBACK_ARRIVED,
        key=f"feedback:{feedback.pk}",
        subject=f"Feedback on your request {feedback.contact.reference}",
        body=feedback.message,
        link=reverse("frontdoor:my-requests"),
    )


def notify_think_family(*, recipient: User, contact: Contact, children: list[Person]) -> bool:
    """Think Family: tell a professional that a concern has been recorded about someone in the
    household of a child (``children``) they work with, once per contact. It names nothing
    else: not who the concern is about, nor what it is. The link is the child's own record,
    which they open only if they may see it. Returns whether it was sent now."""
    names = " and ".join(child.full_name for child in children)
    who = "a child" if len(children) == 1 else "children"
    _, sent = notification_send(
        recipient=recipient,
        kind=NotificationKind.THINK_FAMILY,
        key=f"think_family:contact:{contact.pk}",
        subject="A concern has been recorded in the household of a child you work with",
        body=f"A concern has been recorded about someone in the household of {names}, {who} "
        "you work with. If you know something that may help, or you are worried, contact the "
        "front door.",
        link=reverse("people:detail", args=[children[0].pk]),
    )
    return sent


# --- Tasks ----------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    key: str,
    kind: str,
    title: str,
    due_on: date,
    link: str = "",
    owner: User | None = None,
    queue: str = TaskQueue.OWNER,
    locality: Locality | None = None,
    person_ids: Sequence[int] = (),
) -> tuple[Task, bool]:
    """Set a task: returns it and whether it is new (a key already used sets nothing more).

    It has an owner, or, with none, a queue: the front door's (every front-door worker sees
    it) or a locality's (the managers of its teams). The title goes into notifications and
    e-mails, so it names references, never people. Records ``TASK_CREATED`` about
    ``person_ids``.
    """
    existing = Task.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    if owner is not None:
        queue = TaskQueue.OWNER
    elif queue == TaskQueue.OWNER or (queue == TaskQueue.LOCALITY and locality is None):
        raise ValidationError("A task needs an owner, or the queue (and locality) it is for")
    if not title.strip():
        raise ValidationError("A task needs a title")
    task = Task.objects.create(
        key=key,
        kind=kind,
        title=title.strip()[:300],
        link=link,
        due_on=due_on,
        owner=owner,
        queue=queue,
        locality=locality if queue == TaskQueue.LOCALITY else None,
        person_ids=sorted(set(person_ids)),
        created_by=actor,
        created_at=timezone.now(),
    )
    task_created_event(actor=actor, task=task)
    return task, True


@transaction.atomic
def task_complete(*, actor: User, task_id: int, note: str) -> Task:
    """Complete a task in ``actor``'s My work (their own, their queue's, or, for a team
    manager, their team members'), with a note of what was done. A task another user cannot
    see does not exist for them (``Task.DoesNotExist``); one already completed is refused.
    Records ``TASK_COMPLETED`` about the task's people."""
    from righthelp.workdue.selectors import task_for_completion

    task = task_for_completion(actor, task_id)
    if task.completed_at is not None:
        done_by = task.completed_by.display_name if task.completed_by else "someone else"
        raise ValidationError(f"This task has already been completed by {done_by}")
    if not note.strip():
        raise ValidationError({"note": ["Say what you did, or decided, about it"]})
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.completion_note = note.strip()
    task.save(update_fields=["completed_at", "completed_by", "completion_note"])
    task_completed_event(actor=actor, task=task)
    return task
