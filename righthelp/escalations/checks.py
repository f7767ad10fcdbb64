"""System checks: a disagreement nobody on the ladder can hold goes to the service's escalation
lead, so ``manage.py check --deploy`` warns when none is configured (W001) and, with ``--database``,
when one names nobody who can sign in (W002)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db.models import Q

from righthelp.escalations.ladder import escalation_leads

HINT = (
    "Set RIGHTHELP_ESCALATION_LEAD to the username or e-mail address of whoever takes up a "
    "disagreement nobody else can hold (say, the head of service), or one per service: "
    "childrens_social_care=a@example.org,early_help=b@example.org."
)


@register(deploy=True)
def escalation_lead_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if escalation_leads(settings.RIGHTHELP_ESCALATION_LEAD):
        return []
    return [
        Warning(
            "No escalation lead is configured: a professional disagreement that nobody on the "
            "ladder can hold will be refused.",
            hint=HINT,
            id="escalations.W001",
        )
    ]


@register(Tags.database)
def escalation_lead_exists(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if not databases:
        return []
    from righthelp.accounts.models import User

    messages: list[CheckMessage] = []
    for service, name in escalation_leads(settings.RIGHTHELP_ESCALATION_LEAD).items():
        found = User.objects.filter(
            Q(username__iexact=name) | Q(email__iexact=name), is_active=True
        ).exists()
        if not found:
            which = "every service" if service == "*" else service
            messages.append(
                Warning(
                    f"The escalation lead {name!r} (for {which}) is not an active user.",
                    hint=HINT,
                    id="escalations.W002",
                )
            )
    return messages
