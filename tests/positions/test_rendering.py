"""Highlighting keeps the text exactly (brackets stay visible) and always nests its markup."""

from __future__ import annotations

import html
import re

import pytest

from accord.positions.rendering import highlight
from tests.shared_data import shared_data

TAG = re.compile(r"<sup[^>]*>.*?</sup>|<[^>]+>")


def plain(rendered: str) -> str:
    return html.unescape(TAG.sub("", rendered.replace("<br>", "\n")))


def test_overlapping_overlays_and_brackets():
    text = "Decides [to <establish>] a [[standing][temporary]] forum"
    out = highlight(text, [(0, 12, 1), (10, 30, 2)])
    assert plain(out) == text
    assert "&lt;establish&gt;" in out  # escaped
    assert out.count("<span") == out.count("</span>")
    assert '<sup class="pos-ov-ref">B1</sup>' in out and '<sup class="pos-ov-ref">B2</sup>' in out
    assert "pos-br-d2" in out


def test_markdown_links_are_not_brackets():
    out = highlight("See [the report](https://example.org) and note[^1].")
    assert "pos-br" not in out


@pytest.mark.parametrize("name", ["agreement-23-oct-2015.md", "agreement-4-dec-2015.md"])
def test_cop21_drafts_render_losslessly(name):
    text = shared_data("cop21-paris-agreement-drafts", name).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    rendered = [highlight(p) for p in paragraphs]
    assert [plain(r) for r in rendered] == paragraphs
    assert sum(r.count("pos-br") for r in rendered) > 100  # a heavily bracketed negotiating text


def test_footnote_markers_are_not_brackets():
    from accord.positions.rendering import has_brackets

    assert not has_brackets("Recalls its resolution 70/1.[^3]")
    assert has_brackets("Recalls [its] resolution 70/1.[^3]")
