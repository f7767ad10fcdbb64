"""Reading notifications: a user reads only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from righthelp.accounts.models import User
from righthelp.notifications.models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    """The notifications ``user`` has had, newest first (only their own)."""
    return Notification.objects.filter(recipient=user)
