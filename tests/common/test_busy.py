"""A busy database answers a clear, retryable 503, never a 500 (issue 10).

SQLite says "database is locked" after its busy timeout while another connection holds the
write lock; PostgreSQL raises a lock timeout (55P03), a serialization failure (40001) or a
deadlock (40P01). Pages and the API answer 503 with ``Retry-After``; other database errors
are still errors.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError

from accord.common.errors import database_busy
from accord.common.middleware import BUSY_RETRY_AFTER


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"driver error {sqlstate}")
        self.sqlstate = sqlstate


class _Psycopg2Error(Exception):
    def __init__(self, pgcode: str) -> None:
        super().__init__(f"driver error {pgcode}")
        self.pgcode = pgcode


def _wrapped(error: type[DatabaseError], cause: Exception) -> DatabaseError:
    wrapped = error(str(cause))
    wrapped.__cause__ = cause
    return wrapped


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (OperationalError("database is locked"), True),
        (OperationalError("database table is locked: search_searchentry"), True),
        (_wrapped(OperationalError, _DriverError("55P03")), True),
        (_wrapped(OperationalError, _DriverError("40001")), True),
        (_wrapped(OperationalError, _DriverError("40P01")), True),
        (_wrapped(OperationalError, _Psycopg2Error("55P03")), True),
        (OperationalError("no such table: groups_workinggroup"), False),
        (_wrapped(OperationalError, _DriverError("57014")), False),  # statement timeout
        (IntegrityError("UNIQUE constraint failed"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_which_database_errors_mean_busy(error: Exception, busy: bool) -> None:
    assert database_busy(error) is busy


def _locked(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("database is locked")


@pytest.mark.django_db
def test_a_page_answers_503_with_retry_after(client: Any, world: Any, monkeypatch: Any) -> None:
    from accord.correspondence import selectors

    monkeypatch.setattr(selectors, "thread_list_for_viewer", _locked)
    response = client.get(f"/g/{world.group.slug}/correspondence/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(BUSY_RETRY_AFTER)
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "The server is busy" in body and "try again in a few seconds" in body
    assert "<script" not in body


@pytest.mark.django_db
def test_the_api_answers_503_in_its_error_body(client: Any, world: Any, monkeypatch: Any) -> None:
    from accord.correspondence import selectors

    monkeypatch.setattr(selectors, "thread_list_for_viewer", _locked)
    response = client.get(f"/api/v1/groups/{world.group.slug}/correspondence/threads")
    assert response.status_code == 503
    assert response["Retry-After"] == str(BUSY_RETRY_AFTER)
    assert response.json() == {
        "error": {
            "code": "busy",
            "message": "The server is busy; try again in a few seconds.",
            "fields": {},
        }
    }


@pytest.mark.django_db
def test_other_database_errors_are_not_hidden(client: Any, world: Any, monkeypatch: Any) -> None:
    from accord.correspondence import selectors

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("no such column: correspondence_thread.subject")

    monkeypatch.setattr(selectors, "thread_list_for_viewer", broken)
    with pytest.raises(OperationalError):
        client.get(f"/api/v1/groups/{world.group.slug}/correspondence/threads")


@pytest.mark.django_db
def test_a_lock_met_after_the_view_is_a_503_too(world: Any, monkeypatch: Any) -> None:
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    client = Client(raise_request_exception=False)
    monkeypatch.setattr(SessionStore, "save", _locked)  # as the session middleware saves
    response = client.post(
        "/accounts/login/",
        {"username": world.users["delegate"].username, "password": "correct-horse-battery"},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == str(BUSY_RETRY_AFTER)
    assert "The server is busy" in response.content.decode()


def test_the_500_handler_answers_a_lock_with_503(rf: Any) -> None:
    from accord.common.middleware import server_error

    request = rf.get("/g/wg/drafts/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        busy = server_error(request)
    try:
        raise ValueError("a fault")
    except ValueError:
        fault = server_error(request)
    assert (busy.status_code, busy["Retry-After"]) == (503, str(BUSY_RETRY_AFTER))
    assert fault.status_code == 500 and not fault.has_header("Retry-After")
