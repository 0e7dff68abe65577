"""Negotiation brackets and options of one paragraph, for reading and highlighting.

A paragraph's footnote markers ``[^n]`` are only Markdown (not brackets) when the footnote
is defined, and a stored paragraph no longer holds the definitions: they are appended,
for parsing only, so the parser sees the same thing it would in the whole document.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from accord.core.brackets import (
    AlternativeGroup,
    Bracket,
    BracketTree,
    Option,
    OptionGroup,
    StrayClose,
    iter_nodes,
    parse,
)


def parse_paragraph(text: str, footnote_labels: Iterable[str] = ()) -> BracketTree:
    """Parse ``text`` as negotiation text, its footnote markers defined; offsets are into it."""
    labels = list(footnote_labels)
    if not labels:
        return parse(text)
    tail = "".join(f"\n\n[^{label}]: ." for label in labels)
    return parse(text + tail)


def paragraph_bracket_spans(
    text: str, footnote_labels: Iterable[str] = ()
) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, depth)`` of each negotiation bracket of ``text`` in document order."""
    tree = parse_paragraph(text, footnote_labels)
    n = len(text)
    return tuple(
        (node.start, min(node.end, n), node.depth)
        for node in iter_nodes(tree)
        if isinstance(node, Bracket) and node.start < n
    )


def bracket_html(text: str, footnote_labels: Iterable[str] = ()) -> str:
    """``text`` HTML-escaped, brackets wrapped in ``<span class="bracket" data-depth=N>``,
    adjacent alternatives in ``<span class="alternatives">``, options in
    ``<span class="option" data-option=…>`` inside ``<span class="options">``."""
    tree = parse_paragraph(text, footnote_labels)
    n = len(text)
    events: list[tuple[int, int, int, str]] = []
    for index, node in enumerate(iter_nodes(tree)):
        if isinstance(node, Bracket):
            opening = f'<span class="bracket" data-depth="{node.depth}">'
        elif isinstance(node, AlternativeGroup):
            opening = '<span class="alternatives">'
        elif isinstance(node, OptionGroup):
            opening = '<span class="options">'
        elif isinstance(node, Option):
            opening = f'<span class="option" data-option="{html.escape(node.label)}">'
        elif isinstance(node, StrayClose):
            opening = '<span class="bracket-stray">'
        else:
            continue
        start, end = node.start, min(node.end, n)
        if start >= n:
            continue
        # Closings before openings at one offset; inner (later) spans close first.
        events.append((start, 1, index, opening))
        events.append((end, 0, -index, "</span>"))
    events.sort()
    out: list[str] = []
    pos = 0
    for offset, _, _, tag in events:
        out.append(html.escape(text[pos:offset]))
        out.append(tag)
        pos = offset
    out.append(html.escape(text[pos:]))
    return "".join(out)
