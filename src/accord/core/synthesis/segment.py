"""Segmentation of a contribution into proposals, each with its source and character span.

Rules, in order:

* paragraphs are separated by blank lines;
* inside a paragraph, a line that starts with a list marker starts an item — numbers
  (``1.``, ``1)``, ``12.3``), letters (``a.``, ``(a)``, ``b)``), roman numerals (``i.``,
  ``(iv)``, ``ii)``) or bullets (``-``, ``*``, ``•``, ``–``); following lines without a marker
  continue the item. Text before the first marker is a paragraph of its own (a lead-in such
  as "We recommend:"). Marker kinds nest: a kind first seen inside an item is one level
  deeper, and returning to a kind seen before returns to its level, so ``label`` reads
  ``2.(b)``; a paragraph opening, unindented, with a kind not seen in the list before starts a new
  list;
* a paragraph or item longer than ``max_chars`` is split into sentences (after ``.``, ``!``
  or ``?`` followed by a space and a capital letter, digit or quote; common abbreviations such
  as "e.g.", "Art." and "No." do not end a sentence).

A segment's span excludes its marker and surrounding white space:
``text[seg.start:seg.end] == seg.text``. ``(i)`` after ``(h)`` is read as a letter.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

SegmentKind = Literal["paragraph", "item", "sentence"]

_MARKER = re.compile(
    r"""[ \t]*(?:
        (?P<num>\d{1,3}(?:\.\d{1,3})*[.)])
      | \((?P<pnum>\d{1,3})\)
      | \((?P<plet>[ivxlc]{1,6}|[IVXLC]{1,6}|[a-z]{1,2}|[A-Z])\)
      | (?P<let>[ivxlc]{1,6}|[IVXLC]{1,6}|[a-z]|[A-Z])[.)]
      | (?P<bul>[-*•–])
    )[ \t]+(?=\S)""",
    re.VERBOSE,
)
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_BLANK = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION_TEXT = (
    "e.g i.e etc al art arts no nos para paras mr mrs ms dr prof vs cf fig sec ch vol p pp st"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())


@dataclass(frozen=True)
class Segment:
    """One proposal: ``text`` is ``source[start:end]``; ``label`` the marker path
    (``"2.(b)"``, empty for a plain paragraph); ``index`` its order in the source."""

    source_id: Hashable
    index: int
    kind: SegmentKind
    start: int
    end: int
    text: str
    label: str = ""


def _marker_kind(m: re.Match[str], previous: str | None) -> str:
    if m.group("num"):
        return "num" + m.group("num")[-1]
    if m.group("pnum"):
        return "(num)"
    if m.group("bul"):
        return "bullet" + m.group("bul")
    letter = m.group("plet") or m.group("let")
    paren = m.group("plet") is not None
    closing = "" if paren else m.group(0).strip()[-1]
    roman = bool(_ROMAN.match(letter))
    # "i", "v", "x" after a letter sequence ("h" → "i") read as letters, else as numerals.
    if roman and not (len(letter) == 1 and previous is not None and "letter" in previous):
        kind = "roman"
    else:
        kind = "letter"
    case = "upper" if letter.isupper() else "lower"
    return f"{'(' if paren else ''}{kind}-{case}{closing}"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    at = start
    for m in _SENTENCE_END.finditer(text, start, end):
        word = (
            text[at : m.start()].rsplit(None, 1)[-1].rstrip(".").lower() if at < m.start() else ""
        )
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        yield at, m.start()
        at = m.end()
    yield at, end


def segment_text(text: str, source_id: Hashable = None, *, max_chars: int = 600) -> list[Segment]:
    """Proposals of one contribution, in order (see the module docstring for the rules)."""
    out: list[Segment] = []

    def emit(kind: SegmentKind, start: int, end: int, label: str) -> None:
        start, end = _strip(text, start, end)
        if start >= end:
            return
        if end - start > max_chars:
            pieces = [_strip(text, s, e) for s, e in _sentences(text, start, end)]
            if len(pieces) > 1:
                for s, e in pieces:
                    if s < e:
                        out.append(Segment(source_id, len(out), "sentence", s, e, text[s:e], label))
                return
        out.append(Segment(source_id, len(out), kind, start, end, text[start:end], label))

    levels: list[str] = []  # marker kinds, outermost first
    stack: list[str] = []  # current marker of each level
    pos = 0
    blocks = [(m.start(), m.end()) for m in _BLANK.finditer(text)]
    bounds = [(0, len(text))] if not blocks else []
    if blocks:
        prev = 0
        for s, e in blocks:
            bounds.append((prev, s))
            prev = e
        bounds.append((prev, len(text)))
    for b_start, b_end in bounds:
        item: tuple[int, str] | None = None  # (content start, label)
        para_start: int | None = b_start
        pos = b_start
        for line in text[b_start:b_end].splitlines(keepends=True):
            m = _MARKER.match(line)
            if m:
                kind = _marker_kind(m, levels[len(stack) - 1] if stack else None)
                if para_start is not None and pos > para_start:
                    emit("paragraph", para_start, pos, "")
                para_start = None
                if item is not None:
                    emit("item", item[0], pos, item[1])
                if item is None and kind not in levels and not line[:1].isspace():
                    levels, stack = [], []  # a block opening with a new kind: a new list
                if kind in levels:
                    depth = levels.index(kind)
                    levels = levels[: depth + 1]
                else:
                    depth = len(stack)
                    levels = [*levels[:depth], kind]
                stack = [*stack[:depth], m.group(0).strip()]
                item = (pos + m.end(), "".join(stack))
            pos += len(line)
        if item is not None:
            emit("item", item[0], b_end, item[1])
        elif para_start is not None:
            emit("paragraph", para_start, b_end, "")
            levels, stack = [], []
    return out


def segment_batch(
    texts: Sequence[str], ids: Sequence[Hashable] | None = None, *, max_chars: int = 600
) -> list[Segment]:
    """:func:`segment_text` over a batch; ``ids`` default to the texts' indexes."""
    ids = range(len(texts)) if ids is None else ids
    out: list[Segment] = []
    for sid, t in zip(ids, texts, strict=True):
        out.extend(segment_text(t, sid, max_chars=max_chars))
    return out
