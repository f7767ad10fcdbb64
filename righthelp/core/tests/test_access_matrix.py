"""Walk every URL as every role and check who gets what.

Each app declares its rows in ``righthelp/<app>/tests/access_expectations*.py`` (see
``righthelp/core/tests/access.py``). A URL name that no app declares fails
``test_every_url_is_declared_and_has_an_access_rule``: a new page without a rule cannot land.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import righthelp
from righthelp.core.checkpoint import rule_for
from righthelp.core.tests.access import Row, same_page

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


# Namespaces guarded as a whole by the checkpoint (views we do not write ourselves).
NAMESPACES = {"admin": ["administrator"]}


def walk(
    patterns: Sequence[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def all_rows(cast: Cast) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for app in pkgutil.iter_modules(righthelp.__path__):
        try:
            tests = importlib.import_module(f"righthelp.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module_info in pkgutil.iter_modules(tests.__path__):
            if not module_info.name.startswith("access_expectations"):
                continue
            module = importlib.import_module(f"{tests.__name__}.{module_info.name}")
            declared = module.rows(cast)
            clash = set(rows) & set(declared)
            assert not clash, f"URL names declared twice: {clash}"
            rows.update(declared)
    return rows


@pytest.mark.django_db
def test_every_url_is_declared_and_has_an_access_rule(cast: Cast) -> None:
    rows = all_rows(cast)
    undeclared, no_rule = [], []
    for name, pattern in walk(get_resolver().url_patterns):
        namespace = name.split(":")[0] if ":" in name else None
        if name not in rows and namespace not in NAMESPACES:
            undeclared.append(name)
        if rule_for(pattern.callback, namespace) is None:
            no_rule.append(name)
    assert undeclared == [], f"URLs with no row in the access matrix: {undeclared}"
    assert no_rule == [], f"URLs whose view declares no access rule: {no_rule}"


def request(client: Client, row: Row) -> TestResponse:
    if row.method == "post":
        return client.post(row.url, row.body or {})
    if row.method == "json":
        return client.post(row.url, data=row.body or "{}", content_type="application/json")
    return client.get(row.url)


@pytest.mark.django_db
def test_each_url_answers_each_role_as_expected(cast: Cast, client: Client) -> None:
    failures = []
    for name, row in sorted(all_rows(cast).items()):
        for label, user in cast.by_label().items():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = request(client, row)
            if label in row.allowed:
                expected = row.ok
            elif label == "anonymous":
                expected = row.anonymous
            else:
                expected = frozenset({404})
            if response.status_code not in expected:
                failures.append(
                    f"{name} as {label}: {response.status_code}, expected {set(expected)}"
                )
            elif (
                label == "anonymous"
                and not row.public
                and response.status_code == 302
                and "/sign-in/" not in response["Location"]
            ):
                failures.append(f"{name} as anonymous: redirected to {response['Location']}")
    assert failures == []


@pytest.mark.django_db
def test_a_missing_person_and_a_forbidden_person_look_the_same(cast: Cast, client: Client) -> None:
    client.force_login(cast.practitioner)
    forbidden = client.get(reverse("people:detail", kwargs={"person_id": cast.child.pk}))
    missing = client.get(reverse("people:detail", kwargs={"person_id": cast.child.pk + 999}))
    assert forbidden.status_code == missing.status_code == 404
    assert same_page(forbidden.content, missing.content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/accounts/user/", "/admin/accounts/organisation/"]
)
def test_admin_is_for_administrators_only(path: str, cast: Cast, client: Client) -> None:
    for label, user in cast.by_label().items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        if label == "administrator":
            assert response.status_code == 200, label
        elif label == "anonymous":
            assert response.status_code == 302 and "/sign-in/" in response["Location"]
        else:
            assert response.status_code == 404, f"{path} as {label}: {response.status_code}"


@pytest.mark.django_db
def test_an_ended_involvement_no_longer_opens_the_record(cast: Cast, client: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from righthelp.people.models import InvolvedProfessional

    involvement = InvolvedProfessional.objects.get(person=cast.child, user=cast.involved)
    involvement.end_date = timezone.localdate() - timedelta(days=1)
    involvement.save()
    client.force_login(cast.involved)
    url = reverse("people:detail", kwargs={"person_id": cast.child.pk})
    assert client.get(url).status_code == 404
