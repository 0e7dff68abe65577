"""Login is throttled per account and per address, in the database, so every process of the
server counts the same failures (issue 10: 30 wrong passwords in 17 s were all answered, then
the right one logged in)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
LIMITS = {
    "ACCORD_LOGIN_MAX_FAILURES": 5,
    "ACCORD_LOGIN_MAX_FAILURES_PER_ADDRESS": 12,
    "ACCORD_LOGIN_WINDOW_SECONDS": 900,
}
pytestmark = pytest.mark.usefixtures("_limits")


@pytest.fixture
def _limits(settings):
    for name, value in LIMITS.items():
        setattr(settings, name, value)


@contextmanager
def at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _login(address, username, password=PASSWORD, client=None):
    client = client or Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return client, response


def _logged_in(client) -> bool:
    # Read on the frozen clock: the session expires 12 hours after the moment it was made.
    return "_auth_user_id" in client.session


@pytest.fixture
def chair(db):
    return UserFactory(username="chair")


def test_thirty_wrong_passwords_then_the_right_one_is_refused(chair):
    with at(T0):
        for _ in range(30):
            _login("192.0.2.1", "chair", "wrong")
        client, response = _login("192.0.2.1", "chair")
        assert response.status_code == 429
        assert not _logged_in(client)


def test_per_account_from_another_address_and_session_the_right_password_is_refused(chair):
    with at(T0):
        for n in range(5):
            client, response = _login("192.0.2.1", "chair", "wrong")
            assert response.status_code == 200 and "correct username and password" in (
                response.content.decode()
            ), n
        # Another visitor, another address, the right password: the account is cooling off.
        client, response = _login("198.51.100.7", "chair")
        assert not _logged_in(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 900
    html = response.content.decode()
    assert "Too many failed attempts to log in" in html and "15 minutes" in html
    # Someone else's account from that other address is not affected.
    UserFactory(username="delegate")
    with at(T0):
        client, response = _login("198.51.100.7", "delegate")
        assert response.status_code == 302 and _logged_in(client)


def test_per_address_across_accounts(db):
    for name in ["a", "b", "c", "victim"]:
        UserFactory(username=name)
    with at(T0):
        for n in range(12):
            _login("203.0.113.5", ["a", "b", "c"][n % 3], "wrong")  # 4 each: no account locks
        client, response = _login("203.0.113.5", "victim")
        assert response.status_code == 429 and not _logged_in(client)
        client, response = _login("203.0.113.6", "victim")
        assert response.status_code == 302 and _logged_in(client)


def test_recovery_after_the_window_on_a_frozen_clock(chair):
    with at(T0):
        for _ in range(5):
            _login("192.0.2.1", "chair", "wrong")
    with at(T0 + dt.timedelta(seconds=600)):
        _client, response = _login("192.0.2.1", "chair")
        assert response.status_code == 429
        assert int(response["Retry-After"]) == 300
    with at(T0 + dt.timedelta(seconds=901)):
        client, response = _login("192.0.2.1", "chair")
        assert response.status_code == 302 and _logged_in(client)


def test_a_successful_login_clears_the_account_s_failures(chair):
    with at(T0):
        for _ in range(4):
            _login("192.0.2.1", "chair", "wrong")
        _login("192.0.2.1", "chair")
        for _ in range(4):
            _login("192.0.2.1", "chair", "wrong")
        client, response = _login("192.0.2.1", "chair")
        assert response.status_code == 302 and _logged_in(client)


def test_the_count_is_in_the_database_not_in_one_process_s_memory(chair):
    with at(T0):
        for _ in range(5):
            _login("192.0.2.1", "chair", "wrong")
            cache.clear()  # another process has its own memory: the count must not live there
        _client, response = _login("192.0.2.9", "chair")
    assert response.status_code == 429


def test_unknown_accounts_are_counted_like_known_ones(db):
    with at(T0):
        for _ in range(5):
            _login("192.0.2.1", "nobody", "wrong")
        _client, response = _login("192.0.2.1", "nobody", "wrong")
    assert response.status_code == 429


@override_settings(ACCORD_TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_the_proxy_each_visitor_is_counted_by_their_own_address(db):
    for name in ["a", "b", "c", "d"]:
        UserFactory(username=name)
    with at(T0):
        for n in range(12):
            Client().post(
                "/accounts/login/",
                {"username": ["a", "b", "c"][n % 3], "password": "wrong"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="203.0.113.5",
            )
        response = Client().post(
            "/accounts/login/",
            {"username": "d", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.99",
        )
    assert response.status_code == 302  # not everyone behind the proxy is locked out


def test_the_admin_login_is_the_same_login(chair):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_accounts_are_deactivated_in_the_admin_not_deleted(client, db):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    other = UserFactory(username="leaver")
    client.force_login(staff)
    response = client.post(f"/admin/accounts/user/{other.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.is_active
