"""Many app servers, one database: two `accord serve` processes on loopback share one
PostgreSQL and one Redis. A write through one is read through the other, a page the other had
cached is drawn afresh after it, and login throttling counts failures made on both."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


def _up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not ON_POSTGRESQL, reason="tested in the suite's PostgreSQL run"),
    pytest.mark.skipif(not _up(6379), reason="needs Redis on 127.0.0.1:6379"),
]

SETUP = """
import django
django.setup()
from accord.accounts.models import User
from accord.accounts.services import api_token_create
admin = User.objects.create_user("admin", "admin@example.org", "correct-horse-battery",
                                 is_staff=True, is_superuser=True)
print(api_token_create(user=admin, name="two servers")[1])
"""


SERVE = [sys.executable, "-m", "accord.cli", "serve", "--no-worker"]
PUBLISH = """
import django
django.setup()
from accord.accounts.models import User
from accord.groups.models import WorkingGroup
from accord.groups.services import group_update
group_update(actor=User.objects.get(username="admin"), group=WorkingGroup.objects.get(slug="sg"),
             is_published=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[dict[str, Any]]:
    name = f"accord_two_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", PG_ADMIN, "-c", f"CREATE DATABASE {name}"], check=True)
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
        REDIS_URL="redis://127.0.0.1:6379/14",
        DJANGO_SETTINGS_MODULE="accord.settings.dev",
        ACCORD_VAR_DIR=str(tmp_path),
        ACCORD_LOGIN_MAX_FAILURES="3",
    )
    servers: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run(
            [sys.executable, "-m", "accord.cli", "migrate", "-v0"], env=env, cwd=ROOT, check=True
        )
        token = subprocess.run(
            [sys.executable, "-c", SETUP],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        ports = [_free_port(), _free_port()]
        for port in ports:
            servers.append(
                subprocess.Popen(
                    [*SERVE, "--port", str(port), "--processes", "1", "--threads", "2"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        deadline = time.monotonic() + 90
        while not all(_up(p) for p in ports):
            assert time.monotonic() < deadline, "the servers did not start within 90 s"
            time.sleep(0.3)
        yield {"ports": ports, "token": token, "env": env}
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        subprocess.run(
            ["psql", PG_ADMIN, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
            capture_output=True,
        )


def _api(port: int, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def _page(port: int, path: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            return answer.status, answer.read(), answer.headers.get("X-Accord-Page-Cache", "")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read(), ""


def _wrong_password(port: int) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"http://127.0.0.1:{port}/accounts/login/"
    html = opener.open(login, timeout=30).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert csrf is not None
    form = urllib.parse.urlencode(
        {"username": "admin", "password": "wrong", "csrfmiddlewaretoken": csrf.group(1)}
    ).encode()
    try:
        return opener.open(urllib.request.Request(login, data=form), timeout=30).status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_a_write_on_one_server_is_read_on_the_other(deployment: dict[str, Any]) -> None:
    one, other = deployment["ports"]
    token = deployment["token"]
    status, made = _api(
        one, "POST", "/groups", token, {"name": "Shared group", "short_name": "SG", "slug": "sg"}
    )
    assert status == 201, made
    status, seen = _api(other, "GET", "/groups/sg", token)
    assert status == 200 and seen["name"] == "Shared group"
    # Published (by a third process), the group's members page is public on the second
    # server, which stores it; a member added through the first redraws it there.
    subprocess.run([sys.executable, "-c", PUBLISH], env=deployment["env"], cwd=ROOT, check=True)
    assert _page(other, "/g/sg/members/")[0] == 200
    status, body, cached = _page(other, "/g/sg/members/")
    assert status == 200 and cached == "hit" and b"Brazil" not in body
    member = {"name": "Brazil", "kind": "state", "constituency": "member-states", "iso3": "BRA"}
    assert _api(one, "POST", "/groups/sg/members", token, member)[0] == 201
    status, body, cached = _page(other, "/g/sg/members/")
    assert status == 200 and cached == "miss" and b"Brazil" in body


def test_login_throttling_counts_failures_on_both_servers(deployment: dict[str, Any]) -> None:
    one, other = deployment["ports"]
    assert [_wrong_password(p) for p in (one, other, one)] == [200, 200, 200]
    assert _wrong_password(other) == 429  # the fourth failure, whichever server sees it
    assert _wrong_password(one) == 429
