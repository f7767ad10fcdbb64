"""Administrators issue and revoke API tokens, on pages and with a management command."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from righthelp.accounts import services
from righthelp.accounts.models import ApiToken
from righthelp.accounts.tests.access_expectations_tokens import rows
from righthelp.audit.events import Verb
from righthelp.audit.models import Event

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_organisations_tokens_without_the_tokens_themselves(
    cast: Cast, client: Client
) -> None:
    assert cast.involved.organisation is not None
    token, raw = services.api_token_issue(
        actor=cast.administrator, organisation=cast.involved.organisation, name="School MIS"
    )
    services.api_token_authenticate(raw)
    client.force_login(cast.administrator)
    response = client.get(reverse("accounts:tokens"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Westfield Primary" in page and "School MIS" in page
    assert token.prefix in page and raw not in page
    assert "Active" in page and "Never" not in page  # it has been used


def test_issuing_shows_the_token_once_and_it_works(cast: Cast, client: Client) -> None:
    assert cast.involved.organisation is not None
    client.force_login(cast.administrator)
    organisation = cast.involved.organisation
    response = client.post(
        reverse("accounts:token-issue"),
        {"organisation": organisation.pk, "name": "School MIS"},
    )
    assert response.status_code == 200
    raw = response.context["raw"]
    page = response.content.decode()
    assert raw in page and "shown only on this page" in page
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert token.organisation == organisation and token.issued_by == cast.administrator
    assert services.api_token_authenticate(raw) == token
    # Never again: not on the list, nowhere stored.
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()
    assert token.token_hash != raw


def test_issuing_without_an_organisation_or_name_says_why_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    assert cast.involved.organisation is not None
    client.force_login(cast.administrator)
    response = client.post(reverse("accounts:token-issue"), {"organisation": "", "name": "MIS"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the organisation the token is for" in page
    assert 'value="MIS"' in page
    response = client.post(
        reverse("accounts:token-issue"),
        {"organisation": cast.involved.organisation.pk, "name": "  "},
    )
    assert "Say which system will use the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_stops_the_token(cast: Cast, client: Client) -> None:
    assert cast.involved.organisation is not None
    token, raw = services.api_token_issue(
        actor=None, organisation=cast.involved.organisation, name="School MIS"
    )
    client.force_login(cast.administrator)
    url = reverse("accounts:token-revoke", kwargs={"token_id": token.pk})
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Revoke token" in confirm.content.decode()
    assert services.api_token_authenticate(raw) == token
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:tokens")
    assert "has been revoked" in response.content.decode()
    assert services.api_token_authenticate(raw) is None
    assert Event.objects.filter(verb=Verb.API_TOKEN_REVOKED, actor=cast.administrator).exists()
    # Again: nothing more happens.
    client.post(url)
    assert Event.objects.filter(verb=Verb.API_TOKEN_REVOKED).count() == 1


def test_a_missing_token_is_404(cast: Cast, client: Client) -> None:
    client.force_login(cast.administrator)
    assert client.get(reverse("accounts:token-revoke", kwargs={"token_id": 999})).status_code == 404


def test_only_administrators_reach_the_token_pages(cast: Cast, client: Client) -> None:
    for name, row in rows(cast).items():
        for label, user in cast.by_label().items():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(row.url)
            if label in row.allowed:
                expected = row.ok
            elif label == "anonymous":
                expected = row.anonymous
            else:
                expected = frozenset({404})
            assert response.status_code in expected, (name, label, response.status_code)
    # Nobody else can revoke by posting either.
    token = ApiToken.objects.get()
    client.force_login(cast.front_door_manager)
    client.post(reverse("accounts:token-revoke", kwargs={"token_id": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is None


# --- The command --------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_token_once_and_can_revoke_it(cast: Cast) -> None:
    output = run("westfield primary", "--name", "School MIS")
    token = ApiToken.objects.get()
    raw = next(line for line in output.splitlines() if line.startswith("rh_"))
    assert services.api_token_authenticate(raw) == token
    assert token.organisation == cast.involved.organisation and token.name == "School MIS"
    assert "shown only once" in output
    assert Event.objects.filter(verb=Verb.API_TOKEN_ISSUED, actor=None).exists()

    output = run("--revoke", token.prefix)
    assert "Revoked" in output
    assert services.api_token_authenticate(raw) is None
    assert "already revoked" in run("--revoke", token.prefix)


def test_the_command_refuses_what_it_cannot_do(cast: Cast) -> None:
    with pytest.raises(CommandError, match="No organisation"):
        run("Nowhere School", "--name", "MIS")
    with pytest.raises(CommandError, match="Did you mean: Westfield Primary"):
        run("Westfield", "--name", "MIS")
    with pytest.raises(CommandError, match="which system"):
        run("Westfield Primary")
    with pytest.raises(CommandError, match="Name the organisation"):
        run()
    with pytest.raises(CommandError, match="No token"):
        run("--revoke", "rh_missing")
    assert not ApiToken.objects.exists()
