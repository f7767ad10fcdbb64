"""A person's consent page reads a constant number of queries however many decisions and
lawful bases their history holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from righthelp.consent.tests.test_consent import give, lawful_basis

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_consent_page_reads_the_same_number_of_queries_for_2_or_12_records(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    url = reverse("consent:list", kwargs={"person_id": cast.child.pk})
    give(cast)
    lawful_basis(cast, ["early_help"])
    with_two = queries_for(client, url)
    for purpose in ("early_help", "information_sharing", "assessment", "early_help", "assessment"):
        give(cast, purpose=purpose)
    for _ in range(5):
        lawful_basis(cast, ["childrens_social_care"])
    assert queries_for(client, url) == with_two
