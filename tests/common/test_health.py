"""Liveness and readiness: what a load balancer asks before sending traffic."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from accord.common import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert not response.cookies and "no-cache" in response["Cache-Control"]


def test_readyz_checks_the_database_migrations_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_readyz_is_503_when_the_database_is_down(client):
    def down() -> str:
        raise OperationalError("connection refused")

    with mock.patch.dict(health.CHECKS, {"database": down}):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable: OperationalError"
    assert response.json()["status"] == "not ready"


def test_readyz_is_503_while_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    with mock.patch.object(
        health.MigrationExecutor, "migration_plan", return_value=[("a migration", False)]
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "migrations not applied"


def test_readyz_is_503_when_the_cache_loses_what_it_stores(client):
    with mock.patch.object(health.caches["default"], "get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "cache did not return what was stored"


def test_writes_are_refused(client):
    assert client.post("/readyz").status_code == 405
