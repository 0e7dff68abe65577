"""Paragraph text as HTML with negotiation brackets, alternatives and options highlighted.

Brackets typed in the text (found by ``accord.core.brackets``) and bracket overlays recorded as
``drafts.Bracket`` rows may overlap in any way, so the text is cut at every span boundary and
each piece is wrapped on its own: the markup always nests, and the bracket characters stay in
the text so that it reads the same without styles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape  # as django.utils.html.escape, without its lazy-string wrapper
from itertools import pairwise

from django.utils.safestring import SafeString, mark_safe

from accord.core.brackets import AlternativeGroup, OptionGroup, iter_nodes, parse
from accord.core.brackets import Bracket as TextBracket

# A paragraph is parsed on its own, so a footnote marker whose definition lives in the
# version's footnotes reads to the parser as an undefined "[^1]": never a negotiation bracket.
FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]")


def _is_marker(text: str, node: TextBracket) -> bool:
    return FOOTNOTE_MARKER.fullmatch(text, node.start, node.end) is not None


@lru_cache(maxsize=4096)
def _typed_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """The brackets, alternatives and options typed in ``text``: (start, end, css class) in
    the parser's order. Cached: a paragraph's text is read several times by each screen
    (its status, the state of play, its rendering) and by every screen after it."""
    spans: list[tuple[int, int, str]] = []
    for node in iter_nodes(parse(text)):
        if isinstance(node, TextBracket):
            if _is_marker(text, node):
                continue
            spans.append((node.start, node.end, f"pos-br pos-br-d{min(node.depth, 3)}"))
        elif isinstance(node, AlternativeGroup):
            spans.append((node.start, node.end, "pos-alt"))
        elif isinstance(node, OptionGroup):
            spans.append((node.start, node.end, "pos-opt"))
    return tuple(spans)


def has_brackets(text: str) -> bool:
    """True when the paragraph holds at least one negotiation bracket."""
    return any(cls.startswith("pos-br ") for _s, _e, cls in _typed_spans(text))


@dataclass(frozen=True)
class Proposed:
    """A proposed change placed in the text: ``text[start:end]`` replaced by ``new_text``
    (a deletion when it is empty, an insertion when ``start == end``)."""

    start: int
    end: int
    new_text: str
    ref: str  # what the reference mark says ("12": amendment #12)
    title: str  # who proposes it, for the mark's tooltip
    href: str = ""  # where the full amendment is


def placeable(text: str, start: int | None, end: int | None, old_text: str) -> bool:
    """An amendment's span can be marked in ``text``: it is inside and reads as proposed on."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return False
    return text[start:end] == old_text


def _ref(p: Proposed) -> str:
    mark = escape(p.ref)
    title = escape(p.title)
    if p.href:
        return (
            f'<sup class="pos-am-ref"><a href="{escape(p.href)}" title="{title}">{mark}</a></sup>'
        )
    return f'<sup class="pos-am-ref" title="{title}">{mark}</sup>'


def _insertion(p: Proposed) -> str:
    ins = ""
    if p.new_text:
        ins = f'<ins class="pos-am-ins" title="{escape(p.title)}">{escape(p.new_text)}</ins>'
    return ins + _ref(p)


def highlight(
    text: str,
    overlays: Sequence[tuple[int, int, int]] = (),
    proposals: Sequence[Proposed] = (),
) -> SafeString:
    """``overlays`` are ``(start, end, number)`` of recorded brackets (numbered for reference);
    ``proposals`` are proposed changes, marked where they apply: the words they would delete
    struck through (still readable), the words they would insert after them, each with its
    reference. The text itself always reads as it stands (brackets stay in it)."""
    spans = list(_typed_spans(text))  # start, end, css class
    marks = []
    for start, end, number in overlays:
        start, end = max(0, start), min(len(text), end)
        if end > start:
            spans.append((start, end, "pos-ov"))
            marks.append((start, end, number))
    inserts: dict[int, list[Proposed]] = {}
    for p in proposals:
        if not 0 <= p.start <= p.end <= len(text):
            continue
        if p.end > p.start:
            spans.append((p.start, p.end, "pos-am-del"))
        inserts.setdefault(p.end, []).append(p)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans), *inserts})
    out: list[str] = [_insertion(p) for p in inserts.get(0, []) if p.end == 0 and text]
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
        out.extend(_insertion(p) for p in inserts.get(b, []))
    if not text:
        out.extend(_insertion(p) for p in inserts.get(0, []))
    return mark_safe("".join(out))  # every piece of text is escaped above
