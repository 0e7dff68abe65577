"""Optional two-step login (TOTP) for the secretariat and the chair (issue 10): enrolment from
the account page, the code asked at login, one-time recovery codes, a setting that requires it
of some roles; on a frozen clock."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.test import Client

from accord.accounts.models import RecoveryCode, TwoFactor
from accord.common.models import AuditEvent
from accord.core import totp

PASSWORD = "correct-horse-battery"
T0 = dt.datetime(2026, 5, 4, 9, 0, 10, tzinfo=dt.UTC)


@contextmanager
def at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def code_at(secret: str, moment: dt.datetime) -> str:
    return totp.totp(totp.decode_secret(secret), moment.timestamp())


def enrol(client: Client, moment: dt.datetime = T0) -> tuple[str, list[str]]:
    """Turn two-step login on from the account page; the secret and the recovery codes."""
    with at(moment):
        page = client.post("/accounts/two-factor/", {"action": "start"})
        assert page.status_code == 200
        secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page.content.decode())
        assert secret, page.content.decode()
        text = secret.group(1).replace(" ", "")
        done = client.post(
            "/accounts/two-factor/", {"action": "confirm", "code": code_at(text, moment)}
        )
    assert done.status_code == 200
    codes = re.findall(
        r'<li><code class="recovery">([a-z0-9-]+)</code></li>', done.content.decode()
    )
    return text, codes


def password_step(address: str = "192.0.2.1", username: str = "chair", nxt: str = "/g/wgec/"):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "next": nxt},
        REMOTE_ADDR=address,
    )
    return client, response


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def enrolled(client_as, world):
    client = client_as("chair")
    secret, codes = enrol(client)
    client.logout()
    return secret, codes


def test_enrolment_from_the_account_page(client_as, world):
    client = client_as("chair")
    with at(T0):
        account = client.get("/accounts/tokens/").content.decode()
        assert 'href="/accounts/two-factor/"' in account and "Two-step login is off" in account
        page = client.post("/accounts/two-factor/", {"action": "start"}).content.decode()
    assert "otpauth://totp/accord%3Achair%40example.org?secret=" in page
    assert "<svg" in page  # the QR code, drawn inline
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    secret = secret.replace(" ", "")
    with at(T0):
        wrong = client.post("/accounts/two-factor/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400 and "not the code" in wrong.content.decode()
    assert not TwoFactor.objects.get(user=world.users["chair"]).confirmed_at
    with at(T0):
        done = client.post(
            "/accounts/two-factor/", {"action": "confirm", "code": code_at(secret, T0)}
        )
    html = done.content.decode()
    assert done.status_code == 200 and "Two-step login is on" in html
    assert len(re.findall(r'<code class="recovery">', html)) == 10
    assert RecoveryCode.objects.filter(user=world.users["chair"], used_at=None).count() == 10
    assert AuditEvent.objects.filter(action="accord.two_factor.enable").count() == 1
    # The codes are shown once: the page says how many are left, not what they are.
    with at(T0):
        again = client.get("/accounts/two-factor/").content.decode()
    assert 'class="recovery"' not in again and "10 recovery codes left" in again


def test_login_asks_for_the_code_after_the_password(enrolled, world):
    secret, _codes = enrolled
    moment = T0 + dt.timedelta(minutes=5)
    with at(moment):
        client, response = password_step()
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/code/"
        assert not _logged_in(client)
        page = client.get("/accounts/login/code/")
        assert page.status_code == 200 and 'name="code"' in page.content.decode()
        wrong = client.post("/accounts/login/code/", {"code": "123456"})
        assert wrong.status_code == 400 and not _logged_in(client)
        right = client.post("/accounts/login/code/", {"code": code_at(secret, moment)})
        assert right.status_code == 302 and right["Location"] == "/g/wgec/"
        assert _logged_in(client)
        assert client.get("/g/wgec/").status_code == 200


def test_a_code_one_step_old_is_accepted_two_steps_old_is_not(enrolled):
    secret, _codes = enrolled
    moment = T0 + dt.timedelta(minutes=5)
    with at(moment):
        client, _ = password_step()
        stale = client.post(
            "/accounts/login/code/", {"code": code_at(secret, moment - dt.timedelta(seconds=60))}
        )
        assert stale.status_code == 400
        late = client.post(
            "/accounts/login/code/", {"code": code_at(secret, moment - dt.timedelta(seconds=30))}
        )
        assert late.status_code == 302 and _logged_in(client)


def test_a_used_code_cannot_log_in_again(enrolled):
    secret, _codes = enrolled
    moment = T0 + dt.timedelta(minutes=5)
    with at(moment):
        first, _ = password_step()
        code = code_at(secret, moment)
        assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
        second, _ = password_step(address="198.51.100.2")
        replay = second.post("/accounts/login/code/", {"code": code})
        assert replay.status_code == 400 and not _logged_in(second)


def test_a_recovery_code_works_once(enrolled, world):
    _secret, codes = enrolled
    with at(T0 + dt.timedelta(minutes=5)):
        client, _ = password_step()
        used = client.post("/accounts/login/code/", {"code": codes[0].upper()})
        assert used.status_code == 302 and _logged_in(client)
        again, _ = password_step()
        assert again.post("/accounts/login/code/", {"code": codes[0]}).status_code == 400
    assert RecoveryCode.objects.filter(user=world.users["chair"], used_at=None).count() == 9


def test_wrong_codes_are_throttled_like_wrong_passwords(enrolled, settings):
    settings.ACCORD_LOGIN_MAX_FAILURES = 5
    secret, _codes = enrolled
    moment = T0 + dt.timedelta(minutes=5)
    with at(moment):
        client, _ = password_step()
        for _ in range(5):
            client.post("/accounts/login/code/", {"code": "000000"})
        refused = client.post("/accounts/login/code/", {"code": code_at(secret, moment)})
        assert refused.status_code == 429 and "Too many failed attempts" in (
            refused.content.decode()
        )
        assert not _logged_in(client)


def test_the_code_step_expires(enrolled):
    secret, _codes = enrolled
    with at(T0 + dt.timedelta(minutes=5)):
        client, _ = password_step()
    later = T0 + dt.timedelta(minutes=11)
    with at(later):
        response = client.post("/accounts/login/code/", {"code": code_at(secret, later)})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert not _logged_in(client)


def test_a_session_made_without_the_code_is_ended(enrolled, client, world):
    client.force_login(world.users["chair"])  # as the admin or any other login path would
    response = client.get("/g/wgec/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/g/wgec/"
    assert not _logged_in(client)


def test_turning_it_off_takes_a_code(enrolled, world):
    secret, _codes = enrolled
    moment = T0 + dt.timedelta(minutes=5)
    with at(moment):
        client, _ = password_step()
        client.post("/accounts/login/code/", {"code": code_at(secret, moment)})
        refused = client.post("/accounts/two-factor/", {"action": "disable", "code": "000000"})
        assert refused.status_code == 400
    later = moment + dt.timedelta(seconds=30)
    with at(later):
        off = client.post(
            "/accounts/two-factor/", {"action": "disable", "code": code_at(secret, later)}
        )
    assert off.status_code == 302
    assert not TwoFactor.objects.filter(user=world.users["chair"]).exists()
    assert not RecoveryCode.objects.filter(user=world.users["chair"]).exists()


def test_a_setting_requires_the_secretariat_and_the_chair_to_enrol(client_as, world, settings):
    settings.ACCORD_TWO_FACTOR_REQUIRED_ROLES = ["secretariat", "chair"]
    for role in ["chair", "secretariat"]:
        response = client_as(role).get("/g/wgec/")
        assert response.status_code == 302, role
        assert response["Location"] == "/accounts/two-factor/?next=/g/wgec/"
        page = client_as(role).get("/accounts/two-factor/")
        assert page.status_code == 200 and "Your role requires two-step login" in (
            page.content.decode()
        )
    for role in ["delegate", "observer", "outsider"]:
        assert client_as(role).get("/g/wgec/").status_code == 200, role
    client = client_as("chair")
    enrol(client)
    assert client.get("/g/wgec/").status_code == 200
