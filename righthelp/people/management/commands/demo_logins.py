"""Print the demo sign-ins, one per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from righthelp.accounts.models import Role
from righthelp.people.demo.loader import DEMO_USERS, demo_password


class Command(BaseCommand):
    help = "Print the demo users' usernames, roles and password."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {demo_password()})")
        name_width = max(len(user.username) for user in DEMO_USERS)
        role_width = max(len(Role(user.role).label) for user in DEMO_USERS)
        for user in DEMO_USERS:
            role = Role(user.role).label
            self.stdout.write(
                f"  {user.username:<{name_width}}  {role:<{role_width}}  "
                f"{user.job_title}, {user.organisation}"
            )
        self.stdout.write("")
