"""The administrators' API token pages in the access matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.accounts.services import api_token_issue
from righthelp.core.tests.access import Row

if TYPE_CHECKING:
    from conftest import Cast

ADMINISTRATORS = ["administrator"]


def rows(cast: Cast) -> dict[str, Row]:
    assert cast.involved.organisation is not None
    token, _ = api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    return {
        "accounts:tokens": Row(reverse("accounts:tokens"), ADMINISTRATORS),
        "accounts:token-issue": Row(reverse("accounts:token-issue"), ADMINISTRATORS),
        # The confirmation page (GET); revoking is its POST.
        "accounts:token-revoke": Row(
            reverse("accounts:token-revoke", kwargs={"token_id": token.pk}), ADMINISTRATORS
        ),
    }
