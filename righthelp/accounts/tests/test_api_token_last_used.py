"""An API token's last-used time moves at most once per interval, and never makes calls queue."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from pytest_django import Settings

from righthelp.accounts import services
from righthelp.accounts.models import ApiToken
from righthelp.accounts.tests.factories import OrganisationFactory


def _issued() -> tuple[ApiToken, str]:
    with transaction.atomic():
        return services.api_token_issue(actor=None, organisation=OrganisationFactory(), name="MIS")


@pytest.mark.django_db
def test_last_used_moves_on_first_use_then_at_most_once_per_interval(settings: Settings) -> None:
    settings.RIGHTHELP_API_TOKEN_LAST_USED_SECONDS = 60
    token, raw = _issued()
    assert services.api_token_authenticate(raw) == token
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None

    services.api_token_authenticate(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    services.api_token_authenticate(raw)
    moved = ApiToken.objects.get(pk=token.pk).last_used_at
    assert moved is not None and moved > first


@pytest.mark.django_db
def test_a_stamp_read_as_stale_is_not_written_when_another_call_stamped_it_meanwhile(
    settings: Settings,
) -> None:
    settings.RIGHTHELP_API_TOKEN_LAST_USED_SECONDS = 60
    token, _ = _issued()
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now - timedelta(minutes=5)  # what this call read before the other wrote
    assert services.api_token_used(token=token, now=now + timedelta(seconds=1)) is False
    assert ApiToken.objects.get(pk=token.pk).last_used_at == now


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_concurrent_calls_with_one_token_do_not_wait_for_each_others_stamp(
    settings: Settings,
) -> None:
    # Given a call whose request is still open after it stamped the token (it holds the row)
    settings.RIGHTHELP_API_TOKEN_LAST_USED_SECONDS = 60
    token, raw = _issued()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=5))
    stamped, release, second_done = threading.Event(), threading.Event(), threading.Event()
    waited: list[float] = []
    errors: list[BaseException] = []

    def first_call() -> None:
        try:
            with transaction.atomic():
                assert services.api_token_authenticate(raw) is not None
                stamped.set()
                release.wait(10)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def second_call() -> None:
        try:
            stamped.wait(10)
            begun = time.perf_counter()
            with transaction.atomic():
                # It read the old stamp (the first call has not committed) and so tries to stamp.
                assert services.api_token_authenticate(raw) is not None
            waited.append(time.perf_counter() - begun)
            second_done.set()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=first_call)
    second = threading.Thread(target=second_call)
    first.start()
    second.start()
    # When the second call runs while the first still holds the token's row
    finished_while_held = second_done.wait(5)
    release.set()
    first.join(10)
    second.join(10)

    # Then it finished without waiting for the first, and the stamp still moved
    assert errors == []
    assert finished_while_held, "the second call waited for the first call's row lock"
    assert waited[0] < 2
    last_used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert last_used is not None and last_used > timezone.now() - timedelta(minutes=1)
