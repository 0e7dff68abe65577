"""A paragraph with edits shown in place: runs of kept, deleted and inserted text.

:func:`redline_segments` gives what a redline shows; with ``context`` it keeps only a few
words around each change (a compact line in a list of amendments), the rest becomes a
``gap``. Joining the ``equal`` and ``delete`` texts (gaps aside) gives the old text's
shown part, ``equal`` and ``insert`` the new one's.

Example::

    >>> text = "Decides that the Commission should review the implementation every five years"
    >>> [(s.tag, s.text) for s in redline_segments(text, [Edit(28, 34, "shall")], context=2)]
    [('gap', '…'), ('equal', 'the Commission '), ('delete', 'should'), ('insert', 'shall'), \
('equal', ' review the'), ('gap', '…')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from accord.core.textdiff import tokenise

from .edits import Edit, apply_edits

SegmentTag: TypeAlias = Literal["equal", "delete", "insert", "gap"]
GAP = "…"


@dataclass(frozen=True, slots=True)
class Segment:
    tag: SegmentTag
    text: str


def first_words(text: str, n: int) -> str:
    """The start of ``text`` up to the end of its ``n``-th word (all of it if shorter),
    with the punctuation written right after that word ("years;")."""
    seen = 0
    end: int | None = None
    for token in tokenise(text):
        if end is not None:
            if token.kind != "punct":
                break
            end = token.end
        elif token.kind in ("word", "cjk"):
            seen += 1
            if seen == n:
                end = token.end
    return text if end is None else text[:end]


def last_words(text: str, n: int) -> str:
    """The end of ``text`` from the start of its ``n``-th word from the end."""
    seen = 0
    for token in reversed(tokenise(text)):
        if token.kind in ("word", "cjk"):
            seen += 1
            if seen == n:
                return text[token.start :]
    return text


def _word_count(text: str) -> int:
    return sum(1 for t in tokenise(text) if t.kind in ("word", "cjk"))


def redline_segments(
    text: str, edits: Sequence[Edit], *, context: int | None = None
) -> tuple[Segment, ...]:
    """``text`` with ``edits`` (non-overlapping) marked as deletions and insertions.

    ``context=None`` shows the whole text; ``context=n`` keeps ``n`` words of unchanged
    text on each side of every change and puts a gap where more was left out.
    """
    if context is not None and context < 1:
        raise ValueError("context is a number of words, at least 1")
    apply_edits(text, edits)  # the same refusal of bad or overlapping edits
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[Segment] = []
    cursor = 0
    for index, edit in enumerate(ordered):
        _equal(out, text[cursor : edit.start], context, first=index == 0, last=False)
        if edit.end > edit.start:
            out.append(Segment("delete", text[edit.start : edit.end]))
        if edit.new:
            out.append(Segment("insert", edit.new))
        cursor = edit.end
    _equal(out, text[cursor:], context, first=not ordered, last=True)
    return tuple(out)


def _equal(out: list[Segment], run: str, context: int | None, *, first: bool, last: bool) -> None:
    if not run:
        return
    if context is None or (first and last):
        out.append(Segment("equal", run))
        return
    if first:  # before the first change: its last words
        kept = last_words(run, context)
        if _word_count(run[: len(run) - len(kept)]):
            out.append(Segment("gap", GAP))
        out.append(Segment("equal", kept))
        return
    if last:  # after the last change: its first words
        kept = first_words(run, context)
        out.append(Segment("equal", kept))
        if _word_count(run[len(kept) :]):
            out.append(Segment("gap", GAP))
        return
    if _word_count(run) <= 2 * context:
        out.append(Segment("equal", run))
        return
    out.append(Segment("equal", first_words(run, context)))
    out.append(Segment("gap", GAP))
    out.append(Segment("equal", last_words(run, context)))
