"""Paragraph text as HTML with negotiation brackets, alternatives and options highlighted.

Brackets typed in the text (found by ``accord.core.brackets``) and bracket overlays recorded as
``drafts.Bracket`` rows may overlap in any way, so the text is cut at every span boundary and
each piece is wrapped on its own: the markup always nests, and the bracket characters stay in
the text so that it reads the same without styles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accord.core.brackets import AlternativeGroup, OptionGroup, iter_nodes, parse
from accord.core.brackets import Bracket as TextBracket

# A paragraph is parsed on its own, so a footnote marker whose definition lives in the
# version's footnotes reads to the parser as an undefined "[^1]": never a negotiation bracket.
FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]")


def _is_marker(text: str, node: TextBracket) -> bool:
    return FOOTNOTE_MARKER.fullmatch(text, node.start, node.end) is not None


def has_brackets(text: str) -> bool:
    """True when the paragraph holds at least one negotiation bracket."""
    return any(
        isinstance(n, TextBracket) and not _is_marker(text, n) for n in iter_nodes(parse(text))
    )


def highlight(text: str, overlays: Sequence[tuple[int, int, int]] = ()) -> SafeString:
    """``overlays`` are ``(start, end, number)`` of recorded brackets (numbered for reference)."""
    tree = parse(text)
    spans: list[tuple[int, int, str]] = []  # start, end, css class
    for node in iter_nodes(tree):
        if isinstance(node, TextBracket):
            if _is_marker(text, node):
                continue
            spans.append((node.start, node.end, f"pos-br pos-br-d{min(node.depth, 3)}"))
        elif isinstance(node, AlternativeGroup):
            spans.append((node.start, node.end, "pos-alt"))
        elif isinstance(node, OptionGroup):
            spans.append((node.start, node.end, "pos-opt"))
    marks = []
    for start, end, number in overlays:
        start, end = max(0, start), min(len(text), end)
        if end > start:
            spans.append((start, end, "pos-ov"))
            marks.append((start, end, number))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        piece = escape(text[a:b]).replace("\n", "<br>")
        classes = sorted({c for s, e, cls in spans if s <= a and b <= e for c in cls.split()})
        if classes:
            out.append(f'<span class="{" ".join(classes)}">{piece}</span>')
        else:
            out.append(piece)
        # A superscript reference after the end of each recorded bracket (listed below the text).
        for _s, e, number in marks:
            if e == b:
                out.append(f'<sup class="pos-ov-ref">B{number}</sup>')
    return mark_safe("".join(out))  # every piece of text is escaped above
