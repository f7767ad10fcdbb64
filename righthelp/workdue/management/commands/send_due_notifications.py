"""Send the time-based notifications: due soon (due today) and overdue, once each, to each
item's owners. An overdue disagreement stage's owners include the next level's holders, so
they are told it is overdue.

Safe to run every few minutes and concurrently: each notice is one short transaction, and the
``notification_once`` constraint on (recipient, key) lets only one run create (and e-mail) it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import User
from righthelp.notifications.models import NotificationKind
from righthelp.notifications.services import notification_send
from righthelp.workdue.selectors import DUE_TODAY, OVERDUE, due_items, due_state


class Command(BaseCommand):
    help = "Send due-soon and overdue notifications (at most once each); safe to run often."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        items = [(item, due_state(item, now)) for item in due_items(now=now)]
        items = [(item, state) for item, state in items if state in (DUE_TODAY, OVERDUE)]
        users = {u.pk: u for u in User.objects.filter(is_active=True)}
        sent = checked = 0
        for item, state in items:
            kind = NotificationKind.OVERDUE if state == OVERDUE else NotificationKind.DUE_SOON
            when = item.due_text
            for owner_id in item.owner_ids:
                recipient = users.get(owner_id)
                if recipient is None:
                    continue
                checked += 1
                with transaction.atomic():
                    _, created = notification_send(
                        recipient=recipient,
                        kind=kind,
                        key=f"{kind}:{item.key}",
                        subject=f"{'Overdue' if state == OVERDUE else 'Due soon'}: {item.title}",
                        body=f"{item.title}. Due {when}." + (f" {item.note}" if item.note else ""),
                        link=item.link,
                    )
                sent += int(created)
        self.stdout.write(f"{len(items)} items due; {checked} notices checked; {sent} sent")
