"""What the front door tells people as its work moves: a contact allocated, a decision waiting
for sign-off, feedback arrived, a Think Family concern. Each notice goes through
``notifications.services.notification_send`` (in the app at once, e-mailed after commit, once per
recipient and key); the front door's services call these at their end."""

from __future__ import annotations

from django.urls import reverse

from righthelp.accounts.models import Role, User
from righthelp.frontdoor.models import Contact, Decision, Feedback
from righthelp.notifications.models import NotificationKind
from righthelp.notifications.services import notification_send
from righthelp.people.models import Person


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
