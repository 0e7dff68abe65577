"""The negotiation screen runs under ``script-src 'self'; style-src 'self'`` (no
'unsafe-inline', no 'unsafe-eval'): its pages and fragments carry no style attribute, no
inline script or event handler, and no htmx trigger filter (htmx evaluates those with eval)."""

from __future__ import annotations

import re

import pytest

from accord.drafts.models import Amendment, Bracket, BracketHolder
from accord.positions import screen, services

HX = {"HTTP_HX_REQUEST": "true"}


def url(neg, tail=""):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/1/{tail}"


def offences(html):
    """What a strict Content-Security-Policy would refuse in ``html``."""
    found = re.findall(r"<[^>]*\sstyle=[^>]*>", html)
    found += [s for s in re.findall(r"<script\b[^>]*>", html) if " src=" not in s]
    found += re.findall(r"<style\b[^>]*>", html)
    found += re.findall(r"<[^>]*\s(?:on[a-z]+|hx-on[:\w-]*)=[^>]*>", html)
    found += re.findall(r'hx-trigger="[^"]*\[[^"]*"', html)
    found += re.findall(r"javascript:", html)
    return found


@pytest.fixture
def busy(world, neg):
    """Positions, an objection, a held bracket and an amendment: every part of the screen."""
    services.position_record(
        actor=world.users["delegate"],
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind="object",
        reason="Not in this form.",
    )
    bracket = Bracket.objects.create(
        version=neg.v1, paragraph=neg.p("OP2"), start=0, end=7, text="Invites"
    )
    BracketHolder.objects.create(bracket=bracket, member=world.members["SWE"])
    Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["SWE"],
        start=8,
        end=24,
        old_text="all stakeholders",
        new_text="Member States",
        base_text_hash="h",
    )
    return neg


@pytest.mark.parametrize("role", ["chair", "delegate", "observer"])
def test_pages_and_fragments_need_no_inline_script_or_style(world, busy, client_as, role):
    client = client_as(role)
    pages = {
        "page": client.get(url(busy)),
        "focus": client.get(url(busy, "?p=OP2")),
        "fragment": client.get(url(busy, "?p=OP2"), **HX),
        "live": client.get(url(busy, "?since=0"), **HX),
        "history": client.get(url(busy, "p/OP2/history/")),
        "compilation": client.get(url(busy, "compilation/")),
        "map": client.get(url(busy, "map/")),
    }
    for part in ["more", "position", "status", "propose"]:
        pages[part] = client.get(url(busy, f"?p=OP2&part={part}"), **HX)
    for name, response in pages.items():
        assert response.status_code == 200, (name, response.status_code)
        assert offences(response.content.decode()) == [], name


def test_each_constituencys_bar_is_drawn_without_a_style(world, busy, client_as):
    html = client_as("chair").get(url(busy)).content.decode()
    bars = re.findall(r'<svg class="pos-bar"[^>]*>.*?</svg>', html)
    assert bars  # one per constituency and paragraph
    # Europe: Sweden and Brazil are members: Brazil objects on OP2 (the others say nothing).
    op2 = html[html.index('<section id="p-OP2"') :]
    first = re.search(r'<svg class="pos-bar"[^>]*>.*?</svg>', op2).group(0)
    assert first == (
        '<svg class="pos-bar" aria-hidden="true">'
        '<rect class="pos-bar-object" width="50%" height="100%"/></svg>'
    )


def test_a_long_text_needs_no_inline_script_or_style(world, busy, client_as, monkeypatch):
    monkeypatch.setattr(screen, "INLINE_PARAGRAPHS", 1)
    html = client_as("chair").get(url(busy)).content.decode()
    assert 'class="pos-lazy"' in html and offences(html) == []


def test_the_screen_polls_only_while_it_is_seen(world, busy, client_as):
    html = client_as("delegate").get(url(busy)).content.decode()
    live = re.search(r'<section id="pos-live"[^>]*>', html).group(0)
    # Every few seconds, and at once when the reader comes back to the tab (negotiate.js);
    # the site's poll_guard.js skips a poll while the page is hidden.
    assert 'hx-trigger="every 5s, pos-visible from:document"' in live
    assert "data-poll-guard" in live
