"""A strict Content-Security-Policy on every response, and templates that keep it (issue 10).

The header is checked on a page, an htmx fragment, the API (JSON and the Swagger UI page), a
404 and two kinds of 403. The templates are checked statically: nothing in them may need
'unsafe-inline' or 'unsafe-eval' (an inline script, an event-handler attribute, a style
attribute or element, a ``javascript:`` address, an htmx trigger filter or ``hx-on``, which
htmx runs through eval). The browser test (tests/browser/test_csp.py) shows the pages keep it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

import accord
from accord.common.security import DEFAULT_POLICY, ContentSecurityPolicyMiddleware
from accord.contributions import services as contributions
from tests.contributions.conftest import make_call

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def _csp(response) -> str | None:
    return response.headers.get("Content-Security-Policy")


def test_the_default_policy_is_the_strict_one():
    assert DEFAULT_POLICY == POLICY
    assert "unsafe" not in POLICY


@pytest.mark.django_db
def test_a_page_carries_the_policy(client, world):
    response = client.get(f"/g/{world.group.slug}/")
    assert response.status_code == 200
    assert _csp(response) == POLICY


@pytest.mark.django_db
def test_an_htmx_fragment_carries_the_policy(client, world):
    response = client.get(f"/g/{world.group.slug}/contributions/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"') and "<html" not in body
    assert _csp(response) == POLICY


@pytest.mark.django_db
def test_the_api_carries_the_policy(client, world):
    response = client.get("/api/v1/groups")
    assert (
        response.status_code == 200
        and response["Content-Type"] == "application/json; charset=utf-8"
    )
    assert _csp(response) == POLICY
    unauthorised = client.post("/api/v1/groups", "{}", content_type="application/json")
    assert unauthorised.status_code == 401
    assert _csp(unauthorised) == POLICY


@pytest.mark.django_db
def test_the_api_docs_need_no_inline_script(client):
    """django-ninja's Swagger UI page reads its settings from a JSON data block and starts from
    its own swagger-ui-init.js: the site's policy serves it unchanged."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert _csp(response) == POLICY
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == [
        '<script type="application/json" id="swagger-settings">',
        '<script src="/static/ninja/swagger-ui-bundle.js">',
        '<script src="/static/ninja/swagger-ui-init.js">',
    ]
    assert " style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_a_404_carries_the_policy(client, world):
    for url in ("/no/such/page/", f"/g/{world.group.slug}/contributions/999999/", "/api/v1/x"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert _csp(response) == POLICY, url


@pytest.mark.django_db
def test_a_refused_action_403_carries_the_policy(client_as, world):
    call = make_call(world)
    pending = contributions.contribution_submit(
        actor=world.users["delegate"], call=call, answers={1: "Our view."}
    )
    url = reverse(
        "contributions:moderate", kwargs={"group_slug": world.group.slug, "pk": pending.pk}
    )
    response = client_as("delegate").post(url, {"action": "publish"})
    assert response.status_code == 403
    assert _csp(response) == POLICY


@pytest.mark.django_db
def test_a_csrf_failure_403_carries_the_policy(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["delegate"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert _csp(response) == POLICY


@pytest.mark.django_db
def test_a_setting_replaces_the_policy(client, world):
    with override_settings(ACCORD_CONTENT_SECURITY_POLICY="default-src 'none'"):
        assert _csp(client.get(f"/g/{world.group.slug}/")) == "default-src 'none'"
    with override_settings(ACCORD_CONTENT_SECURITY_POLICY=""):
        assert _csp(client.get(f"/g/{world.group.slug}/")) is None


def test_a_view_with_its_own_policy_keeps_it():
    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'nonce-x'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))
    assert _csp(response) == "default-src 'self'; script-src 'self' 'nonce-x'"
    plain = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("ok"))(RequestFactory().get("/"))
    assert _csp(plain) == POLICY


# --- the templates keep the policy -------------------------------------------------------------

SRC = Path(accord.__file__).parent
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))

