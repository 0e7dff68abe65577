"""From the text of a paragraph and the text a delegate wants instead: the fewest edits.

A delegate proposes an amendment by editing the paragraph as they want it to read;
:func:`edits_between` turns the two texts into the amendment's parts: the minimal
word-level diff (:func:`accord.core.textdiff.diff_words`), one :class:`~.edits.Edit` per
changed region, each tightened so that it does not reach over whole tokens (or
whitespace) the two sides share. :func:`covering_edit` is the one replace over all of
them, :func:`refine` splits an edit given by offsets into the same minimal parts.

Example::

    >>> old = "the Commission should review it every five years"
    >>> new = "the Commission shall review it every four years"
    >>> edits_between(old, new)
    (Edit(start=15, end=21, new='shall'), Edit(start=38, end=42, new='four'))
    >>> covering_edit(old, edits_between(old, new))
    Edit(start=15, end=42, new='shall review it every four')
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.core.textdiff import diff_words, tokenise

from .edits import Edit, apply_edits


def edits_between(old: str, new: str) -> tuple[Edit, ...]:
    """The edits that turn ``old`` into ``new``: sorted, disjoint, never touching.

    ``apply_edits(old, edits_between(old, new)) == new`` exactly. One edit per changed
    region of the minimal word-level diff, so no unchanged word is ever part of an
    edit; within a region a word replaced by another is replaced whole (never a few
    letters of it), and the whitespace or punctuation both sides share at its edges is
    left out. A deletion of a word takes the space before it with it. Deterministic.
    """
    if old == new:
        return ()
    ops = diff_words(old, new)
    edits: list[Edit] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if op.tag == "equal":
            i += 1
            continue
        if op.tag == "delete":
            replacement = ""
            if i + 1 < len(ops) and ops[i + 1].tag == "insert":  # deletions come first
                replacement = ops[i + 1].text
                i += 1
            edit = Edit(op.old_start, op.old_end, replacement)
        else:
            edit = Edit(op.old_start, op.old_start, op.text)
        edits.append(_tighten(old, edit))
        i += 1
    return tuple(edits)


def _tighten(text: str, edit: Edit) -> Edit:
    """``edit`` without the tokens, then whitespace characters, both sides start or end with."""
    a, b = text[edit.start : edit.end], edit.new
    if not a or not b:
        return edit
    ta, tb = tokenise(a), tokenise(b)
    head = 0
    while head < len(ta) and head < len(tb) and ta[head].text == tb[head].text:
        head += 1
    tail = 0
    while (
        tail < len(ta) - head
        and tail < len(tb) - head
        and ta[len(ta) - 1 - tail].text == tb[len(tb) - 1 - tail].text
    ):
        tail += 1
    lead = sum(len(t.text) for t in ta[:head])
    trail = sum(len(t.text) for t in ta[len(ta) - tail :])
    b_trail = sum(len(t.text) for t in tb[len(tb) - tail :])
    a, b = a[lead : len(a) - trail], b[lead : len(b) - b_trail]
    # A run of spaces that only changed length: keep the spaces both still have.
    k = 0
    while k < len(a) and k < len(b) and a[k] == b[k] and a[k].isspace():
        k += 1
    m = 0
    while (m < len(a) - k and m < len(b) - k and a[len(a) - 1 - m] == b[len(b) - 1 - m]) and a[
        len(a) - 1 - m
    ].isspace():
        m += 1
    start = edit.start + lead + k
    end = edit.end - trail - m
    return Edit(start, end, b[k : len(b) - m])


def covering_edit(text: str, edits: Sequence[Edit]) -> Edit:
    """One edit over the smallest span holding every edit, with the same result.

    ``apply_edits(text, [covering_edit(text, edits)]) == apply_edits(text, edits)``.
    ``edits`` must be non-empty and not overlap.
    """
    if not edits:
        raise ValueError("covering_edit needs at least one edit")
    start = min(e.start for e in edits)
    end = max(e.end for e in edits)
    inner = [Edit(e.start - start, e.end - start, e.new) for e in edits]
    return Edit(start, end, apply_edits(text[start:end], inner))


def refine(text: str, edit: Edit) -> tuple[Edit, ...]:
    """``edit`` (offsets into ``text``) as its minimal word-level parts.

    A replacement of "should review" by "shall review" becomes the replacement of
    "should" alone; an edit that changes nothing gives ``()``.
    """
    parts = edits_between(text[edit.start : edit.end], edit.new)
    return tuple(Edit(p.start + edit.start, p.end + edit.start, p.new) for p in parts)
