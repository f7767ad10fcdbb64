"""The queue's rows write out the priority and status tags (an include per row cost more than
the rest of the row): they must stay what the tag partials show everywhere else."""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from righthelp.frontdoor import services
from righthelp.frontdoor.models import OPEN_STATUSES, Contact, Priority
from righthelp.frontdoor.services import SubjectDetails

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_each_row_shows_the_same_tags_as_the_partials(cast: Cast, client: Client) -> None:
    priorities = [*Priority.values, ""]
    contacts = []
    for n, (priority, status) in enumerate(product(priorities, OPEN_STATUSES)):
        contact = services.public_contact_submit(
            kind="self_referral",
            sender_address=f"198.51.100.{n}",
            referrer_name="Parent",
            referrer_email="parent@example.org",
            referrer_phone="",
            referrer_relationship="Mother",
            child=SubjectDetails(role="child", given_name=f"Child{n}", family_name="Queue"),
            worry="We need help with our son's behaviour",
        )
        Contact.objects.filter(pk=contact.pk).update(priority=priority, status=status)
        contacts.append(Contact.objects.get(pk=contact.pk))
    client.force_login(cast.front_door_worker)
    response = client.get(reverse("frontdoor:queue"))
    assert len(response.context["rows"]) == len(contacts) == 12
    rows = response.content.decode().split('<tr class="govuk-table__row">')[2:]
    by_reference = {contact.reference: contact for contact in contacts}
    for row in rows:
        [reference] = [ref for ref in by_reference if f">{ref}</a>" in row]
        contact = by_reference.pop(reference)
        for partial in ("triage_priority_tag", "triage_status_tag"):
            tag = render_to_string(f"frontdoor/{partial}.html", {"contact": contact}).strip()
            assert f'<td class="govuk-table__cell">{tag}</td>' in row, (partial, contact.status)
    assert not by_reference


def test_each_row_shows_when_the_decision_is_due_as_the_date_filter_writes_it() -> None:
    from datetime import UTC, datetime

    from django.template import Context, Template

    from righthelp.frontdoor.views.triage.queue import _due_text

    moments = [
        datetime(2026, 1, 5, 0, 0, tzinfo=UTC),  # midnight in winter
        datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the hour the clocks go forward
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        datetime(2026, 6, 30, 11, 5, tzinfo=UTC),  # noon in summer time
        datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # past midnight, the next day locally
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the hour the clocks go back
        datetime(2026, 12, 3, 20, 54, tzinfo=UTC),
        datetime(2027, 9, 9, 9, 9, tzinfo=UTC),
    ]
    written = Template('{{ moment|date:"j M Y, g:ia" }}')  # as the template wrote it
    for moment in moments:
        assert _due_text(moment) == written.render(Context({"moment": moment}))
    assert _due_text(None) == ""