# Each pattern: what it finds, and why the policy refuses it.
OFFENCES = [
    # A <script> without src= (type="module" with a src is fine; a JSON data block would be too,
    # but none is needed today, so none is allowed).
    (re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"(?<![\w-])style\s*=", re.I), "style= attribute"),
    (re.compile(r"(?<![\w:.-])on[a-z]{3,}\s*=\s*[\"'{]", re.I), "on…= event handler"),
    (re.compile(r"(?<![\w-])(?:data-)?hx-on\b", re.I), "hx-on (eval)"),
    (
        re.compile(r"hx-trigger\s*=\s*\"[^\"]*\[|hx-trigger\s*=\s*'[^']*\[", re.I),
        "hx-trigger filter (eval)",
    ),
    (re.compile(r"hx-(?:vals|vars)\s*=\s*[\"']\s*(?:js|javascript):", re.I), "js: value (eval)"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
]

# The negotiation screen (src/accord/positions/) is being made to comply by another helper;
# any of its templates that still fail are expected to, until that work lands.
POSITIONS_PENDING = (
    "positions templates: pending the other helper's CSP work on the negotiation screen (issue 10)"
)


# Template comments never reach the browser (and may name what they avoid).
COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


def offences_in(text: str) -> list[str]:
    """Each place in ``text`` that the policy would refuse, as ``line N | kind | excerpt``."""
    text = COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for pattern, what in OFFENCES:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line} | {what} | {match.group(0)[:60]!r}")
    return found


def _template_cases():
    for path in TEMPLATES:
        rel = path.relative_to(SRC).as_posix()
        marks = []
        if rel.startswith("positions/") and offences_in(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(reason=POSITIONS_PENDING, strict=False)]
        yield pytest.param(path, id=rel, marks=marks)


def test_the_check_finds_what_the_policy_refuses():
    bad = """<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="x()">
    <a href="javascript:history.back()">x</a><div hx-on:click="x()" hx-trigger="every 2s [ok]"
    hx-vals='js:{a: 1}'>"""
    kinds = {line.split(" | ")[1] for line in offences_in(bad)}
    assert kinds == {what for _, what in OFFENCES}
    good = """<script type="module" src="/static/x.js"></script><svg class="bar" width="40%">
    <p class="on-hold" data-poll-guard="form" hx-trigger="every 5s, change from:#speaker">
    Comments on="the text" and a stylesheet link <link rel="stylesheet" href="/s.css">
    {# no style="x" here #}{% comment %}nor <script>x()</script>{% endcomment %}"""
    assert offences_in(good) == []


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50
    assert SRC / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("path", list(_template_cases()))
def test_template_needs_no_unsafe_inline_or_eval(path: Path):
    assert offences_in(path.read_text(encoding="utf-8")) == []


# Markup built in Python (presenters, format_html) is held to the same rule for attributes.
PY_TAG_OFFENCE = re.compile(
    r"<[a-zA-Z][\w-]*\b[^<>\n]*?\s(?:style|on[a-z]{3,}|hx-on[:\w-]*)\s*=|hx-trigger=\\?\"[^\"\n]*\[",
)
PYTHON = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _python_cases():
    for path in PYTHON:
        rel = path.relative_to(SRC).as_posix()
        marks = []
        if rel.startswith("positions/") and PY_TAG_OFFENCE.search(path.read_text("utf-8")):
            marks = [pytest.mark.xfail(reason=POSITIONS_PENDING, strict=False)]
        yield pytest.param(path, id=rel, marks=marks)


def test_the_python_check_finds_a_style_attribute():
    assert PY_TAG_OFFENCE.search("""format_html('<span class="pos-bar" style="{}">', s)""")
    assert PY_TAG_OFFENCE.search("""'<button onclick="go()">'""")
    assert not PY_TAG_OFFENCE.search("""'<svg class="bar" width="{}%">' and <style> rules""")


@pytest.mark.parametrize("path", list(_python_cases()))
def test_python_markup_needs_no_unsafe_inline(path: Path):
    text = path.read_text(encoding="utf-8")
    assert [m.group(0)[:80] for m in PY_TAG_OFFENCE.finditer(text)] == []
