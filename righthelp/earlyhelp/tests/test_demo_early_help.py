"""The demo early help command opens episodes through the services, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from righthelp.accounts.models import User
from righthelp.audit.events import Verb
from righthelp.audit.models import Event
from righthelp.earlyhelp.models import Episode, LeadStatus, Plan, PlanStatus, TafMeeting
from righthelp.earlyhelp.selectors import step_downs_waiting
from righthelp.frontdoor.models import StepDownRequest


@pytest.mark.django_db
def test_demo_early_help_opens_episodes_with_leads_plans_and_meetings_once() -> None:
    call_command("demo_data", "--families", "60", "--seed", "1", stdout=StringIO())

    first = StringIO()
    call_command("demo_early_help", stdout=first)
    second = StringIO()
    call_command("demo_early_help", stdout=second)

    assert "Opened 4" in first.getvalue()
    assert "Opened 0" in second.getvalue() and "4 already open" in second.getvalue()
    assert Episode.objects.count() == 4
    # One family is left without a lead, so the caseload's "no lead" flag has something to show.
    with_lead = Episode.objects.filter(leads__status=LeadStatus.ACTIVE).distinct().count()
    assert with_lead == 3
    assert Plan.objects.filter(status=PlanStatus.AGREED).count() == 3
    assert TafMeeting.objects.count() == 3
    assert Event.objects.filter(verb=Verb.EPISODE_OPENED).count() == 4
    assert all(e.members.filter(role="child").exists() for e in Episode.objects.all())
    # One family waits to step down from children's social care: social care said so, once.
    assert "One family is waiting to step down" in first.getvalue()
    assert "waiting to step down" not in second.getvalue()
    waiting = StepDownRequest.objects.get()
    assert waiting.referral.step_downs.count() == 0
    erin = User.objects.get(username="erin.earlyhelp")
    with transaction.atomic():
        assert step_downs_waiting(user=erin) == [waiting.referral]


@pytest.mark.django_db
def test_demo_early_help_without_demo_data_says_what_to_run_first() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="demo_data"):
        call_command("demo_early_help", stdout=StringIO())
