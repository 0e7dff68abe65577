"""Walk the permission matrix (tests/permission_matrix.py): every URL and API operation, as
every role, on the delegate's own objects, other members' and another group's.

The world (the demo group at the end of its story) is built once for the module inside a
transaction rolled back at the end; each request runs in a savepoint rolled back after it, so
an allowed write never changes what the next request sees.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accord.api.urls import api
from accord.common.models import AuditEvent
from tests.conftest import ROLES
from tests.permission_matrix import API, EXCLUDED_NAMESPACES, PAGES
from tests.permission_world import MatrixWorld, api_params, build_world

pytestmark = pytest.mark.django_db

# Answers that refuse (or answer nothing but an error): such a request must write nothing.
REFUSALS = {400, 401, 403, 404, 405, 409, 410, 422}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named URL pattern, with its namespaces, outside the excluded namespaces."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            if pattern.namespace not in EXCLUDED_NAMESPACES:
                yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def api_operations() -> Iterator[tuple[str, str, str]]:
    """(key, method, path) of every Ninja operation; the key is "<router module>.<function>"."""
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                func = operation.view_func
                key = f"{func.__module__.rsplit('.', 1)[-1]}.{func.__name__}"
                for method in operation.methods:
                    yield key, method, path


def _ninja_pattern_names() -> set[str]:
    """The names of the API's own patterns; its documentation pages are declared in PAGES."""
    patterns, _app, _namespace = api.urls
    return {p.name for p in patterns if p.name} - {"openapi-json", "openapi-view", "api-root"}


def test_every_url_and_operation_has_a_declared_rule():
    names = set(url_names())
    # The API's patterns are declared per operation in API, not per URL name in PAGES.
    pages = names - {f"api:{name}" for name in _ninja_pattern_names()}
    assert sorted(pages - set(PAGES)) == [], "URL patterns without a rule in PAGES"
    assert sorted(set(PAGES) - pages) == [], "rules in PAGES for URLs that do not exist"
    operations = {key for key, _method, _path in api_operations()}
    assert sorted(operations - set(API)) == [], "API operations without a rule in API"
    assert sorted(set(API) - operations) == [], "rules in API for operations that do not exist"
    for key, method, _path in api_operations():
        assert API[key].method == method, key
    for name, cases in PAGES.items():
        assert cases, name
        for case in cases:
            assert len(case.answers.split()) == len(ROLES), name


@pytest.fixture(scope="module")
def mworld(django_db_setup: Any, django_db_blocker: Any) -> Iterator[MatrixWorld]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sessions(mworld: MatrixWorld) -> dict[str, Client]:
    clients = {}
    # The package view stores its solver's answer (PackageRun) on first read; read it once
    # here, outside the requests' rolled-back savepoints, so each request finds it stored.
    warm = Client()
    warm.force_login(mworld.users["chair"])
    assert warm.get(reverse("outcomes:package", kwargs=mworld.places["version"])).status_code == 200
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(mworld.users[role])
        clients[role] = client
    return clients


def answer(response: Any) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("accounts:login")):
        return "login"
    return str(response.status_code)


def ask(client: Client, method: str, url: str, **extra: Any) -> tuple[str, int]:
    """One request in a savepoint rolled back after it: the answer and the audit events the
    request wrote. The session cookie is put back (a logout must not log the next one out)."""
    jar = copy.deepcopy(client.cookies)
    cache.clear()  # rate limits count per address: thousands of requests from one test client
    savepoint = transaction.savepoint()
    try:
        before = AuditEvent.objects.count()
        response = client.generic(method, url, **extra)
        written = AuditEvent.objects.count() - before
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = jar
    return answer(response), written


def _sections(names: Any) -> list[str]:
    return sorted({name.split(":")[0] if ":" in name else "" for name in names})


@pytest.mark.parametrize("section", _sections(PAGES))
def test_pages_answer_each_role_as_declared(mworld, sessions, section):
    wrong = []
    for name, cases in PAGES.items():
        if (name.split(":")[0] if ":" in name else "") != section:
            continue
        for case in cases:
            url = reverse(name, kwargs=mworld.places[case.place])
            for role, expected in zip(ROLES, case.answers.split(), strict=True):
                if expected == "-":
                    continue
                got, written = ask(sessions[role], case.method, url)
                if got != expected:
                    wrong.append(
                        f"{case.method} {name} [{case.place}] as {role}: {got}, declared {expected}"
                    )
                elif written and (got == "login" or int(got) in REFUSALS):
                    wrong.append(f"{case.method} {name} as {role}: refused but wrote {written}")
    assert wrong == []


@pytest.mark.parametrize("router", sorted({key.split(".")[0] for key in API}))
def test_api_answers_each_role_as_declared(mworld, router):
    client = Client()
    wrong = []
    for key, method, path in api_operations():
        if key.split(".")[0] != router:
            continue
        url = "/api/v1" + path.format(**api_params(mworld, key))
        body = b"{}" if method != "GET" else b""
        for role, expected in zip(ROLES, API[key].answers.split(), strict=True):
            headers = (
                {} if role == "anonymous" else {"Authorization": f"Bearer {mworld.tokens[role]}"}
            )
            got, written = ask(
                client, method, url, data=body, content_type="application/json", headers=headers
            )
            if got != expected:
                wrong.append(f"{method} {key} as {role}: {got}, declared {expected}")
            elif written and int(got) in REFUSALS:
                wrong.append(f"{method} {key} as {role}: refused ({got}) but wrote {written}")
    assert wrong == []
