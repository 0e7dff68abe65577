"""Production settings that work (issue 10): a secret key of its own, refused clearly when
missing; the development key never used with DEBUG off; ``X-Forwarded-Proto`` honoured from a
configured proxy only, also through the real server (waitress)."""

from __future__ import annotations

import contextlib
import importlib
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

DEV_KEY = "dev-insecure-accord-key-change-me-in-production"
SETTINGS_MODULES = ["accord.settings.base", "accord.settings.production", "accord.settings.keys"]


@contextmanager
def fresh_settings_import() -> Iterator[None]:
    """Import settings modules afresh inside the block; the running settings stay as they are."""
    saved = {name: sys.modules.pop(name) for name in SETTINGS_MODULES if name in sys.modules}
    try:
        yield
    finally:
        for name in SETTINGS_MODULES:
            sys.modules.pop(name, None)
        sys.modules.update(saved)


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ACCORD_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.delenv("ACCORD_DEBUG", raising=False)
    return tmp_path


def test_production_without_a_secret_key_is_refused_with_a_clear_message(var_dir, monkeypatch):
    monkeypatch.delenv("ACCORD_SECRET_KEY", raising=False)
    with fresh_settings_import(), pytest.raises(ImproperlyConfigured) as refused:
        importlib.import_module("accord.settings.production")
    message = str(refused.value)
    assert "ACCORD_SECRET_KEY is not set" in message
    assert "secrets.token_urlsafe" in message  # says how to make one
    assert not (var_dir / "secret_key").exists()  # refused before anything was written


@pytest.mark.parametrize("module", ["accord.settings.production", "accord.settings.base"])
def test_the_development_key_is_refused_with_debug_off(var_dir, monkeypatch, module):
    monkeypatch.setenv("ACCORD_SECRET_KEY", DEV_KEY)
    with fresh_settings_import(), pytest.raises(ImproperlyConfigured) as refused:
        importlib.import_module(module)
    assert "development key" in str(refused.value)


def test_production_takes_its_key_from_the_environment(var_dir, monkeypatch):
    monkeypatch.setenv("ACCORD_SECRET_KEY", "k" * 50)
    with fresh_settings_import():
        production = importlib.import_module("accord.settings.production")
    assert production.SECRET_KEY == "k" * 50 and production.DEBUG is False


def test_without_a_key_the_embedded_default_makes_its_own_and_keeps_it(var_dir, monkeypatch):
    monkeypatch.delenv("ACCORD_SECRET_KEY", raising=False)
    with fresh_settings_import():
        first = importlib.import_module("accord.settings.base").SECRET_KEY
    with fresh_settings_import():
        again = importlib.import_module("accord.settings.base").SECRET_KEY
    assert first == again != DEV_KEY and len(first) >= 50
    assert (var_dir / "secret_key").read_text().strip() == first
    assert (var_dir / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_accord_serve_without_a_key_says_why_and_stops(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="accord.settings.production",
        ACCORD_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    done = subprocess.run(
        [str(Path(sys.executable).parent / "accord"), "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "ACCORD_SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr


# ---- behind a TLS-terminating proxy -----------------------------------------------------------

PRODUCTION_TLS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "ACCORD_TRUSTED_PROXIES": ["10.0.0.1", "fd00::/64"],
}
STATIC = "/static/accord/css/accord.css"


@override_settings(**PRODUCTION_TLS)
def test_the_trusted_proxy_says_https_and_is_believed(client):
    response = client.get(STATIC, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    response = client.get(STATIC, REMOTE_ADDR="fd00::7", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


@override_settings(**PRODUCTION_TLS)
def test_anyone_else_saying_https_is_not_believed(client):
    response = client.get(STATIC, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{STATIC}"


@override_settings(**PRODUCTION_TLS)
def test_plain_http_through_the_proxy_is_redirected(client):
    response = client.get(STATIC, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301


@override_settings(ACCORD_TRUSTED_PROXIES=["10.0.0.1", "10.0.0.2"])
def test_the_client_address_comes_from_the_trusted_proxy_only():
    from django.http import HttpRequest, HttpResponse
    from django.test import RequestFactory

    from accord.common.proxy import TrustedProxyMiddleware

    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["addr"] = request.META["REMOTE_ADDR"]
        seen["forwarded"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return HttpResponse()

    middleware = TrustedProxyMiddleware(view)
    factory = RequestFactory()
    chain = "198.51.100.1, 192.0.2.5, 10.0.0.2"  # spoofed, the client, a second trusted proxy
    middleware(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=chain))
    assert seen["addr"] == "192.0.2.5"
    middleware(factory.get("/", REMOTE_ADDR="192.0.2.77", HTTP_X_FORWARDED_FOR="10.9.9.9"))
    assert seen == {"addr": "192.0.2.77", "forwarded": None}
    middleware(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address"))
    assert seen["addr"] == "10.0.0.1"


def test_accord_serve_behind_a_proxy_on_loopback(settings):
    """The real server: waitress must pass the proxy's header on for Django to judge it."""
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    from accord.serving import WAITRESS_OPTIONS

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ACCORD_TRUSTED_PROXIES = ["127.0.0.1"]
    # A fresh application: SecurityMiddleware reads its settings when it is made.
    application = get_wsgi_application()
    server = create_server(application, host="127.0.0.1", port=0, **WAITRESS_OPTIONS)

    def run() -> None:
        with contextlib.suppress(OSError):  # select() on the socket closed below
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        proxied = urllib.request.Request(base + STATIC, headers={"X-Forwarded-Proto": "https"})
        assert opener.open(proxied, timeout=10).status == 200
        with pytest.raises(urllib.error.HTTPError) as plain:
            opener.open(base + STATIC, timeout=10)
        assert plain.value.code == 301
        settings.ACCORD_TRUSTED_PROXIES = []
        with pytest.raises(urllib.error.HTTPError) as untrusted:
            opener.open(proxied, timeout=10)
        assert untrusted.value.code == 301
    finally:
        server.task_dispatcher.shutdown()
        server.close()
        thread.join(timeout=10)
