from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from righthelp.accounts import services
from righthelp.accounts.models import ApiToken

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_stored_as_a_hash_and_stops_working_when_revoked(cast: Cast) -> None:
    assert cast.involved.organisation is not None
    organisation = cast.involved.organisation
    token, raw = services.api_token_issue(
        actor=cast.administrator, organisation=organisation, name="MIS"
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.token_hash, stored.prefix) and raw.startswith(stored.prefix)
    assert services.api_token_authenticate(raw) == token
    assert services.api_token_authenticate(raw + "x") is None
    assert services.api_token_authenticate("") is None
    services.api_token_revoke(actor=cast.administrator, token=token)
    assert services.api_token_authenticate(raw) is None
