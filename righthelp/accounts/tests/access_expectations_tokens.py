"""The administrators' API token pages in the access matrix."""

from django.urls import reverse

from righthelp.accounts.services import api_token_issue
from righthelp.core.tests.access import Row

ADMINISTRATORS = ["administrator"]


def rows(cast) -> dict[str, Row]:  # type: ignore[no-untyped-def]
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
